import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

/** Where the data lives: a PostgreSQL server, or an embedded PGlite (a directory, or memory). */
export type DbConfig =
  | { kind: "postgres"; url: string }
  /** `dataDir` undefined means in memory (gone when closed). */
  | { kind: "pglite"; dataDir: string | undefined }
  /** An already-open PGlite (tests); the client's `$disconnect()` closes it. */
  | { kind: "pglite-instance"; pglite: PGlite };

/**
 * Reads the database choice from the environment:
 * - `DATABASE_URL` set → that PostgreSQL database;
 * - otherwise PGlite in `PGLITE_DIR` (default `.data/pglite` under the working directory, git-ignored);
 *   `PGLITE_DIR=memory` keeps it in memory.
 */
export function resolveDbConfig(env: Readonly<Record<string, string | undefined>> = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  const dir = env.PGLITE_DIR?.trim();
  if (dir === "memory") return { kind: "pglite", dataDir: undefined };
  // turbopackIgnore: a runtime data directory, not something for Next.js to trace into its output.
  return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ dir || path.join(process.cwd(), ".data", "pglite")) };
}
