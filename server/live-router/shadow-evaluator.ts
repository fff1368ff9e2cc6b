/**
 * Evaluates the versions in shadow on live traffic, after the answers went out. `offer` only queues
 * references (nothing on the request's path); on the next turn of the event loop the orders go to the
 * shadow's worker thread (shadow-worker.ts), which evaluates them with the simulator (candidate = the
 * shadow, baseline = the live version of its ruleset, the other live stages around them) at a lower
 * scheduling priority and keeps each run's running figures. Every few seconds they are written into
 * the shadow's simulation (shadow-writer.ts: one chunk per instance with its totals so far, and the
 * changed orders): on PostgreSQL by the thread itself over its own connection, so the router's main
 * thread does no shadow work beyond handing orders over (~10 µs an order); on PGlite, which runs on the
 * main thread, by the main thread. The shadow never touches an answer: it runs on copies of what was routed.
 *
 * `thread: false` evaluates inline instead, in slices of at most `SLICE_MS` between requests (the
 * same evaluation, shadow-core.ts): for a process that cannot start worker threads.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { TDecision, TEvaluationContext, TOrder } from "@/rules-schema";
import type { TSimulationTotals } from "@/rules-schema/simulate";
import type { Db } from "../db/create-db";
import type { RouterSnapshot } from "./load-router-snapshot";
import { ShadowRuns, SNAPSHOTS_KEPT, liveAnswerOf, samplesOf, type ShadowOrder, type ShadowSnapshot, type TakenRun } from "./shadow-core";
import type { ShadowWorkerData } from "./shadow-worker";
import { ShadowWriter, seedsOf, type RunFigures, type SqlTransaction } from "./shadow-writer";

export { inSample } from "./shadow-core";

/** One routed order, as the shadow needs it. */
export interface ShadowItem {
  decisionId: string;
  order: TOrder;
  context: TEvaluationContext;
  /** The live pipeline's merged decision, as answered. */
  decision: TDecision;
  routedAt: Date;
}

/** Orders offered but not yet evaluated at most; beyond it new ones are dropped (and counted). */
const MAX_QUEUE = 20_000;

/** Orders posted to the worker in one message, and how many of them are in each run's sample. */
interface Posted {
  /** `posted` after this message. */
  end: number;
  count: number;
  perRun: [simulationId: string, orders: number][];
}
/** Inline mode: a slice works at most this long (and at least one order) before yielding to the event loop. */
const SLICE_MS = 1;

export interface ShadowEvaluatorOptions {
  /** Evaluate in a worker thread (default, unless `SHADOW_THREAD=0`), or inline between requests. */
  thread?: boolean;
  /** Orders waiting at most (default 20,000); more are dropped and counted as skipped in their runs. */
  maxQueue?: number;
  /** PostgreSQL (the database `db` is on): the worker thread writes the figures itself. Null (PGlite): the main thread writes them. */
  databaseUrl?: string | null;
}

export class ShadowEvaluator {
  private readonly thread: boolean;
  /** Offered, not yet handed over (thread) or evaluated (inline). */
  private pending: { snap: RouterSnapshot; items: readonly ShadowItem[] }[] = [];
  private pendingCount = 0;
  private scheduled = false;
  private readonly keys = new WeakMap<RouterSnapshot, number>();
  private nextKey = 1;
  /** The worker thread writes (PostgreSQL), or null: this thread writes. */
  private readonly databaseUrl: string | null;
  /** Writes from this thread (inline, or the thread's figures taken over on PGlite). */
  private readonly writer: ShadowWriter | null;
  /** Each run's figures after the last flush. */
  private lastFigures: RunFigures[] = [];
  private readonly timer: NodeJS.Timeout | null;
  private flushing: Promise<void> | null = null;
  /** Orders dropped because too many were waiting, or lost with a worker thread that died. */
  dropped = 0;
  /** Per run: orders of its sample routed but not evaluated (written with its figures, shown on its report). */
  private readonly skipped = new Map<string, number>();
  /** Per run: the count the evaluation has been told. */
  private readonly skippedSent = new Map<string, number>();
  private readonly maxQueue: number;
  /** Messages of orders the worker may not have evaluated, or not into figures taken yet, oldest first. */
  private inFlight: Posted[] = [];
  /** Orders the current worker had evaluated when its figures were last taken. */
  private doneAtLastTake = 0;

