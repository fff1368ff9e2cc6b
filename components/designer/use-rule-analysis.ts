"use client";
import { useDeferredValue, useMemo } from "react";
import { analyzeGraphRules } from "@/rules-schema/analysis/analysis-problems";
import type { TRulesetAnalysis } from "@/rules-schema/analysis/analyze-ruleset";
import type { TEvaluationContext } from "@/rules-schema/context/context-schema";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import { useSettled } from "./use-settled";

/** How long the edits pause before the analysis runs again (it may take a quarter of a second on a large graph). */
const ANALYSIS_PAUSE_MS = 600;

export interface RuleAnalysisState {
  analysis: TRulesetAnalysis | null;
  /** The findings as problems (warnings), each with its example order. */
  problems: TProblem[];
  /** The graph changed since the findings shown: a new analysis waits for a pause in the edits. */
  pending: boolean;
}

const NONE: RuleAnalysisState = { analysis: null, problems: [], pending: false };

/**
 * The rule analysis of the canvas (overlapping, shadowed and dead rules, channels that refuse a rule's
 * orders, gaps), in the browser: after a pause in the edits and at low priority, so typing never
 * waits for it. `graph` null (it has errors, or the master data is not loaded yet): nothing.
 */
export function useRuleAnalysis(
  graph: TRuleGraph | null,
  context: TEvaluationContext | undefined,
  /** For later stages: the warehouses the published warehouse rules can assign (null: any warehouse). */
  arrivingWarehouseIds: readonly string[] | null,
): RuleAnalysisState {
  const settled = useSettled(graph, ANALYSIS_PAUSE_MS);
  const deferred = useDeferredValue(settled, null);
  const result = useMemo(
    () => (deferred ? analyzeGraphRules(deferred, context, arrivingWarehouseIds ? { arrivingWarehouses: arrivingWarehouseIds } : {}) : null),
    [deferred, context, arrivingWarehouseIds],
  );
  if (graph === null || result === null) return NONE;
  return { analysis: result.analysis, problems: result.problems, pending: deferred !== graph };
}
