import { actionEffect, isActionKind } from "../actions/decision-slots";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { compileGraph } from "../compile/compile-graph";
import { type TEvaluationContext, EMPTY_CONTEXT } from "../context/context-schema";
import { NODE_KIND_SPECS } from "../graph/node-kinds";
import type { TRuleGraph } from "../graph/graph-schema";
import { type TProblem, type TProblemCode, problem } from "../graph/problem-schema";
import { type AnalyzeRulesetOptions, type TFindingKind, type TRulesetAnalysis, analyzeRuleset } from "./analyze-ruleset";

const CODE_OF = {
  overlap: "ruleOverlap",
  shadowed: "shadowedRule",
  dead: "deadRule",
  channelExcluded: "channelExcludesRule",
  gap: "ruleGap",
} as const satisfies Record<TFindingKind, TProblemCode>;

/** The analysis's findings as the designer's and the CLI's problems (warnings), each with its example order. */
export function findingsAsProblems(analysis: TRulesetAnalysis): TProblem[] {
  return analysis.findings.map((f) => ({
    ...problem(CODE_OF[f.kind], f.message, { nodeIds: f.nodeIds, severity: "warning" }),
    ...(f.example ? { example: { order: f.example.order as unknown as Record<string, unknown>, assignedWarehouseId: f.example.assignedWarehouseId, evidence: f.evidence } } : {}),
  }));
}

/** Names a compiled rule by its node: the node's label, else its action ("Assign warehouse"), and its id; a table row by its number. */
export function ruleDescriber(compiled: TCompiledRuleset, graph?: Pick<TRuleGraph, "nodes">) {
  const nodes = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
  const byName = new Map(compiled.manifest.rules.map((m) => [m.name, m]));
  return (name: string, nodeId: string): string => {
    const m = byName.get(name);
    const node = nodes.get(nodeId);
    const kind = compiled.rules.find((r) => r.name === name)?.event.type ?? "";
    const base = node?.label || (node ? NODE_KIND_SPECS[node.kind].label : isActionKind(kind) ? actionEffect(kind).label : name);
    return m?.table ? `row ${m.table.row + 1} of “${base}”` : `“${base}” (${nodeId})`;
  };
}

/**
 * Compiles a graph and analyses its rules: the problems to add to validation's. Nothing when the
 * graph does not compile (validation reports why).
 */
export function analyzeGraphRules(graph: unknown, context?: TEvaluationContext, options: AnalyzeRulesetOptions = {}): { analysis: TRulesetAnalysis | null; problems: TProblem[] } {
  // Without master data, references to warehouses and channels are not checked (as in validation).
  const c = compileGraph(graph, context ? { context } : {});
  if (!c.ok) return { analysis: null, problems: [] };
  const analysis = analyzeRuleset(c.compiled, context ?? EMPTY_CONTEXT, { describeRule: ruleDescriber(c.compiled, graph as TRuleGraph), ...options });
  return { analysis, problems: findingsAsProblems(analysis) };
}