  // Thread mode.
  private worker: Worker | null = null;
  private done: Int32Array | null = null;
  /** Orders posted to the current worker. */
  private posted = 0;
  /** Snapshot keys the current worker holds, oldest first (it evicts in the same order). */
  private known: number[] = [];
  private nextId = 1;
  private readonly replies = new Map<number, (reply: Reply | null) => void>();

  // Inline mode.
  private readonly inline = new ShadowRuns();
  private idle: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    flushMs = 5_000,
    /** This process: its chunk in each shadow run. */
    readonly instanceId: string = randomUUID(),
    options: ShadowEvaluatorOptions = {},
  ) {
    this.thread = options.thread ?? process.env.SHADOW_THREAD !== "0";
    this.maxQueue = options.maxQueue ?? MAX_QUEUE;
    this.databaseUrl = this.thread ? (options.databaseUrl ?? null) : null;
    this.writer = this.databaseUrl ? null : new ShadowWriter(prismaTransaction(db), instanceId, (id) => this.ended(id));
    this.timer = flushMs > 0 ? setInterval(() => void this.flush(), flushMs) : null;
    this.timer?.unref();
  }

  /** Orders offered and not yet evaluated. */
  get backlog(): number {
    return this.pendingCount + (this.done ? this.posted - Atomics.load(this.done, 0) : 0);
  }

  /** Queues routed orders for the snapshot's shadows (nothing when it has none). Never throws, never waits. */
  offer(snap: RouterSnapshot, items: readonly ShadowItem[]): void {
    if (snap.shadows.length === 0 || items.length === 0) return;
    if (this.backlog + items.length > this.maxQueue) {
      this.skip(snap.shadows, items);
      return;
    }
    this.pending.push({ snap, items });
    this.pendingCount += items.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the current request's answer is written: the hand-over (or a slice) runs on the next turn.
    setImmediate(() => {
      this.scheduled = false;
      try {
        if (this.thread) this.handOver();
        else this.slice();
      } catch (error) {
        // Never let the shadow take the router down: what could not be handed over is dropped and counted.
        for (const { snap, items } of this.pending) this.skip(snap.shadows, items);
        this.pending = [];
        this.pendingCount = 0;
        console.error("shadow: handing orders over failed; they are counted as dropped:", (error as Error)?.message ?? error);
      }
    });
  }

  private keyOf(snap: RouterSnapshot): number {
    let key = this.keys.get(snap);
    if (key === undefined) this.keys.set(snap, (key = this.nextKey++));
    return key;
  }

  /** Counts orders that will not be evaluated as skipped, in the run of each shadow whose sample they are in. */
  private skip(shadows: readonly { simulationId: string; sampleRate: number }[], items: readonly { decisionId: string }[]): void {
    this.dropped += items.length;
    const { perShadow } = samplesOf(items.map((i) => i.decisionId), shadows);
    shadows.forEach((shadow, i) => {
      if (perShadow[i]! > 0) this.skipped.set(shadow.simulationId, (this.skipped.get(shadow.simulationId) ?? 0) + perShadow[i]!);
    });
  }

  /** Tells the evaluation (inline or the thread) the runs' skipped counts that changed. */
  private sendSkipped(): void {
    for (const [simulationId, total] of this.skipped) {
      if (this.skippedSent.get(simulationId) === total) continue;
      if (this.thread) {
        if (!this.worker) return;
        this.worker.postMessage({ t: "skipped", simulationId, total });
      } else this.inline.setSkipped(simulationId, total);
      this.skippedSent.set(simulationId, total);
    }
  }

  /** Posts the pending orders to the worker thread, each snapshot's master data once. */
  private handOver(): void {
    const worker = this.ensureWorker();
    this.sendSkipped();
    // Each batch leaves `pending` once posted: if posting throws, the rest stays there to be counted as skipped.
    while (this.pending.length > 0) {
      const { snap, items } = this.pending[0]!;
      const key = this.keyOf(snap);
      if (!this.known.includes(key)) {
        worker.postMessage({ t: "define", key, snapshot: shadowSnapshotOf(snap) });
        // The worker evicts its oldest snapshot the same way.
        if (this.known.length >= SNAPSHOTS_KEPT) this.known.shift();
        this.known.push(key);
      }
      // Each decision id hashed once: which orders go to the thread, and how many of them each run samples.
      const { inAny, perShadow } = samplesOf(items.map((i) => i.decisionId), snap.shadows);
      const out: ShadowOrder[] = [];
      items.forEach((item, i) => {
        if (inAny[i]) out.push(shadowOrderOf(snap, item));
      });
      if (out.length > 0) {
        worker.postMessage({ t: "orders", key, items: out });
        this.posted += out.length;
        const perRun = snap.shadows.map((sh, i): [string, number] => [sh.simulationId, perShadow[i]!]);
        this.inFlight.push({ end: this.posted, count: out.length, perRun });
      }
      this.pending.shift();
      this.pendingCount -= items.length;
    }
  }

  /** Inline mode: orders until `SLICE_MS` has passed. */
  private slice(): void {
    const until = performance.now() + SLICE_MS;
    while (this.pending.length > 0 && performance.now() < until) {
      const head = this.pending[0]!;
      const key = this.keyOf(head.snap);
      if (!this.inline.has(key)) this.inline.define(key, shadowSnapshotOf(head.snap));
      let done = 0;
      while (done < head.items.length && (done === 0 || performance.now() < until)) this.inline.evaluate(key, shadowOrderOf(head.snap, head.items[done++]!));
      this.pendingCount -= done;
      if (done === head.items.length) this.pending.shift();
      else head.items = head.items.slice(done);
    }
    if (this.pending.length > 0) this.schedule();
    else for (const resolve of this.idle.splice(0)) resolve();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const done = new Int32Array(new SharedArrayBuffer(4));
    // Reflect.construct: a literal `new Worker(…)` makes the Next.js bundler try to bundle the worker
    // file; Node loads it from the sources at run time instead (as the simulation workers).
    const workerData: ShadowWorkerData = { done, instanceId: this.instanceId, databaseUrl: this.databaseUrl };
    const worker = Reflect.construct(Worker, [workerFile(), { env: process.env, workerData }]) as Worker;
    this.worker = worker;
    this.done = done;
    this.posted = 0;
    this.doneAtLastTake = 0;
    this.known = [];
    worker.on("message", (m: Reply) => {
      if (m.t !== "pong" && this.worker === worker) this.taken(m.done);
      const reply = this.replies.get(m.id);
      if (!reply) return;
      this.replies.delete(m.id);
      reply(m);
      if (this.replies.size === 0) worker.unref();
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      // The orders not in figures taken from it are skipped (unevaluated, or evaluated into figures that died
      // with it), in the runs whose samples they were in; so a run's evaluated and skipped orders add up to its
      // sample of the routed orders. Takes fall between messages, so a message is on one side or the other.
      for (const m of this.inFlight) {
        const lostHere = Math.min(m.count, m.end - this.doneAtLastTake);
        if (lostHere <= 0) continue;
        this.dropped += lostHere;
        for (const [simulationId, n] of m.perRun) {
          const share = Math.round((n * lostHere) / m.count);
          if (share > 0) this.skipped.set(simulationId, (this.skipped.get(simulationId) ?? 0) + share);
        }
      }
      this.inFlight = [];
      this.skippedSent.clear();
      this.worker = null;
      this.done = null;
      this.posted = 0;
      for (const reply of this.replies.values()) reply(null);
      this.replies.clear();
      console.error(`shadow: the worker thread ${why}; orders it held are counted as dropped`);
    };
    worker.on("error", (e) => lost(`failed: ${e.message}`));
    worker.on("exit", (code) => lost(`exited with code ${code}`));
    // Runs already under way continue from their last taken figures.
    const seeds = seedsOf(this.writer?.figures() ?? this.lastFigures);
    if (seeds.length > 0) worker.postMessage({ t: "seed", runs: seeds });
    // Best effort: the thread never keeps the process alive, but while a reply is awaited.
    worker.unref();
    return worker;
  }

  /** Asks the worker thread for something and waits for its answer (null when it died meanwhile). */
  private ask(message: { t: "take" | "flush" | "ping" }): Promise<Reply | null> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  }

  /** Resolves once everything offered so far has been evaluated (tests, shutdown). */
  async drained(): Promise<void> {
    if (this.thread) {
      if (this.pending.length > 0) this.handOver();
      await this.ask({ t: "ping" });
      return;
    }
    if (this.pending.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** This instance's figures of a run as last taken (tests, diagnostics). */
  figures(simulationId: string): { totals: TSimulationTotals; baselineMismatches: number; skipped: number } | null {
    const f = this.lastFigures.find((x) => x.simulationId === simulationId);
    return f && f.totalsJson !== "" ? { totals: JSON.parse(f.totalsJson) as TSimulationTotals, baselineMismatches: f.baselineMismatches, skipped: f.skipped } : null;
  }

  /**
   * Takes each run's new figures from the evaluation, then writes each run's totals (this instance's
   * chunk) and its new changed orders, then the run's counters; a run that has ended meanwhile takes
   * nothing more (its row is locked while it ends).
   */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    this.sendSkipped();
    if (this.databaseUrl) {
      // The worker thread takes and writes; this thread only learns the figures.
      const reply = await this.ask({ t: "flush" });
      if (reply?.t === "flushed") this.lastFigures = reply.figures;
      return;
    }
    const writer = this.writer!;
    if (this.thread) {
      const reply = await this.ask({ t: "take" });
      if (reply?.t === "taken") writer.absorb(reply.runs);
    } else writer.absorb(this.inline.take());
    await writer.writeAll();
    this.lastFigures = writer.figures();
  }

  /** The worker's figures were taken when it had evaluated `done` orders: messages up to there are accounted for. */
  private taken(done: number): void {
    this.doneAtLastTake = Math.max(this.doneAtLastTake, done);
    while (this.inFlight.length > 0 && this.inFlight[0]!.end <= this.doneAtLastTake) this.inFlight.shift();
  }

  /** A run found ended: the evaluation forgets it. */
  private ended(simulationId: string): void {
    if (this.thread) this.worker?.postMessage({ t: "end", simulationId });
    else this.inline.end(simulationId);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    const worker = this.worker;
    this.worker = null;
    for (const reply of this.replies.values()) reply(null);
    this.replies.clear();
    void worker?.terminate();
  }
}

