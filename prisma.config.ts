// Prisma CLI configuration. The Rust engines cannot be downloaded in our environments,
// so the CLI uses the JavaScript engine with a driver adapter (see README "Database").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaBetterSQLite3({ url: ":memory:" }),
});
