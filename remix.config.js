/**
 * Remix v2, classic compiler. VALUESTACK_BUILD_DIR (default "build") lets several builds
 * coexist (e.g. parallel test runs); scripts/server.js reads the same variable.
 * @type {import('@remix-run/dev').AppConfig}
 */
const buildDir = process.env.VALUESTACK_BUILD_DIR ?? "build";

export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: `${buildDir}/index.js`,
  assetsBuildDirectory: `${buildDir}/client/build`,
  publicPath: "/build/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
