/** Readers for the scalar cells of merchants' exports: amounts, quantities, booleans, tag lists. */

export interface Money {
  amount: number;
  /** ISO-4217 code written next to the amount ("USD 12.99", "12.99 USD"), if any. */
  currency: string | null;
}

const MONEY = /^([A-Z]{3})?\s*([^\d\s.,-]{0,3})?\s*(-?[\d.,]+)\s*([A-Z]{3})?$/;

/**
 * An amount as exports write it: `12.99`, `1,299.00`, `USD 12.99`, `$12.99`, `12,99` (decimal comma).
 * Returns null when the text is empty or not an amount. The sign is kept: callers decide whether a
 * negative amount is acceptable.
 */
export function parseMoney(value: unknown): Money | null {
  if (typeof value === "number") return Number.isFinite(value) ? { amount: value, currency: null } : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return null;
  const m = MONEY.exec(text);
  if (!m) return null;
  let digits = m[3]!;
  const lastComma = digits.lastIndexOf(",");
  const lastDot = digits.lastIndexOf(".");
  if (lastComma > lastDot) {
    // "12,99" or "1.299,00": comma is the decimal mark when followed by 1-2 digits; else a thousands mark.
    digits = /,\d{1,2}$/.test(digits) ? digits.replace(/\./g, "").replace(",", ".") : digits.replace(/,/g, "");
  } else {
    digits = digits.replace(/,/g, "");
  }
  if (!/^-?\d+(\.\d+)?$/.test(digits)) return null;
  return { amount: Number(digits), currency: m[1] ?? m[4] ?? null };
}

/** Rounds a computed amount to cents, avoiding binary noise like 12.990000000000002. */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** A whole quantity from a cell or JSON value ("3", 3); null when it is not an integer. */
export function parseInteger(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/** Describes why a quantity cell is unusable, or null when it is a positive integer. */
export function quantityProblem(value: unknown): string | null {
  const n = parseInteger(value);
  if (n === null) return `quantity ${JSON.stringify(value ?? "")} is not a whole number`;
  if (n < 1) return `quantity must be at least 1, got ${n}`;
  return null;
}

export function parseBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  const t = value.trim().toLowerCase();
  if (t === "true" || t === "yes" || t === "1") return true;
  if (t === "false" || t === "no" || t === "0") return false;
  return null;
}

/** Clips free text to a schema limit (notes and names are informative; a long one must not sink the order). */
export function clip(text: string | null | undefined, max: number): string {
  const t = (text ?? "").trim();
  return t.length > max ? t.slice(0, max) : t;
}

/** Splits Shopify-style comma separated tags, dropping blanks and duplicates, within ZOrder's limits. */
export function splitTags(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of (text ?? "").split(",")) {
    const tag = clip(raw, 60);
    if (tag !== "" && !out.includes(tag)) out.push(tag);
    if (out.length === 50) break;
  }
  return out;
}

/** A string id from a JSON id that may be a number (Shopify) or a string (TikTok, Amazon). */
export function idText(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return "";
}
