import type { Db } from "../db/create-db";
import { backfillAllDecisionFacets, purgeDecisions } from "../services/decision-upkeep-service";

const HOUR_MS = 3_600_000;

/**
 * The production server's upkeep of live decisions: fills the explorer columns of decisions stored
 * before they existed (once, at start), and deletes decisions past each organization's retention, at
 * start and then hourly. Both work in small batches and are safe to run on several instances at once
 * (the backfill skips rows another instance holds; the purge deletes what is there).
 */
export function startDecisionUpkeep(db: Db, log: (message: string) => void = console.log): () => void {
  let stopped = false;
  const purge = () =>
    purgeDecisions(db, new Date())
      .then((deleted) => {
        const total = [...deleted.values()].reduce((a, b) => a + b, 0);
        if (total > 0) log(`live decisions: deleted ${total} decision(s) past their organization's retention`);
      })
      .catch((error: unknown) => console.error("live decisions: the retention purge failed:", (error as Error)?.message ?? error));
  void backfillAllDecisionFacets(db)
    .then((n) => {
      if (n > 0) log(`live decisions: filled the explorer columns of ${n} earlier decision(s)`);
    })
    .catch((error: unknown) => console.error("live decisions: filling the explorer columns failed:", (error as Error)?.message ?? error))
    .then(() => (stopped ? undefined : purge()));
  const timer = setInterval(() => void purge(), HOUR_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
