import type { Db } from "../db/create-db";
import { DatabaseDownError, DbHealth, withTimeout } from "./db-health";
import { type DecisionRow, insertRows } from "../services/decision-store";
import type { DecisionSpool } from "./decision-spool";

export type { DecisionRow };
export { insertRows };

/**
 * How long storing `rows` decisions may take before the database counts as down: the router's timeout
 * plus 2 ms a row (a 1,000-row batch carries each order, its facets and the rollups: a few MB of JSON).
 */
const storeTimeoutMs = (health: DbHealth, rows: number) => health.timeoutMs + 2 * rows;

interface Pending {
  rows: DecisionRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores routing decisions with a micro-batcher: the rows of requests that arrive while an insert is
 * running (or in the same tick) go into the next multi-row INSERT together. `store` resolves only
 * after the INSERT holding its rows committed, so a request is answered only once its decision is
 * stored. When the INSERT fails (the database is unreachable) and a spool is given, the rows are
 * written to the local spool (fsync'ed) instead and moved into the database once it answers again
 * (tried every second); without a spool, or if the spool fails too, every request in the batch is
 * rejected — none is answered as stored when it is not.
 */
export class DecisionBatcher {
  private queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;
  private drainTimer: NodeJS.Timeout | null = null;

  private readonly health: DbHealth;

  constructor(
    private readonly db: Db,
    private readonly maxRows = 1000,
    private readonly spool: DecisionSpool | null = null,
    health?: DbHealth,
  ) {
    this.health = health ?? new DbHealth(db);
    // Rows a previous process spooled and never moved.
    if (spool) this.startDraining();
  }

  /** Moves spooled rows into the database now; resolves with how many (0 when the database is still down). */
  async drainSpool(): Promise<number> {
    if (!this.spool) return 0;
    try {
      const moved = await this.spool.drain(
        (rows) => withTimeout(insertRows(this.db, rows, true), Math.max(this.health.timeoutMs, 5_000), "moving spooled decisions"),
        () => this.health.probe(),
      );
      if (moved > 0) console.error(`routing decisions: moved ${moved} spooled decision(s) into the database`);
      return moved;
    } catch {
      return 0;
    }
  }

  private startDraining(): void {
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => {
      void this.drainSpool().then(() => {
        if (this.spool && !this.spool.dirty && this.drainTimer) {
          clearInterval(this.drainTimer);
          this.drainTimer = null;
        }
      });
    }, 1000);
    this.drainTimer.unref();
  }

  store(rows: DecisionRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.rows.length <= this.maxRows)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.rows.length;
    }
    const rows = batch.flatMap((p) => p.rows);
    try {
      try {
        // While the database is known to be down nobody waits on it: straight to the spool.
        await this.health.run("storing decisions", () => insertRows(this.db, rows), storeTimeoutMs(this.health, rows.length));
        for (const p of batch) p.resolve();
      } catch (error) {
        if (error instanceof DatabaseDownError) await this.spoolOrReject(batch, error);
        else await this.storeEachRequest(batch);
      }
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** The database is unreachable: the spool takes the rows (answered), or every request fails (none answered as stored). */
  private async spoolOrReject(batch: readonly Pending[], error: unknown): Promise<void> {
    let spooled = false;
    if (this.spool) {
      try {
        await this.spool.append(batch.flatMap((p) => p.rows));
        spooled = true;
        this.startDraining();
      } catch (spoolError) {
        console.error("routing decisions: the spool failed too:", spoolError);
      }
    }
    for (const p of batch) {
      if (spooled) p.resolve();
      else p.reject(error);
    }
  }

  /**
   * The database answers but refused the batch: one request's rows must be at fault. Store each
   * request's rows on their own, so the others are answered; a request whose rows are refused is
   * rejected (its caller is told nothing was stored) and never spooled, since it could never be stored.
   */
  private async storeEachRequest(batch: readonly Pending[]): Promise<void> {
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      try {
        await this.health.run("storing decisions", () => insertRows(this.db, p.rows), storeTimeoutMs(this.health, p.rows.length));
        p.resolve();
      } catch (error) {
        if (error instanceof DatabaseDownError) return this.spoolOrReject(batch.slice(i), error);
        console.error("routing decisions: the database refused a request's decisions:", (error as Error)?.message ?? error);
        p.reject(error);
      }
    }
  }
}
