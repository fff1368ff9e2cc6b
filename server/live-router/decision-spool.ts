import { hostname } from "node:os";
import { mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { DecisionRow } from "./decision-row";

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

  /**
   * Inserts every spooled row with `insert` (which must ignore ids already stored); returns how many
   * rows it moved. When an insert fails, `isUp` decides: the database is down → stop, the file stays for
   * the next drain; it is up → the database refuses that row itself (it can never be stored), so the row
   * goes to the dead-letter file with the reason, and the rows behind it go on. A line that is not
   * JSON is dead-lettered the same way.
   */
  drain(insert: (rows: DecisionRow[]) => Promise<void>, isUp: () => Promise<boolean> = async () => false): Promise<number> {
    return this.serial(async () => {
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch {
        this.dirty = false;
        return 0;
      }
      const dead = new Set((await readDeadLetters(this.dir)).map((d) => d.id));
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
        const rows: DecisionRow[] = [];
        for (const line of (await readFile(file, "utf8")).split("\n")) {
          if (line.trim() === "") continue;
          try {
            const row = JSON.parse(line) as DecisionRow & { createdAt?: string | Date };
            rows.push({ ...row, createdAt: row.createdAt ? new Date(row.createdAt) : undefined });
          } catch (error) {
            await this.deadLetter({ id: `line:${name}:${rows.length}`, reason: `unreadable spool line: ${(error as Error).message}`, row: line.slice(0, 10_000) });
          }
        }
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500);
          try {
            await insert(chunk);
            moved += chunk.length;
            continue;
          } catch (error) {
            if (!(await isUp())) throw error;
          }
          // The database answers but refused the chunk: find the row(s) it refuses, keep the rest.
          for (const row of chunk) {
            try {
              await insert([row]);
              moved++;
            } catch (error) {
              if (!(await isUp())) throw error;
              if (!dead.has(row.id)) {
                await this.deadLetter({ id: row.id, organizationId: row.organizationId, reason: reasonOf(error), row });
                dead.add(row.id);
              }
            }
          }
        }
        await unlink(file);
      }
      this.dirty = false;
      return moved;
    });
  }

  private async deadLetter(entry: Omit<DeadLetter, "at">): Promise<void> {
    const dir = path.join(this.dir, DEAD_LETTER_DIR);
    await mkdir(dir, { recursive: true });
    const file = await open(path.join(dir, `${this.name}.ndjson`), "a");
    try {
      await file.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
    console.error(`routing decisions: the database refused decision ${entry.id}; kept in the dead-letter file: ${entry.reason}`);
  }
}

const DEAD_LETTER_DIR = "dead-letter";

/** A spooled decision the database refused: kept with the reason for an admin to see. */
export interface DeadLetter {
  id: string;
  organizationId?: string;
  at: string;
  reason: string;
  row: unknown;
}

function reasonOf(error: unknown): string {
  const e = error as { message?: string; meta?: { message?: string }; cause?: { message?: string } };
  const text = e?.meta?.message ?? e?.cause?.message ?? e?.message ?? String(error);
  return text.split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 500) ?? "refused";
}

/** Every dead-lettered decision under a spool directory (all processes), oldest first. */
export async function readDeadLetters(spoolDir: string): Promise<DeadLetter[]> {
  const dir = path.join(spoolDir, DEAD_LETTER_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: DeadLetter[] = [];
  for (const name of names.filter((n) => n.endsWith(".ndjson")).sort()) {
    for (const line of (await readFile(path.join(dir, name), "utf8")).split("\n")) {
      if (line.trim() === "") continue;
      try {
        out.push(JSON.parse(line) as DeadLetter);
      } catch {
        // a torn last line of a crashed process: nothing to show
      }
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
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
