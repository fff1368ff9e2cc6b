import { z } from "zod";
import { ACTION_EFFECTS } from "../actions/action-effects";
import { getFactDefinition } from "../facts/fact-catalog";
import { getOperator } from "../operators/operator-registry";
import { canonicalJson } from "../util/canonical-json";
import { type CellContext, formatActionCell, formatConditionCell, parseActionCell, parseConditionCell, unreadCell } from "./table-cells";
import { parseDelimited } from "./table-edit";
import {
  type TDecisionTableData,
  TABLE_HIT_POLICIES,
  type TTableRow,
  ZDecisionTableData,
  ZTableActionColumn,
  ZTableConditionColumn,
  freshTableId,
} from "./table-schema";

/**
 * A decision table as a sheet of text cells — what CSV and .xlsx files hold — and back, losing
 * nothing (settings, hit policy, column definitions, row ids, descriptions, every cell):
 *
 *   row 1  Switchyard decision table | hit policy | first | priority | 100
 *   row 2  Row | Destination country in | Chargeable weight between (kg) | … | Assign channel | Description
 *   row 3  definition | {"column":"condition","id":"c1","fact":"country","operator":"in"} | … | {"column":"action","id":"a1","kind":"assignChannel"} |
 *   row 4… r1 | DE, FR | 0–2 kg | … | YunExpress DE | light parcels
 *
 * Row 2 is for people (it is ignored when read); cells are the text a person types into the grid.
 * A value the text cannot show exactly is written as `json:` and its JSON. Rows added in a
 * spreadsheet without an id get one; a cell that does not read is kept and reported at the cell.
 */

export const SHEET_TITLE = "Switchyard decision table";
const DEFINITION = "definition";
const JSON_PREFIX = "json:";

const ZColumnDefinition = z.discriminatedUnion("column", [
  ZTableConditionColumn.extend({ column: z.literal("condition") }),
  ZTableActionColumn.extend({ column: z.literal("action") }),
]);

export function conditionHeading(c: { label?: string | undefined; fact: string; operator: string; unit?: string | undefined }): string {
  if (c.label) return c.label;
  const fact = getFactDefinition(c.fact)?.label ?? c.fact;
  const op = getOperator(c.operator)?.label ?? c.operator;
  return `${fact} ${op}${c.unit ? ` (${c.unit})` : ""}`;
}

export const actionHeading = (c: { label?: string | undefined; kind: keyof typeof ACTION_EFFECTS }) => c.label ?? ACTION_EFFECTS[c.kind].label;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The table as rows of text cells. */
export function tableToSheet(t: TDecisionTableData, ctx?: CellContext): string[][] {
  const sheet: string[][] = [];
  sheet.push([SHEET_TITLE, "hit policy", t.hitPolicy, "priority", String(t.priority)]);
  sheet.push(["Row", ...t.conditions.map(conditionHeading), ...t.actions.map(actionHeading), "Description"]);
  sheet.push([
    DEFINITION,
    ...t.conditions.map((c) => JSON.stringify({ column: "condition", ...c })),
    ...t.actions.map((c) => JSON.stringify({ column: "action", ...c })),
    "",
  ]);
  for (const r of t.rows) {
    const cells = t.conditions.map((c) => {
      const v = r.cells[c.id];
      if (v === undefined) return "";
      const text = formatConditionCell(c, v, ctx);
      const back = parseConditionCell(c, text, ctx);
      return back.ok && same(back.value, v) ? text : JSON_PREFIX + JSON.stringify(v);
    });
    const actions = t.actions.map((c) => {
      const v = r.actions[c.id];
      if (v === undefined) return "";
      const text = formatActionCell(c, v, ctx);
      const back = parseActionCell(c, text, ctx);
      return back.ok && back.value !== undefined && same(back.value, v) ? text : JSON_PREFIX + JSON.stringify(v);
    });
    sheet.push([r.id, ...cells, ...actions, r.description ?? ""]);
  }
  return sheet;
}

export type SheetRead = { ok: true; table: TDecisionTableData; warnings: string[] } | { ok: false; message: string };

