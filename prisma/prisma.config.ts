// Prisma CLI configuration (Prisma 7 reads connection URLs from here, not from schema.prisma).
// Used as `prisma <command> --config prisma/prisma.config.ts`; paths are relative to this file.
//
// On this project's machines the CLI's schema-engine binary cannot be downloaded, so:
// - `npm run db:generate` generates the client (scripts/db-generate.ts);
// - migrations are created with `npm run db:migrate:dev -- <name>` and applied by the app at start or by
//   `npm run db:migrate` (server/db/apply-migrations.ts, the wasm build of the same engine).
// Where the binary is available, `DATABASE_URL=… npx prisma migrate deploy --config prisma/prisma.config.ts`
// applies the same folder and records it in the same `_prisma_migrations` table.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL },
});
