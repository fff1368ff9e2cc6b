/**
 * Selection and windowing of the decision table grid, as plain functions (unit-tested): a selection
 * is an anchor cell and a focus cell; the grid renders only the rows in view.
 */

export interface GridCell {
  r: number;
  c: number;
}
export interface GridSelection {
  anchor: GridCell;
  focus: GridCell;
}
export interface GridBounds {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export const clampCell = (cell: GridCell, rows: number, cols: number): GridCell => ({
  r: Math.max(0, Math.min(rows - 1, cell.r)),
  c: Math.max(0, Math.min(cols - 1, cell.c)),
});

export const single = (cell: GridCell): GridSelection => ({ anchor: cell, focus: cell });

/** Arrow keys: move the focus (Shift: extend the selection from the anchor). */
export function moveFocus(sel: GridSelection, dr: number, dc: number, extend: boolean, rows: number, cols: number): GridSelection {
  const focus = clampCell({ r: sel.focus.r + dr, c: sel.focus.c + dc }, Math.max(rows, 1), Math.max(cols, 1));
  return extend ? { anchor: sel.anchor, focus } : single(focus);
}

export function bounds(sel: GridSelection): GridBounds {
  return {
    r0: Math.min(sel.anchor.r, sel.focus.r),
    r1: Math.max(sel.anchor.r, sel.focus.r),
    c0: Math.min(sel.anchor.c, sel.focus.c),
    c1: Math.max(sel.anchor.c, sel.focus.c),
  };
}

export const contains = (b: GridBounds, r: number, c: number) => r >= b.r0 && r <= b.r1 && c >= b.c0 && c <= b.c1;

/** Rows to render for a scroll position: those in view plus `overscan` on each side. */
export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): { first: number; last: number } {
  if (total === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}

/** The scroll position that shows row `r` (under a sticky header of `header` pixels), moving as little as possible. */
export function scrollToRow(r: number, scrollTop: number, viewport: number, rowHeight: number, header: number): number {
  const top = r * rowHeight;
  const bottom = top + rowHeight;
  const visibleTop = scrollTop;
  const visibleBottom = scrollTop + viewport - header;
  if (top < visibleTop) return top;
  if (bottom > visibleBottom) return bottom - (viewport - header);
  return scrollTop;
}

/** Whether a key press starts typing into a cell (a printable character without Ctrl/⌘/Alt). */
export const startsTyping = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }) => e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