/** A table from rows of text cells (as read from CSV or .xlsx). */
export function sheetToTable(sheet: readonly (readonly unknown[])[], ctx?: CellContext): SheetRead {
  const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : String(v));
  const rows = sheet.map((r) => r.map(text));
  const titleAt = rows.findIndex((r) => r[0]?.trim() === SHEET_TITLE);
  if (titleAt < 0) return { ok: false, message: `This is not an exported decision table: its first row must start with "${SHEET_TITLE}" (export a table to see the layout)` };
  const settings = rows[titleAt]!;
  const hitPolicy = settings[2]?.trim().toLowerCase() ?? "";
  if (!(TABLE_HIT_POLICIES as readonly string[]).includes(hitPolicy)) return { ok: false, message: `Row ${titleAt + 1}: hit policy must be "first" or "all", got "${settings[2] ?? ""}"` };
  const priority = Number(settings[4]);
  const defAt = rows.findIndex((r, i) => i > titleAt && r[0]?.trim() === DEFINITION);
  if (defAt < 0) return { ok: false, message: `The "${DEFINITION}" row (the column definitions, under the headings) is missing` };
  const defs = rows[defAt]!;
  const conditions: TDecisionTableData["conditions"] = [];
  const actions: TDecisionTableData["actions"] = [];
  /** Sheet column index → where its cells go. */
  const slots: ({ side: "condition"; index: number } | { side: "action"; index: number })[] = [];
  let descriptionAt = -1;
  for (let j = 1; j < defs.length; j++) {
    const d = defs[j]!.trim();
    if (d === "") {
      descriptionAt = j;
      break;
    }
    let json: unknown;
    try {
      json = JSON.parse(d);
    } catch {
      return { ok: false, message: `Column ${j + 1} of the definition row is not a column definition (JSON): ${d.slice(0, 80)}` };
    }
    const parsed = ZColumnDefinition.safeParse(json);
    if (!parsed.success) return { ok: false, message: `Column ${j + 1} of the definition row: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? "is not valid"}` };
    const { column: side, ...def } = parsed.data;
    if (side === "condition") {
      slots.push({ side, index: conditions.length });
      conditions.push(def as TDecisionTableData["conditions"][number]);
    } else {
      slots.push({ side, index: actions.length });
      actions.push(def as TDecisionTableData["actions"][number]);
    }
  }
  if (descriptionAt < 0) descriptionAt = defs.length;
  const warnings: string[] = [];
  const taken = new Set<string>();
  const out: TTableRow[] = [];
  for (let i = defAt + 1; i < rows.length; i++) {
    const cells = rows[i]!;
    if (cells.every((c) => c.trim() === "")) continue;
    let id = cells[0]?.trim() ?? "";
    if (id === "" || !/^[A-Za-z0-9_-]{1,60}$/.test(id) || taken.has(id)) {
      if (id !== "") warnings.push(`Sheet row ${i + 1}: row id "${id.slice(0, 60)}" ${taken.has(id) ? "is used twice" : "is not a valid id"}; the row gets a new one`);
      id = "";
    }
    const row: TTableRow = { id, cells: {}, actions: {} };
    slots.forEach((slot, k) => {
      const raw = cells[k + 1] ?? "";
      if (raw.trim() === "") return;
      if (raw.startsWith(JSON_PREFIX)) {
        try {
          const v = JSON.parse(raw.slice(JSON_PREFIX.length)) as unknown;
          if (slot.side === "condition") row.cells[conditions[slot.index]!.id] = v;
          else if (v !== null && typeof v === "object" && !Array.isArray(v)) row.actions[actions[slot.index]!.id] = v as Record<string, unknown>;
          else row.actions[actions[slot.index]!.id] = unreadCell(raw);
          return;
        } catch {
          // Not JSON after all: read as typed text below.
        }
      }
      if (slot.side === "condition") {
        const c = conditions[slot.index]!;
        const p = parseConditionCell(c, raw, ctx);
        if (p.ok) {
          if (p.value !== undefined) row.cells[c.id] = p.value;
        } else row.cells[c.id] = unreadCell(raw.trim());
      } else {
        const c = actions[slot.index]!;
        const p = parseActionCell(c, raw, ctx);
        if (p.ok) {
          if (p.value !== undefined) row.actions[c.id] = p.value;
        } else row.actions[c.id] = unreadCell(raw.trim());
      }
    });
    const description = cells[descriptionAt]?.trim();
    if (description) row.description = description.slice(0, 500);
    if (id !== "") taken.add(id);
    out.push(row);
  }
  for (const r of out) if (r.id === "") taken.add((r.id = freshTableId("r", taken)));
  const parsed = ZDecisionTableData.safeParse({ hitPolicy, priority, conditions, actions, rows: out });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join(".") || "The table"}: ${issue.message}` };
  }
  return { ok: true, table: parsed.data, warnings };
}

/** RFC 4180 CSV (CRLF, quotes where needed) with a UTF-8 byte order mark, so Excel reads Chinese and accents right. */
export function sheetToCsv(sheet: readonly (readonly string[])[]): string {
  const cell = (s: string) => (/[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `\uFEFF${sheet.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** CSV as Excel writes it in any locale: "," or ";" (or tab) between cells, found from the first line. */
export function csvToSheet(text: string): string[][] {
  const t = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const firstLine = t.slice(0, t.search(/\r|\n|$/));
  const at = firstLine.startsWith(SHEET_TITLE) ? SHEET_TITLE.length : firstLine.search(/[,;\t]/);
  const delimiter = at >= 0 && [",", ";", "\t"].includes(firstLine[at] ?? "") ? firstLine[at]! : ",";
  return parseDelimited(t, delimiter);
}
