import { describe, expect, it } from "vitest";
import { safePathResolver } from "./safe-path-resolver";

describe("safePathResolver", () => {
  const value = { a: { b: [10, { c: "x" }] }, n: null };
  it.each([
    ["a.b.0", 10],
    ["$.a.b.1.c", "x"],
    [".a.b.1.c", "x"],
    ["a.missing", undefined],
    ["n.x", undefined],
    ["__proto__", undefined],
    ["a.constructor", undefined],
    ["a.b.constructor.prototype", undefined],
    ["toString", undefined],
    ["$..*", undefined],
    ["a[?(@.b)]", undefined],
  ])("%s → %j", (path, expected) => {
    expect(safePathResolver(value, path)).toEqual(expected);
  });
});
