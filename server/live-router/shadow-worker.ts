/**
 * The shadow's worker thread: evaluates routed orders against the versions in shadow (shadow-core.ts)
 * off the router's main thread, so the shadow's CPU never sits between a request and its answer. With
 * PostgreSQL (`workerData.databaseUrl`) it also writes the runs' figures itself, over a connection of
 * its own (shadow-writer.ts); otherwise (PGlite lives on the main thread) the main thread takes them.
 * Messages, in order (a later message sees everything before it done):
 *   { t: "define", key, snapshot } · { t: "orders", key, items } · { t: "seed", runs } · { t: "end", simulationId }
 *   { t: "skipped", simulationId, total } (orders of the run's sample the sender could not hand over, so far)
 *   { t: "take", id } → { t: "taken", id, runs, done } · { t: "flush", id } → { t: "flushed", id, figures, done }
 *   { t: "ping", id } → { t: "pong", id }
 * `workerData.done` (an Int32Array over shared memory) counts the orders evaluated, so the sender knows
 * how many are still queued without a message per batch.
 *
 * The thread runs at the lowest scheduling priority (set by shadow-worker-entry.mjs before anything
 * loads): on a busy machine the router gets the cores first and the shadow takes what is left; when it
 * falls behind, the sender drops orders beyond its queue limit and counts them.
 */
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { DEFAULT_DB_TIMEOUTS } from "../db/resolve-db-config";
import { ShadowRuns, type RunSeed, type ShadowOrder, type ShadowSnapshot } from "./shadow-core";
import { ShadowWriter, type SqlTransaction } from "./shadow-writer";

type Message =
  | { t: "define"; key: number; snapshot: ShadowSnapshot }
  | { t: "orders"; key: number; items: ShadowOrder[] }
  | { t: "seed"; runs: RunSeed[] }
  | { t: "end"; simulationId: string }
  | { t: "skipped"; simulationId: string; total: number }
  | { t: "take"; id: number }
  | { t: "flush"; id: number }
  | { t: "ping"; id: number };

export interface ShadowWorkerData {
  done: Int32Array;
  instanceId: string;
  /** PostgreSQL to write the figures into from this thread; null: the main thread takes them. */
  databaseUrl: string | null;
}

/** One connection of the thread's own, in transactions. */
function pgTransaction(url: string): SqlTransaction {
  const t = DEFAULT_DB_TIMEOUTS;
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: t.connectMs, query_timeout: t.queryMs, statement_timeout: t.queryMs, idle_in_transaction_session_timeout: t.transactionMs, keepAlive: true });
  pool.on("error", (error) => console.error("shadow: the worker's database connection failed:", error.message));
  return async (fn) => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await fn(async (sql, params) => (await client.query(sql, params as unknown[])).rows);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

const data = workerData as ShadowWorkerData;
const runs = new ShadowRuns();
const writer = data.databaseUrl ? new ShadowWriter(pgTransaction(data.databaseUrl), data.instanceId, (id) => runs.end(id)) : null;
/** Flushes one after another. */
let flushing: Promise<void> = Promise.resolve();

parentPort!.on("message", (m: Message) => {
  switch (m.t) {
    case "define":
      runs.define(m.key, m.snapshot);
      return;
    case "orders":
      try {
        for (const item of m.items) runs.evaluate(m.key, item);
      } finally {
        Atomics.add(data.done, 0, m.items.length);
      }
      return;
    case "seed":
      runs.seed(m.runs);
      return;
    case "end":
      runs.end(m.simulationId);
      return;
    case "skipped":
      runs.setSkipped(m.simulationId, m.total);
      return;
    case "take":
      // `done`: the orders evaluated into what is taken (every message before this one).
      parentPort!.postMessage({ t: "taken", id: m.id, runs: runs.take(), done: Atomics.load(data.done, 0) });
      return;
    case "flush": {
      const done = Atomics.load(data.done, 0);
      const taken = runs.take();
      flushing = flushing.then(async () => {
        try {
          if (writer) {
            writer.absorb(taken);
            await writer.writeAll();
          }
        } catch (error) {
          console.error("shadow: writing its figures failed:", (error as Error)?.message ?? error);
        } finally {
          // Always answered: the sender waits for it.
          parentPort!.postMessage({ t: "flushed", id: m.id, figures: writer?.figures() ?? [], done });
        }
      });
      return;
    }
    case "ping":
      parentPort!.postMessage({ t: "pong", id: m.id });
      return;
  }
});
