import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { createDb, type Db } from "./create-db";
import { openPglite } from "./open-pglite";

export type TestDbKind = "pglite" | "postgres";

export type TestDb = {
  db: Db;
  kind: TestDbKind;
  /** The PostgreSQL database name, or "memory" for PGlite. */
  name: string;
  /** The PostgreSQL connection string (null for PGlite), for clients of their own such as pg-boss. */
  url: string | null;
  /** A driver adapter factory for the same database, e.g. for `applyMigrations`. */
  adapterFactory: () => SqlMigrationAwareDriverAdapterFactory;
  /** Disconnects and deletes the database. */
  drop: () => Promise<void>;
};

export type CreateTestDbOptions = {
  /** Apply the migrations (default true); false gives an empty database. */
  migrate?: boolean;
};

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * A fresh, migrated, isolated database for one test file:
 * - "pglite": an in-memory PGlite (one per call; nothing on disk);
 * - "postgres": a new database `switchyard_test_<random>` on the server of `TEST_DATABASE_URL`
 *   (default postgresql://postgres@127.0.0.1:5432/postgres), dropped by `drop()`.
 * An unreachable PostgreSQL server is an error that says how to start it, never a skip.
 */
export async function createTestDb(kind: TestDbKind, options: CreateTestDbOptions = {}): Promise<TestDb> {
  if (kind === "pglite") {
    const pglite = await openPglite(undefined);
    const db = await createDb({ kind: "pglite-instance", pglite }, options);
    return {
      db,
      kind,
      name: "memory",
      url: null,
      // Same PGlite instance, so same single connection: use it while the client is idle.
      adapterFactory: () => new PrismaPGlite(pglite),
      drop: () => db.$disconnect(),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;
  const name = `switchyard_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let db: Db;
  try {
    db = await createDb({ kind: "postgres", url: url.toString() }, options);
  } catch (error) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  return {
    db,
    kind,
    name,
    url: url.toString(),
    adapterFactory: () => new PrismaPg({ connectionString: url.toString() }),
    drop: async () => {
      await db.$disconnect();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(adminUrl)} (${String(error)}). ` +
        "The PostgreSQL tests need it: start it with " +
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, " +
        "or point TEST_DATABASE_URL at a server where this user may create databases.",
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
