import { randomUUID } from "node:crypto";
import os from "node:os";
import PgBoss from "pg-boss";
import type { Db } from "../db/create-db";
import { EvaluatorPool } from "./evaluator-pool";
import { type DbTurn, type LoadedSimulation, loadSimulation, MAX_CHUNK_ATTEMPTS, pendingChunks, prepareSimulation, recordChunkFailure, runChunk, stopSimulation } from "./simulation-steps";

export type RunnerKind = "embedded" | "pg-boss";

/** Runs simulations in the background. `enqueue` returns at once; progress is in the database. */
export interface SimulationRunner {
  readonly kind: RunnerKind;
  /** Resumes what an earlier process left unfinished, then serves new work. */
  start(): Promise<void>;
  enqueue(id: string): Promise<void>;
  /** Stops taking work; chunks in flight are abandoned (a restart resumes them). */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  /** Worker threads that evaluate (0: on the calling thread). Default: one per core, 1–4. */
  pool?: EvaluatorPool;
  /** Chunks in flight per simulation (embedded) or per process (pg-boss). Default: pool size + 1, so reads and writes overlap evaluation. */
  concurrency?: number;
  /** Test hook: makes a chunk's evaluation fail (a message, or "crash" to kill the worker thread). */
  failChunk?: (simulationId: string, index: number) => string | undefined;
  /**
   * pg-boss: a job whose process died (kill -9, lost machine) expires after this long and is delivered
   * again; pg-boss looks for expired jobs every `maintenanceIntervalSeconds`. Together they bound how
   * long a dead instance's chunk waits: default 15 + 10 s, so work resumes within 30 s. A chunk that is
   * merely slow and expires is harmless: its commit is idempotent.
   */
  expireInSeconds?: number;
  maintenanceIntervalSeconds?: number;
  /** Test hook: makes preparing a simulation fail with this message. */
  failPlan?: (simulationId: string) => string | undefined;
}

const workerName = () => `${os.hostname()}:${process.pid}`;

/**
 * Embedded mode (PGlite, one process): simulations run inside the app, chunks evaluated in worker
 * threads while the main thread reads and writes the database. On start it resumes every queued or
 * running embedded simulation: chunks left "running" by a dead process go back to pending.
 */
export class EmbeddedRunner implements SimulationRunner {
  readonly kind = "embedded";
  private readonly pool: EvaluatorPool;
  private readonly concurrency: number;
  private readonly active = new Map<string, Promise<void>>();
  private stopped = false;
  /** The end of the queue of chunks' database work (one at a time; see DbTurn). */
  private dbQueue: Promise<unknown> = Promise.resolve();

