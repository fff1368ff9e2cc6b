import { describe, expect, it } from "vitest";
import { FACT_TYPES, type TFactType } from "../facts/fact-catalog";
import { OPERATOR_NAMES, OPERATORS } from "./operator-registry";
import { OPERATOR_VALUE_SHAPES, valueShapeOf } from "./operator-value-shape";

/** A value of each shape that an editor of that shape would produce, per fact type. */
const SAMPLE: Record<string, (t: TFactType) => unknown> = {
  scalar: (t) => (t === "number" ? 5 : t === "boolean" ? true : "US"),
  text: () => "abc",
  list: (t) => (t === "number" ? [1, 2] : ["US", "CA"]),
  range: () => [1, 10],
  postalCodes: () => ({ prefixes: ["90"], ranges: [{ from: "10000", to: "19999" }] }),
  none: () => null,
};

describe("operator value shapes", () => {
  it.each(OPERATOR_NAMES)("%s: what the editor of its shape produces is a valid value for every fact type it accepts", (name) => {
    const op = OPERATORS[name];
    const shape = OPERATOR_VALUE_SHAPES[name];
    for (const t of op.factTypes.filter((x) => (FACT_TYPES as readonly string[]).includes(x))) {
      expect(op.valueSchema(t).safeParse(SAMPLE[shape]!(t)).success, `${name} on ${t} with ${shape}`).toBe(true);
    }
  });

  it("treats an unknown operator as a single value", () => {
    expect(valueShapeOf("nope")).toBe("scalar");
    expect(valueShapeOf("between")).toBe("range");
  });
});
