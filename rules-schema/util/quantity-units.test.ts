import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNITS, baseHint, formatQuantity, fromBase, parseTyped, preferredUnit, toBase } from "./quantity-units";

const unit = (kind: keyof typeof UNITS, id: string) => UNITS[kind].find((u) => u.id === id)!;

describe("quantity units", () => {
  it("stores what is typed in the unit chosen: 2 kg is 2,000 g, 1 lb is 453.59237 g, 2 days are 48 hours", () => {
    expect(toBase(2, unit("g", "kg"))).toBe(2000);
    expect(toBase(1, unit("g", "lb"))).toBe(453.59237);
    expect(toBase(2, unit("h", "d"))).toBe(48);
    expect(toBase(2, unit("g", "g"))).toBe(2);
  });

  it("reads a stored quantity back in the unit it reads best in", () => {
    expect(preferredUnit("g", 2000).id).toBe("kg");
    expect(preferredUnit("g", 2500).id).toBe("kg");
    expect(preferredUnit("g", 750).id).toBe("g");
    expect(preferredUnit("g", 453.59237).id).toBe("lb");
    expect(preferredUnit("h", 48).id).toBe("d");
    expect(preferredUnit("h", 36).id).toBe("h");
    expect(preferredUnit("g", null).id).toBe("g");
    expect(formatQuantity(2000, "g")).toBe("2 kg");
    expect(formatQuantity(750, "g")).toBe("750 g");
    expect(formatQuantity(72, "h")).toBe("3 days");
    expect(formatQuantity(24, "h")).toBe("1 day");
    expect(formatQuantity(1, "h")).toBe("1 hour");
  });

  it("shows the base quantity next to another unit", () => {
    expect(baseHint(2000, unit("g", "kg"), "g")).toBe("= 2,000 g");
    expect(baseHint(2, unit("g", "g"), "g")).toBeNull();
  });

  it("parses what people type, and nothing else", () => {
    expect(parseTyped("2")).toBe(2);
    expect(parseTyped(" 2,5 ")).toBe(2.5);
    expect(parseTyped("")).toBeNull();
    expect(parseTyped("2 kg")).toBeNull();
    expect(parseTyped("abc")).toBeNull();
  });

  it("round-trips: a number typed in any unit reads back as the same quantity in the unit it is shown in", () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[])), fc.integer({ min: 0, max: 1_000_000 }), fc.nat({ max: 3 }), (kind, whole, i) => {
        const u = UNITS[kind][i % UNITS[kind].length]!;
        const typed = whole / 100;
        const stored = toBase(typed, u);
        const shownIn = preferredUnit(kind, stored);
        // Whatever unit it is shown in, converting back gives the stored quantity (to 4 decimals of that unit).
        expect(Math.abs(toBase(fromBase(stored, shownIn), shownIn) - stored)).toBeLessThanOrEqual(shownIn.factor * 1e-4);
      }),
    );
  });
});
