import { createDb, type Db } from "./create-db";

// Kept on globalThis so that Next.js dev-mode module reloading does not open a second PGlite on the
// same data directory (PGlite allows one owner per directory) or a second PostgreSQL pool.
const globalForDb = globalThis as typeof globalThis & { __switchyardDb?: Promise<Db> };

/**
 * The process-wide database: opened (and migrated) on first use from the environment
 * (`DATABASE_URL`, else PGlite in `PGLITE_DIR` / `.data/pglite`), then shared.
 * A failed open is not cached: the next call tries again.
 */
export function getDb(): Promise<Db> {
  globalForDb.__switchyardDb ??= createDb().catch((error: unknown) => {
    globalForDb.__switchyardDb = undefined;
    throw error;
  });
  return globalForDb.__switchyardDb;
}

/** Closes the process-wide database, if it was opened (e.g. on shutdown). */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.__switchyardDb;
  globalForDb.__switchyardDb = undefined;
  if (pending) await (await pending).$disconnect();
}
