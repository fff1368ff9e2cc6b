import { type CellContext, formatActionCell, formatConditionCell, parseActionCell, parseConditionCell, unreadCell } from "./table-cells";
import { type TDecisionTableData, type TTableActionColumn, type TTableConditionColumn, type TTableRow, freshTableId } from "./table-schema";

/**
 * Spreadsheet edits of a decision table, as pure functions (the grid, paste, import and the tests use
 * them). Columns are addressed in display order: condition columns first, then action columns.
 * Every edit returns a new table and never loses what was typed: text that does not read is kept in
 * its cell (see `unreadCell`) and reported there.
 */

export type TableColumn = { side: "condition"; column: TTableConditionColumn } | { side: "action"; column: TTableActionColumn };

export function tableColumns(t: Pick<TDecisionTableData, "conditions" | "actions">): TableColumn[] {
  return [...t.conditions.map((column) => ({ side: "condition" as const, column })), ...t.actions.map((column) => ({ side: "action" as const, column }))];
}

/** The text a cell shows (and copies). */
export function cellText(t: TDecisionTableData, row: number, col: number, ctx?: CellContext): string {
  const c = tableColumns(t)[col];
  const r = t.rows[row];
  if (!c || !r) return "";
  return c.side === "condition" ? formatConditionCell(c.column, r.cells[c.column.id], ctx) : formatActionCell(c.column, r.actions[c.column.id], ctx);
}

function writeCell(row: TTableRow, c: TableColumn, text: string, ctx: CellContext): TTableRow {
  const id = c.column.id;
  if (c.side === "condition") {
    const parsed = parseConditionCell(c.column, text, ctx);
    const cells = { ...row.cells };
    if (parsed.ok && parsed.value === undefined) delete cells[id];
    else cells[id] = parsed.ok ? parsed.value : unreadCell(text.trim());
    return { ...row, cells };
  }
  const parsed = parseActionCell(c.column, text, ctx);
  const actions = { ...row.actions };
  if (parsed.ok && parsed.value === undefined) delete actions[id];
  else actions[id] = parsed.ok ? parsed.value! : unreadCell(text.trim());
  return { ...row, actions };
}

/** Types `text` into one cell. */
export function setCellText(t: TDecisionTableData, row: number, col: number, text: string, ctx?: CellContext): TDecisionTableData {
  return pasteBlock(t, row, col, [[text]], ctx);
}

/**
 * Writes a block of texts (rows of cells, as pasted from a spreadsheet) with its top-left at
 * (row, col): rows are added at the bottom when the block runs past the last one; cells past the last
 * column are dropped (the count is returned).
 */
export function pasteBlock(t: TDecisionTableData, row: number, col: number, block: readonly (readonly string[])[], ctx?: CellContext): TDecisionTableData & { droppedCells?: number } {
  const columns = tableColumns(t);
  const rows = [...t.rows];
  const taken = new Set(rows.map((r) => r.id));
  let dropped = 0;
  block.forEach((texts, i) => {
    const at = row + i;
    while (rows.length <= at) {
      const id = freshTableId("r", taken);
      taken.add(id);
      rows.push({ id, cells: {}, actions: {} });
    }
    let r = rows[at]!;
    texts.forEach((text, j) => {
      const c = columns[col + j];
      if (!c) {
        if (text.trim() !== "") dropped++;
        return;
      }
      r = writeCell(r, c, text, ctx);
    });
    rows[at] = r;
  });
  const out: TDecisionTableData & { droppedCells?: number } = { ...t, rows };
  if (dropped > 0) out.droppedCells = dropped;
  return out;
}

/** Empties the cells of a block. */
export function clearBlock(t: TDecisionTableData, r0: number, c0: number, r1: number, c1: number): TDecisionTableData {
  const columns = tableColumns(t).slice(Math.min(c0, c1), Math.max(c0, c1) + 1);
  const [lo, hi] = [Math.min(r0, r1), Math.max(r0, r1)];
  return {
    ...t,
    rows: t.rows.map((r, i) => {
      if (i < lo || i > hi) return r;
      const cells = { ...r.cells };
      const actions = { ...r.actions };
      for (const c of columns) {
        if (c.side === "condition") delete cells[c.column.id];
        else delete actions[c.column.id];
      }
      return { ...r, cells, actions };
    }),
  };
}

/** A block as tab-separated text, as spreadsheets copy it (cells with tabs, newlines or quotes are quoted). */
export function copyBlock(t: TDecisionTableData, r0: number, c0: number, r1: number, c1: number, ctx?: CellContext): string {
  const lines: string[] = [];
  for (let r = Math.min(r0, r1); r <= Math.max(r0, r1); r++) {
    const cells: string[] = [];
    for (let c = Math.min(c0, c1); c <= Math.max(c0, c1); c++) cells.push(tsvQuote(cellText(t, r, c, ctx)));
    lines.push(cells.join("\t"));
  }
  return lines.join("\n");
}

const tsvQuote = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Tab-separated text as Excel and Google Sheets put it on the clipboard: rows by newline (CRLF too),
 * cells by tab, a quoted cell may hold tabs, newlines and doubled quotes; the final newline is not a row.
 */
