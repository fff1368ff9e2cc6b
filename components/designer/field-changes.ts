import type { TNodeChange } from "@/rules-schema/graph/diff-graphs";
import { canonicalJson } from "@/rules-schema/util/canonical-json";
import { diffTables } from "@/rules-schema/tables/table-diff";
import type { TDecisionTableData } from "@/rules-schema/tables/table-schema";

/** Table changes listed per node; the rest are counted. */
const MAX_TABLE_CHANGES = 200;

/** One field that differs; `before`/`after` are `undefined` where the field is absent. */
export interface TFieldChange {
  /** Dotted path inside the node ("label", "operand.value", "priority"). */
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Leaf-level differences between two values; arrays count as one value. */
function leafChanges(before: unknown, after: unknown, path: string): TFieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    return keys.flatMap((k) => leafChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (before === undefined && after === undefined) return [];
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return [];
  return [{ path, before, after }];
}

/**
 * The field-level before → after of a changed node: kind, label, each data field that differs
 * (by dotted path, without a `data.` prefix) and the position when the node also moved.
 */
export function nodeFieldChanges(change: Pick<TNodeChange, "before" | "after">): TFieldChange[] {
  const { before, after } = change;
  const out: TFieldChange[] = [];
  if (before.kind !== after.kind) out.push({ path: "kind", before: before.kind, after: after.kind });
  if ((before.label ?? "") !== (after.label ?? "")) out.push({ path: "label", before: before.label || undefined, after: after.label || undefined });
  if (before.kind === "decisionTable" && after.kind === "decisionTable") {
    // Row by row and cell by cell, not the rows as one value (a table may have thousands).
    const changes = diffTables(before.data as TDecisionTableData, after.data as TDecisionTableData);
    out.push(...changes.slice(0, MAX_TABLE_CHANGES));
    if (changes.length > MAX_TABLE_CHANGES) out.push({ path: `…and ${(changes.length - MAX_TABLE_CHANGES).toLocaleString("en-US")} more table changes`, before: undefined, after: undefined });
  } else out.push(...leafChanges(before.data, after.data, ""));
  if (before.position.x !== after.position.x || before.position.y !== after.position.y) {
    out.push({ path: "position", before: `${Math.round(before.position.x)}, ${Math.round(before.position.y)}`, after: `${Math.round(after.position.x)}, ${Math.round(after.position.y)}` });
  }
  return out;
}

/**
 * "operand.value" → "Operand › value", "maxWeightGrams" → "Max weight grams"; a reference names what it
 * points at, as its value is shown by name: "warehouseId" → "Warehouse", "originWarehouseIds" → "Origin warehouses".
 */
export function fieldLabel(path: string): string {
  const words = path
    .split(".")
    .map((part) => part.replace(/(.)Ids$/, "$1s").replace(/(.)Id$/, "$1"))
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase())
    .join(" › ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A field value as short text: strings as they are, everything else as JSON; `names` turns ids of
 * warehouses, channels and stores into their names (on their own or in a list).
 */
export function fieldText(value: unknown, names: (id: string) => string = (id) => id): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return names(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v) => names(v as string)).join(", ");
  return JSON.stringify(value);
}

/** Every leaf field of a value by dotted path (arrays count as one field), e.g. a node's data for display. */
export function flattenFields(value: unknown, path = ""): { path: string; value: unknown }[] {
  if (isPlainObject(value)) return Object.keys(value).flatMap((k) => flattenFields(value[k], path ? `${path}.${k}` : k));
  return value === undefined || path === "" ? [] : [{ path, value }];
}
