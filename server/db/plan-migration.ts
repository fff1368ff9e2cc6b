import { readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { NO_SCHEMA_FILTERS, openSchemaEngine } from "./open-schema-engine";
import { defaultMigrationsDir, readMigrations } from "./read-migrations";

export type PlannedMigration = {
  /** The folder to create under the migrations folder: `<yyyyMMddHHmmss>_<name>`. */
  directoryName: string;
  /** The SQL that takes a database from the last migration to schema.prisma. */
  script: string;
};

export type PlanMigrationOptions = {
  /** Default `prisma/schema.prisma` under the working directory. */
  schemaPath?: string;
  /** Default `prisma/migrations` under the working directory. */
  migrationsDir?: string;
};

/**
 * What `prisma migrate dev --create-only` computes, offline: the schema engine replays the existing
 * migrations on a throw-away in-memory PGlite (its "shadow database") and diffs the result against
 * schema.prisma. Returns null when the migrations already produce the schema. Writes nothing.
 */
export async function planMigration(
  name: string,
  options: PlanMigrationOptions = {},
  now: Date = new Date(),
): Promise<PlannedMigration | null> {
  const schemaPath = path.resolve(options.schemaPath ?? path.join(process.cwd(), "prisma", "schema.prisma"));
  const [content, migrationsList] = await Promise.all([
    readFile(schemaPath, "utf8"),
    readMigrations(options.migrationsDir ?? defaultMigrationsDir()),
  ]);
  // Two throw-away in-memory databases: the engine's "main" database (nothing is written to it) and
  // the shadow database the migrations are replayed on.
  const main = new PGlite();
  const shadow = new PGlite();
  const mainFactory = new PrismaPGlite(main);
  const { engine, close } = await openSchemaEngine({
    provider: mainFactory.provider,
    adapterName: mainFactory.adapterName,
    connect: () => mainFactory.connect(),
    connectToShadowDb: () => new PrismaPGlite(shadow).connect(),
  });
  try {
    // `createMigration` cannot reach a shadow database in the wasm engine (it is not given the adapter
    // factory), so do what it does through `diff`: migrations → schema, as a script.
    const result = await engine.diff({
      from: migrationsList.migrationDirectories.length === 0 ? { tag: "empty" } : { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content }] },
      script: true,
      exitCode: true,
      filters: NO_SCHEMA_FILTERS,
    });
    // With `exitCode: true` the engine answers 2 when the two differ, 0 when they are the same.
    if (result.exitCode === 0 || result.stdout === null) return null;
    return { directoryName: `${migrationTimestamp(now)}_${name}`, script: result.stdout };
  } finally {
    await close();
    await Promise.all([main.close(), shadow.close()]);
  }
}

/** `yyyyMMddHHmmss` in UTC, the prefix `prisma migrate dev` gives migration folders. */
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}
