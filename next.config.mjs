/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time, not bundled: CommonJS json-rules-engine, and the database packages that
  // read their own .wasm / data files relative to themselves (PGlite, Prisma's schema engine).
  serverExternalPackages: [
    "json-rules-engine",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "pg",
    "pg-boss",
    "tsx",
  ],
  typedRoutes: false,
  // `next build` checks the app's own code; tests, scripts and the CLI are checked by `npm test` (tsc).
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
