"use client";
import { useEffect, useRef, useState } from "react";
import { getFactDefinition } from "@/rules-schema/facts/fact-catalog";
import { getOperator } from "@/rules-schema/operators/operator-registry";
import { type CellContext, conditionColumnInfo, formatConditionCell, parseConditionCell, unreadCellText } from "@/rules-schema/tables/table-cells";
import { type TableColumn, cellText, tableColumns } from "@/rules-schema/tables/table-edit";
import { actionHeading, conditionHeading } from "@/rules-schema/tables/table-sheet";
import type { TDecisionTableData } from "@/rules-schema/tables/table-schema";
import type { TableRowMark } from "../node-kind-ui";
import { CountryMultiSelect } from "../value-editors";
import { bounds, contains, scrollToRow, startsTyping, visibleRows } from "./grid-selection";
import type { TableGridState } from "./use-table-grid";

export const ROW_H = 30;
const HEAD_H = 44;
const ROW_HEAD_W = 56;
const COL_W = 184;
/** Action columns hold channel and warehouse names: wider. */
const ACTION_W = 260;
const widthOf = (c: TableColumn) => (c.side === "action" ? ACTION_W : COL_W);

const short = (v: unknown) => {
  const t = JSON.stringify(v) ?? "—";
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
};

/**
 * A near-miss row's first failing cell in the cell's own language: the order's value and the cell's,
 * in the column's unit ("actual 0.85 kg, expected 0–0.5 kg").
 */
export function missText(table: TDecisionTableData, mark: TableRowMark, ctx: CellContext): string {
  const col = table.conditions.find((c) => c.id === mark.failedColumn);
  if (!col) return `actual ${short(mark.actual)}, expected ${short(mark.expected)}`;
  const info = conditionColumnInfo(col);
  const unit = info.unit ? ` ${info.unit.id}` : "";
  const one = (v: unknown) => (v === undefined || v === null ? "—" : formatConditionCell({ ...col, operator: "equal" }, v, ctx) || short(v));
  const actual = Array.isArray(mark.actual) ? mark.actual.map(one).join(", ") || "(none)" : one(mark.actual);
  const expected = mark.expected === undefined ? "" : formatConditionCell(col, mark.expected, ctx);
  return `actual ${actual}${unit}${expected ? `, expected ${expected}${unit}` : ""}`;
}

/** What a cell of a column takes, in words (under the cell being edited). */
export function columnHint(c: TableColumn): string {
  if (c.side === "action") {
    const kind = c.column.kind;
    if (kind === "assignChannel") return "A channel by name or id; empty: no action";
    if (kind === "assignWarehouse") return "A warehouse by name or id; empty: no action";
    return "The action's value (\"yes\" when it has none); empty: no action";
  }
  const info = conditionColumnInfo(c.column);
  const unit = info.unit ? ` in ${info.unit.id} (or with a unit: 500 g, 1.2 kg)` : "";
  switch (info.shape) {
    case "none":
      return "“yes” to apply the test; empty: any";
    case "range":
      return `From–to${unit}, e.g. 0.5–2; empty: any`;
    case "list":
      return `Values separated by commas${unit}, e.g. ${info.def?.format === "country" ? "DE, FR, GB" : "a, b"}; empty: any`;
    case "postalCodes":
      return "Prefixes and ranges, e.g. 90*, 10000-10999; empty: any";
    default:
      return info.def?.type === "boolean" ? "yes / no (是 / 否); empty: any" : `A value${unit}; empty: any`;
  }
}

/**
 * The decision table as a spreadsheet: a sticky header and row numbers, only the rows in view
 * rendered (5,000 rows scroll smoothly), keyboard navigation (arrows, Tab, Enter, F2, Home/End,
 * PageUp/PageDown, Shift to extend), type to edit, Delete to clear, copy/cut/paste as tab-separated
 * text (Excel, Google Sheets), per-cell problems and the last test's row outcomes.
 */
