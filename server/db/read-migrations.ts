import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * The default migrations folder: `prisma/migrations` under the working directory, which is the project
 * root for `next dev`/`next start`, vitest, `npm run` scripts and the CLI (a bundler may move this
 * file, so the path is not taken from import.meta.url). Override with `SWITCHYARD_MIGRATIONS_DIR`.
 */
export function defaultMigrationsDir(): string {
  const override = process.env.SWITCHYARD_MIGRATIONS_DIR;
  // The turbopackIgnore comments keep Next.js from tracing the whole project for these dynamic paths;
  // the static `prisma/migrations` path below is still traced into the server output.
  if (override) return path.resolve(/*turbopackIgnore: true*/ override);
  return path.join(process.cwd(), "prisma", "migrations");
}

export const MIGRATION_LOCK_FILE = "migration_lock.toml";

/**
 * Reads `<dir>/<name>/migration.sql` for every migration folder, in name (= timestamp) order, in the
 * shape the schema engine expects: the same list `prisma migrate deploy` builds from disk.
 */
export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<MigrationList> {
  const baseDir = path.resolve(/*turbopackIgnore: true*/ dir);
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const names = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(baseDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(baseDir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(baseDir, MIGRATION_LOCK_FILE);
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
