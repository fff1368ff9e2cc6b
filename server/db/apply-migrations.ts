import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { NO_SCHEMA_FILTERS, openSchemaEngine } from "./open-schema-engine";
import { readMigrations } from "./read-migrations";

export type ApplyMigrationsOptions = {
  /** Folder of `<timestamp>_<name>/migration.sql` folders; default `prisma/migrations`. */
  migrationsDir?: string;
  /** Receives the schema engine's log lines (JSON strings). */
  log?: (line: string) => void;
};

/**
 * Applies every migration in `prisma/migrations` that the database has not recorded yet, the way
 * `prisma migrate deploy` does: same engine (wasm build of the CLI's engine commit), same standard
 * `_prisma_migrations` table and checksums, so either tool can take over from the other.
 * Idempotent: a second call applies nothing and returns `[]`. Throws if a recorded migration failed
 * or was edited after it was applied, as `migrate deploy` would.
 *
 * `adapterFactory`: `new PrismaPGlite(pglite)` or `new PrismaPg({ connectionString })`.
 * Returns the names of the migrations it applied.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: ApplyMigrationsOptions = {},
): Promise<string[]> {
  const migrationsList = await readMigrations(options.migrationsDir);
  const { engine, close } = await openSchemaEngine(adapterFactory, options.log);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_SCHEMA_FILTERS });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
