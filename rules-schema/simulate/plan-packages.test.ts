import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TOrder } from "../order/order-schema";
import { arbOrder } from "../testing/arbitraries";
import { makeLine, makeOrder } from "../testing/factories";
import { planPackages, unitChargeableGrams } from "./plan-packages";

const SEED = 20_261_122;

/** First-fit decreasing, one unit at a time: the definition `planPackages` must match. */
function naiveFirstFitDecreasing(order: TOrder, maxGrams: number): { grams: number; units: number }[] {
  const units = order.lines.flatMap((l) => Array.from({ length: l.quantity }, () => unitChargeableGrams(l))).sort((a, b) => b - a);
  const parcels: { grams: number; units: number }[] = [];
  for (const u of units) {
    const p = u > maxGrams ? undefined : parcels.find((x) => x.grams <= maxGrams && x.grams + u <= maxGrams);
    if (p) {
      p.grams += u;
      p.units += 1;
    } else parcels.push({ grams: u, units: 1 });
  }
  return parcels;
}

const lines = (...specs: [weightGrams: number, quantity: number, dims?: [number, number, number]][]) =>
  makeOrder({ lines: specs.map(([weightGrams, quantity, d]) => makeLine({ weightGrams, quantity, dimensionsCm: d ? { length: d[0], width: d[1], height: d[2] } : null })) });

describe("planPackages", () => {
  it.each<[string, TOrder, number, number[]]>([
    ["a light order ships in one parcel", lines([300, 2]), 2000, [600]],
    ["six 800 g units at 2 kg: three parcels of two", lines([800, 6]), 2000, [1600, 1600, 1600]],
    ["heaviest first, small units fill the gaps", lines([1500, 2], [400, 3]), 2000, [1900, 1900, 400]],
    ["a unit over the limit travels alone", lines([2500, 1], [300, 2]), 2000, [2500, 600]],
    ["several units over the limit: one parcel each", lines([12_000, 3]), 9000, [12_000, 12_000, 12_000]],
    ["bulky but light: volumetric weight counts (40×30×15 cm = 3.6 kg)", lines([500, 2, [40, 30, 15]]), 9000, [7200]],
    ["bulky units split by volumetric weight", lines([500, 3, [40, 30, 15]]), 9000, [7200, 3600]],
    ["weightless units ride along", lines([0, 5], [1000, 1]), 1000, [1000]],
    ["exactly at the limit fits", lines([1000, 2]), 2000, [2000]],
  ])("%s", (_name, order, maxGrams, parcels) => {
    const plan = planPackages(order, maxGrams);
    expect(plan.parcelsGrams).toEqual(parcels);
    expect(plan.packages).toBe(parcels.length);
  });

  it("plans 100,000 units of one line at once (no unit-by-unit work)", () => {
    const plan = planPackages(lines([500, 100_000]), 2000);
    expect(plan.packages).toBe(25_000);
    expect(new Set(plan.parcelsGrams)).toEqual(new Set([2000]));
  });

  it("refuses a limit that is not positive", () => {
    expect(() => planPackages(lines([500, 1]), 0)).toThrow(RangeError);
  });

  it("matches first-fit decreasing unit by unit, and keeps every unit exactly once within the limit (property)", () => {
    fc.assert(
      fc.property(arbOrder({ maxLines: 5 }), fc.constantFrom(250, 500, 1000, 2000, 2500.5, 9000, 30_000), (order, maxGrams) => {
        const plan = planPackages(order, maxGrams);
        const expected = naiveFirstFitDecreasing(order, maxGrams);
        expect(plan.parcelsGrams).toEqual(expected.map((p) => p.grams));
        expect(plan.parcelsUnits).toEqual(expected.map((p) => p.units));
        // Every unit in exactly one parcel: unit counts and weights add up.
        const units = order.lines.reduce((s, l) => s + l.quantity, 0);
        const grams = order.lines.reduce((s, l) => s + unitChargeableGrams(l) * l.quantity, 0);
        expect(plan.parcelsUnits.reduce((a, b) => a + b, 0)).toBe(units);
        expect(plan.parcelsGrams.reduce((a, b) => a + b, 0)).toBe(grams);
        expect(plan.packages).toBe(plan.parcelsGrams.length);
        // No parcel over the limit unless it holds a single unit.
        plan.parcelsGrams.forEach((g, i) => {
          if (g > maxGrams) expect(plan.parcelsUnits[i]).toBe(1);
        });
        // When every unit fits, no fewer parcels than the weight requires.
        if (order.lines.every((l) => unitChargeableGrams(l) <= maxGrams)) expect(plan.packages).toBeGreaterThanOrEqual(Math.ceil(grams / maxGrams));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
