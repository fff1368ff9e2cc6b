import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { TEvaluationContext } from "@/rules-schema/context/context-schema";
import type { TSimulationPlan } from "@/rules-schema/simulate/simulation-schema";
import { type ChunkInput, type ChunkResult, evaluateChunk, simulatorFor } from "./evaluate-chunk";

/** Simulations a worker keeps prepared; the worker evicts its oldest the same way (simulate-worker.ts). */
const KEYS_PER_WORKER = 8;

export interface EvaluateTask {
  /** The simulation id: plans and contexts are sent to a worker once per key. */
  key: string;
  plan: TSimulationPlan;
  context: TEvaluationContext;
  input: ChunkInput;
}

interface Slot {
  worker: Worker;
  keys: string[];
  busy: { id: number; resolve: (r: ChunkResult) => void; reject: (e: Error) => void } | null;
}

/**
 * Worker threads that evaluate simulation chunks, so the main thread stays free for the database and
 * the app's requests. Workers run the TypeScript sources through tsx (a dependency of the app). A worker
 * that crashes fails its task (the caller retries the chunk) and is replaced. With `size: 0` chunks are
 * evaluated inline on the calling thread.
 */
export class EvaluatorPool {
  private slots: Slot[] = [];
  private queue: { task: EvaluateTask; fail?: string; resolve: (r: ChunkResult) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(size = defaultPoolSize()) {
    this.size = size;
  }

  /** Evaluates a chunk; `fail` (tests) makes the worker throw that message, or exit with "crash". */
  run(task: EvaluateTask, fail?: string): Promise<ChunkResult> {
    if (this.closed) return Promise.reject(new Error("evaluator pool is closed"));
    if (this.size === 0) {
      try {
        if (fail) throw new Error(fail);
        return Promise.resolve(evaluateChunk(simulatorFor(task.key, task.plan), task.context, task.input));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ task, fail, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = { id, resolve: next.resolve, reject: next.reject };
      slot.worker.ref();
      const known = slot.keys.includes(next.task.key);
      if (!known) {
        if (slot.keys.length >= KEYS_PER_WORKER) slot.keys.shift();
        slot.keys.push(next.task.key);
      }
      slot.worker.postMessage({
        id,
        key: next.task.key,
        ...(known ? {} : { plan: next.task.plan, context: next.task.context }),
        input: next.task.input,
        ...(next.fail ? { fail: next.fail } : {}),
      });
    }
  }

  private spawn(): Slot {
    // Reflect.construct: a literal `new Worker(…)` makes the Next.js bundler try to bundle the worker
    // file (and tsx with it); the worker is loaded by Node from the sources at run time instead.
    const worker = Reflect.construct(Worker, [workerFile(), { env: process.env }]) as Worker;
    const slot: Slot = { worker, keys: [], busy: null };
    worker.on("message", (msg: { id: number; result?: ChunkResult; error?: string }) => {
      const busy = slot.busy;
      if (!busy || busy.id !== msg.id) return;
      slot.busy = null;
      slot.worker.unref();
      if (msg.error !== undefined) busy.reject(new Error(msg.error));
      else busy.resolve(msg.result!);
      this.pump();
    });
    const lost = (why: string) => {
      this.slots = this.slots.filter((s) => s !== slot);
      const busy = slot.busy;
      slot.busy = null;
      busy?.reject(new Error(`simulation worker ${why}`));
      if (!this.closed) this.pump();
    };
    worker.on("error", (e) => lost(`failed: ${e.message}`));
    worker.on("exit", (code) => lost(`exited with code ${code}`));
    // An idle pool must not keep the process alive (a busy worker does, see pump).
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error("evaluator pool is closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}

/** The worker source: from the app's root (Next bundles server code, so no path relative to this file). */
function workerFile(): string {
  return path.join(process.env.SWITCHYARD_ROOT ?? process.cwd(), "server/simulation/simulate-worker-entry.mjs");
}

/**
 * Worker threads for this machine, at least one and at most four. With PGlite the database runs on the
 * main thread, which then needs a core of its own: one worker per core but one. With PostgreSQL the
 * main thread mostly waits: one worker per core. Measured on 2 cores, 1,000,000 orders: PGlite with
 * one worker 48 s, with two 76 s (three busy threads on two cores); PostgreSQL with one worker 55 s,
 * with two 38 s. `SIMULATION_WORKERS` overrides it (0: evaluate on the main thread).
 */
export function defaultPoolSize(databaseInProcess = true): number {
  const fromEnv = Number(process.env.SIMULATION_WORKERS);
  if (process.env.SIMULATION_WORKERS && Number.isInteger(fromEnv) && fromEnv >= 0) return fromEnv;
  return Math.max(1, Math.min(4, os.availableParallelism() - (databaseInProcess ? 1 : 0)));
}
