import type { z } from "zod";
import { ACTION_EFFECTS } from "../actions/action-effects";
import { isActionKind } from "../actions/decision-slots";
import { type TCompiledRuleset, type TJreCondition, ZCompiledRuleset } from "../compile/compiled-schema";
import type { TJreFactCondition } from "../jre/jre-rule-schema";
import { canonicalJson } from "../util/canonical-json";
import type { TEvaluationContext } from "../context/context-schema";
import { readJreRules } from "../decompile/read-jre-rules";
import { validateGraph } from "../graph/analyze-graph";
import { type TRuleGraph, type TStage, ZRuleGraph } from "../graph/graph-schema";
import { cellCondition } from "./table-cells";
import { type TDecisionTableData, type TTableActionColumn, type TTableConditionColumn, type TTableRow, ZDecisionTableData, freshTableId } from "./table-schema";

/**
 * Decision tables back from json-rules-engine rules:
 * - `tablesInCompiled`: the tables of a compiled Switchyard ruleset, rebuilt exactly from its
 *   manifest (rows, column ids, hit policy, priority) — the decompiler turns them back into table nodes;
 * - `tableFromRules`: plain rules that share their facts and actions as one table (the import offer).
 */

/** Column orders consistent with every row's own order (a topological merge, first appearance breaking ties). */
function mergeOrders(sequences: readonly string[][]): string[] {
  const firstSeen = new Map<string, number>();
  const after = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const seq of sequences)
    seq.forEach((id, i) => {
      if (!firstSeen.has(id)) {
        firstSeen.set(id, firstSeen.size);
        indegree.set(id, 0);
        after.set(id, new Set());
      }
      if (i > 0) {
        const prev = seq[i - 1]!;
        if (!after.get(prev)!.has(id)) {
          after.get(prev)!.add(id);
          indegree.set(id, indegree.get(id)! + 1);
        }
      }
    });
  const out: string[] = [];
  const ready = [...firstSeen.keys()].filter((id) => indegree.get(id) === 0);
  while (ready.length > 0) {
    ready.sort((a, b) => firstSeen.get(a)! - firstSeen.get(b)!);
    const id = ready.shift()!;
    out.push(id);
    for (const next of after.get(id)!) {
      indegree.set(next, indegree.get(next)! - 1);
      if (indegree.get(next) === 0) ready.push(next);
    }
  }
  // A cycle cannot come from one compiled table; keep whatever is left in first-seen order.
  for (const id of firstSeen.keys()) if (!out.includes(id)) out.push(id);
  return out;
}

/** Whether action fields are valid as a table's action cell (the table gives the priority). */
function validActionCell(kind: string, params: Record<string, unknown>, priority: number): boolean {
  if (!isActionKind(kind) || "priority" in params) return false;
  return (ACTION_EFFECTS[kind].data as z.ZodType).safeParse({ ...params, priority }).success;
}

export interface CompiledTable {
  /** The table node's id in the compiled graph. */
  nodeId: string;
  /** Indices of its rules in `compiled.rules`, in order. */
  ruleIndices: number[];
  fallback: boolean;
  /** Alternative paths into the table: each a list of path conditions (a `not` is a false edge). */
  paths: TJreCondition[][];
  data: TDecisionTableData;
}

/**
 * The decision tables a compiled Switchyard ruleset was made of, from its manifest. A table whose
 * rules do not read back exactly (edited by hand) is left out: its rules decompile as plain rules.
 */
export function tablesInCompiled(input: unknown): CompiledTable[] {
  const parsed = ZCompiledRuleset.safeParse(input);
  if (!parsed.success) return [];
  const compiled: TCompiledRuleset = parsed.data;
  const groups = new Map<string, number[]>();
  compiled.manifest.rules.forEach((m, i) => {
    if (!m.table || i >= compiled.rules.length || compiled.rules[i]!.name !== m.name) return;
    const list = groups.get(m.nodeId);
    if (list) list.push(i);
    else groups.set(m.nodeId, [i]);
  });
  const out: CompiledTable[] = [];
  for (const [nodeId, indices] of groups) {
    const table = readTable(compiled, nodeId, indices);
    if (table) out.push(table);
  }
  return out;
}