  /**
   * One chunk's reads or commit at a time, each after a turn of the event loop: PGlite has one
   * connection, so requests (the run page's progress, other screens) wait behind one chunk's work at most.
   */
  private readonly dbTurn: DbTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = this.dbQueue.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    this.dbQueue = turn.catch(() => undefined);
    return turn;
  };

  constructor(
    private readonly db: Db,
    private readonly options: RunnerOptions = {},
  ) {
    this.pool = options.pool ?? new EvaluatorPool();
    this.concurrency = options.concurrency ?? Math.max(2, this.pool.size + 1);
  }

  async start(): Promise<void> {
    const unfinished = await this.db.simulation.findMany({ where: { runner: "embedded", status: { in: ["queued", "running"] } }, select: { id: true }, orderBy: { createdAt: "asc" } });
    if (unfinished.length === 0) return;
    await this.db.simulationChunk.updateMany({ where: { simulationId: { in: unfinished.map((s) => s.id) }, status: "running" }, data: { status: "pending" } });
    for (const s of unfinished) await this.enqueue(s.id);
  }

  async enqueue(id: string): Promise<void> {
    if (this.stopped || this.active.has(id)) return;
    // Start on the next turn of the event loop: the request that created the simulation answers first.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drive(id))
      .catch((e: unknown) => console.error(`[simulation ${id}]`, e))
      .finally(() => this.active.delete(id));
    this.active.set(id, run);
  }

  /** Resolves when the simulation's work in this runner has ended (tests, the benchmark). */
  async settled(id: string): Promise<void> {
    await this.active.get(id);
  }

  private async drive(id: string): Promise<void> {
    if ((await prepareSimulation(this.db, id)) !== "ready") return;
    const sim = await loadSimulation(this.db, id);
    if (!sim) return;
    const queue = await pendingChunks(this.db, id);
    let over = false;
    const lane = async () => {
      while (!over && !this.stopped && queue.length > 0) {
        const index = queue.shift()!;
        if ((await this.attempt(sim, index)) !== "done") over = true;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, lane));
  }

  /** Runs a chunk, retrying up to MAX_CHUNK_ATTEMPTS; "stopped" when the simulation ended meanwhile. */
  private async attempt(sim: LoadedSimulation, index: number): Promise<"done" | "stopped"> {
    for (;;) {
      if (this.stopped) return "stopped";
      try {
        return await runChunk(this.db, this.pool, sim, index, workerName(), this.options.failChunk?.(sim.id, index), this.dbTurn);
      } catch (e) {
        if (this.stopped) return "stopped";
        if ((await recordChunkFailure(this.db, sim.id, index, e)) === "failed") return "stopped";
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.pool.close();
    await Promise.allSettled([...this.active.values()]);
  }
}

const PLAN_QUEUE = "simulation-plan";
/** Tries at preparing a simulation (splitting it into chunks) before it fails. */
const PLAN_ATTEMPTS = 3;
const CHUNK_QUEUE = "simulation-chunk";

/**
 * PostgreSQL mode: a pg-boss job queue in the same database. Creating a simulation sends a plan job;
 * whichever instance takes it splits the orders into chunks and sends one job per chunk; every app
 * instance (on any machine) takes chunk jobs, so they share one simulation's work. A job whose
 * process died expires and is retried by pg-boss; a chunk's commit is idempotent.
 */
export class PgBossRunner implements SimulationRunner {
  readonly kind = "pg-boss";
  private readonly boss: PgBoss;
  private readonly pool: EvaluatorPool;
  private readonly concurrency: number;
  private readonly loaded = new Map<string, Promise<LoadedSimulation | null>>();
  private readonly id = randomUUID().slice(0, 8);

  constructor(
    private readonly db: Db,
    connectionString: string,
    private readonly options: RunnerOptions = {},
  ) {
    this.pool = options.pool ?? new EvaluatorPool();
    this.concurrency = options.concurrency ?? Math.max(2, this.pool.size + 1);
    this.boss = new PgBoss({
      connectionString,
      schema: "pgboss",
      max: this.concurrency + 2,
      application_name: "switchyard-simulations",
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10,
    });
    this.boss.on("error", (e) => console.error("[pg-boss]", e));
  }

  async start(): Promise<void> {
    await this.boss.start();
    const expireInSeconds = this.options.expireInSeconds ?? 15;
    // createQueue keeps an existing queue's settings: update them so a changed expiry takes effect.
    for (const [name, retryLimit, retryDelay] of [
      [PLAN_QUEUE, PLAN_ATTEMPTS - 1, 2],
      // pg-boss retries above our own count so that the chunk's recorded attempts decide when to give up.
      [CHUNK_QUEUE, MAX_CHUNK_ATTEMPTS + 1, 1],
    ] as const) {
      await this.boss.createQueue(name, { name, retryLimit, retryDelay, expireInSeconds });
      await this.boss.updateQueue(name, { name, retryLimit, retryDelay, expireInSeconds });
    }
    await this.boss.work<{ id: string }>(PLAN_QUEUE, { pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      try {
        await this.plan(job.data.id);
      } catch (error) {
        // The last attempt: the simulation fails with the reason, it never stays "queued" for good.
        if (job.retryCount >= job.retryLimit) {
          const reason = `Preparing the simulation failed ${job.retryCount + 1} times: ${(error as Error)?.message ?? String(error)}`.slice(0, 1000);
          await stopSimulation(this.db, job.data.id, "failed", reason).catch((e: unknown) => console.error("[simulations] could not mark the simulation failed:", e));
          return;
        }
        throw error;
      }
    });
    for (let i = 0; i < this.concurrency; i++)
      await this.boss.work<{ id: string; index: number }>(CHUNK_QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (!job) return;
        await this.chunk(job.data.id, job.data.index);
      });
  }

  async enqueue(id: string): Promise<void> {
    await this.boss.send(PLAN_QUEUE, { id });
  }

  private async plan(id: string): Promise<void> {
    const failure = this.options.failPlan?.(id);
    if (failure) throw new Error(failure);
    if ((await prepareSimulation(this.db, id)) !== "ready") return;
    const indexes = await pendingChunks(this.db, id);
    for (let i = 0; i < indexes.length; i += 500) await this.boss.insert(indexes.slice(i, i + 500).map((index) => ({ name: CHUNK_QUEUE, data: { id, index } })));
  }

  private async chunk(id: string, index: number): Promise<void> {
    let loading = this.loaded.get(id);
    if (!loading) {
      loading = loadSimulation(this.db, id);
      this.loaded.set(id, loading);
      if (this.loaded.size > 16) this.loaded.delete(this.loaded.keys().next().value!);
    }
    const sim = await loading;
    if (!sim) return;
    try {
      await runChunk(this.db, this.pool, sim, index, `${workerName()}:${this.id}`, this.options.failChunk?.(id, index));
    } catch (e) {
      // Below the limit the job fails and pg-boss retries it (here or on another instance).
      if ((await recordChunkFailure(this.db, id, index, e)) === "retry") throw e;
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, timeout: 5_000 });
    await this.pool.close();
  }
}