export function TableGrid({
  table,
  grid,
  ctx,
  errors,
  rowMarks,
  readOnly,
  onMoveRows,
  selectedColumn,
  onSelectColumn,
}: {
  table: TDecisionTableData;
  grid: TableGridState;
  ctx: CellContext;
  errors: Record<string, string[]>;
  rowMarks: ReadonlyMap<string, TableRowMark> | undefined;
  readOnly: boolean;
  onMoveRows: (delta: -1 | 1) => void;
  selectedColumn: number | null;
  onSelectColumn: (c: number | null) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(480);
  const columns = tableColumns(table);
  /** Left edge of each column (after the row numbers). */
  const offsets = columns.reduce<number[]>((acc, c, j) => [...acc, j === 0 ? 0 : acc[j - 1]! + widthOf(columns[j - 1]!)], []);
  const { sel, editing } = grid;
  const b = bounds(sel);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Keep the focused cell in view.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const top = scrollToRow(sel.focus.r, el.scrollTop, el.clientHeight, ROW_H, HEAD_H);
    if (top !== el.scrollTop) el.scrollTop = top;
    const left = offsets[sel.focus.c] ?? 0;
    const w = columns[sel.focus.c] ? widthOf(columns[sel.focus.c]!) : COL_W;
    if (left < el.scrollLeft) el.scrollLeft = left;
    else if (left + w + ROW_HEAD_W > el.scrollLeft + el.clientWidth) el.scrollLeft = left + w + ROW_HEAD_W - el.clientWidth;
  }, [sel.focus.r, sel.focus.c]);

  const { first, last } = visibleRows(scrollTop, viewport, ROW_H, table.rows.length);
  const pageRows = Math.max(1, Math.floor((viewport - HEAD_H) / ROW_H) - 1);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    // Undo/redo and save stay the designer's; every other key belongs to the grid.
    if (mod && ["z", "y", "s"].includes(e.key.toLowerCase())) return;
    e.stopPropagation();
    if (editing) return; // the cell input handles its keys
    const k = e.key;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    if (k === "ArrowUp" && e.altKey && !readOnly) return act(() => onMoveRows(-1));
    if (k === "ArrowDown" && e.altKey && !readOnly) return act(() => onMoveRows(1));
    if (k === "ArrowUp") return act(() => grid.move(mod ? -grid.rows : -1, 0, e.shiftKey));
    if (k === "ArrowDown") return act(() => grid.move(mod ? grid.rows : 1, 0, e.shiftKey));
    if (k === "ArrowLeft") return act(() => grid.move(0, mod ? -grid.cols : -1, e.shiftKey));
    if (k === "ArrowRight") return act(() => grid.move(0, mod ? grid.cols : 1, e.shiftKey));
    if (k === "Tab") return act(() => grid.move(0, e.shiftKey ? -1 : 1));
    if (k === "PageDown") return act(() => grid.move(pageRows, 0, e.shiftKey));
    if (k === "PageUp") return act(() => grid.move(-pageRows, 0, e.shiftKey));
    if (k === "Home") return act(() => grid.move(mod ? -grid.rows : 0, -grid.cols, e.shiftKey));
    if (k === "End") return act(() => grid.move(mod ? grid.rows : 0, grid.cols, e.shiftKey));
    if (k === "Enter" || k === "F2") return act(() => grid.startEdit());
    if (k === "Delete" || k === "Backspace") return act(() => grid.clear());
    if (k === "Escape") return act(() => grid.select(sel.focus));
    if (mod && k.toLowerCase() === "a") return act(() => grid.setSel({ anchor: { r: 0, c: 0 }, focus: { r: grid.rows - 1, c: grid.cols - 1 } }));
    if (startsTyping(e) && !readOnly) return act(() => grid.startEdit(k));
  };

  const problemsAt = (r: number, c: TableColumn) => errors[`data.rows.${r}.${c.side === "condition" ? "cells" : "actions"}.${c.column.id}`] ?? [];
  const focusRow = table.rows[sel.focus.r];
  const focusCol = columns[sel.focus.c];
  const width = ROW_HEAD_W + columns.reduce((sum, c) => sum + widthOf(c), 0);

  return (
    <div className="table-grid-wrap">
      <div
        ref={scroller}
        className="table-grid"
        role="grid"
        aria-label="Decision table"
        aria-rowcount={table.rows.length + 1}
        aria-colcount={columns.length + 1}
        tabIndex={0}
        data-testid="table-grid"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onCopy={(e) => {
          if (editing) return;
          e.preventDefault();
          e.clipboardData.setData("text/plain", grid.copy());
        }}
        onCut={(e) => {
          if (editing || readOnly) return;
          e.preventDefault();
          e.clipboardData.setData("text/plain", grid.copy());
          grid.clear();
        }}
        onPaste={(e) => {
          if (editing || readOnly) return;
          e.preventDefault();
          grid.paste(e.clipboardData.getData("text/plain"));
        }}
      >
        <div className="table-grid-inner" style={{ height: HEAD_H + table.rows.length * ROW_H, width }}>
          <div className="table-grid-head" role="row" style={{ height: HEAD_H, width }}>
            <div className="table-grid-corner" style={{ width: ROW_HEAD_W }} role="columnheader">
              #
            </div>
            {columns.map((c, j) => {
              const heading = c.side === "condition" ? conditionHeading(c.column) : actionHeading(c.column);
              const sub =
                c.side === "condition"
                  ? `${getFactDefinition(c.column.fact) ? "" : "unknown fact · "}${getOperator(c.column.operator)?.label ?? c.column.operator}${c.column.unit ? ` · ${c.column.unit}` : ""}`
                  : "then";
              return (
                <button
                  key={c.column.id}
                  type="button"
                  role="columnheader"
                  className={`table-grid-colhead ${c.side}${selectedColumn === j ? " selected" : ""}`}
                  style={{ width: widthOf(c) }}
                  title={`${heading} — click to edit this column`}
                  data-testid={`table-col-${c.column.id}`}
                  onClick={() => {
                    onSelectColumn(j);
                    grid.setSel({ anchor: { r: 0, c: j }, focus: { r: Math.max(0, grid.rows - 1), c: j } });
                    scroller.current?.focus();
                  }}
                >
                  <span className="table-grid-colname">{c.side === "condition" ? (c.column.label ?? getFactDefinition(c.column.fact)?.label ?? c.column.fact) : heading}</span>
                  <span className="table-grid-colsub">{sub}</span>
                </button>
              );
            })}
          </div>
          {table.rows.slice(first, last + 1).map((row, k) => {
            const r = first + k;
            const mark = rowMarks?.get(row.id);
            const rowCls = mark ? (mark.fired ? " row-fired" : mark.matched ? " row-matched" : " row-missed") : "";
            return (
              <div key={row.id} role="row" aria-rowindex={r + 2} className={`table-grid-row${rowCls}`} style={{ top: HEAD_H + r * ROW_H, height: ROW_H, width }} data-testid={`table-row-${r}`} data-row-id={row.id}>
                <div
                  className={`table-grid-rowhead${r >= b.r0 && r <= b.r1 ? " selected" : ""}`}
                  style={{ width: ROW_HEAD_W }}
                  role="rowheader"
                  title={[row.description, mark?.fired ? "This row decided in the last test" : mark?.matched ? "Matched in the last test" : null].filter(Boolean).join(" · ") || `Row ${r + 1}`}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    onSelectColumn(null);
                    grid.setSel(e.shiftKey ? { anchor: { r: sel.anchor.r, c: 0 }, focus: { r, c: grid.cols - 1 } } : { anchor: { r, c: 0 }, focus: { r, c: grid.cols - 1 } });
                    scroller.current?.focus();
                  }}
                >
                  {mark?.fired ? "✓ " : ""}
                  {r + 1}
                </div>
                {columns.map((c, j) => {
                  const problems = problemsAt(r, c);
                  const selected = contains(b, r, j);
                  const focused = sel.focus.r === r && sel.focus.c === j;
                  const failed = mark && !mark.matched && mark.failedColumn === c.column.id;
                  const value = c.side === "condition" ? row.cells[c.column.id] : row.actions[c.column.id];
                  const cls = [
                    "table-grid-cell",
                    c.side,
                    selected ? "selected" : "",
                    focused ? "focused" : "",
                    problems.length ? "has-problem" : "",
                    failed ? "first-fail" : "",
                    value === undefined ? "empty" : "",
                    unreadCellText(value) !== null ? "unread" : "",
                  ]
                    .filter(Boolean)
                    .join(" ");
                  const title = [...problems, failed ? `First failing cell: ${missText(table, mark, ctx)}` : null].filter(Boolean).join("\n");
                  return (
                    <div
                      key={c.column.id}
                      role="gridcell"
                      aria-selected={selected}
                      aria-invalid={problems.length > 0 || undefined}
                      className={cls}
                      style={{ width: widthOf(c) }}
                      title={title || undefined}
                      data-testid={`cell-${r}-${c.column.id}`}
                      onMouseDown={(e) => {
                        if (editing) grid.commitEdit();
                        e.preventDefault();
                        onSelectColumn(null);
                        grid.select({ r, c: j }, e.shiftKey);
                        scroller.current?.focus();
                      }}
                      onDoubleClick={() => grid.startEdit()}
                    >
                      {editing && editing.cell.r === r && editing.cell.c === j ? null : cellText(table, r, j, ctx) || (c.side === "condition" ? <span className="muted">any</span> : null)}
                    </div>
                  );
                })}
                {editing && editing.cell.r === r ? <CellEditor grid={grid} column={columns[editing.cell.c]!} left={ROW_HEAD_W + (offsets[editing.cell.c] ?? 0)} ctx={ctx} refocus={() => scroller.current?.focus()} /> : null}
              </div>
            );
          })}
        </div>
      </div>
      <div className="table-grid-status" data-testid="table-status" aria-live="polite">
        {focusRow && focusCol ? (
          <>
            <strong>
              Row {sel.focus.r + 1}
              {focusRow.description ? ` (${focusRow.description})` : ""}, {focusCol.side === "condition" ? conditionHeading(focusCol.column) : actionHeading(focusCol.column)}
            </strong>
            {b.r1 > b.r0 || b.c1 > b.c0 ? <span className="muted"> · {(b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1)} cells selected</span> : null}
            {problemsAt(sel.focus.r, focusCol).map((p, i) => (
              <span key={i} className="table-status-problem">
                {" "}
                · {p}
              </span>
            ))}
            {(() => {
              const mark = rowMarks?.get(focusRow.id);
              if (!mark) return null;
              if (mark.fired) return <span className="table-status-trace"> · decided in the last test</span>;
              if (mark.matched) return <span className="table-status-trace"> · matched in the last test</span>;
              if (mark.failedColumn === null) return <span className="table-status-trace"> · not reached in the last test</span>;
              const col = table.conditions.find((x) => x.id === mark.failedColumn);
              return (
                <span className="table-status-trace">
                  {" "}
                  · no match at {col ? conditionHeading(col) : mark.failedColumn}: {missText(table, mark, ctx)}
                </span>
              );
            })()}
          </>
        ) : (
          <span className="muted">Empty table: add a row and columns.</span>
        )}
        {grid.message ? <span className="muted"> · {grid.message}</span> : null}
      </div>
    </div>
  );
}