export function parseTsv(text: string): string[][] {
  return parseDelimited(text, "\t");
}

/** Delimited text (TSV, or CSV with "," or ";" as spreadsheets write it), quoted cells as RFC 4180 says. */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(cell);
      cell = "";
      atCellStart = true;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      atCellStart = true;
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    cell += ch;
    atCellStart = false;
    i++;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Inserts `count` empty rows before `at`. */
export function insertRows(t: TDecisionTableData, at: number, count = 1): TDecisionTableData {
  const taken = new Set(t.rows.map((r) => r.id));
  const fresh: TTableRow[] = [];
  for (let i = 0; i < count; i++) {
    const id = freshTableId("r", taken);
    taken.add(id);
    fresh.push({ id, cells: {}, actions: {} });
  }
  const rows = [...t.rows];
  rows.splice(Math.max(0, Math.min(at, rows.length)), 0, ...fresh);
  return { ...t, rows };
}

export function deleteRows(t: TDecisionTableData, r0: number, r1: number): TDecisionTableData {
  const [lo, hi] = [Math.min(r0, r1), Math.max(r0, r1)];
  return { ...t, rows: t.rows.filter((_, i) => i < lo || i > hi) };
}

/** Moves rows r0..r1 by `delta` places (clamped); rows order is what first-hit decides by. */
export function moveRows(t: TDecisionTableData, r0: number, r1: number, delta: number): TDecisionTableData {
  const [lo, hi] = [Math.min(r0, r1), Math.max(r0, r1)];
  const block = t.rows.slice(lo, hi + 1);
  const rest = [...t.rows.slice(0, lo), ...t.rows.slice(hi + 1)];
  const to = Math.max(0, Math.min(rest.length, lo + delta));
  rest.splice(to, 0, ...block);
  return { ...t, rows: rest };
}

export function duplicateRows(t: TDecisionTableData, r0: number, r1: number): TDecisionTableData {
  const [lo, hi] = [Math.min(r0, r1), Math.max(r0, r1)];
  const taken = new Set(t.rows.map((r) => r.id));
  const copies = t.rows.slice(lo, hi + 1).map((r) => {
    const id = freshTableId("r", taken);
    taken.add(id);
    return structuredClone({ ...r, id });
  });
  const rows = [...t.rows];
  rows.splice(hi + 1, 0, ...copies);
  return { ...t, rows };
}

/** Adds a condition column (at the end of the conditions, or before condition index `at`). */
export function addConditionColumn(t: TDecisionTableData, column: Omit<TTableConditionColumn, "id">, at = t.conditions.length): TDecisionTableData {
  const id = freshTableId("c", [...t.conditions, ...t.actions].map((c) => c.id));
  const conditions = [...t.conditions];
  conditions.splice(at, 0, { id, ...column });
  return { ...t, conditions };
}

export function addActionColumn(t: TDecisionTableData, column: Omit<TTableActionColumn, "id">, at = t.actions.length): TDecisionTableData {
  const id = freshTableId("a", [...t.conditions, ...t.actions].map((c) => c.id));
  const actions = [...t.actions];
  actions.splice(at, 0, { id, ...column });
  return { ...t, actions };
}

/** Changes a condition column's definition; cells are kept (and re-checked against the new operator). */
export function updateConditionColumn(t: TDecisionTableData, id: string, patch: Partial<Omit<TTableConditionColumn, "id">>): TDecisionTableData {
  return { ...t, conditions: t.conditions.map((c) => (c.id === id ? dropUndefined({ ...c, ...patch }) : c)) };
}

export function updateActionColumn(t: TDecisionTableData, id: string, patch: Partial<Omit<TTableActionColumn, "id">>): TDecisionTableData {
  return { ...t, actions: t.actions.map((c) => (c.id === id ? dropUndefined({ ...c, ...patch }) : c)) };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Deletes a column (by display index) and its cells. */
export function deleteColumn(t: TDecisionTableData, col: number): TDecisionTableData {
  const c = tableColumns(t)[col];
  if (!c) return t;
  const id = c.column.id;
  const rows = t.rows.map((r) => {
    if (c.side === "condition") {
      if (!(id in r.cells)) return r;
      const { [id]: _gone, ...cells } = r.cells;
      return { ...r, cells };
    }
    if (!(id in r.actions)) return r;
    const { [id]: _gone, ...actions } = r.actions;
    return { ...r, actions };
  });
  return c.side === "condition" ? { ...t, conditions: t.conditions.filter((x) => x.id !== id), rows } : { ...t, actions: t.actions.filter((x) => x.id !== id), rows };
}

/** Moves a column one place left or right among its own side (conditions stay before actions). */
export function moveColumn(t: TDecisionTableData, col: number, delta: -1 | 1): TDecisionTableData {
  const c = tableColumns(t)[col];
  if (!c) return t;
  const list = c.side === "condition" ? [...t.conditions] : [...t.actions];
  const i = list.findIndex((x) => x.id === c.column.id);
  const j = i + delta;
  if (j < 0 || j >= list.length) return t;
  [list[i], list[j]] = [list[j]!, list[i]!];
  return c.side === "condition" ? { ...t, conditions: list as TTableConditionColumn[] } : { ...t, actions: list as TTableActionColumn[] };
}
