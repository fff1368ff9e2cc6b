"use client";
import { useCallback, useState } from "react";
import type { CellContext } from "@/rules-schema/tables/table-cells";
import { cellText, clearBlock, copyBlock, parseTsv, pasteBlock, setCellText, tableColumns } from "@/rules-schema/tables/table-edit";
import type { TDecisionTableData } from "@/rules-schema/tables/table-schema";
import { type GridCell, type GridSelection, bounds, clampCell, moveFocus, single } from "./grid-selection";

export interface TableEdit {
  (next: TDecisionTableData, what: string): void;
}

/**
 * The grid's state: the selection, the cell being edited (with its text), and the editing commands
 * the keyboard, the clipboard and the toolbar call. Edits go out through `onEdit` (one undo step each).
 */
export function useTableGrid(table: TDecisionTableData, onEdit: TableEdit, ctx: CellContext, readOnly: boolean) {
  const [sel, setSel] = useState<GridSelection>(single({ r: 0, c: 0 }));
  const [editing, setEditing] = useState<{ cell: GridCell; text: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const rows = table.rows.length;
  const cols = tableColumns(table).length;

  const move = useCallback((dr: number, dc: number, extend = false) => setSel((s) => moveFocus(s, dr, dc, extend, rows, cols)), [rows, cols]);
  const select = useCallback((cell: GridCell, extend = false) => setSel((s) => (extend ? { anchor: s.anchor, focus: clampCell(cell, rows, cols) } : single(clampCell(cell, rows, cols)))), [rows, cols]);

  const startEdit = (text?: string) => {
    if (readOnly || rows === 0 || cols === 0) return;
    const cell = clampCell(sel.focus, rows, cols);
    setEditing({ cell, text: text ?? cellText(table, cell.r, cell.c, ctx) });
  };
  const commitEdit = (dr = 0, dc = 0) => {
    if (!editing) return;
    const { cell, text } = editing;
    setEditing(null);
    if (text !== cellText(table, cell.r, cell.c, ctx)) onEdit(setCellText(table, cell.r, cell.c, text, ctx), "cell");
    setSel(single(clampCell({ r: cell.r + dr, c: cell.c + dc }, rows, cols)));
  };
  const cancelEdit = () => setEditing(null);

  const copy = (): string => {
    const b = bounds(sel);
    return copyBlock(table, b.r0, b.c0, b.r1, b.c1, ctx);
  };
  const clear = () => {
    if (readOnly) return;
    const b = bounds(sel);
    onEdit(clearBlock(table, b.r0, b.c0, b.r1, b.c1), "clear");
  };
  /** Pastes tab-separated text at the selection: a block from its top-left, or one value into every selected cell. */
  const paste = (text: string) => {
    if (readOnly || cols === 0) return;
    const block = parseTsv(text);
    if (block.length === 0) return;
    const b = bounds(sel);
    const fill = block.length === 1 && block[0]!.length === 1 && (b.r1 > b.r0 || b.c1 > b.c0);
    const data = fill ? Array.from({ length: b.r1 - b.r0 + 1 }, () => Array.from({ length: b.c1 - b.c0 + 1 }, () => block[0]![0]!)) : block;
    const next = pasteBlock(table, Math.min(b.r0, Math.max(rows - 1, 0)), b.c0, data, ctx);
    const { droppedCells, ...clean } = next;
    onEdit(clean, "paste");
    const added = clean.rows.length - rows;
    setMessage(
      `Pasted ${data.length.toLocaleString("en-US")} row${data.length === 1 ? "" : "s"}${added > 0 ? ` (${added} added)` : ""}${droppedCells ? `; ${droppedCells} cell${droppedCells === 1 ? "" : "s"} past the last column left out` : ""}`,
    );
    setSel({ anchor: { r: b.r0, c: b.c0 }, focus: clampCell({ r: b.r0 + data.length - 1, c: b.c0 + Math.max(...data.map((r) => r.length)) - 1 }, clean.rows.length, cols) });
  };

  return { sel, setSel, select, move, editing, setEditing, startEdit, commitEdit, cancelEdit, copy, clear, paste, message, setMessage, rows, cols };
}
export type TableGridState = ReturnType<typeof useTableGrid>;
