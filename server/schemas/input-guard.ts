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

/** The first unsafe thing in `input`, or null. Iterative: any depth of input is safe to check. */
export function findUnsafeInput(input: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value: input, path: [], depth: 0 }];
  let visited = 0;
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (++visited > 5_000_000) return { path: "", message: "the input is too large to check" };
    const at = path.join(".");
    if (typeof value === "string") {
      const p = textProblem(value);
      if (p) return { path: at, message: p };
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path: at, message: "must be a finite number" };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= maxDepth) return { path: at, message: `is nested more than ${maxDepth} levels deep` };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, String(i)], depth: depth + 1 });
      continue;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) continue; // Date, Map… from the transformer: not user text
    for (const key of Object.keys(value).reverse()) {
      if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key].join("."), message: `"${key}" is not allowed as a key` };
      const p = textProblem(key);
      if (p) return { path: [...path, key].join("."), message: `the key ${p.replace(/^contains/, "contains")}` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/** The largest value a PostgreSQL `integer` column holds. */
export const INT4_MAX = 2_147_483_647;
