import type { z } from "zod";
import { ACTION_EFFECTS } from "../actions/action-effects";
import { SINGLE_VALUED_ACTIONS, contradictionBetween } from "../actions/decision-slots";
import type { TEvaluationContext } from "../context/context-schema";
import { getFactDefinition } from "../facts/fact-catalog";
import { type TProblem, problem } from "../graph/problem-schema";
import { validateCondition } from "../graph/validate-condition";
import { activeRows, rowActions, rowCells } from "./compile-table";
import { parseActionCell, parseConditionCell, unreadCellText } from "./table-cells";
import type { TDecisionTableData, TTableConditionColumn, TTableRow } from "./table-schema";

export interface TableCheckEnv {
  context?: TEvaluationContext | undefined;
  /** The ruleset's hit policy: under `first` only the first matching row can decide, whatever the table says. */
  rulesetHitPolicy?: "first" | "all" | undefined;
  /** Compare every pair of rows, without the index (the differential test holds both equal). */
  exhaustive?: boolean;
}

/** Cell problems reported per table before the rest are summed up in one (a pasted sheet of bad cells stays readable). */
export const MAX_CELL_PROBLEMS = 100;
/** Cell comparisons the shadow / overlap checks may spend on one table. */
export const MAX_ROW_PAIR_WORK = 4_000_000;

const rowLabel = (i: number) => `Row ${i + 1}`;
const colLabel = (c: TTableConditionColumn) => c.label ?? getFactDefinition(c.fact)?.label ?? c.fact;

/**
 * Checks a table's columns, cells and rows: unknown facts or operators, cells of the wrong type,
 * action cells the action refuses, rows that can never match (an earlier row under first-hit matches
 * every order they match), overlapping rows that set different values under all-hit, an empty table.
 * Every problem names the table's node and the field (`data.rows.3.cells.country`).
 */
