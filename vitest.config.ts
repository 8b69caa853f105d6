import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    include: ["test/**/*.test.ts", "research/**/*.test.ts", "app/**/*.test.ts"],
    // Integration tests boot servers and databases; keep files in separate processes.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
