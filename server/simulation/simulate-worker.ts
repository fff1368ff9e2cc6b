/**
 * A simulation worker thread: evaluates chunks sent by the evaluator pool (evaluate-chunk.ts).
 * Messages: { id, key, plan?, context?, input } → { id, result } or { id, error }.
 * The plan and context travel once per simulation key; later chunks send only rows.
 */
import { parentPort } from "node:worker_threads";
import type { TEvaluationContext } from "../../rules-schema/context/context-schema";
import type { TSimulationPlan } from "../../rules-schema/simulate/simulation-schema";
import { type ChunkInput, evaluateChunk, simulatorFor } from "./evaluate-chunk";

interface Task {
  id: number;
  key: string;
  plan?: TSimulationPlan;
  context?: TEvaluationContext;
  input: ChunkInput;
  /** Test hook: makes this task throw, as a failing worker would. */
  fail?: string;
}

const contexts = new Map<string, TEvaluationContext>();
const plans = new Map<string, TSimulationPlan>();
/** How many simulations a worker remembers; the pool evicts in the same order (KEYS_PER_WORKER). */
const KEEP = 8;

function remember(key: string, plan: TSimulationPlan, context: TEvaluationContext) {
  if (!plans.has(key) && plans.size >= KEEP) {
    const oldest = plans.keys().next().value!;
    plans.delete(oldest);
    contexts.delete(oldest);
  }
  plans.set(key, plan);
  contexts.set(key, context);
}

parentPort!.on("message", (task: Task) => {
  try {
    if (task.fail === "crash") process.exit(3);
    if (task.fail) throw new Error(task.fail);
    if (task.plan && task.context) remember(task.key, task.plan, task.context);
    const plan = plans.get(task.key);
    const context = contexts.get(task.key);
    if (!plan || !context) throw new Error(`worker has no plan for ${task.key}`);
    const result = evaluateChunk(simulatorFor(task.key, plan), context, task.input);
    parentPort!.postMessage({ id: task.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? e.message : String(e) });
  }
});
