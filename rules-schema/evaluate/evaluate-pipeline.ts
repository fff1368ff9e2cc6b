import type { TCompiledRuleset } from "../compile/compiled-schema";
import { type TEvaluationContext, EMPTY_CONTEXT } from "../context/context-schema";
import { STAGES, type TStage } from "../graph/graph-schema";
import type { TOrder } from "../order/order-schema";
import { deriveOrderFacts } from "../order/derive-order-facts";
import type { TDecision, TEvaluation } from "./decision-schema";
import { type EvaluateOptions, evaluate } from "./evaluate";
import { refuseChannelFromElsewhere } from "./channel-origin";
import { emptyDecision } from "./reduce-decisions";
import { mergeSlotsInto } from "../actions/decision-slots";

export { emptyDecision };

/** One stage's compiled ruleset (structurally the simulator's `TPipelineStage`). */
export interface PipelineStage {
  stage: TStage;
  compiled: TCompiledRuleset;
}

export interface StageEvaluation {
  stage: TStage;
  evaluation: TEvaluation;
}

export interface PipelineEvaluation {
  /** The stages' decisions merged into one (see `mergeDecisions`). */
  decision: TDecision;
  /** Each stage's own evaluation, in pipeline order. */
  stages: StageEvaluation[];
}

const STAGE_RANK: Readonly<Record<TStage, number>> = Object.fromEntries(STAGES.map((s, i) => [s, i])) as Record<TStage, number>;

/** Position of a stage in the pipeline: orderReview 0 … autoProcessing 4. */
export function stageRank(stage: TStage): number {
  return STAGE_RANK[stage];
}

/**
 * The stages in pipeline order (STAGES), stable for several entries of one stage. Returns the input
 * itself when it is already in order, so a prepared pipeline costs nothing per call.
 */
export function orderStages<T extends { stage: TStage }>(stages: readonly T[]): readonly T[] {
  for (let i = 1; i < stages.length; i++) {
    if (STAGE_RANK[stages[i]!.stage] < STAGE_RANK[stages[i - 1]!.stage]) {
      return stages.map((s, k) => ({ s, k })).sort((a, b) => STAGE_RANK[a.s.stage] - STAGE_RANK[b.s.stage] || a.k - b.k).map((x) => x.s);
    }
  }
  return stages;
}

/**
 * Merges the decisions of pipeline stages, given in pipeline order, into the order's decision. Each
 * action's slot merges as the action registry says (`mergeSlotsInto`):
 * - single-valued decisions (warehouseId, channelId, priorityLevel, split, merge, intercept, …) come
 *   from the first stage that sets them; later stages cannot override an earlier one;
 * - holds are concatenated in stage order; flags and tags too, without repeats;
 * - pushToWarehouse and requestTracking are true when any stage set them.
 * actions, firedRules and conflicts are concatenated in stage order; usedFallback is true when any
 * stage used its fallback. No cross-stage conflicts are added: each stage's own conflicts are kept as
 * they are. Pure: the inputs are not modified and share no arrays with the result. The live router
 * and the simulator both merge with this function.
 */
export function mergeDecisions(decisions: readonly TDecision[]): TDecision {
  const out = emptyDecision();
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    mergeSlotsInto(out, d);
    if (d.usedFallback) out.usedFallback = true;
    append(out.actions, d.actions);
    append(out.firedRules, d.firedRules);
    append(out.conflicts, d.conflicts);
  }
  return out;
}

function append<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
}

/**
 * Evaluates an order through a pipeline: each stage's compiled ruleset with `evaluate` (the one
 * evaluator), in pipeline order whatever the order of `stages`, each stage seeing the warehouse an
 * earlier stage assigned; then merges the stages' decisions with `mergeDecisions` and refuses a
 * channel that does not collect from the assigned warehouse (`refuseChannelFromElsewhere`). Stages missing from `stages` decide nothing. `options` apply to every stage.
 * No schema parsing here: the rulesets are trusted (checked once with `parseCompiledRuleset`).
 */
export function evaluatePipeline(
  stages: readonly PipelineStage[],
  order: TOrder,
  context: TEvaluationContext = EMPTY_CONTEXT,
  options: EvaluateOptions = {},
): PipelineEvaluation {
  const ordered = orderStages(stages);
  const evaluations: StageEvaluation[] = new Array(ordered.length);
  const decisions: TDecision[] = new Array(ordered.length);
  // The order's facts are derived once for all stages.
  const derived = options.derived ?? deriveOrderFacts(order, context.now);
  // Later stages see the warehouse an earlier stage assigned (the "Assigned warehouse" fact).
  let assignedWarehouseId: string | null = null;
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i]!;
    const evaluation = evaluate(s.compiled, order, context, { ...options, derived, assignedWarehouseId });
    evaluations[i] = { stage: s.stage, evaluation };
    decisions[i] = evaluation.decision;
    assignedWarehouseId ??= evaluation.decision.warehouseId;
  }
  return { decision: refuseChannelFromElsewhere(mergeDecisions(decisions), context), stages: evaluations };
}

/**
 * The warehouse the stages before `stage` assign to an order (what "Assigned warehouse" reads when
 * `stage` is evaluated in the pipeline); null when none of them assigns one. Stages of `stage` and
 * later are ignored.
 */
export function warehouseAssignedBefore(stages: readonly PipelineStage[], stage: TStage, order: TOrder, context: TEvaluationContext = EMPTY_CONTEXT): string | null {
  const earlier = stages.filter((s) => STAGE_RANK[s.stage] < STAGE_RANK[stage]);
  return earlier.length === 0 ? null : evaluatePipeline(earlier, order, context).decision.warehouseId;
}
