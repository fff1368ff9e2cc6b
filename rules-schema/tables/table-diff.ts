import type { CellContext } from "./table-cells";
import { cellText, tableColumns } from "./table-edit";
import { actionHeading, conditionHeading } from "./table-sheet";
import type { TDecisionTableData } from "./table-schema";

/** One difference between two versions of a table, in words: where, and the text before / after. */
export interface TableChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/** Indices (into `xs`) of a longest strictly increasing subsequence. */
function longestIncreasing(xs: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(xs.length).fill(-1);
  xs.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]!]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

const heading = (t: TDecisionTableData, id: string) => {
  const c = tableColumns(t).find((x) => x.column.id === id);
  return !c ? id : c.side === "condition" ? conditionHeading(c.column) : actionHeading(c.column);
};

function rowText(t: TDecisionTableData, r: number, ctx: CellContext): string {
  const parts = tableColumns(t)
    .map((c, j) => [c, cellText(t, r, j, ctx)] as const)
    .filter(([, text]) => text !== "")
    .map(([c, text]) => `${c.side === "condition" ? (c.column.label ?? conditionHeading(c.column)) : actionHeading(c.column)}: ${text}`);
  return parts.join(" · ") || "(empty)";
}

/**
 * What changed between two versions of a decision table, row by row and cell by cell (rows and columns
 * are matched by id): settings, columns added, removed or redefined, rows added, removed or moved
 * (the fewest rows that explain the new order), and each changed cell with its text before and after.
 */
export function diffTables(a: TDecisionTableData, b: TDecisionTableData, ctx?: CellContext): TableChange[] {
  const out: TableChange[] = [];
  if (a.hitPolicy !== b.hitPolicy) out.push({ path: "Hit policy", before: a.hitPolicy, after: b.hitPolicy });
  if (a.priority !== b.priority) out.push({ path: "Priority", before: String(a.priority), after: String(b.priority) });
  const colsA = new Map(tableColumns(a).map((c) => [c.column.id, c]));
  const colsB = new Map(tableColumns(b).map((c) => [c.column.id, c]));
  for (const [id, c] of colsA) if (!colsB.has(id)) out.push({ path: `Column ${heading(a, id)}`, before: c.side === "condition" ? "condition column" : "action column", after: undefined });
  for (const [id, c] of colsB) {
    const old = colsA.get(id);
    if (!old) out.push({ path: `Column ${heading(b, id)}`, before: undefined, after: c.side === "condition" ? "condition column" : "action column" });
    else if (JSON.stringify(old.column) !== JSON.stringify(c.column)) out.push({ path: `Column ${heading(b, id)}`, before: heading(a, id), after: heading(b, id) });
  }
  const indexA = new Map(a.rows.map((r, i) => [r.id, i]));
  const indexB = new Map(b.rows.map((r, i) => [r.id, i]));
  a.rows.forEach((r, i) => {
    if (!indexB.has(r.id)) out.push({ path: `Row ${i + 1} removed`, before: rowText(a, i, ctx), after: undefined });
  });
  const common = b.rows.map((r, j) => ({ id: r.id, j, i: indexA.get(r.id) })).filter((x): x is { id: string; j: number; i: number } => x.i !== undefined);
  const stayed = longestIncreasing(common.map((x) => x.i));
  b.rows.forEach((r, j) => {
    if (!indexA.has(r.id)) out.push({ path: `Row ${j + 1} added`, before: undefined, after: rowText(b, j, ctx) });
  });
  common.forEach((x, k) => {
    if (!stayed.has(k)) out.push({ path: `Row ${x.j + 1} moved`, before: `row ${x.i + 1}`, after: `row ${x.j + 1}` });
    const ra = a.rows[x.i]!;
    const rb = b.rows[x.j]!;
    tableColumns(b).forEach((c, jb) => {
      const ja = tableColumns(a).findIndex((ca) => ca.column.id === c.column.id);
      if (ja < 0) return;
      const before = cellText(a, x.i, ja, ctx);
      const after = cellText(b, x.j, jb, ctx);
      if (before !== after) out.push({ path: `Row ${x.j + 1} · ${heading(b, c.column.id)}`, before: before || "(empty)", after: after || "(empty)" });
    });
    if ((ra.description ?? "") !== (rb.description ?? "")) out.push({ path: `Row ${x.j + 1} · description`, before: ra.description, after: rb.description });
  });
  return out;
}
