import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "./apply-migrations";
import { PrismaClient } from "./generated/prisma/client";
import { openPglite } from "./open-pglite";
import { DEFAULT_DB_TIMEOUTS, resolveDbConfig, type DbConfig } from "./resolve-db-config";

export type Db = PrismaClient;

export type CreateDbOptions = {
  /** Default `prisma/migrations` under the working directory. */
  migrationsDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
};

/**
 * Opens the database described by `config` (default: from the environment, see `resolveDbConfig`),
 * applies pending migrations, and returns a connected Prisma client.
 *
 * `await db.$disconnect()` closes it for good: for PGlite it also closes the embedded database, which
 * releases its data directory.
 */
export async function createDb(config: DbConfig = resolveDbConfig(), options: CreateDbOptions = {}): Promise<Db> {
  const migrate = options.migrate ?? true;
  if (config.kind === "postgres") {
    // Migrations run on their own short-lived pool; the client gets its own.
    const t = config.timeouts ?? DEFAULT_DB_TIMEOUTS;
    if (migrate) await applyMigrations(new PrismaPg({ connectionString: config.url, connectionTimeoutMillis: t.connectMs }), options);
    return connect(
      new PrismaPg({
        connectionString: config.url,
        connectionTimeoutMillis: t.connectMs,
        // The client gives up on a query that hangs (a stalled server or network); the server stops one that runs long.
        query_timeout: t.queryMs,
        statement_timeout: t.queryMs,
        idle_in_transaction_session_timeout: t.transactionMs,
        keepAlive: true,
      }),
      { maxWait: t.connectMs, timeout: t.transactionMs },
    );
  }
  const pglite = config.kind === "pglite" ? await openPglite(config.dataDir) : config.pglite;
  try {
    if (migrate) await applyMigrations(new PrismaPGlite(pglite), options);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  return connect(closingPglite(pglite));
}

async function connect(adapter: SqlDriverAdapterFactory, transactionOptions?: { maxWait: number; timeout: number }): Promise<Db> {
  const db = new PrismaClient({ adapter, ...(transactionOptions ? { transactionOptions } : {}) });
  await db.$connect();
  return db;
}

/**
 * The PGlite adapter leaves the database open when Prisma disposes it; close it too, so that
 * `$disconnect()` releases the data directory (and in-memory instances are freed).
 */
function closingPglite(pglite: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(pglite);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connectToShadowDb: () => factory.connectToShadowDb(),
    connect: async () => {
      const adapter = await factory.connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        if (!pglite.closed) await pglite.close();
      };
      return adapter;
    },
  };
}