export function checkTable(nodeId: string, table: TDecisionTableData, env: TableCheckEnv): TProblem[] {
  const problems: TProblem[] = [];
  const nodeIds = [nodeId];
  if (table.rows.length === 0) problems.push(problem("emptyTable", "The table has no rows: add a row (a table without rows never matches)", { nodeIds, field: "data.rows" }));
  else if (activeRows(table).length === 0)
    problems.push(problem("emptyTable", "No row sets an action: fill an action cell (rows without actions take no part)", { nodeIds, field: "data.rows" }));
  if (table.conditions.length === 0 && table.actions.length === 0)
    problems.push(problem("emptyTable", "Add a condition column and an action column", { nodeIds, field: "data.conditions" }));

  // Columns: fact, operator and parameters, checked once per column (with the first filled cell's value).
  const columnOk = new Map<string, boolean>();
  table.conditions.forEach((col, i) => {
    const sample = table.rows.find((r) => r.cells[col.id] !== undefined && unreadCellText(r.cells[col.id]) === null)?.cells[col.id];
    const own = validateCondition(nodeId, { fact: col.fact, params: col.params, operator: col.operator, operand: { type: "value", value: sample ?? null } }, { scope: "order", context: env.context }).filter(
      (p) => p.field !== "data.operand.value",
    );
    for (const p of own) problems.push({ ...p, field: p.field?.replace(/^data\./, `data.conditions.${i}.`) });
    columnOk.set(col.id, own.every((p) => p.severity !== "error"));
  });

  // Cells.
  let cellProblems = 0;
  let unreported = 0;
  const report = (p: TProblem) => {
    if (cellProblems < MAX_CELL_PROBLEMS) problems.push(p);
    else unreported++;
    cellProblems++;
  };
  const actionSchemas = table.actions.map((c) => ACTION_EFFECTS[c.kind].data as z.ZodType);
  table.rows.forEach((row, r) => {
    for (const { column, value } of rowCells(table, row)) {
      const unread = unreadCellText(value);
      if (unread !== null) {
        const why = parseConditionCell(column, unread, env.context);
        const message = why.ok ? "does not read as a value of this column" : why.message;
        report(problem("invalidValue", `${rowLabel(r)}, ${colLabel(column)}: ${message}`, { nodeIds, field: `data.rows.${r}.cells.${column.id}` }));
        continue;
      }
      if (!columnOk.get(column.id)) continue;
      for (const p of cellValueProblems(column, value, env.context))
        report({ ...p, nodeIds, message: `${rowLabel(r)}, ${colLabel(column)}: ${p.message}`, field: `data.rows.${r}.cells.${column.id}` });
    }
    for (const { column, data } of rowActions(table, row)) {
      const i = table.actions.indexOf(column);
      const parsed = actionSchemas[i]!.safeParse({ ...data, priority: table.priority });
      const field = `data.rows.${r}.actions.${column.id}`;
      const label = column.label ?? ACTION_EFFECTS[column.kind].label;
      const unread = unreadCellText(data);
      if (unread !== null) {
        const why = parseActionCell(column, unread, env.context);
        report(problem("invalidValue", `${rowLabel(r)}, ${label}: ${why.ok ? "does not read as this action" : why.message}`, { nodeIds, field }));
        continue;
      }
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const where = issue.path.length ? `${issue.path.map(String).join(".")}: ` : "";
        report(problem("invalidValue", `${rowLabel(r)}, ${label}: ${where}${issue.message}`, { nodeIds, field }));
        continue;
      }
      const ctx = env.context;
      if (ctx && typeof data.warehouseId === "string" && !ctx.warehouses.some((w) => w.id === data.warehouseId))
        report(problem("unknownWarehouse", `${rowLabel(r)}, ${label}: warehouse "${data.warehouseId}" does not exist`, { nodeIds, field }));
      if (ctx && typeof data.channelId === "string" && !ctx.channels.some((c) => c.id === data.channelId))
        report(problem("unknownChannel", `${rowLabel(r)}, ${label}: channel "${data.channelId}" does not exist`, { nodeIds, field }));
    }
    if (table.actions.length > 0 && rowActions(table, row).length === 0)
      report(
        problem("rowWithoutAction", `${rowLabel(r)} sets no action: it compiles to no rule, so orders it matches go on to the rows below`, {
          nodeIds,
          field: `data.rows.${r}.actions`,
          severity: "warning",
        }),
      );
  });
  if (unreported > 0) problems.push(problem("invalidValue", `…and ${unreported.toLocaleString("en-US")} more cell problems in this table`, { nodeIds, field: "data.rows" }));
  if (problems.some((p) => p.severity === "error")) return problems;

  problems.push(...rowPairProblems(nodeId, table, env));
  return problems;
}

/** Set-valued operators whose cells can index rows (a row is only compared with rows sharing a value). */
const PIVOT_OPERATORS = new Set(["in", "containsAny", "startsWithAny", "anyStartsWith"]);

/** Two ascending lists as one ascending list (no duplicates between them by construction). */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/**
 * A cell value's problems, remembered per column definition, value and master data: tables repeat
 * values (weight bands, country groups), and the designer checks the whole table again after each edit.
 */
