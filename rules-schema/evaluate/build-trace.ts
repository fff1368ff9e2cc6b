import type { TCompiledRuleset, TJreEvent, TManifestRule } from "../compile/compiled-schema";
import { LINES_FACT } from "../facts/fact-catalog";
import type { TConditionTrace, TRuleTrace } from "./decision-schema";
import { type EvaluatedCondition, countMatchingLines } from "./interpret-condition";

function at(tree: EvaluatedCondition, path: string): EvaluatedCondition | undefined {
  let cur: unknown = tree;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur as EvaluatedCondition | undefined;
}

/** A test directly on a rule's path: "all.2", "any.0.all.1", or under a fallback's gate "all.1.all.0". */
const PATH_STEP = /^(all\.1\.)?(any\.\d+\.)?all\.\d+$/;

/** The trace of one rule from its evaluated condition tree (json-rules-engine's or ours — same shape). */
export function buildRuleTrace(meta: TManifestRule, tree: EvaluatedCondition, matched: boolean, fired: boolean, event?: TJreEvent): TRuleTrace {
  const conditions: TConditionTrace[] = [];
  for (const c of meta.conditions) {
    if (c.path.includes(".value.")) continue; // inside a line-item quantifier: summarised on the quantifier
    const node = at(tree, c.path);
    const t: TConditionTrace = { path: c.path, nodeId: c.nodeId, role: c.role, negated: c.negated, result: typeof node?.result === "boolean" ? node.result : null };
    if (c.column !== undefined) t.column = c.column;
    if (node && typeof node.fact === "string") {
      t.fact = node.fact;
      if (node.params) t.params = node.params;
      t.operator = node.operator!;
      if (node.fact === LINES_FACT) {
        t.actual = countMatchingLines(node.factResult, node.value);
      } else {
        t.expected = node.valueResult;
        t.actual = node.factResult;
      }
    }
    conditions.push(t);
  }
  const step = conditions.find((c) => c.nodeId !== null && c.role !== "cell" && c.result === false && PATH_STEP.test(c.path));
  const table = meta.table
    ? { table: { rowId: meta.table.rowId, row: meta.table.row, column: meta.table.column, firstFailedColumn: conditions.find((c) => c.role === "cell" && c.result === false)?.column ?? null } }
    : {};
  return {
    name: meta.name,
    nodeId: meta.nodeId,
    matched,
    fired,
    ...(event ? { event: { type: event.type, params: event.params ?? {} } } : {}),
    firstFailedNodeId: matched ? null : (step?.nodeId ?? null),
    ...table,
    conditions,
  };
}

export function buildTrace(
  compiled: TCompiledRuleset,
  trees: EvaluatedCondition[],
  matched: boolean[],
  firedNames: Set<string>,
): TRuleTrace[] {
  return compiled.manifest.rules.map((meta, i) => buildRuleTrace(meta, trees[i]!, matched[i]!, firedNames.has(meta.name), compiled.rules[i]?.event));
}
