import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./lock-data-dir";

/**
 * Opens an embedded PGlite database: in `dataDir` (created if missing), or in memory when undefined.
 *
 * PGlite is ONE connection to ONE data directory, owned by ONE process: the app shares one instance
 * through `getDb()`, and tests use separate in-memory instances. PGlite does not enforce this itself,
 * so a `<dataDir>.lock` file does (released by `close()`): opening a directory another live process
 * holds throws instead of silently losing writes. Queries from many callers are serialized by PGlite.
 */
export async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir === undefined) {
    const pglite = new PGlite();
    await pglite.waitReady;
    return pglite;
  }
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    const close = pglite.close.bind(pglite);
    pglite.close = async () => {
      try {
        await close();
      } finally {
        release();
      }
    };
    return pglite;
  } catch (error) {
    release();
    throw error;
  }
}
