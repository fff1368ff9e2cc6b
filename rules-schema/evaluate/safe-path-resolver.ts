const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * json-rules-engine `pathResolver`: walks a plain dotted path ("a.b.0") over own properties only.
 * JSONPath is not evaluated; `__proto__`, `constructor` and `prototype` resolve to undefined.
 */
export function safePathResolver(value: unknown, path: string): unknown {
  const clean = path.startsWith("$.") ? path.slice(2) : path.startsWith(".") ? path.slice(1) : path;
  if (clean === "" || clean === "$") return value;
  let cur: unknown = value;
  for (const seg of clean.split(".")) {
    if (FORBIDDEN.has(seg) || cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