function readTable(compiled: TCompiledRuleset, nodeId: string, indices: number[]): CompiledTable | null {
  const metas = indices.map((i) => compiled.manifest.rules[i]!);
  const first = metas[0]!;
  const fallback = first.fallback;
  const hitPolicy = first.table!.hitPolicy;
  const priority = first.priority;
  if (metas.some((m) => m.fallback !== fallback || m.priority !== priority || m.table!.hitPolicy !== hitPolicy)) return null;
  const prefix = fallback ? "all.1." : "";
  let lead: string | null = null;
  let paths: TJreCondition[][] = [];
  const rowsById = new Map<string, { index: number; row: TTableRow; columns: string[]; actions: string[] }>();
  const conditionColumns = new Map<string, TTableConditionColumn>();
  const actionColumns = new Map<string, TTableActionColumn>();
  for (const [k, i] of indices.entries()) {
    const meta = metas[k]!;
    const rule = compiled.rules[i]!;
    let body: TJreCondition = rule.conditions;
    if (fallback) {
      if (!("all" in body) || body.all.length !== 2) return null;
      body = body.all[1]!;
    }
    if (!("all" in body)) return null;
    const cellMeta = meta.conditions.filter((c) => c.role === "cell");
    const nLead = body.all.length - cellMeta.length;
    if (nLead < 0) return null;
    const leadConds = body.all.slice(0, nLead);
    const leadJson = canonicalJson(leadConds);
    if (lead === null) {
      lead = leadJson;
      const multi = meta.conditions.some((c) => c.role === "path" && c.nodeId === null && c.path === `${prefix}all.0`);
      if (multi) {
        const any = leadConds[0];
        if (leadConds.length !== 1 || !any || !("any" in any) || !any.any.every((p) => "all" in p)) return null;
        paths = any.any.map((p) => (p as { all: TJreCondition[] }).all);
      } else paths = [leadConds];
    } else if (lead !== leadJson) return null;

    const t = meta.table!;
    let entry = rowsById.get(t.rowId);
    if (!entry) {
      const cells: Record<string, unknown> = {};
      const columns: string[] = [];
      for (const [j, c] of cellMeta.entries()) {
        const cond = body.all[nLead + j]!;
        if (!c.column || !("fact" in cond) || !("operator" in cond) || c.column in cells) return null;
        const column: TTableConditionColumn = cond.params ? { id: c.column, fact: cond.fact, params: cond.params, operator: cond.operator } : { id: c.column, fact: cond.fact, operator: cond.operator };
        const known = conditionColumns.get(c.column);
        if (known && canonicalJson(known) !== canonicalJson(column)) return null;
        conditionColumns.set(c.column, column);
        if (canonicalJson(cellCondition(column, cond.value)) !== canonicalJson(cond)) return null;
        cells[c.column] = cond.value;
        columns.push(c.column);
      }
      entry = { index: t.row, row: { id: t.rowId, cells, actions: {} }, columns, actions: [] };
      rowsById.set(t.rowId, entry);
    }
    const kind = rule.event.type;
    const params = (rule.event.params ?? {}) as Record<string, unknown>;
    if (!isActionKind(kind) || t.column in entry.row.actions || !validActionCell(kind, params, priority)) return null;
    const known = actionColumns.get(t.column);
    if (known && known.kind !== kind) return null;
    actionColumns.set(t.column, { id: t.column, kind });
    entry.row.actions[t.column] = params;
    entry.actions.push(t.column);
  }
  const rows = [...rowsById.values()].sort((a, b) => a.index - b.index);
  const condOrder = mergeOrders(rows.map((r) => r.columns));
  const actOrder = mergeOrders(rows.map((r) => r.actions));
  const data = ZDecisionTableData.safeParse({
    hitPolicy,
    priority,
    conditions: condOrder.map((id) => conditionColumns.get(id)!),
    actions: actOrder.map((id) => actionColumns.get(id)!),
    rows: rows.map((r) => r.row),
  });
  if (!data.success) return null;
  return { nodeId, ruleIndices: indices, fallback, paths, data: data.data };
}

/** Whether a condition holds an empty all/any (a constant the file reader folds, which no test node can show). */
export function hasEmptyGroup(c: TJreCondition): boolean {
  if ("all" in c) return c.all.length === 0 || c.all.some(hasEmptyGroup);
  if ("any" in c) return c.any.length === 0 || c.any.some(hasEmptyGroup);
  if ("not" in c) return hasEmptyGroup(c.not);
  const v = c.value;
  if (v !== null && typeof v === "object" && !Array.isArray(v) && ("all" in v || "any" in v)) return hasEmptyGroup(v as TJreCondition);
  return false;
}

/** A rule as read from a json-rules-engine file (see decompile/read-jre-rules.ts). */
export interface PlainRule {
  priority: number;
  conditions: TJreCondition | boolean;
  event: { type: string; params: Record<string, unknown> };
  name?: string | undefined;
}

export type TableOffer = { ok: true; table: TDecisionTableData } | { ok: false; reason: string };

/** Conditions a table cell can hold: a fact compared with a value (not another fact, not line items). */
function cellsOf(conditions: TJreCondition | boolean): TJreCondition[] | null {
  if (conditions === true) return [];
  if (conditions === false) return null;
  // `{ all: [...] }`, or a lone condition (an `any` or `all` of one is that condition).
  const leaves = "all" in conditions ? conditions.all.flatMap((c) => ("any" in c && c.any.length === 1 ? c.any : [c])) : "any" in conditions && conditions.any.length === 1 ? conditions.any : [conditions];
  for (const c of leaves) {
    if (!("fact" in c) || !("operator" in c)) return null;
    const v = c.value;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return null; // a fact reference or a nested condition
  }
  return leaves;
}

const columnKey = (c: TJreFactCondition) => canonicalJson({ fact: c.fact, operator: c.operator, params: c.params ?? null });

