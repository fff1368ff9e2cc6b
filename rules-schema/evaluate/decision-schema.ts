import { z } from "zod";
import { DECISION_SLOT_SHAPE } from "../actions/decision-slots";

export { PRIORITY_LEVELS } from "../actions/action-fields";

export const ZFiredAction = z.object({
  ruleName: z.string(),
  nodeId: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** The rule's priority (json-rules-engine's; for a fallback rule, the priority set on its action). */
  priority: z.number().optional(),
  /**
   * Set when the action fired but a rule of higher priority decided otherwise (another warehouse, or
   * a contradicting action such as a hold over a push): the name of that rule. The action then has no
   * effect on the decision.
   */
  overriddenBy: z.string().optional(),
});
export type TFiredAction = z.infer<typeof ZFiredAction>;

export const ZDecisionConflict = z.object({
  /** What the rules disagreed on: warehouse, channel, priority, split, or a contradiction such as intercept vs push. */
  subject: z.string(),
  message: z.string(),
  ruleNames: z.array(z.string()),
});
export type TDecisionConflict = z.infer<typeof ZDecisionConflict>;

/**
 * What a ruleset decided for one order: one field per action kind, as the action registry declares it
 * (warehouseId, channelId, holds, flags, intercept, split, merge, pushToWarehouse, requestTracking,
 * tags, priorityLevel, …), then what fired and what disagreed. Single-valued decisions come from the
 * first fired rule that sets them.
 */
export const ZDecision = z.object({
  ...DECISION_SLOT_SHAPE,
  /** Every fired action in rule order. */
  actions: z.array(ZFiredAction),
  /** Rules that fired: with hit policy `first`, at most one. */
  firedRules: z.array(z.string()),
  usedFallback: z.boolean(),
  conflicts: z.array(ZDecisionConflict),
});
export type TDecision = z.infer<typeof ZDecision>;

export const ZConditionTrace = z.object({
  path: z.string(),
  nodeId: z.string().nullable(),
  role: z.enum(["condition", "group", "negation", "quantifier", "path", "gate", "cell"]),
  negated: z.boolean(),
  /** A decision table's cell: its condition column. */
  column: z.string().optional(),
  fact: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  operator: z.string().optional(),
  /** The right-hand side after resolving a fact operand. */
  expected: z.unknown().optional(),
  /** The fact's value; for a line-item quantifier, how many lines matched of how many. */
  actual: z.unknown().optional(),
  /** null when the condition was not evaluated. */
  result: z.boolean().nullable(),
});
export type TConditionTrace = z.infer<typeof ZConditionTrace>;

export const ZRuleTrace = z.object({
  name: z.string(),
  nodeId: z.string(),
  matched: z.boolean(),
  fired: z.boolean(),
  /** The action the rule fires when it matches, with every event param (including those carried along from an imported file). */
  event: z.object({ type: z.string(), params: z.record(z.string(), z.unknown()) }).optional(),
  /** The first test on the rule's path that failed (for a rule with several paths, on its first path). */
  firstFailedNodeId: z.string().nullable(),
  /** A rule compiled from a decision table row: the row, its action column, and the first cell (column) that failed. */
  table: z
    .object({ rowId: z.string(), row: z.number().int(), column: z.string(), firstFailedColumn: z.string().nullable() })
    .optional(),
  conditions: z.array(ZConditionTrace),
});
export type TRuleTrace = z.infer<typeof ZRuleTrace>;

export const ZTrace = z.object({ engine: z.enum(["fast", "reference"]), rules: z.array(ZRuleTrace) });
export type TTrace = z.infer<typeof ZTrace>;

export const ZEvaluation = z.object({
  decision: ZDecision,
  /**
   * Every rule whose conditions matched, in rule order. With hit policy `first` evaluation stops at the
   * deciding rule, so this is null unless `allMatches` or `trace` was asked for.
   */
  matchedRules: z.array(z.string()).nullable(),
  trace: ZTrace.nullable(),
});
export type TEvaluation = z.infer<typeof ZEvaluation>;
