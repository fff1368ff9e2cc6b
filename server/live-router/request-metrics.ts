import type { Db } from "../db/create-db";
import { DecisionRollups, bucketOf, hourOf } from "../services/decision-facets";
import { addRollups } from "../services/decision-store";

/**
 * Whole-request figures of the routing endpoints, counted in memory per organization and hour and
 * added to router_metric_rollups every few seconds: a latency histogram (`requestMs`, log buckets of
 * milliseconds) and error counts (`error`, bucket = HTTP status). Requests whose key was not accepted
 * have no organization and are not counted. Best effort: figures of the last seconds before a crash are lost.
 */
export class RequestMetrics {
  private pending = new DecisionRollups();
  private readonly timer: NodeJS.Timeout | null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    flushMs = 5_000,
  ) {
    this.timer = flushMs > 0 ? setInterval(() => void this.flush(), flushMs) : null;
    this.timer?.unref();
  }

  record(organizationId: string, ms: number, status: number, at = Date.now()): void {
    const hour = new Date(hourOf(at)).toISOString();
    this.pending.metric(organizationId, "requestMs", hour, bucketOf(ms), 1);
    if (status >= 400) this.pending.metric(organizationId, "error", hour, status, 1);
  }

  /** Writes what was counted since the last flush; counts that cannot be written are kept for the next one. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.pending;
    if (batch.empty) return Promise.resolve();
    this.pending = new DecisionRollups();
    this.flushing = addRollups(this.db, batch)
      .catch(() => {
        // The database is unreachable: keep the counts for the next flush.
        const { metrics } = batch.rows();
        for (const m of metrics) this.pending.metric(m.organizationId, m.metric, m.hour, m.bucket, m.count);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