/**
 * Whether plain json-rules-engine rules can be shown as one decision table, and that table: every
 * rule a conjunction of fact comparisons (each becomes a cell) firing one Switchyard action. Under
 * the ruleset's hit policy `all` the rules must share one priority (the table has one) and the table
 * fires every matching row; under `first` the rows come in priority order (ties in file order) and the
 * first matching row decides — exactly as the rules did.
 */
export function tableFromRules(rules: readonly PlainRule[], rulesetHitPolicy: "first" | "all"): TableOffer {
  if (rules.length < 2) return { ok: false, reason: "a table needs at least two rules" };
  const priorities = new Set(rules.map((r) => r.priority));
  if (rulesetHitPolicy === "all" && priorities.size > 1)
    return { ok: false, reason: "the rules have different priorities; a table under hit policy “all matching rules” has one priority for every row" };
  const ordered = rules.map((r, i) => ({ r, i })).sort((a, b) => b.r.priority - a.r.priority || a.i - b.i);
  const priority = Math.min(10_000, Math.max(2, rulesetHitPolicy === "all" ? rules[0]!.priority : 100));
  const columns: TTableConditionColumn[] = [];
  const columnIds = new Map<string, string[]>();
  const actionColumns = new Map<string, TTableActionColumn>();
  const rows: TTableRow[] = [];
  const taken = new Set<string>();
  for (const { r, i } of ordered) {
    const cells = cellsOf(r.conditions);
    if (!cells) return { ok: false, reason: `rule ${r.name ?? i + 1} is not a list of fact comparisons with values (nested any/not, line items, or fact references)` };
    if (!isActionKind(r.event.type)) return { ok: false, reason: `rule ${r.name ?? i + 1} fires "${r.event.type}", not a Switchyard action` };
    if (!validActionCell(r.event.type, r.event.params, priority)) return { ok: false, reason: `rule ${r.name ?? i + 1}: its ${r.event.type} params do not fit a table cell` };
    const row: TTableRow = { id: freshTableId("r", taken), cells: {}, actions: {} };
    if (r.name) row.description = r.name.slice(0, 500);
    taken.add(row.id);
    const used = new Map<string, number>();
    for (const c of cells as TJreFactCondition[]) {
      const key = columnKey(c);
      const k = used.get(key) ?? 0;
      used.set(key, k + 1);
      const ids = columnIds.get(key) ?? [];
      columnIds.set(key, ids);
      if (ids.length <= k) {
        const id = freshTableId("c", [...columns.map((x) => x.id)]);
        ids.push(id);
        columns.push(c.params ? { id, fact: c.fact, params: c.params, operator: c.operator } : { id, fact: c.fact, operator: c.operator });
      }
      const column = columns.find((x) => x.id === ids[k])!;
      if (canonicalJson(cellCondition(column, c.value)) !== canonicalJson(c)) return { ok: false, reason: `rule ${r.name ?? i + 1}: a condition does not fit a cell` };
      row.cells[column.id] = c.value;
    }
    let action = actionColumns.get(r.event.type);
    if (!action) {
      action = { id: freshTableId("a", [...actionColumns.values()].map((x) => x.id)), kind: r.event.type };
      actionColumns.set(r.event.type, action);
    }
    row.actions[action.id] = r.event.params;
    rows.push(row);
  }
  if (columns.length === 0) return { ok: false, reason: "the rules have no conditions" };
  const data = ZDecisionTableData.safeParse({
    hitPolicy: rulesetHitPolicy === "first" ? "first" : "all",
    priority,
    conditions: columns,
    actions: [...actionColumns.values()],
    rows,
  });
  if (!data.success) return { ok: false, reason: `too large for a table (${data.error.issues[0]?.message ?? "invalid"})` };
  return { ok: true, table: data.data };
}

/**
 * A json-rules-engine file as one decision table after Start — the import dialog's offer when the
 * rules share their facts and actions (see `tableFromRules`); why not otherwise.
 */
export function decompileAsTable(
  input: unknown,
  options: { stage: TStage; hitPolicy: "first" | "all"; name?: string; context?: TEvaluationContext | undefined },
): { ok: true; graph: TRuleGraph; rows: number; columns: number } | { ok: false; reason: string } {
  const read = readJreRules(input);
  if ("error" in read) return { ok: false, reason: read.error.message };
  if (read.rules.some((r) => r.gated)) return { ok: false, reason: "the file has fallback rules" };
  const offer = tableFromRules(read.rules, options.hitPolicy);
  if (!offer.ok) return offer;
  const graph = ZRuleGraph.parse({
    schemaVersion: 1,
    name: options.name ?? "",
    stage: options.stage,
    hitPolicy: options.hitPolicy,
    nodes: [
      { id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} },
      { id: "table", kind: "decisionTable", label: "Imported rules", position: { x: 300, y: 0 }, data: offer.table },
    ],
    edges: [{ id: "e1", sourceId: "start", targetId: "table", sourceHandle: "next" }],
  });
  if (validateGraph(graph, { context: options.context }).some((p) => p.severity === "error")) return { ok: false, reason: "the table would have problems (see the graph import)" };
  return { ok: true, graph, rows: offer.table.rows.length, columns: offer.table.conditions.length + offer.table.actions.length };
}