const cellCache = new WeakMap<object, Map<string, TProblem[]>>();
const NO_CONTEXT = {};
const MAX_CACHED_CELLS = 50_000;
function cellValueProblems(column: TTableConditionColumn, value: unknown, context: TEvaluationContext | undefined): TProblem[] {
  let cache = cellCache.get(context ?? NO_CONTEXT);
  if (!cache) cellCache.set(context ?? NO_CONTEXT, (cache = new Map()));
  const key = `${column.fact}\u0000${column.params ? JSON.stringify(column.params) : ""}\u0000${column.operator}\u0000${JSON.stringify(value)}`;
  let found = cache.get(key);
  if (!found) {
    found = validateCondition("cell", { fact: column.fact, params: column.params, operator: column.operator, operand: { type: "value", value } }, { scope: "order", context }).filter(
      (p) => p.field === "data.operand.value",
    );
    if (cache.size >= MAX_CACHED_CELLS) cache.clear();
    cache.set(key, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Row pairs: shadowed rows (first-hit) and overlapping rows with different actions (all-hit).

type Verdict = boolean | null;

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A filled cell, prepared once for the row-pair comparisons (text key, value set, range ends). */
interface Cell {
  value: unknown;
  key: string;
  set: Set<unknown> | null;
  lo: number | null;
  hi: number | null;
  n: number | null;
}
function prepare(value: unknown): Cell {
  const list = Array.isArray(value) ? value : null;
  return { value, key: JSON.stringify(value) ?? "", set: list ? new Set(list) : null, lo: list ? num(list[0]) : null, hi: list ? num(list[1]) : null, n: num(value) };
}

/** Whether every value cell `g` (general) admits is admitted by it: true (certain), false or null (cannot tell). */
function covers(operator: string, g: Cell, s: Cell): Verdict {
  if (g.key === s.key) return true;
  switch (operator) {
    case "in":
    case "containsAny":
    case "startsWithAny":
    case "anyStartsWith": {
      if (!g.set || !s.set) return null;
      for (const x of s.set) if (!g.set.has(x)) return false;
      return true;
    }
    case "notIn":
    case "containsNone": {
      if (!g.set || !s.set) return null;
      for (const x of g.set) if (!s.set.has(x)) return false;
      return true;
    }
    case "between":
      if (g.lo === null || g.hi === null || s.lo === null || s.hi === null) return null;
      return g.lo <= s.lo && s.hi <= g.hi;
    case "lessThan":
    case "lessThanInclusive":
      return g.n === null || s.n === null ? null : g.n >= s.n;
    case "greaterThan":
    case "greaterThanInclusive":
      return g.n === null || s.n === null ? null : g.n <= s.n;
    case "equal":
      return typeof g.value === "boolean" || typeof g.value === "string" || typeof g.value === "number" ? false : null;
    default:
      return null;
  }
}

/** Whether some order can satisfy both cells: true (certain), false, or null (cannot tell). */
function intersects(operator: string, a: Cell, b: Cell): Verdict {
  switch (operator) {
    case "equal":
      return a.key === b.key;
    case "in": {
      if (!a.set || !b.set) return null;
      for (const v of a.set) if (b.set.has(v)) return true;
      return false;
    }
    case "between":
      if (a.lo === null || a.hi === null || b.lo === null || b.hi === null) return null;
      return Math.max(a.lo, b.lo) <= Math.min(a.hi, b.hi);
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      return a.n !== null && b.n !== null ? true : null;
    default:
      return a.key === b.key ? true : null;
  }
}

const hasCell = (row: TTableRow, id: string) => Object.prototype.hasOwnProperty.call(row.cells, id) && row.cells[id] !== undefined;

/** What two rows' actions disagree on, when both fire on one order ("set different channels"); null when they agree. */
function actionClash(table: TDecisionTableData, a: TTableRow, b: TTableRow): string | null {
  const xs = rowActions(table, a);
  const ys = rowActions(table, b);
  for (const x of xs)
    for (const y of ys) {
      if (x.column.kind === y.column.kind) {
        const single = SINGLE_VALUED_ACTIONS[x.column.kind];
        if (single && !same(x.data, y.data)) return `set different values for ${single.subject}`;
      } else {
        const c = contradictionBetween(x.column.kind, y.column.kind);
        if (c) return `${ACTION_EFFECTS[c.kinds[0]].label.toLowerCase()} and ${ACTION_EFFECTS[c.kinds[1]].label.toLowerCase()} contradict each other`;
      }
    }
  return null;
}

function rowPairProblems(nodeId: string, table: TDecisionTableData, env: TableCheckEnv): TProblem[] {
  const out: TProblem[] = [];
  const firstHit = table.hitPolicy === "first" || env.rulesetHitPolicy === "first";
  const rows = table.rows;
  const cols = table.conditions;
  // Overlap verdicts are only certain when each column tests a different fact (two columns on one fact interact).
  const factKeys = cols.map((c) => `${c.fact}|${JSON.stringify(c.params ?? {})}`);
  const distinctFacts = new Set(factKeys).size === factKeys.length;
  const shadowed = new Set<number>();
  // Each filled cell prepared once (null: empty, matches any order).
  const cells = rows.map((r) => cols.map((c) => (hasCell(r, c.id) ? prepare(r.cells[c.id]) : null)));
  let work = 0;
  let stoppedAt = -1;
  // An index on the first set-valued column ("is one of" countries, say): an earlier row can only hide
  // row j if its set holds j's first value (or its cell is empty), and only overlap it if the sets share a
  // value — so each row is compared with the few rows that can matter, not with every earlier row.
  const pivot = env.exhaustive ? -1 : cols.findIndex((c) => PIVOT_OPERATORS.has(c.operator));
  const byValue = new Map<unknown, number[]>();
  const emptyAtPivot: number[] = [];
  const index = (j: number) => {
    if (pivot < 0) return;
    const cell = cells[j]![pivot];
    if (!cell) emptyAtPivot.push(j);
    else if (cell.set)
      for (const v of cell.set) {
        const list = byValue.get(v);
        if (list) list.push(j);
        else byValue.set(v, [j]);
      }
  };
  /** Earlier rows that may hide or overlap row j, ascending; null: every earlier row. */
  const candidatesOf = (j: number): readonly number[] | null => {
    if (pivot < 0) return null;
    const cell = cells[j]![pivot];
    if (!cell) return firstHit ? emptyAtPivot : null;
    if (!cell.set || cell.set.size === 0) return null;
    if (firstHit) return mergeSorted(byValue.get(cell.set.values().next().value) ?? [], emptyAtPivot);
    const all = new Set<number>(emptyAtPivot);
    for (const v of cell.set) for (const i of byValue.get(v) ?? []) all.add(i);
    return [...all].sort((a, b) => a - b);
  };
  if (rows.length > 0) index(0);
  outer: for (let j = 1; j < rows.length; j++) {
    const candidates = candidatesOf(j);
    const count = candidates ? candidates.length : j;
    for (let n = 0; n < count; n++) {
      const i = candidates ? candidates[n]! : n;
      if (work > MAX_ROW_PAIR_WORK) {
        stoppedAt = j;
        break outer;
      }
      if (shadowed.has(i)) continue;
      const ri = rows[i]!;
      const rj = rows[j]!;
      const ci = cells[i]!;
      const cj = cells[j]!;
      if (firstHit) {
        // Row i (earlier) covers row j: every column of i is empty or admits all j admits.
        let all = true;
        for (let k = 0; k < cols.length; k++) {
          work++;
          const a = ci[k];
          if (!a) continue;
          const b = cj[k];
          if (!b || covers(cols[k]!.operator, a, b) !== true) {
            all = false;
            break;
          }
        }
        if (all) {
          shadowed.add(j);
          out.push(
            problem("shadowedRow", `${rowLabel(j)} can never match: ${rowLabel(i)} comes first and matches every order it matches`, {
              nodeIds: [nodeId],
              field: `data.rows.${j}`,
              severity: "warning",
            }),
          );
          break;
        }
      } else if (distinctFacts) {
        let overlap = true;
        for (let k = 0; k < cols.length; k++) {
          work++;
          const a = ci[k];
          const b = cj[k];
          if (!a || !b) continue;
          if (intersects(cols[k]!.operator, a, b) !== true) {
            overlap = false;
            break;
          }
        }
        if (!overlap) continue;
        const why = actionClash(table, ri, rj);
        if (why)
          out.push(
            problem("overlappingRows", `${rowLabel(i)} and ${rowLabel(j)} can match the same order and ${why}: such orders get a conflict. Narrow one of them, or use hit policy "first"`, {
              nodeIds: [nodeId],
              field: `data.rows.${j}`,
              severity: "warning",
            }),
          );
      }
    }
    index(j);
  }
  if (stoppedAt >= 0)
    out.push(
      problem("tooManyPaths", `This table is too large to compare every pair of rows: rows from ${rowLabel(stoppedAt).toLowerCase()} on were not checked and may still ${firstHit ? "be hidden by earlier rows" : "overlap"}`, {
        nodeIds: [nodeId],
        severity: "warning",
      }),
    );
  return out;
}
