import type { evaluatePipeline } from "@/rules-schema/evaluate/evaluate-pipeline";
import type { TStageVersion, TStoredStageDecision } from "../schemas/api-v1-schemas";
import type { RouterSnapshot } from "./load-router-snapshot";

/** The version of each stage a snapshot routes with, as stored with every decision. */
export const versionsOf = (snap: RouterSnapshot): TStageVersion[] =>
  snap.stages.map((s) => ({ stage: s.stage, rulesetId: s.rulesetId, rulesetName: s.rulesetName, version: s.version, contentHash: s.contentHash }));

/** Each stage's own decision with the version that made it (the `stages` of an answer and of a stored decision). */
export const stageDecisions = (ev: ReturnType<typeof evaluatePipeline>, versions: readonly TStageVersion[]): TStoredStageDecision[] =>
  ev.stages.map((s, i) => ({ ...versions[i]!, decision: s.evaluation.decision }));
