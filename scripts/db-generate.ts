/**
 * `npm run db:generate` (also the project's `postinstall`): writes the Prisma client to
 * server/db/generated/prisma (git-ignored) from prisma/schema.prisma.
 *
 * Offline note: `prisma generate` only needs the WebAssembly bundled in the `prisma` package, but it
 * first tries to download the schema-engine binary, which fails without network. Pointing
 * PRISMA_SCHEMA_ENGINE_BINARY at any existing executable (here: node itself; generate never runs it)
 * skips that download. Migrations do not use the binary either (see server/db/apply-migrations.ts).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");

const result = spawnSync(
  process.execPath,
  [prismaCli, "generate", "--config", "prisma/prisma.config.ts", ...process.argv.slice(2)],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  },
);
process.exit(result.status ?? 1);
