/**
 * What a simulation can and cannot show when a stage of the pipeline has no rules running, and which
 * drafts the form offers to include. Pure: the form, the run page and their tests share it.
 */
import type { TStage } from "@/rules-schema/graph/graph-schema";
import type { TPipelineEntry, TSimulationDefaults } from "@/server/schemas/simulation-schemas";

/** What the results lack when nothing runs in a stage. */
export const MISSING_STAGE_EFFECT: Record<TStage, string> = {
  orderReview: "no order is held or flagged for review",
  skuPairing: "platform SKUs are not paired to warehouse SKUs",
  warehouseMatching: "orders get no warehouse, so no stock check or warehouse deadline",
  logisticsMatching: "orders get no channel, so no cost estimate",
  autoProcessing: "no order is split, merged, intercepted or pushed",
};

/** Stages whose absence empties the figures analysts compare (warehouse, channel, cost, deadline). */
export const COST_STAGES: readonly TStage[] = ["warehouseMatching", "logisticsMatching"];

type PipelineStage = TSimulationDefaults["pipeline"][number];

/** A ruleset's draft the form can include: it compiles and is newer than what is live. */
export function includableDraft(r: PipelineStage["rulesets"][number]): boolean {
  return r.draft !== null && r.draft.compiles;
}

/**
 * Drafts included unless the user unticks them: for a warehouse or logistics stage with nothing live,
 * the first ruleset with a compiling draft (so a first simulation shows channels and cost).
 */
export function defaultIncludedDrafts(pipeline: TSimulationDefaults["pipeline"]): string[] {
  const ids: string[] = [];
  for (const s of pipeline) {
    if (!COST_STAGES.includes(s.stage) || s.rulesets.some((r) => r.published !== null)) continue;
    const draft = s.rulesets.find(includableDraft);
    if (draft) ids.push(draft.id);
  }
  return ids;
}

/** The stages of a frozen simulation that ran nothing and empty its cost or channel figures. */
export function missingCostStages(pipeline: readonly TPipelineEntry[]): TStage[] {
  return COST_STAGES.filter((stage) => pipeline.some((e) => e.stage === stage && e.source === "missing"));
}
