import type { z } from "zod";
import { ACTION_EFFECTS } from "../actions/action-effects";
import type { TEvaluationContext } from "../context/context-schema";
import type { TJreCondition } from "../jre/jre-rule-schema";
import { type FactDefinition, getFactDefinition } from "../facts/fact-catalog";
import { type OperatorDefinition, type TValueShape, getOperator } from "../operators/operator-registry";
import { type TUnit, UNITS, isUnitKind, toBase } from "../util/quantity-units";
import type { TActionKind, TTableActionColumn, TTableConditionColumn } from "./table-schema";

/**
 * Cells as text: what a person types into a cell, pastes from a spreadsheet, or finds in an exported
 * CSV / xlsx file, and back. `formatX(parseX(text))` is the canonical text; `parseX(formatX(v))` is
 * `v` (the round-trip property tests hold both). An empty cell is "any" (condition) or "no action".
 */

export type CellParse<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): CellParse<T> => ({ ok: true, value });
const fail = (message: string): CellParse<never> => ({ ok: false, message });

/** Master data names for ids (warehouses, channels); without it ids are typed and shown as they are. */
export type CellContext = Pick<TEvaluationContext, "warehouses" | "channels"> | null | undefined;

export interface ConditionColumnInfo {
  def: FactDefinition | undefined;
  op: OperatorDefinition | undefined;
  shape: TValueShape;
  /** The unit cells are typed and shown in (null: the fact's own values). */
  unit: TUnit | null;
}

export function conditionColumnInfo(col: TTableConditionColumn): ConditionColumnInfo {
  const def = getFactDefinition(col.fact);
  const op = getOperator(col.operator);
  const kind = def?.unit;
  let unit: TUnit | null = null;
  if (isUnitKind(kind)) {
    const units: readonly TUnit[] = UNITS[kind];
    unit = units.find((u) => u.id === col.unit) ?? units[0]!;
  }
  return { def, op, shape: op?.valueShape ?? "scalar", unit };
}

/** The json-rules-engine condition one cell stands for. */
export function cellCondition(col: TTableConditionColumn, value: unknown): TJreCondition {
  const c: TJreCondition = { fact: col.fact, operator: col.operator, value: value === undefined ? null : value };
  if (col.params && Object.keys(col.params).length > 0) c.params = col.params;
  return c;
}

/**
 * Text typed into a cell that does not read (a country that does not exist, "heavy" in a weight
 * column): kept in the cell as `{ "$text": "…" }` so nothing typed or pasted is lost, and reported
 * at the cell until it is fixed (the table does not compile meanwhile).
 */
export const UNREAD_CELL_KEY = "$text";
export const unreadCell = (text: string): { [UNREAD_CELL_KEY]: string } => ({ [UNREAD_CELL_KEY]: text });
export function unreadCellText(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const t = (value as Record<string, unknown>)[UNREAD_CELL_KEY];
  return keys.length === 1 && typeof t === "string" ? t : null;
}

// ---------------------------------------------------------------------------------------------
// Numbers, booleans, references

const NUMBER = String.raw`[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:e[-+]?\d+)?`;
const UNIT_WORD = String.raw`[a-zA-Z]+`;

