import { z } from "zod";

export const PROBLEM_CODES = [
  "invalidGraph",
  "invalidNode",
  "invalidEdge",
  "duplicateId",
  "missingStart",
  "multipleStarts",
  "multipleFallbacks",
  "danglingEdge",
  "invalidHandle",
  "duplicateEdge",
  "cycle",
  "unreachable",
  "deadEnd",
  "actionUnreachable",
  "mixedEntry",
  "missingMember",
  "tooManyMembers",
  "memberMisuse",
  "unknownFact",
  "unknownOperator",
  "operatorFactMismatch",
  "invalidValue",
  "invalidParams",
  "lineFactOutsideQuantifier",
  "orderFactInsideQuantifier",
  "nestedQuantifier",
  "unknownWarehouse",
  "unknownChannel",
  "channelOrigin",
  "ruleOverlap",
  "shadowedRule",
  "deadRule",
  "channelExcludesRule",
  "ruleGap",
  "actionNotInStage",
  "tooManyPaths",
  "nestingTooDeep",
  "emptyRuleset",
  "emptyTable",
  "rowWithoutAction",
  "shadowedRow",
  "overlappingRows",
] as const;
export const ZProblemCode = z.enum(PROBLEM_CODES);
export type TProblemCode = z.infer<typeof ZProblemCode>;

export const ZProblem = z.object({
  code: ZProblemCode,
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  nodeIds: z.array(z.string()),
  edgeIds: z.array(z.string()),
  /**
   * Dotted path of the offending field: relative to the node or edge named in nodeIds / edgeIds
   * ("data.operand.value"), or from the graph's root ("nodes.3.kind") when the item has no readable id.
   */
  field: z.string().optional(),
  /**
   * For a finding of the rule analysis (overlap, shadowed or dead rule, gap): an order that shows it,
   * on which the evaluator agreed, and the warehouse an earlier stage assigned to it.
   */
  example: z.object({ order: z.record(z.string(), z.unknown()), assignedWarehouseId: z.string().nullable(), evidence: z.string() }).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

export function problem(
  code: TProblemCode,
  message: string,
  opts: { nodeIds?: string[]; edgeIds?: string[]; field?: string; severity?: "error" | "warning" } = {},
): TProblem {
  const p: TProblem = { code, severity: opts.severity ?? "error", message, nodeIds: opts.nodeIds ?? [], edgeIds: opts.edgeIds ?? [] };
  if (opts.field !== undefined) p.field = opts.field;
  return p;
}

export const hasErrors = (problems: readonly TProblem[]) => problems.some((p) => p.severity === "error");
