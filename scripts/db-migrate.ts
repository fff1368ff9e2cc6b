/**
 * `npm run db:migrate`: applies pending prisma/migrations to the configured database — PostgreSQL at
 * DATABASE_URL, else PGlite in PGLITE_DIR (default .data/pglite) — like `prisma migrate deploy`, offline.
 * The app does the same on start (getDb → createDb), so this is for deploy steps and CI.
 * PGlite: stop the dev server first; one process at a time may own a data directory.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../server/db/apply-migrations";
import { openPglite } from "../server/db/open-pglite";
import { resolveDbConfig } from "../server/db/resolve-db-config";

async function main(): Promise<void> {
  const config = resolveDbConfig();
  if (config.kind === "postgres") {
    report(await applyMigrations(new PrismaPg({ connectionString: config.url })), "PostgreSQL (DATABASE_URL)");
    return;
  }
  if (config.kind !== "pglite") throw new Error(`Unexpected database config: ${config.kind}`);
  const pglite = await openPglite(config.dataDir);
  try {
    report(await applyMigrations(new PrismaPGlite(pglite)), `PGlite (${config.dataDir ?? "memory"})`);
  } finally {
    await pglite.close();
  }
}

function report(applied: string[], where: string): void {
  console.log(applied.length === 0 ? `${where}: up to date.` : `${where}: applied ${applied.join(", ")}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
