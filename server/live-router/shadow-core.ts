/**
 * The shadow's evaluation, without any transport or database: snapshots of the live pipeline (its
 * stages, its versions in shadow and its master data), the routed orders evaluated against them with
 * the simulator (candidate = the shadow, baseline = the live version of its ruleset, the other live
 * stages around them), and each shadow run's running figures and changed orders until they are taken
 * to be written. The same class runs in the shadow's worker thread (shadow-worker.ts) and, inline, on
 * the main thread. Imports are relative: the worker thread loads this file without the app's aliases.
 */
import { createHash } from "node:crypto";
import type { TDecision } from "../../rules-schema/evaluate/decision-schema";
import type { TEvaluationContext } from "../../rules-schema/context/context-schema";
import type { TOrder } from "../../rules-schema/order/order-schema";
import type { TStage } from "../../rules-schema/graph/graph-schema";
import type { PipelineStage } from "../../rules-schema/evaluate/evaluate-pipeline";
import { addComparison, createSimulator, emptySimulationTotals } from "../../rules-schema/simulate";
import type { Simulator } from "../../rules-schema/simulate/create-simulator";
import type { TOrderComparison, TSimulationTotals } from "../../rules-schema/simulate/simulation-schema";
import { type ChangedOrderRow, changedOrderRow } from "../simulation/evaluate-chunk";

/** Changed orders kept per shadow run and instance at most (the totals count them all). */
export const MAX_CHANGED = 5_000;

/** A version in shadow, as the evaluation needs it. */
export interface ShadowSpec {
  simulationId: string;
  rulesetId: string;
  stage: TStage;
  compiled: PipelineStage["compiled"];
  sampleRate: number;
}

/** What the shadows of one router snapshot are evaluated against (plain data: it crosses to the worker thread). */
export interface ShadowSnapshot {
  stages: readonly (PipelineStage & { rulesetId: string })[];
  shadows: readonly ShadowSpec[];
  context: TEvaluationContext;
}

/** What the live pipeline answered, as far as the comparison checks it. */
export interface LiveAnswer {
  warehouseId: string | null;
  channelId: string | null;
  holds: number;
  intercept: boolean;
}

export function liveAnswerOf(decision: TDecision): LiveAnswer {
  return { warehouseId: decision.warehouseId, channelId: decision.channelId, holds: decision.holds.length, intercept: decision.intercept !== null };
}

/**
 * One routed order: its context is the snapshot's with `contextDelta`'s properties over it (the
 * request's time and the buyer's other orders), so the snapshot's master data crosses once.
 */
export interface ShadowOrder {
  decisionId: string;
  order: TOrder;
  contextDelta: Partial<TEvaluationContext>;
  live: LiveAnswer;
}

/** A changed order as it is written into the shadow's simulation (`simulation_orders`), as the simulator writes its own. */
export type ChangedRecord = ChangedOrderRow;

/**
 * Changed orders per write (and per JSON text; each text is built where the orders were evaluated).
 * Small on purpose: the router's next durable commit flushes the write-ahead log up to its own record,
 * the shadow's unflushed writes before it included. 1,000 orders (~1.5 MB of WAL) in one transaction
 * made the decisions committed right after it wait ~100 ms (bench:router); 100 at a time, paced by
 * the writer, keep each such flush small.
 */
export const CHANGED_PER_WRITE = 100;

/**
 * A run's figures so far (cumulative) and the changed orders found since the last take, already as
 * JSON text (built by the thread that evaluated them, so the thread that writes only passes text on).
 */
export interface TakenRun {
  simulationId: string;
  orders: number;
  totalsJson: string;
  baselineMismatches: number;
  /** Orders of the run's sample routed but not evaluated, so far. */
  skipped: number;
  /** Arrays of `ChangedRecord` as JSON, up to `CHANGED_PER_WRITE` each. */
  changed: { count: number; json: string }[];
}

/** A run's standing, to continue from after the thread that held it was replaced. */
export interface RunSeed {
  simulationId: string;
  totals: TSimulationTotals;
  baselineMismatches: number;
  skipped: number;
  /** Changed orders already kept (taken), counted against `MAX_CHANGED`. */
  kept: number;
}

