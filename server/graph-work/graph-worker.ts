/**
 * A graph worker thread: compiles rule graphs sent by the graph compiler (compile-off-thread.ts), so
 * a large graph never holds the server's main thread. Messages: { id, graph, context } →
 * { id, result } (a CompileResult) or { id, error }.
 */
import { parentPort } from "node:worker_threads";
import { compileGraph } from "../../rules-schema/compile/compile-graph";
import type { TEvaluationContext } from "../../rules-schema/context/context-schema";

interface Task {
  id: number;
  graph: unknown;
  context: TEvaluationContext;
  /** Test hook: "crash" makes the worker exit as a crashing worker would. */
  fail?: string;
}

parentPort!.on("message", (task: Task) => {
  try {
    if (task.fail === "crash") process.exit(3);
    parentPort!.postMessage({ id: task.id, result: compileGraph(task.graph, { context: task.context }) });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? e.message : String(e) });
  }
});
