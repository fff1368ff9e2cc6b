import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { loadSchemaEngine } from "./load-schema-engine";

export type OpenedSchemaEngine = {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened. */
  close: () => Promise<void>;
};

/** Tables and enums the engine must leave alone (none): prisma.config.ts `tables.external`. */
export const NO_SCHEMA_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Starts the wasm schema engine (the engine behind `prisma migrate`) on a Prisma driver adapter
 * factory: `new PrismaPGlite(pglite)` or `new PrismaPg(...)`.
 *
 * Offline notes:
 * - the factory must be wrapped with `bindMigrationAwareSqlAdapterFactory` for the wasm engine
 *   (unwrapped, it fails with "Cannot read properties of null (reading 'client')");
 * - freeing the engine does not dispose the connections it opened (a pg pool left open would keep the
 *   process alive and the database busy), so every connection is tracked and disposed by `close()`.
 */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log?: (line: string) => void,
): Promise<OpenedSchemaEngine> {
  const SchemaEngine = await loadSchemaEngine();
  const opened: SqlDriverAdapter[] = [];
  const remember = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: async () => remember(await adapterFactory.connect()),
    connectToShadowDb: async () => remember(await adapterFactory.connectToShadowDb()),
  };
  const engine = await SchemaEngine.new(
    { datamodels: undefined },
    (line: string) => log?.(line),
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