/** The cell being edited: a text input (Enter/Tab commit and move, Escape cancels) and, by column, a helper. */
function CellEditor({ grid, column, left, ctx, refocus }: { grid: TableGridState; column: TableColumn; left: number; ctx: CellContext; refocus: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const editing = grid.editing!;
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const finish = (dr: number, dc: number) => {
    grid.commitEdit(dr, dc);
    refocus();
  };
  const isCountryList = column.side === "condition" && getFactDefinition(column.column.fact)?.format === "country" && conditionColumnInfo(column.column).shape === "list";
  const parsed = column.side === "condition" && isCountryList ? parseConditionCell(column.column, editing.text, ctx) : null;
  const listId = `cell-options-${column.column.id}`;
  const options =
    column.side === "action" && column.column.kind === "assignChannel"
      ? (ctx?.channels ?? []).map((c) => c.name)
      : column.side === "action" && column.column.kind === "assignWarehouse"
        ? (ctx?.warehouses ?? []).map((w) => w.name)
        : column.side === "condition" && getFactDefinition(column.column.fact)?.type === "boolean"
          ? ["yes", "no"]
          : [];
  return (
    <div className="table-cell-editor" style={{ left, width: Math.max(COL_W, 260) }} onMouseDown={(e) => e.stopPropagation()}>
      <input
        ref={input}
        className="input table-cell-input"
        aria-label="Cell value"
        data-testid="cell-input"
        list={options.length ? listId : undefined}
        value={editing.text}
        onChange={(e) => grid.setEditing({ ...editing, text: e.target.value })}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter") {
            e.preventDefault();
            finish(e.shiftKey ? -1 : 1, 0);
          } else if (e.key === "Tab") {
            e.preventDefault();
            finish(0, e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            grid.cancelEdit();
            refocus();
          }
        }}
        onBlur={(e) => {
          if (e.relatedTarget && (e.currentTarget.parentElement?.contains(e.relatedTarget as Node) ?? false)) return;
          grid.commitEdit();
        }}
      />
      {options.length ? (
        <datalist id={listId}>
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      ) : null}
      <div className="table-cell-hint muted">{columnHint(column)}</div>
      {isCountryList ? (
        <div className="table-cell-helper" tabIndex={-1}>
          <CountryMultiSelect
            value={parsed && parsed.ok && Array.isArray(parsed.value) ? (parsed.value as string[]) : []}
            onChange={(codes) => grid.setEditing({ ...editing, text: codes.join(", ") })}
            ariaLabel="Countries of this cell"
          />
        </div>
      ) : null}
    </div>
  );
}
