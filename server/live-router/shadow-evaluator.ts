/**
 * Evaluates the versions in shadow on live traffic, after the answers went out. `offer` only queues
 * references (no evaluation on the request's path); the queue is worked off in slices on
 * `setImmediate`, so a burst of shadow work yields to requests between slices. Each shadow's
 * comparison is the simulator's (`createSimulator`: candidate = the shadow, baseline = the live version
 * of its ruleset, the other live stages around them), added to this instance's running totals and
 * written every few seconds into the shadow's simulation: one chunk per instance (its totals so far)
 * and the changed orders. The shadow never touches an answer: it runs on copies of what was routed.
 */
import { randomUUID, createHash } from "node:crypto";
import type { TDecision, TEvaluationContext, TOrder } from "@/rules-schema";
import { createSimulator, addComparison, emptySimulationTotals, type Simulator, type TSimulationTotals, type TOrderComparison } from "@/rules-schema/simulate";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import type { RouterSnapshot, ShadowStage } from "./load-router-snapshot";

/** One routed order, as the shadow needs it. */
export interface ShadowItem {
  decisionId: string;
  order: TOrder;
  context: TEvaluationContext;
  /** The live pipeline's merged decision, as answered. */
  decision: TDecision;
  routedAt: Date;
}

/** Orders waiting to be evaluated at most; beyond it new ones are dropped (and counted). */
const MAX_QUEUE = 20_000;
/**
 * A slice works at most this long (and at least one order) before yielding to the event loop: a request
 * arriving meanwhile waits at most about this much for the shadow, whatever one order's evaluation costs.
 */
const SLICE_MS = 1;
/** Changed orders written per shadow and instance at most (the totals count them all). */
const MAX_CHANGED = 5_000;
/** Changed orders per write: each write's JSON is built on the event loop, so it stays small. */
const CHANGED_PER_WRITE = 1_000;

interface RunState {
  simulationId: string;
  chunkIndex: number;
  totals: TSimulationTotals;
  /** Totals changed since the last write. */
  dirty: boolean;
  changed: { item: ShadowItem; comparison: TOrderComparison }[];
  changedWritten: number;
  /** Orders whose baseline side did not decide as the live pipeline did (a ruleset the simulator cannot model, e.g. two of one stage). */
  baselineMismatches: number;
}