/** Where a decision id falls in [0, 1): a fixed hash, so every instance samples alike. */
function samplePoint(decisionId: string): number {
  return createHash("sha1").update(decisionId).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** Whether a routed order is in a shadow's sample: a fixed hash of the decision id, so every instance samples alike. */
export function inSample(decisionId: string, rate: number): boolean {
  return rate >= 1 || samplePoint(decisionId) < rate;
}

/** Whether an order is in any of the shadows' samples (orders in none need not be evaluated or sent anywhere). */
export function inAnySample(decisionId: string, shadows: readonly { sampleRate: number }[]): boolean {
  let best = 0;
  for (const s of shadows) best = Math.max(best, s.sampleRate);
  return inSample(decisionId, best);
}

/**
 * For routed orders and the shadows of a snapshot: which orders are in any shadow's sample, and how many
 * are in each shadow's. Each decision id is hashed once, and not at all while every shadow takes every order.
 */
export function samplesOf(decisionIds: readonly string[], shadows: readonly { sampleRate: number }[]): { inAny: boolean[]; perShadow: number[] } {
  const perShadow = shadows.map(() => 0);
  if (shadows.every((s) => s.sampleRate >= 1)) return { inAny: decisionIds.map(() => shadows.length > 0), perShadow: perShadow.map(() => decisionIds.length) };
  const inAny = decisionIds.map((id) => {
    const point = samplePoint(id);
    let any = false;
    shadows.forEach((s, i) => {
      if (s.sampleRate >= 1 || point < s.sampleRate) {
        perShadow[i]!++;
        any = true;
      }
    });
    return any;
  });
  return { inAny, perShadow };
}

function recordOf(order: TOrder, comparison: TOrderComparison): ChangedRecord {
  return changedOrderRow({ orderId: order.id, externalId: order.externalId, placedAt: order.createdAt, storeId: order.storeId, platform: order.platform, country: order.shippingAddress.country, comparison });
}

interface Run {
  totals: TSimulationTotals;
  dirty: boolean;
  changed: ChangedRecord[];
  kept: number;
  baselineMismatches: number;
  skipped: number;
}

interface Prepared {
  snapshot: ShadowSnapshot;
  simulators: Map<string, Simulator>;
}

/** Snapshots kept at once (the router swaps its snapshot on publishes; orders of the previous one may still be queued). */
export const SNAPSHOTS_KEPT = 8;

export class ShadowRuns {
  private readonly snapshots = new Map<number, Prepared>();
  private readonly runs = new Map<string, Run>();

  /** Registers a snapshot under a key; the oldest beyond `SNAPSHOTS_KEPT` is forgotten (the sender evicts alike). */
  define(key: number, snapshot: ShadowSnapshot): void {
    if (!this.snapshots.has(key) && this.snapshots.size >= SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
    this.snapshots.set(key, { snapshot, simulators: new Map() });
  }

  has(key: number): boolean {
    return this.snapshots.has(key);
  }

  /** Evaluates one routed order for each shadow of the snapshot whose sample it is in. */
  evaluate(key: number, item: ShadowOrder): void {
    const prepared = this.snapshots.get(key);
    if (!prepared) {
      console.error(`shadow: order ${item.order?.id} refers to snapshot ${key}, which is not known; not evaluated`);
      return;
    }
    const { snapshot } = prepared;
    let context: TEvaluationContext | null = null;
    for (const shadow of snapshot.shadows) {
      if (!inSample(item.decisionId, shadow.sampleRate)) continue;
      try {
        context ??= { ...snapshot.context, ...item.contextDelta };
        const comparison = this.simulatorOf(prepared, shadow).compare(item.order, context);
        const run = this.run(shadow.simulationId);
        addComparison(run.totals, comparison);
        run.dirty = true;
        const b = comparison.baseline;
        const live = item.live;
        if (b.warehouseId !== live.warehouseId || b.channelId !== live.channelId || b.holds.length !== live.holds || b.intercept !== live.intercept) run.baselineMismatches++;
        if (comparison.changes.length > 0 && run.kept + run.changed.length < MAX_CHANGED) run.changed.push(recordOf(item.order, comparison));
      } catch (error) {
        console.error(`shadow ${shadow.simulationId}: evaluating order ${item.order?.id} failed:`, (error as Error)?.message ?? error);
      }
    }
  }

  private simulatorOf(prepared: Prepared, shadow: ShadowSpec): Simulator {
    let sim = prepared.simulators.get(shadow.simulationId);
    if (!sim) {
      const { stages } = prepared.snapshot;
      const live = stages.find((s) => s.rulesetId === shadow.rulesetId) ?? null;
      sim = createSimulator({ stage: shadow.stage, candidate: shadow.compiled, baseline: live?.compiled ?? null, others: stages.filter((s) => s.rulesetId !== shadow.rulesetId) });
      prepared.simulators.set(shadow.simulationId, sim);
    }
    return sim;
  }

  private run(simulationId: string): Run {
    let run = this.runs.get(simulationId);
    if (!run) this.runs.set(simulationId, (run = { totals: emptySimulationTotals(), dirty: false, changed: [], kept: 0, baselineMismatches: 0, skipped: 0 }));
    return run;
  }

  /** How many orders of a run's sample were routed but not evaluated, so far (the sender counts them). */
  setSkipped(simulationId: string, total: number): void {
    const run = this.run(simulationId);
    if (run.skipped === total) return;
    run.skipped = total;
    run.dirty = true;
  }

  /** Continues runs from where a replaced thread left them (their last taken figures). */
  seed(seeds: readonly RunSeed[]): void {
    for (const s of seeds) this.runs.set(s.simulationId, { totals: s.totals, dirty: false, changed: [], kept: s.kept, baselineMismatches: s.baselineMismatches, skipped: s.skipped });
  }

  /** The runs with something new since the last take: their figures so far and their new changed orders. */
  take(): TakenRun[] {
    const out: TakenRun[] = [];
    for (const [simulationId, run] of this.runs) {
      if (!run.dirty && run.changed.length === 0) continue;
      const changed: TakenRun["changed"] = [];
      for (let i = 0; i < run.changed.length; i += CHANGED_PER_WRITE) {
        const part = run.changed.slice(i, i + CHANGED_PER_WRITE);
        changed.push({ count: part.length, json: JSON.stringify(part) });
      }
      out.push({ simulationId, orders: run.totals.orders, totalsJson: JSON.stringify(run.totals), baselineMismatches: run.baselineMismatches, skipped: run.skipped, changed });
      run.kept += run.changed.length;
      run.changed = [];
      run.dirty = false;
    }
    return out;
  }

  /** Forgets a run that has ended (orders still queued for it start a new one, which its writer refuses again). */
  end(simulationId: string): void {
    this.runs.delete(simulationId);
  }
}