function readNumber(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (t === "" || !new RegExp(`^${NUMBER}$`, "i").test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A number typed in the column's unit, or with its own unit ("1.5 kg", "500 g"); stored in the base unit. */
function parseQuantity(text: string, info: ConditionColumnInfo): CellParse<number> {
  const m = new RegExp(`^\\s*(${NUMBER})\\s*(${UNIT_WORD})?\\s*$`, "i").exec(text);
  if (!m) return fail(`"${text.trim()}" is not a number`);
  const n = readNumber(m[1]!);
  if (n === null) return fail(`"${text.trim()}" is not a number`);
  const typedUnit = m[2];
  if (!info.unit) {
    if (typedUnit) return fail(`"${text.trim()}": this column takes a plain number`);
    return ok(n);
  }
  let unit = info.unit;
  if (typedUnit) {
    const kind = info.def?.unit;
    const units: readonly TUnit[] = isUnitKind(kind) ? UNITS[kind] : [];
    const found = units.find((u) => u.id.toLowerCase() === typedUnit.toLowerCase() || u.label.toLowerCase() === typedUnit.toLowerCase());
    if (!found) return fail(`"${typedUnit}" is not a unit here (use ${units.map((u) => u.id).join(", ")})`);
    unit = found;
  }
  return ok(toBase(n, unit));
}

function formatNumber(n: number, info: ConditionColumnInfo): string {
  if (!info.unit || info.unit.factor === 1) return String(n);
  // Enough digits that reading it back gives the stored base value (toBase rounds to 6 decimals).
  const shown = n / info.unit.factor;
  const short = Number(shown.toPrecision(12));
  return String(toBase(short, info.unit) === n ? short : shown);
}

const TRUE_WORDS = ["true", "yes", "y", "1", "x", "✓", "是", "有", "对"];
const FALSE_WORDS = ["false", "no", "n", "0", "✗", "否", "无", "没有"];

function parseBoolean(text: string): CellParse<boolean> {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(t)) return ok(true);
  if (FALSE_WORDS.includes(t)) return ok(false);
  return fail(`"${text.trim()}" is not yes or no`);
}

type RefKind = "warehouse" | "channel";
function refList(kind: RefKind, ctx: CellContext): readonly { id: string; name: string }[] {
  if (!ctx) return [];
  return kind === "warehouse" ? ctx.warehouses : ctx.channels;
}

/** An id from what was typed: the id itself, else a unique name (any case). Without master data the text is the id. */
function parseRef(kind: RefKind, text: string, ctx: CellContext): CellParse<string> {
  const t = text.trim();
  const list = refList(kind, ctx);
  if (!ctx || list.some((r) => r.id === t)) return ok(t);
  const named = list.filter((r) => r.name.trim().toLowerCase() === t.toLowerCase());
  if (named.length === 1) return ok(named[0]!.id);
  if (named.length > 1) return fail(`Two ${kind}s are called "${t}": type the id`);
  return fail(`No ${kind} "${t}"`);
}

/** A reference as people read it: its name when that name is unique (else the id). */
function formatRef(kind: RefKind, id: string, ctx: CellContext): string {
  const list = refList(kind, ctx);
  const r = list.find((x) => x.id === id);
  if (!r || r.name.trim() === "" || r.name.trim() !== r.name) return id;
  const same = list.filter((x) => x.name.toLowerCase() === r.name.toLowerCase() || x.id.toLowerCase() === r.name.toLowerCase());
  return same.length === 1 ? r.name : id;
}

const refKindOfFormat = (def: FactDefinition | undefined): RefKind | null => (def?.format === "warehouseId" ? "warehouse" : null);

/** Splits a list cell: commas, semicolons, line breaks, "|" (and their full-width forms). */
export function splitList(text: string): string[] {
  return text
    .split(/[,;|\n\r，；、]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function parseString(text: string, info: ConditionColumnInfo, ctx: CellContext): CellParse<string> {
  const t = text.trim();
  if (info.def?.format === "country") return ok(t.toUpperCase());
  const ref = refKindOfFormat(info.def);
  if (ref) return parseRef(ref, t, ctx);
  if (info.def?.options) {
    const hit = info.def.options.find((o) => o.toLowerCase() === t.toLowerCase());
    if (hit) return ok(hit);
  }
  return ok(t);
}

function formatString(v: string, info: ConditionColumnInfo, ctx: CellContext): string {
  const ref = refKindOfFormat(info.def);
  return ref ? formatRef(ref, v, ctx) : v;
}

function parseScalar(text: string, info: ConditionColumnInfo, ctx: CellContext): CellParse<unknown> {
  switch (info.def?.type) {
    case "number":
      return parseQuantity(text, info);
    case "boolean":
      return parseBoolean(text);
    default:
      return parseString(text, info, ctx);
  }
}

function formatScalar(v: unknown, info: ConditionColumnInfo, ctx: CellContext): string {
  if (typeof v === "number") return formatNumber(v, info);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return formatString(v, info, ctx);
  return JSON.stringify(v);
}

const RANGE = new RegExp(String.raw`^\s*(${NUMBER})\s*([a-zA-Z]*)\s*(?:\.\.|–|—|~|～|to|-)\s*(${NUMBER})\s*([a-zA-Z]*)\s*$`, "i");

function parseRange(text: string, info: ConditionColumnInfo): CellParse<[number, number]> {
  const m = RANGE.exec(text);
  if (!m) return fail(`"${text.trim()}" is not a range: type it as "min–max", e.g. 0.5–2`);
  // "0.5–2 kg": a unit written after the upper bound applies to both.
  const unitB = m[4] ?? "";
  const unitA = m[2] || unitB;
  const a = parseQuantity(`${m[1]} ${unitA}`.trim(), info);
  if (!a.ok) return a;
  const b = parseQuantity(`${m[3]} ${unitB}`.trim(), info);
  if (!b.ok) return b;
  if (a.value > b.value) return fail(`${text.trim()}: the lower bound is above the upper bound`);
  return ok([a.value, b.value]);
}

function parsePostalCodes(text: string): CellParse<{ prefixes: string[]; ranges: { from: string; to: string }[] }> {
  const prefixes: string[] = [];
  const ranges: { from: string; to: string }[] = [];
  for (const token of splitList(text)) {
    const m = /^([A-Za-z0-9 ]+?)\s*(?:\.\.|–|—|~|-)\s*([A-Za-z0-9 ]+)$/.exec(token);
    if (m && m[1]!.replace(/\s/g, "").length === m[2]!.replace(/\s/g, "").length) ranges.push({ from: m[1]!.trim(), to: m[2]!.trim() });
    else prefixes.push(token.replace(/\*$/, ""));
  }
  if (prefixes.length + ranges.length === 0) return fail("add at least one prefix or range");
  return ok({ prefixes, ranges });
}

const NO_VALUE_TRUE = ["yes", "y", "x", "✓", "true", "1", "是"];

/**
 * A condition cell from text. `undefined` value: empty, matches anything. Errors say what is wrong in
 * words (the cell keeps what was typed until it reads).
 */
export function parseConditionCell(col: TTableConditionColumn, text: string, ctx?: CellContext): CellParse<unknown> {
  if (text.trim() === "") return ok(undefined);
  const info = conditionColumnInfo(col);
  switch (info.shape) {
    case "none":
      return NO_VALUE_TRUE.includes(text.trim().toLowerCase()) ? ok(null) : fail(`type "yes" to apply this test, or leave the cell empty`);
    case "text":
      return ok(text.trim());
    case "range":
      return parseRange(text, info);
    case "postalCodes":
      return parsePostalCodes(text);
    case "list": {
      const out: unknown[] = [];
      for (const part of splitList(text)) {
        const v = info.def?.type === "number" ? parseQuantity(part, info) : parseString(part, info, ctx);
        if (!v.ok) return v;
        out.push(v.value);
      }
      return ok(out);
    }
    case "scalar":
      return parseScalar(text, info, ctx);
  }
}

/** A condition cell as text (empty for "any"). */
export function formatConditionCell(col: TTableConditionColumn, value: unknown, ctx?: CellContext): string {
  if (value === undefined) return "";
  const unread = unreadCellText(value);
  if (unread !== null) return unread;
  const info = conditionColumnInfo(col);
  switch (info.shape) {
    case "none":
      return "yes";
    case "text":
      return typeof value === "string" ? value : JSON.stringify(value);
    case "range":
      return Array.isArray(value) && value.length === 2 ? `${formatScalar(value[0], info, ctx)}–${formatScalar(value[1], info, ctx)}` : JSON.stringify(value);
    case "postalCodes": {
      const s = value as { prefixes?: unknown; ranges?: unknown };
      if (!s || typeof s !== "object") return JSON.stringify(value);
      const parts = [
        ...(Array.isArray(s.prefixes) ? s.prefixes.map(String) : []),
        ...(Array.isArray(s.ranges) ? s.ranges.map((r: { from: unknown; to: unknown }) => `${String(r.from)}-${String(r.to)}`) : []),
      ];
      return parts.join(", ");
    }
    case "list":
      return Array.isArray(value) ? value.map((v) => formatScalar(v, info, ctx)).join(", ") : JSON.stringify(value);
    case "scalar":
      return formatScalar(value, info, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// Action cells

/** The action's own fields (its data schema's keys without `priority`). */
export function actionCellFields(kind: TActionKind): string[] {
  const shape = (ACTION_EFFECTS[kind].data as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.keys(shape).filter((k) => k !== "priority");
}

const ACTION_REFS: Record<string, RefKind> = { warehouseId: "warehouse", channelId: "channel" };

function fieldSchema(kind: TActionKind, field: string): z.ZodType | undefined {
  return ((ACTION_EFFECTS[kind].data as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {})[field];
}

function isNumberField(kind: TActionKind, field: string): boolean {
  const s = fieldSchema(kind, field);
  return s !== undefined && s.safeParse(1).success && !s.safeParse("1").success;
}

/**
 * An action cell from text. An action with no fields of its own is "yes"; with one field, the cell is
 * that field (a warehouse or channel by name or id); with several, the fields as JSON.
 */
export function parseActionCell(col: TTableActionColumn, text: string, ctx?: CellContext): CellParse<Record<string, unknown> | undefined> {
  const t = text.trim();
  if (t === "") return ok(undefined);
  const fields = actionCellFields(col.kind);
  if (fields.length === 0) return NO_VALUE_TRUE.includes(t.toLowerCase()) ? ok({}) : fail(`type "yes" to ${ACTION_EFFECTS[col.kind].label.toLowerCase()}, or leave the cell empty`);
  if (fields.length === 1) {
    const field = fields[0]!;
    const ref = ACTION_REFS[field];
    if (ref) {
      const id = parseRef(ref, t, ctx);
      return id.ok ? ok({ [field]: id.value }) : id;
    }
    if (isNumberField(col.kind, field)) {
      const n = readNumber(t);
      return n === null ? fail(`"${t}" is not a number`) : ok({ [field]: n });
    }
    return ok({ [field]: t });
  }
  try {
    const v = JSON.parse(t) as unknown;
    if (v === null || typeof v !== "object" || Array.isArray(v)) return fail(`write the fields as JSON: {"${fields[0]}": …}`);
    const { priority: _p, ...rest } = v as Record<string, unknown>;
    return ok(rest);
  } catch {
    return fail(`write the fields as JSON: {"${fields[0]}": …}`);
  }
}

/** An action cell as text (empty: no action). */
export function formatActionCell(col: TTableActionColumn, data: Record<string, unknown> | undefined, ctx?: CellContext): string {
  if (data === undefined) return "";
  const unread = unreadCellText(data);
  if (unread !== null) return unread;
  const fields = actionCellFields(col.kind);
  if (fields.length === 0 && Object.keys(data).length === 0) return "yes";
  const keys = Object.keys(data);
  if (fields.length === 1 && keys.length === 1 && keys[0] === fields[0]) {
    const field = fields[0]!;
    const v = data[field];
    const ref = ACTION_REFS[field];
    if (ref && typeof v === "string") return formatRef(ref, v, ctx);
    if (typeof v === "string" && v.trim() === v && v !== "") return v;
    if (typeof v === "number" && isNumberField(col.kind, field)) return String(v);
  }
  return JSON.stringify(data);
}
