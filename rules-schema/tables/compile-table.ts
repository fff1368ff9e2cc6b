import type { TJreCondition, TJreEvent } from "../jre/jre-rule-schema";
import { isActionKind } from "../actions/decision-slots";
import { cellCondition } from "./table-cells";
import type { TDecisionTableData, TTableActionColumn, TTableConditionColumn, TTableRow } from "./table-schema";

/** The filled condition cells of a row, in column order (an empty cell tests nothing). */
export function rowCells(table: Pick<TDecisionTableData, "conditions">, row: TTableRow): { column: TTableConditionColumn; value: unknown }[] {
  const out: { column: TTableConditionColumn; value: unknown }[] = [];
  for (const column of table.conditions) {
    if (!Object.prototype.hasOwnProperty.call(row.cells, column.id)) continue;
    const value = row.cells[column.id];
    if (value === undefined) continue;
    out.push({ column, value });
  }
  return out;
}

/** A row's conditions: one per filled cell. */
export function rowConditions(table: Pick<TDecisionTableData, "conditions">, row: TTableRow): TJreCondition[] {
  return rowCells(table, row).map((c) => cellCondition(c.column, c.value));
}

/** The filled action cells of a row, in column order. */
export function rowActions(table: Pick<TDecisionTableData, "actions">, row: TTableRow): { column: TTableActionColumn; data: Record<string, unknown> }[] {
  const out: { column: TTableActionColumn; data: Record<string, unknown> }[] = [];
  for (const column of table.actions) {
    if (!Object.prototype.hasOwnProperty.call(row.actions, column.id)) continue;
    const data = row.actions[column.id];
    if (data === undefined) continue;
    out.push({ column, data });
  }
  return out;
}

/** The event an action cell fires: the action's fields as params (the table's priority is the rule's). */
export function cellEvent(column: TTableActionColumn, data: Record<string, unknown>): TJreEvent {
  const { priority: _p, ...params } = data;
  return { type: column.kind, params };
}

/** Never true: json-rules-engine reads an empty `any` as true, so a table without rows tests `not (all of nothing)`. */
export const NEVER_CONDITION: TJreCondition = { not: { all: [] } };

/**
 * The table as a test, for what follows its outputs: "matched" when any row matches (under first-hit
 * the first such row decides, but *that* one matched either way). A table without rows never matches;
 * rows without actions take no part.
 */
export function tableTestCondition(table: Pick<TDecisionTableData, "conditions" | "actions" | "rows">): TJreCondition {
  const rows = activeRows(table);
  if (rows.length === 0) return NEVER_CONDITION;
  return { any: rows.map((r) => ({ all: rowConditions(table, r) })) };
}

/**
 * The rows that take part: those that set an action (a row without one compiles to no rule, and the
 * orders it matches go on to the rows below), or every row of a table without action columns (a pure test).
 */
export function activeRows(table: Pick<TDecisionTableData, "actions" | "rows">): TTableRow[] {
  if (table.actions.length === 0) return table.rows;
  return table.rows.filter((r) => rowActions(table, r).length > 0);
}

/**
 * The rules a table compiles to, in row order: one per row and filled action cell. A row without
 * actions compiles to nothing. Names: `rule:<table>:<row>`, with `:<column>` when the table has
 * several action columns.
 */
export function tableRuleEntries(
  tableId: string,
  table: TDecisionTableData,
): { name: string; row: TTableRow; rowIndex: number; column: TTableActionColumn; event: TJreEvent }[] {
  const several = table.actions.length > 1;
  const out: { name: string; row: TTableRow; rowIndex: number; column: TTableActionColumn; event: TJreEvent }[] = [];
  table.rows.forEach((row, rowIndex) => {
    for (const { column, data } of rowActions(table, row))
      out.push({ name: `rule:${tableId}:${row.id}${several ? `:${column.id}` : ""}`, row, rowIndex, column, event: cellEvent(column, data) });
  });
  return out;
}

/**
 * The compiled rule names of a graph's rule sources, with each one's row for table rules: an action
 * node is `rule:<id>`; a table, one name per row and filled action cell (rows without actions have none).
 */
export function ruleSourceNames(nodes: readonly { id: string; kind: string; data: unknown }[]): { name: string; nodeId: string; row: number | null }[] {
  const out: { name: string; nodeId: string; row: number | null }[] = [];
  for (const n of nodes) {
    if (n.kind === "decisionTable") for (const e of tableRuleEntries(n.id, n.data as TDecisionTableData)) out.push({ name: e.name, nodeId: n.id, row: e.rowIndex });
    else if (isActionKind(n.kind)) out.push({ name: `rule:${n.id}`, nodeId: n.id, row: null });
  }
  return out;
}