type Reply = { t: "taken"; id: number; runs: TakenRun[]; done: number } | { t: "flushed"; id: number; figures: RunFigures[]; done: number } | { t: "pong"; id: number };

/** Prisma's transactions as the writer's runner (on PGlite, or PostgreSQL without the worker thread). */
function prismaTransaction(db: Db): SqlTransaction {
  return (fn) =>
    db.$transaction((tx) =>
      fn(async <T,>(sql: string, params: readonly unknown[]) => (/^\s*SELECT\b/i.test(sql) ? tx.$queryRawUnsafe<T[]>(sql, ...params) : tx.$executeRawUnsafe(sql, ...params).then(() => [] as T[]))),
    );
}

/** What the worker thread needs of a router snapshot (plain data). */
function shadowSnapshotOf(snap: RouterSnapshot): ShadowSnapshot {
  return {
    stages: snap.stages.map((s) => ({ stage: s.stage, compiled: s.compiled, rulesetId: s.rulesetId })),
    shadows: snap.shadows.map((s) => ({ simulationId: s.simulationId, rulesetId: s.rulesetId, stage: s.stage, compiled: s.compiled, sampleRate: s.sampleRate })),
    context: snap.context,
  };
}

/** A routed order with its context as the difference from the snapshot's (the request's time, the buyer's orders). */
function shadowOrderOf(snap: RouterSnapshot, item: ShadowItem): ShadowOrder {
  const contextDelta: Record<string, unknown> = {};
  const base = snap.context as Record<string, unknown>;
  for (const [k, v] of Object.entries(item.context)) if (v !== base[k]) contextDelta[k] = v;
  return { decisionId: item.decisionId, order: item.order, contextDelta: contextDelta as Partial<TEvaluationContext>, live: liveAnswerOf(item.decision) };
}

/** The worker source: from the app's root (Next bundles server code, so no path relative to this file). */
function workerFile(): string {
  return path.join(process.env.SWITCHYARD_ROOT ?? process.cwd(), "server/live-router/shadow-worker-entry.mjs");
}
