"use client";
import { useContext, useRef, useState } from "react";
import { ACTION_EFFECTS } from "@/rules-schema/actions/action-effects";
import { ORDER_FACT_IDS, getFactDefinition } from "@/rules-schema/facts/fact-catalog";
import { ACTION_KINDS, type TActionKind } from "@/rules-schema/graph/graph-schema";
import { OPERATORS, operatorsForFactType } from "@/rules-schema/operators/operator-registry";
import type { CellContext } from "@/rules-schema/tables/table-cells";
import {
  addActionColumn,
  addConditionColumn,
  deleteColumn,
  deleteRows,
  duplicateRows,
  insertRows,
  moveColumn,
  moveRows,
  tableColumns,
  updateActionColumn,
  updateConditionColumn,
} from "@/rules-schema/tables/table-edit";
import type { TDecisionTableData } from "@/rules-schema/tables/table-schema";
import { csvToSheet, sheetToCsv, sheetToTable, tableToSheet } from "@/rules-schema/tables/table-sheet";
import { UNITS, isUnitKind } from "@/rules-schema/util/quantity-units";
import { useDesignerMasterData } from "../designer-master-data";
import { NodeTraceContext } from "../node-kind-ui";
import { ParamEditor, defaultParams } from "../fact-param-editor";
import { bounds } from "./grid-selection";
import { TableGrid } from "./table-grid";
import { useTableGrid } from "./use-table-grid";
import { downloadBlob } from "@/components/ui/download-blob";

const fileBase = (title: string) => (title.trim() || "decision-table").replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60);

/**
 * The decision table editor: settings, row and column commands, the grid, CSV / Excel export and
 * import. Shown over the designer; every change is one step of the designer's undo (Ctrl+Z / Ctrl+Y).
 */
