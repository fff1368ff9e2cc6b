import path from "node:path";
import { Worker } from "node:worker_threads";
import { type CompileResult, analyzeGraph, compileAnalyzed } from "@/rules-schema";
import type { TEvaluationContext } from "@/rules-schema/context/context-schema";

/** Above this many (weighted) tests on a graph's paths, compiling goes to a worker thread (~25 ms of work here). */
export const INLINE_TESTS_ON_PATHS = 3_000;
/** Above this many nodes, too (validation alone grows with the graph). */
export const INLINE_NODES = 1_000;

interface Pending {
  id: number;
  resolve: (r: CompileResult) => void;
  reject: (e: Error) => void;
}

/**
 * One worker thread (started on first use, replaced when it dies) that compiles large graphs in
 * turn; requests queue behind each other there, never on the main thread. A worker that crashes
 * fails the compile it was running with an error; the next compile starts a new worker.
 */
export class GraphWorker {
  private worker: Worker | null = null;
  private readonly queue: { graph: unknown; context: TEvaluationContext; fail?: string; resolve: Pending["resolve"]; reject: Pending["reject"] }[] = [];
  private busy: Pending | null = null;
  private nextId = 1;
  private closed = false;

  compile(graph: unknown, context: TEvaluationContext, fail?: string): Promise<CompileResult> {
    if (this.closed) return Promise.reject(new Error("graph worker is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ graph, context, fail, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    if (this.busy || this.queue.length === 0 || this.closed) return;
    const next = this.queue.shift()!;
    const worker = (this.worker ??= this.spawn());
    this.busy = { id: this.nextId++, resolve: next.resolve, reject: next.reject };
    worker.ref();
    worker.postMessage({ id: this.busy.id, graph: next.graph, context: next.context, ...(next.fail ? { fail: next.fail } : {}) });
  }

  private spawn(): Worker {
    // Reflect.construct: a literal `new Worker(…)` makes the Next.js bundler try to bundle the worker
    // file; Node loads it from the sources at run time instead (as the simulation workers).
    const worker = Reflect.construct(Worker, [workerFile(), { env: process.env }]) as Worker;
    worker.on("message", (msg: { id: number; result?: CompileResult; error?: string }) => {
      const busy = this.busy;
      if (!busy || busy.id !== msg.id) return;
      this.busy = null;
      worker.unref();
      if (msg.error !== undefined) busy.reject(new Error(msg.error));
      else busy.resolve(msg.result!);
      this.pump();
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const busy = this.busy;
      this.busy = null;
      busy?.reject(new Error(`graph worker ${why}`));
      this.pump();
    };
    worker.on("error", (e) => lost(`failed: ${e.message}`));
    worker.on("exit", (code) => lost(`exited with code ${code}`));
    worker.unref();
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error("graph worker is closed"));
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}

function workerFile(): string {
  return path.join(process.env.SWITCHYARD_ROOT ?? process.cwd(), "server/graph-work/graph-worker-entry.mjs");
}

const globalForWorker = globalThis as typeof globalThis & { __switchyardGraphWorker?: GraphWorker };

/** `SWITCHYARD_GRAPH_WORKERS=0` compiles every graph on the calling thread. */
function workerEnabled(): boolean {
  return process.env.SWITCHYARD_GRAPH_WORKERS !== "0";
}

/** What a compile on the server did: inline or in the worker (for tests and logs). */
export type CompiledWhere = "inline" | "worker";

/**
 * Compiles a graph for a server request, as `compileGraph` does. A graph of many nodes goes to the
 * graph worker at once; others are validated on the calling thread (polynomial, bounded by the
 * graph's size) and compiled there when their paths hold few tests, else in the worker, so one large
 * graph does not stall other requests. Same graph in, same result out either way (a test holds the two equal).
 */
export async function compileForServer(graph: unknown, context: TEvaluationContext, options: { where?: (w: CompiledWhere) => void } = {}): Promise<CompileResult> {
  // Many nodes: straight to the worker, which validates as it compiles (no second analysis here).
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (workerEnabled() && Array.isArray(nodes) && nodes.length > INLINE_NODES) return inWorker(graph, context, options);
  const { analysis, problems } = analyzeGraph(graph, { context });
  if (!analysis) return { ok: false, problems };
  const large = analysis.testsOnPaths > INLINE_TESTS_ON_PATHS;
  if (!large || !workerEnabled()) {
    options.where?.("inline");
    return compileAnalyzed(analysis, problems);
  }
  return inWorker(graph, context, options);
}

function inWorker(graph: unknown, context: TEvaluationContext, options: { where?: (w: CompiledWhere) => void }): Promise<CompileResult> {
  options.where?.("worker");
  globalForWorker.__switchyardGraphWorker ??= new GraphWorker();
  return globalForWorker.__switchyardGraphWorker.compile(graph, context);
}
