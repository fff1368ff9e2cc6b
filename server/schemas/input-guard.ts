/**
 * Checks any decoded request input before it reaches a schema or the database: text PostgreSQL
 * cannot store (NUL) or that is not valid Unicode (an unpaired UTF-16 surrogate), numbers that are
 * not finite, nesting deeper than any of our shapes, and keys that would touch an object's prototype.
 * Each finding names the field, in words a person understands; the request then gets a 4xx and
 * nothing is written.
 */

export const MAX_INPUT_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface InputProblem {
  /** Dotted path of the field ("lines.0.platformSku"); "" for the whole input. */
  path: string;
  message: string;
}

function textProblem(s: string): string | null {
  if (NUL.test(s)) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate: it is not valid Unicode text";
  return null;
}

interface Frame {
  value: unknown;
  key: string;
  parent: Frame | null;
  depth: number;
}

function pathOf(f: Frame | null, extra?: string): string {
  const keys: string[] = extra === undefined ? [] : [extra];
  for (let x = f; x && x.parent; x = x.parent) keys.push(x.key);
  return keys.reverse().join(".");
}

/** The first unsafe thing in `input`, or null. Iterative, and paths are built only for a finding: cheap enough for every imported order. */
export function findUnsafeInput(input: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: Frame[] = [{ value: input, key: "", parent: null, depth: 0 }];
  let visited = 0;
  while (stack.length) {
    const f = stack.pop()!;
    const value = f.value;
    if (++visited > 5_000_000) return { path: "", message: "the input is too large to check" };
    if (typeof value === "string") {
      const p = textProblem(value);
      if (p) return { path: pathOf(f), message: p };
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path: pathOf(f), message: "must be a finite number" };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (f.depth >= maxDepth) return { path: pathOf(f), message: `is nested more than ${maxDepth} levels deep` };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: f, depth: f.depth + 1 });
      continue;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) continue; // Date, Map… from the transformer: not user text
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key)) return { path: pathOf(f, key), message: `"${key}" is not allowed as a key` };
      const p = textProblem(key);
      if (p) return { path: pathOf(f, key), message: `the key ${p}` };
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: f, depth: f.depth + 1 });
    }
  }
  return null;
}

/** Text made storable for a report (an error message quoting a bad value): NUL and lone surrogates become U+FFFD. */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, "\uFFFD").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** The largest value a PostgreSQL `integer` column holds. */
export const INT4_MAX = 2_147_483_647;