export function TableEditor({
  nodeId,
  title,
  table,
  onChange,
  errors,
  readOnly,
  onClose,
}: {
  nodeId: string;
  title: string;
  table: TDecisionTableData;
  onChange: (next: TDecisionTableData, what: string) => void;
  errors: Record<string, string[]>;
  readOnly: boolean;
  onClose: () => void;
}) {
  const md = useDesignerMasterData();
  const ctx: CellContext = md.validationContext ?? { warehouses: [], channels: [] };
  const grid = useTableGrid(table, onChange, ctx, readOnly);
  const [selectedColumn, setSelectedColumn] = useState<number | null>(null);
  const [fileMessage, setFileMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const rowMarks = useContext(NodeTraceContext)?.get(nodeId)?.rows;
  const b = bounds(grid.sel);
  const columns = tableColumns(table);
  const column = selectedColumn !== null ? columns[selectedColumn] : undefined;
  const tableErrors = Object.entries(errors).filter(([f]) => f === "data.rows" || f.startsWith("data.conditions") || f === "data.priority");

  const moveSelectedRows = (delta: -1 | 1) => {
    if (table.rows.length === 0) return;
    const to = delta < 0 ? b.r0 - 1 : b.r1 + 1;
    if (to < 0 || to >= table.rows.length) return;
    onChange(moveRows(table, b.r0, b.r1, delta), "move rows");
    grid.setSel({ anchor: { r: grid.sel.anchor.r + delta, c: grid.sel.anchor.c }, focus: { r: grid.sel.focus.r + delta, c: grid.sel.focus.c } });
  };

  const importFile = async (file: File) => {
    setFileMessage(null);
    try {
      const name = file.name.toLowerCase();
      let sheet: unknown[][];
      if (name.endsWith(".xlsx")) {
        const { xlsxToSheet } = await import("@/rules-schema/tables/table-xlsx");
        sheet = await xlsxToSheet(await file.arrayBuffer());
      } else if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) sheet = csvToSheet(await file.text());
      else {
        setFileMessage({ ok: false, text: `${file.name}: choose a .csv or .xlsx file exported from a decision table` });
        return;
      }
      const read = sheetToTable(sheet, ctx);
      if (!read.ok) {
        setFileMessage({ ok: false, text: `${file.name}: ${read.message}. Nothing was changed.` });
        return;
      }
      onChange(read.table, "import");
      grid.setSel({ anchor: { r: 0, c: 0 }, focus: { r: 0, c: 0 } });
      setFileMessage({
        ok: true,
        text: `Imported ${read.table.rows.length.toLocaleString("en-US")} rows and ${read.table.conditions.length + read.table.actions.length} columns from ${file.name} (Undo puts the previous table back)${read.warnings.length ? `. ${read.warnings.slice(0, 3).join("; ")}${read.warnings.length > 3 ? "; …" : ""}` : ""}`,
      });
    } catch (e) {
      setFileMessage({ ok: false, text: `${file.name} could not be read (${e instanceof Error ? e.message : "unknown error"}). Nothing was changed.` });
    }
  };

  const exportXlsx = async () => {
    const { sheetToXlsx } = await import("@/rules-schema/tables/table-xlsx");
    downloadBlob(await sheetToXlsx(tableToSheet(table, ctx), title || "Decision table"), `${fileBase(title)}.xlsx`);
  };

  return (
    <div className="table-editor-backdrop" onKeyDown={(e) => {
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === "Escape" && !grid.editing) onClose();
      if (!(mod && ["z", "y", "s"].includes(e.key.toLowerCase()))) e.stopPropagation();
    }}>
      <section className="table-editor" role="region" aria-label={`Decision table editor: ${title || "Decision table"}`} data-testid="table-editor">
        <header className="table-editor-head">
          <strong>{title || "Decision table"}</strong>
          <span className="muted">
            {table.rows.length.toLocaleString("en-US")} row{table.rows.length === 1 ? "" : "s"} · {table.conditions.length} condition{table.conditions.length === 1 ? "" : "s"} · {table.actions.length}{" "}
            action{table.actions.length === 1 ? "" : "s"}
          </span>
          <label className="table-editor-setting">
            Hit policy
            <select
              className="input small"
              aria-label="Hit policy"
              disabled={readOnly}
              value={table.hitPolicy}
              onChange={(e) => onChange({ ...table, hitPolicy: e.target.value as TDecisionTableData["hitPolicy"] }, "hit policy")}
            >
              <option value="first">First matching row (top to bottom)</option>
              <option value="all">Every matching row</option>
            </select>
          </label>
          <label className="table-editor-setting">
            Priority
            <input
              className="input small"
              type="number"
              min={2}
              max={10_000}
              aria-label="Priority"
              disabled={readOnly}
              value={table.priority}
              onChange={(e) => onChange({ ...table, priority: Number(e.target.value) }, "priority")}
            />
          </label>
          <span className="toolbar-spacer" />
          <button className="btn small" onClick={onClose} data-testid="table-editor-close">
            Close
          </button>
        </header>
        <div className="table-editor-toolbar" role="toolbar" aria-label="Rows and columns">
          <button className="btn small" disabled={readOnly} onClick={() => onChange(insertRows(table, table.rows.length ? b.r0 : 0), "insert row")}>
            Insert row above
          </button>
          <button
            className="btn small"
            disabled={readOnly}
            data-testid="table-add-row"
            onClick={() => {
              const at = table.rows.length ? b.r1 + 1 : 0;
              onChange(insertRows(table, at), "insert row");
              grid.setSel({ anchor: { r: at, c: 0 }, focus: { r: at, c: 0 } });
            }}
          >
            Insert row below
          </button>
          <button className="btn small" disabled={readOnly || table.rows.length === 0} onClick={() => onChange(duplicateRows(table, b.r0, b.r1), "duplicate rows")}>
            Duplicate
          </button>
          <button className="btn small" disabled={readOnly || b.r0 === 0} onClick={() => moveSelectedRows(-1)} title="Alt+↑">
            Move up
          </button>
          <button className="btn small" disabled={readOnly || b.r1 >= table.rows.length - 1} onClick={() => moveSelectedRows(1)} title="Alt+↓">
            Move down
          </button>
          <button
            className="btn small danger"
            disabled={readOnly || table.rows.length === 0}
            onClick={() => {
              onChange(deleteRows(table, b.r0, b.r1), "delete rows");
              grid.setSel({ anchor: { r: Math.max(0, b.r0 - 1), c: b.c0 }, focus: { r: Math.max(0, b.r0 - 1), c: b.c0 } });
            }}
          >
            Delete {b.r1 > b.r0 ? `${b.r1 - b.r0 + 1} rows` : "row"}
          </button>
          <span className="toolbar-sep" />
          <button className="btn small" disabled={readOnly} data-testid="table-add-condition" onClick={() => onChange(addConditionColumn(table, { fact: "country", operator: "in" }), "add column")}>
            + Condition column
          </button>
          <button className="btn small" disabled={readOnly} data-testid="table-add-action" onClick={() => onChange(addActionColumn(table, { kind: "assignChannel" }), "add column")}>
            + Action column
          </button>
          <span className="toolbar-spacer" />
          <button className="btn small" onClick={() => downloadBlob(new Blob([sheetToCsv(tableToSheet(table, ctx))], { type: "text/csv;charset=utf-8" }), `${fileBase(title)}.csv`)} data-testid="table-export-csv">
            Export CSV
          </button>
          <button className="btn small" onClick={() => void exportXlsx()} data-testid="table-export-xlsx">
            Export Excel
          </button>
          <button className="btn small" disabled={readOnly} onClick={() => fileInput.current?.click()} data-testid="table-import">
            Import…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept=".csv,.xlsx,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="table-import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) void importFile(f);
            }}
          />
        </div>
        {fileMessage ? (
          <p className={fileMessage.ok ? "table-editor-note" : "table-editor-note error"} role={fileMessage.ok ? "status" : "alert"} data-testid="table-file-message">
            {fileMessage.text}
          </p>
        ) : null}
        {tableErrors.length ? (
          <ul className="table-editor-problems" aria-label="Problems of this table">
            {tableErrors.flatMap(([f, ms]) => ms.map((m, i) => <li key={`${f}-${i}`}>{m}</li>))}
          </ul>
        ) : null}
        {column ? (
          <ColumnPanel
            md={md}
            table={table}
            index={selectedColumn!}
            readOnly={readOnly}
            onChange={onChange}
            onClose={() => setSelectedColumn(null)}
            onMoved={(delta) => setSelectedColumn(selectedColumn! + delta)}
            errors={errors}
          />
        ) : null}
        <TableGrid
          table={table}
          grid={grid}
          ctx={ctx}
          errors={errors}
          rowMarks={rowMarks}
          readOnly={readOnly}
          onMoveRows={moveSelectedRows}
          selectedColumn={selectedColumn}
          onSelectColumn={setSelectedColumn}
        />
        <p className="muted table-editor-help">
          Arrows, Tab and Enter move; type to edit, Enter to keep, Esc to cancel; Delete clears; Ctrl+C / Ctrl+V copy and paste blocks with Excel or Google Sheets; Alt+↑/↓ moves rows; Ctrl+Z / Ctrl+Y
          undo and redo. Empty condition cells match any order; a row without an action takes no part.
        </p>
      </section>
    </div>
  );
}

