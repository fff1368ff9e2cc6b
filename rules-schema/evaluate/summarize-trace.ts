import { z } from "zod";
import type { TConditionTrace, TRuleTrace, TTrace } from "./decision-schema";

/** What one test node (condition, group, line quantifier) gave for the order, for painting the canvas. */
export const ZNodeResult = z.object({
  nodeId: z.string(),
  /** The test's own result (before any `false` edge negates it); null when it was not evaluated. */
  result: z.boolean().nullable(),
  /** The fact's value; for a line-item quantifier, how many lines matched of how many. */
  actual: z.unknown().optional(),
  /** The right-hand side after resolving a fact operand. */
  expected: z.unknown().optional(),
});
export type TNodeResult = z.infer<typeof ZNodeResult>;

export const ZTraceSummary = z.object({
  /** One entry per test node that appears in the trace, in the order met on the deciding rules first. */
  nodeResults: z.array(ZNodeResult),
  /** Action nodes whose rules fired, in rule order. */
  firedNodeIds: z.array(z.string()),
});
export type TTraceSummary = z.infer<typeof ZTraceSummary>;

/** Entries that stand for a node's own test: not the `not` a false edge adds, not path or gate wrappers. */
const isNodeTest = (c: TConditionTrace): c is TConditionTrace & { nodeId: string } => c.nodeId !== null && c.role !== "negation" && c.role !== "path" && c.role !== "gate";

function toNodeResult(c: TConditionTrace & { nodeId: string }): TNodeResult {
  const out: TNodeResult = { nodeId: c.nodeId, result: c.result };
  if (c.actual !== undefined) out.actual = c.actual;
  if (c.expected !== undefined) out.expected = c.expected;
  return out;
}

/**
 * Flattens a trace to one result per canvas node. A node shared by several rules (or paths) is
 * reported from its first occurrence, reading the rules that fired first (the deciding path), then
 * those that matched without firing, then the rest, each group in rule order. An occurrence that was
 * evaluated wins over an earlier one that was not. Tests inside a line-item quantifier have no entry:
 * the quantifier summarises them.
 */
export function summarizeTrace(trace: TTrace): TTraceSummary {
  const rank = (r: TRuleTrace) => (r.fired ? 0 : r.matched ? 1 : 2);
  const rules = trace.rules.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
  const byNode = new Map<string, TNodeResult>();
  for (const { r } of rules) {
    for (const c of r.conditions) {
      if (!isNodeTest(c)) continue;
      const seen = byNode.get(c.nodeId);
      if (!seen || (seen.result === null && c.result !== null)) byNode.set(c.nodeId, toNodeResult(c));
    }
  }
  return { nodeResults: [...byNode.values()], firedNodeIds: trace.rules.filter((r) => r.fired).map((r) => r.nodeId) };
}
