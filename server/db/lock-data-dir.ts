import { readFileSync, rmSync, writeFileSync } from "node:fs";

/** Data directories this process holds, so a stale lock carrying our own (reused) pid is recognised. */
const held = new Set<string>();

/**
 * Takes `<dataDir>.lock` (containing this process's pid) or throws if another live process holds it.
 * PGlite itself does not stop two processes from opening one data directory; both would then write
 * and silently lose each other's changes. A lock left by a dead process is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  if (held.has(lockPath)) {
    throw new Error(`PGlite data directory ${dataDir} is already open in this process: share one instance (getDb()).`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
      held.add(lockPath);
      return () => {
        if (held.delete(lockPath)) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(readLock(lockPath), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `PGlite data directory ${dataDir} is in use by process ${owner}: one process at a time may open it. ` +
          "Stop that process (e.g. the dev server) or set DATABASE_URL to use PostgreSQL.",
      );
    }
    rmSync(lockPath, { force: true }); // stale: its process is gone
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function readLock(lockPath: string): string {
  try {
    return readFileSync(lockPath, "utf8").trim();
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
