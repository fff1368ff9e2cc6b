import { describe, expect, it } from "vitest";
import { FACT_TYPES, type TFactType } from "../facts/fact-catalog";
import { OPERATOR_NAMES, OPERATORS, operatorsForFactType, passRateOf, valueHintOf, valueShapeOf } from "./operator-registry";

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
    const shape = op.valueShape;
    for (const t of op.factTypes.filter((x) => (FACT_TYPES as readonly string[]).includes(x))) {
      expect(op.valueSchema(t).safeParse(SAMPLE[shape]!(t)).success, `${name} on ${t} with ${shape}`).toBe(true);
    }
  });

  it("treats an unknown operator as a single value", () => {
    expect(valueShapeOf("nope")).toBe("scalar");
    expect(valueShapeOf("between")).toBe("range");
  });

  it("offers an operator with fact formats only for facts of that format", () => {
    expect(operatorsForFactType("string", "postalCode")).toContain("postalCodeIn");
    expect(operatorsForFactType("string")).not.toContain("postalCodeIn");
    expect(operatorsForFactType("string", "countryCode")).not.toContain("postalCodeIn");
  });

  it("says what each operator's value must be, and guesses how many orders a test lets through", () => {
    expect(valueHintOf(OPERATORS.in, "number")).toBe("a list of number values");
    expect(valueHintOf(OPERATORS.containsAny, "stringList")).toBe("a list of texts");
    expect(valueHintOf(OPERATORS.equal, "stringList")).toBe("a text value");
    expect(passRateOf("equal", true)).toBe(0.5);
    expect(passRateOf("equal", "US")).toBeLessThan(passRateOf("notEqual", "US"));
    expect(passRateOf("in", ["US", "CA"])).toBeLessThan(passRateOf("in", ["US", "CA", "GB", "DE"]));
    expect(passRateOf("nope", 1)).toBe(0.5);
    for (const name of OPERATOR_NAMES) {
      const rate = passRateOf(name, null);
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(1);
    }
  });
});