/** Whether a routed order is in a shadow's sample: a fixed hash of the decision id, so every instance samples alike. */
export function inSample(decisionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const h = createHash("sha1").update(decisionId).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

function sameLive(comparison: TOrderComparison, live: TDecision): boolean {
  const b = comparison.baseline;
  return b.warehouseId === live.warehouseId && b.channelId === live.channelId && b.holds.length === live.holds.length && b.intercept === (live.intercept !== null);
}

export class ShadowEvaluator {
  private readonly queue: { snap: RouterSnapshot; items: readonly ShadowItem[] }[] = [];
  private queued = 0;
  private scheduled = false;
  private readonly simulators = new WeakMap<RouterSnapshot, Map<string, Simulator>>();
  private readonly runs = new Map<string, RunState>();
  private readonly timer: NodeJS.Timeout | null;
  private flushing: Promise<void> | null = null;
  /** Orders dropped because the queue was full. */
  dropped = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    flushMs = 5_000,
    /** This process: its chunk in each shadow run. */
    readonly instanceId: string = randomUUID(),
  ) {
    this.timer = flushMs > 0 ? setInterval(() => void this.flush(), flushMs) : null;
    this.timer?.unref();
  }

  /** Queues routed orders for the snapshot's shadows (nothing when it has none). Never throws, never waits. */
  offer(snap: RouterSnapshot, items: readonly ShadowItem[]): void {
    if (snap.shadows.length === 0 || items.length === 0) return;
    if (this.queued + items.length > MAX_QUEUE) {
      this.dropped += items.length;
      return;
    }
    this.queue.push({ snap, items });
    this.queued += items.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.work();
    });
  }

  /** One slice of the queue: orders until `SLICE_MS` has passed. */
  private work(): void {
    const until = performance.now() + SLICE_MS;
    while (this.queue.length > 0 && performance.now() < until) {
      const head = this.queue[0]!;
      let done = 0;
      while (done < head.items.length && (done === 0 || performance.now() < until)) this.evaluate(head.snap, head.items[done++]!);
      this.queued -= done;
      if (done === head.items.length) this.queue.shift();
      else head.items = head.items.slice(done);
    }
    if (this.queue.length > 0) this.schedule();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  private simulatorFor(snap: RouterSnapshot, shadow: ShadowStage): Simulator {
    let bySnap = this.simulators.get(snap);
    if (!bySnap) this.simulators.set(snap, (bySnap = new Map()));
    let sim = bySnap.get(shadow.simulationId);
    if (!sim) {
      const live = snap.stages.find((s) => s.rulesetId === shadow.rulesetId) ?? null;
      sim = createSimulator({ stage: shadow.stage, candidate: shadow.compiled, baseline: live?.compiled ?? null, others: snap.stages.filter((s) => s.rulesetId !== shadow.rulesetId) });
      bySnap.set(shadow.simulationId, sim);
    }
    return sim;
  }

  private evaluate(snap: RouterSnapshot, item: ShadowItem): void {
    for (const shadow of snap.shadows) {
      if (!inSample(item.decisionId, shadow.sampleRate)) continue;
      try {
        const comparison = this.simulatorFor(snap, shadow).compare(item.order, item.context);
        const run = this.run(shadow.simulationId);
        addComparison(run.totals, comparison);
        run.dirty = true;
        if (!sameLive(comparison, item.decision)) run.baselineMismatches++;
        if (comparison.changes.length > 0 && run.changed.length + run.changedWritten < MAX_CHANGED) run.changed.push({ item, comparison });
      } catch (error) {
        console.error(`shadow ${shadow.simulationId}: evaluating order ${item.order.id} failed:`, (error as Error)?.message ?? error);
      }
    }
  }

  private run(simulationId: string): RunState {
    let run = this.runs.get(simulationId);
    if (!run) {
      // A chunk index per (run, instance) that no other instance picks: a hash of both (collisions are ~1 in 2^31).
      const chunkIndex = createHash("sha1").update(`${simulationId}\u0000${this.instanceId}`).digest().readUInt32BE(0) & 0x7fff_ffff;
      run = { simulationId, chunkIndex, totals: emptySimulationTotals(), dirty: false, changed: [], changedWritten: 0, baselineMismatches: 0 };
      this.runs.set(simulationId, run);
    }
    return run;
  }

  /** Resolves once everything offered so far has been evaluated (tests, shutdown). */
  drained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** This instance's figures of a run so far (tests, diagnostics). */
  figures(simulationId: string): { totals: TSimulationTotals; baselineMismatches: number } | null {
    const run = this.runs.get(simulationId);
    return run ? { totals: run.totals, baselineMismatches: run.baselineMismatches } : null;
  }

  /**
   * Writes each run's totals (this instance's chunk) and its new changed orders, then the run's
   * counters; a run that has ended meanwhile takes nothing more (its row is locked while it ends).
   */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    for (const run of [...this.runs.values()]) {
      if (!run.dirty && run.changed.length === 0) continue;
      // The totals once; then the changed orders waiting, a write at a time (new totals wait for the next flush).
      while ((await this.writeOne(run)) && run.changed.length > 0);
    }
  }

  /** One write of a run: its totals and up to `CHANGED_PER_WRITE` changed orders. False when nothing more should be written now. */
  private async writeOne(run: RunState): Promise<boolean> {
    const changed = run.changed.splice(0, CHANGED_PER_WRITE);
    run.dirty = false;
    try {
      const ended = await this.db.$transaction(async (tx) => {
        // Running figures, rewritten every few seconds: this commit need not wait for its WAL flush, so it
        // does not queue the router's own commits (the decisions) behind a disk flush of its own.
        await tx.$executeRawUnsafe("SET LOCAL synchronous_commit TO OFF");
        const rows = await tx.$queryRaw<{ status: string }[]>`SELECT "status" FROM "simulations" WHERE "id" = ${run.simulationId} FOR UPDATE`;
        if (rows[0]?.status !== "running") return true;
        const totals = run.totals as unknown as Prisma.InputJsonValue;
        await tx.$executeRaw`
          INSERT INTO "simulation_chunks" ("simulationId", "index", "fromKey", "toKey", "orders", "status", "totals", "worker", "startedAt")
          VALUES (${run.simulationId}, ${run.chunkIndex}, 'shadow', ${this.instanceId}, ${run.totals.orders}, 'running', ${JSON.stringify(totals)}::jsonb, ${this.instanceId}, now())
          ON CONFLICT ("simulationId", "index") DO UPDATE SET "orders" = EXCLUDED."orders", "totals" = EXCLUDED."totals"`;
        if (changed.length > 0) {
          const records = changed.map(({ item, comparison: c }) => ({
            orderId: item.order.id,
            externalId: item.order.externalId,
            placedAt: item.order.createdAt,
            storeId: item.order.storeId,
            platform: item.order.platform,
            country: item.order.shippingAddress.country,
            changes: c.changes,
            baselineWarehouseId: c.baseline.warehouseId,
            candidateWarehouseId: c.candidate.warehouseId,
            baselineChannelId: c.baseline.channelId,
            candidateChannelId: c.candidate.channelId,
            costDelta: c.baseline.cost !== null && c.candidate.cost !== null && c.baseline.currency === c.candidate.currency ? Math.round((c.candidate.cost - c.baseline.cost) * 100) / 100 : null,
            baseline: c.baseline,
            candidate: c.candidate,
          }));
          await tx.$executeRawUnsafe(
            `INSERT INTO "simulation_orders" ("simulationId", "orderId", "chunkIndex", "externalId", "placedAt", "storeId", "platform", "country", "changes", "baselineWarehouseId", "candidateWarehouseId", "baselineChannelId", "candidateChannelId", "costDelta", "baseline", "candidate")
             SELECT $1, r."orderId", $2, r."externalId", r."placedAt", r."storeId", r."platform", r."country", r."changes", r."baselineWarehouseId", r."candidateWarehouseId", r."baselineChannelId", r."candidateChannelId", r."costDelta", r."baseline", r."candidate"
             FROM jsonb_to_recordset($3::jsonb) AS r("orderId" text, "externalId" text, "placedAt" timestamptz, "storeId" text, "platform" text, "country" text, "changes" text[], "baselineWarehouseId" text, "candidateWarehouseId" text, "baselineChannelId" text, "candidateChannelId" text, "costDelta" float8, "baseline" jsonb, "candidate" jsonb)
             ON CONFLICT ("simulationId", "orderId") DO NOTHING`,
            run.simulationId,
            run.chunkIndex,
            JSON.stringify(records),
          );
        }
        await tx.$executeRaw`
          UPDATE "simulations" SET
            "done" = (SELECT COALESCE(SUM("orders"), 0) FROM "simulation_chunks" WHERE "simulationId" = ${run.simulationId}),
            "total" = (SELECT COALESCE(SUM("orders"), 0) FROM "simulation_chunks" WHERE "simulationId" = ${run.simulationId}),
            "changed" = (SELECT COUNT(*) FROM "simulation_orders" WHERE "simulationId" = ${run.simulationId}),
            "chunkCount" = (SELECT COUNT(*) FROM "simulation_chunks" WHERE "simulationId" = ${run.simulationId}),
            "updatedAt" = now()
          WHERE "id" = ${run.simulationId}`;
        return false;
      });
      if (ended) {
        this.runs.delete(run.simulationId);
        return false;
      }
      run.changedWritten += changed.length;
      return true;
    } catch (error) {
      // Not written (the database is unreachable): the totals are cumulative, the changed orders go back.
      run.dirty = true;
      run.changed.unshift(...changed);
      console.error(`shadow ${run.simulationId}: writing its results failed:`, (error as Error)?.message ?? error);
      return false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
