import { hostname } from "node:os";
import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { DecisionRow } from "./decision-batcher";

/**
 * A local, durable spool for routing decisions the database could not take: when the INSERT fails
 * (database unreachable), the rows are appended to a file of this process and fsync'ed, and the
 * request is answered — the router keeps serving its last good rules. `drain` later moves every
 * spooled row into the database (duplicates ignored) and deletes the files, including files left by
 * a process that died. Appends and drains of one process are serialized.
 */
export class DecisionSpool {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly name: string;
  /** True while rows may be waiting in a spool file. */
  dirty = false;

  constructor(
    readonly dir: string,
    name = `${hostname()}-${process.pid}`,
  ) {
    this.name = name;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => {});
    return run;
  }

  append(rows: readonly DecisionRow[]): Promise<void> {
    return this.serial(async () => {
      await mkdir(this.dir, { recursive: true });
      const file = await open(path.join(this.dir, `${this.name}.ndjson`), "a");
      try {
        await file.write(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
        await file.datasync();
      } finally {
        await file.close();
      }
      this.dirty = true;
    });
  }

  /** Inserts every spooled row with `insert` (which must ignore ids already stored); returns how many rows it moved. */
  drain(insert: (rows: DecisionRow[]) => Promise<void>): Promise<number> {
    return this.serial(async () => {
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch {
        this.dirty = false;
        return 0;
      }
      let moved = 0;
      for (const name of names.sort()) {
        if (!name.endsWith(".ndjson") && !name.endsWith(".draining")) continue;
        if (name.endsWith(".ndjson") && name !== `${this.name}.ndjson` && processAlive(name)) continue;
        let file = path.join(this.dir, name);
        if (name.endsWith(".ndjson")) {
          const draining = path.join(this.dir, `${name}.${Date.now()}.draining`);
          await rename(file, draining);
          file = draining;
        }
        const rows = (await readFile(file, "utf8"))
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => {
            const row = JSON.parse(line) as DecisionRow & { createdAt?: string | Date };
            return { ...row, createdAt: row.createdAt ? new Date(row.createdAt) : undefined };
          });
        for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
        await unlink(file);
        moved += rows.length;
      }
      this.dirty = false;
      return moved;
    });
  }
}

/** Whether the process that owns a spool file `<host>-<pid>.ndjson` of this host still runs. */
function processAlive(fileName: string): boolean {
  const m = /^(.*)-(\d+)\.ndjson$/.exec(fileName);
  if (!m || m[1] !== hostname()) return true;
  try {
    process.kill(Number(m[2]), 0);
    return true;
  } catch {
    return false;
  }
}

/** Where the live router spools decisions: `SWITCHYARD_DATA_DIR` (default `.data`) / router-spool. */
export function defaultSpoolDir(): string {
  return path.join(process.env.SWITCHYARD_DATA_DIR ?? path.join(process.cwd(), ".data"), "router-spool");
}
