import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

/** Where the data lives: a PostgreSQL server, or an embedded PGlite (a directory, or memory). */
export type DbConfig =
  | { kind: "postgres"; url: string; timeouts?: DbTimeouts }
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
  if (url) return { kind: "postgres", url, timeouts: resolveDbTimeouts(env) };
  const dir = env.PGLITE_DIR?.trim();
  if (dir === "memory") return { kind: "pglite", dataDir: undefined };
  // turbopackIgnore: a runtime data directory, not something for Next.js to trace into its output.
  return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ dir || path.join(process.cwd(), ".data", "pglite")) };
}

/**
 * How long a PostgreSQL connection attempt, a query and a transaction may take before they fail, so a
 * database that hangs (accepts connections but never answers) is treated like one that is down — the
 * live router keeps serving its last snapshot and spools decisions — instead of holding requests forever.
 */
export interface DbTimeouts {
  /** Opening a connection (TCP + TLS + authentication). */
  connectMs: number;
  /** One query, measured by the client (also sent as the server's statement_timeout). */
  queryMs: number;
  /** An interactive transaction, start to commit. */
  transactionMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5_000, queryMs: 60_000, transactionMs: 30_000 };

function positiveMs(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 100 || n > 3_600_000) throw new Error(`${name} must be a number of milliseconds from 100 to 3600000, got "${text}"`);
  return n;
}

/** `SWITCHYARD_DB_CONNECT_TIMEOUT_MS`, `SWITCHYARD_DB_QUERY_TIMEOUT_MS`, `SWITCHYARD_DB_TRANSACTION_TIMEOUT_MS`. */
export function resolveDbTimeouts(env: Readonly<Record<string, string | undefined>> = process.env): DbTimeouts {
  return {
    connectMs: positiveMs(env, "SWITCHYARD_DB_CONNECT_TIMEOUT_MS", DEFAULT_DB_TIMEOUTS.connectMs),
    queryMs: positiveMs(env, "SWITCHYARD_DB_QUERY_TIMEOUT_MS", DEFAULT_DB_TIMEOUTS.queryMs),
    transactionMs: positiveMs(env, "SWITCHYARD_DB_TRANSACTION_TIMEOUT_MS", DEFAULT_DB_TIMEOUTS.transactionMs),
  };
}
