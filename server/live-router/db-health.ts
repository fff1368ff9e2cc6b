/**
 * The live router's view of the database: every call it makes on a request's path runs with a short
 * timeout (`SWITCHYARD_ROUTER_DB_TIMEOUT_MS`, default 1,000 ms). A call that times out, or fails while
 * a probe (`SELECT 1`) fails too, marks the database down; while it is down, requests do not wait on it
 * at all — keys verified earlier keep working, decisions go to the local spool — and a probe every
 * half second brings it back. So a database that refuses connections or hangs costs a request at most
 * one timeout, once, instead of one per request.
 */
import type { Db } from "../db/create-db";

export class DatabaseDownError extends Error {
  constructor(what: string, cause?: unknown) {
    super(`the database is unreachable (${what})`, { cause });
    this.name = "DatabaseDownError";
  }
}

export function routerDbTimeoutMs(value = process.env.SWITCHYARD_ROUTER_DB_TIMEOUT_MS): number {
  const text = (value ?? "").trim();
  if (text === "") return 1_000;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 10 || n > 60_000) throw new Error(`SWITCHYARD_ROUTER_DB_TIMEOUT_MS must be milliseconds from 10 to 60000, got "${value}"`);
  return n;
}

/** Rejects with DatabaseDownError when `work` has not settled within `ms` (the work itself goes on). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DatabaseDownError(`${what} took longer than ${ms} ms`)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export class DbHealth {
  private downUntil = 0;
  private probing: Promise<boolean> | null = null;
  private probeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    readonly timeoutMs = routerDbTimeoutMs(),
    private readonly probeEveryMs = 500,
  ) {}

  /** True while the database is believed down (requests should not wait on it). */
  get down(): boolean {
    return Date.now() < this.downUntil;
  }

  /** Whether the database answers `SELECT 1` within the timeout now. */
  probe(): Promise<boolean> {
    this.probing ??= withTimeout(this.db.$queryRawUnsafe("SELECT 1"), this.timeoutMs, "probe")
      .then(() => {
        this.downUntil = 0;
        return true;
      })
      .catch(() => {
        this.markDown();
        return false;
      })
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  markDown(): void {
    this.downUntil = Date.now() + this.probeEveryMs;
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe();
    }, this.probeEveryMs);
    this.probeTimer.unref();
  }

  /**
   * Runs a database call for a request: refused at once while the database is down, limited to the
   * timeout otherwise (`timeoutMs`: a longer one for work that is large by nature). A timeout marks it down; another failure marks it down only if a probe fails too
   * (a bad row or a constraint is not an outage).
   */
  async run<T>(what: string, work: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.down) throw new DatabaseDownError(what);
    try {
      return await withTimeout(work(), timeoutMs, what);
    } catch (error) {
      if (error instanceof DatabaseDownError) this.markDown();
      else if (!(await this.probe())) throw new DatabaseDownError(what, error);
      throw error;
    }
  }

  close(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }
}
