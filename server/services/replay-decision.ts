/**
 * A stored live decision evaluated again: from the stored input (the order as evaluated, the buyer's
 * open orders, the stock slice), the master data the router used (router_contexts) and each stage's
 * version as published then. It must come out exactly as stored; if it does not, the paths that differ
 * say where. Pure apart from what the caller loads.
 */
import { canonicalize, contextOfDecision, type TCompiledRuleset, type TDecisionInput, type TRouterMasterData, type TStage } from "@/rules-schema";
import { evaluatePipeline, type PipelineEvaluation } from "@/rules-schema/evaluate/evaluate-pipeline";
import type { TStageVersion } from "../schemas/api-v1-schemas";

/** A stage's version as found now: its compiled rules, or why it cannot be used. */
export interface ReplayStage {
  version: TStageVersion;
  compiled: TCompiledRuleset | null;
  /** Why `compiled` is null (the version was deleted, or its content changed). */
  missing: string | null;
}

export interface ReplayDifference {
  path: string;
  stored: unknown;
  now: unknown;
}

export type ReplayOutcome =
  | { status: "unavailable"; reason: string; differences: []; evaluation: null }
  | { status: "reproduced" | "differs"; reason: null; differences: ReplayDifference[]; evaluation: PipelineEvaluation };

const MAX_DIFFERENCES = 20;

/** Paths at which two JSON values differ (after the canonical JSON round trip both went through), at most MAX_DIFFERENCES. */
export function jsonDifferences(stored: unknown, now: unknown, path = "", out: ReplayDifference[] = []): ReplayDifference[] {
  if (out.length >= MAX_DIFFERENCES) return out;
  const a = stored;
  const b = now;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n && out.length < MAX_DIFFERENCES; i++) jsonDifferences(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) jsonDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`, out);
    return out;
  }
  if (a !== b) out.push({ path, stored: a ?? null, now: b ?? null });
  return out;
}

/** JSON as stored in a jsonb column and read back: undefined properties dropped, keys in any order. */
const asStored = (v: unknown): unknown => canonicalize(JSON.parse(JSON.stringify(v ?? null)) as unknown);

export function replayDecision(args: {
  stages: readonly ReplayStage[];
  master: TRouterMasterData | null;
  input: TDecisionInput | null;
  createdAt: Date;
  stored: { decision: unknown; stages: unknown };
  trace?: boolean;
}): ReplayOutcome {
  const { stages, master, input } = args;
  const unavailable = (reason: string): ReplayOutcome => ({ status: "unavailable", reason, differences: [], evaluation: null });
  if (!input) return unavailable("This decision was routed before Switchyard kept what each decision evaluated, so it cannot be re-evaluated.");
  if (!master) return unavailable("The master data the router used for this decision is no longer kept.");
  const gone = stages.find((s) => s.compiled === null);
  if (gone) return unavailable(gone.missing ?? `Version ${gone.version.version} of ${gone.version.rulesetName} cannot be loaded.`);
  const pipeline = stages.map((s) => ({ stage: s.version.stage as TStage, compiled: s.compiled! }));
  const context = contextOfDecision(master, input, args.createdAt.toISOString());
  const evaluation = evaluatePipeline(pipeline, input.order, context, { trace: args.trace ?? false });
  const versions = stages.map((s) => s.version);
  const differences = jsonDifferences(asStored({ decision: args.stored.decision, stages: args.stored.stages }), asStored({ decision: evaluation.decision, stages: evaluation.stages.map((s, i) => ({ ...versions[i]!, decision: s.evaluation.decision })) }));
  return { status: differences.length === 0 ? "reproduced" : "differs", reason: null, differences, evaluation };
}