/** Edits one column: a condition's fact, operator, unit and heading, or an action column's kind and heading. */
function ColumnPanel({
  md,
  table,
  index,
  readOnly,
  onChange,
  onClose,
  onMoved,
  errors,
}: {
  md: ReturnType<typeof useDesignerMasterData>;
  table: TDecisionTableData;
  index: number;
  readOnly: boolean;
  onChange: (next: TDecisionTableData, what: string) => void;
  onClose: () => void;
  onMoved: (delta: -1 | 1) => void;
  errors: Record<string, string[]>;
}) {
  const c = tableColumns(table)[index]!;
  const sideIndex = c.side === "condition" ? index : index - table.conditions.length;
  const sideLength = c.side === "condition" ? table.conditions.length : table.actions.length;
  const def = c.side === "condition" ? getFactDefinition(c.column.fact) : undefined;
  const colErrors = c.side === "condition" ? Object.entries(errors).filter(([f]) => f.startsWith(`data.conditions.${sideIndex}.`)).flatMap(([, m]) => m) : [];
  return (
    <div className="table-column-panel" role="group" aria-label="Column" data-testid="table-column-panel">
      {c.side === "condition" ? (
        <>
          <PanelSelect
            label="Fact"
            disabled={readOnly}
            value={c.column.fact}
            options={ORDER_FACT_IDS.map((f) => [f, getFactDefinition(f)?.label ?? f])}
            onChange={(fact) => {
              const def = getFactDefinition(fact);
              const ops = def ? operatorsForFactType(def.type, def.format) : [];
              const operator = ops.includes(c.column.operator as never) ? c.column.operator : (ops[0] ?? "equal");
              const unit = isUnitKind(def?.unit) ? UNITS[def.unit][0]!.id : undefined;
              const params = def ? defaultParams(def, md) : undefined;
              onChange(updateConditionColumn(table, c.column.id, { fact, operator, unit, params }), "column");
            }}
          />
          <PanelSelect
            label="Operator"
            disabled={readOnly}
            value={c.column.operator}
            options={(def ? operatorsForFactType(def.type, def.format) : []).map((o) => [o, OPERATORS[o].label])}
            onChange={(operator) => onChange(updateConditionColumn(table, c.column.id, { operator }), "column")}
          />
          {def?.param && !readOnly ? (
            <ParamEditor
              nodeId={`column-${c.column.id}`}
              def={def}
              params={c.column.params}
              errors={errors[`data.conditions.${sideIndex}.params`]}
              onChange={(params) => onChange(updateConditionColumn(table, c.column.id, { params }), "column")}
            />
          ) : null}
          {isUnitKind(def?.unit) ? (
            <PanelSelect
              label="Unit"
              disabled={readOnly}
              value={c.column.unit ?? UNITS[def.unit][0]!.id}
              options={UNITS[def.unit].map((u) => [u.id, u.label])}
              onChange={(unit) => onChange(updateConditionColumn(table, c.column.id, { unit }), "column")}
            />
          ) : null}
        </>
      ) : (
        <PanelSelect
          label="Action"
          disabled={readOnly}
          value={c.column.kind}
          options={ACTION_KINDS.map((k) => [k, ACTION_EFFECTS[k].label])}
          onChange={(value) => {
            // Cells of another action kind do not carry over: the column starts empty.
            const kind = value as TActionKind;
            const cleared = table.rows.map((r) => {
              const { [c.column.id]: _gone, ...actions } = r.actions;
              return { ...r, actions };
            });
            onChange(updateActionColumn({ ...table, rows: cleared }, c.column.id, { kind }), "column");
          }}
        />
      )}
      <label>
        Heading
        <input
          className="input small"
          aria-label="Column heading"
          disabled={readOnly}
          placeholder="(the fact's name)"
          value={c.column.label ?? ""}
          onChange={(e) => {
            const label = e.target.value === "" ? undefined : e.target.value.slice(0, 200);
            onChange(c.side === "condition" ? updateConditionColumn(table, c.column.id, { label }) : updateActionColumn(table, c.column.id, { label }), "column label");
          }}
        />
      </label>
      <button
        className="btn small"
        disabled={readOnly || sideIndex === 0}
        onClick={() => {
          onChange(moveColumn(table, index, -1), "move column");
          onMoved(-1);
        }}
      >
        ◀ Move left
      </button>
      <button
        className="btn small"
        disabled={readOnly || sideIndex >= sideLength - 1}
        onClick={() => {
          onChange(moveColumn(table, index, 1), "move column");
          onMoved(1);
        }}
      >
        Move right ▶
      </button>
      <button
        className="btn small danger"
        disabled={readOnly}
        onClick={() => {
          onChange(deleteColumn(table, index), "delete column");
          onClose();
        }}
      >
        Delete column
      </button>
      <button className="btn small ghost" onClick={onClose} aria-label="Close the column panel">
        ✕
      </button>
      {colErrors.length ? <span className="table-status-problem">{colErrors.join(" · ")}</span> : null}
    </div>
  );
}

/** A labelled select of the column panel ("Column fact", "Column operator"…). */
function PanelSelect({ label, value, options, disabled, onChange }: { label: string; value: string; options: readonly (readonly [string, string])[]; disabled: boolean; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <select className="input small" aria-label={`Column ${label.toLowerCase()}`} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
