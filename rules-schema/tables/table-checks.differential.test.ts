/**
 * The row-pair checks (rows hidden under first hit, overlapping rows under all hit) compare each row
 * only with the earlier rows an index says can matter; on random tables they find exactly what
 * comparing every pair finds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkTable } from "./table-checks";
import { ZDecisionTableData } from "./table-schema";

const COUNTRIES = ["US", "DE", "FR", "GB", "JP", "CN"];
const arbTable = fc
  .record({
    hitPolicy: fc.constantFrom("first" as const, "all" as const),
    pivotOperator: fc.constantFrom("in", "containsAny", "notIn"),
    rows: fc.array(
      fc.record({
        country: fc.option(fc.uniqueArray(fc.constantFrom(...COUNTRIES), { minLength: 1, maxLength: 4 }), { nil: undefined }),
        weight: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })).map(([a, b]) => [Math.min(a, b) * 500, Math.max(a, b) * 500]), { nil: undefined }),
        battery: fc.option(fc.boolean(), { nil: undefined }),
        channel: fc.constantFrom("a", "b", "c"),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ hitPolicy, pivotOperator, rows }) =>
    ZDecisionTableData.parse({
      hitPolicy,
      priority: 100,
      conditions: [
        { id: "w", fact: "chargeableWeightGrams", operator: "between" },
        pivotOperator === "containsAny" ? { id: "country", fact: "tags", operator: "containsAny" } : { id: "country", fact: "country", operator: pivotOperator },
        { id: "battery", fact: "hasBattery", operator: "equal" },
      ],
      actions: [{ id: "ch", kind: "addTag" }],
      rows: rows.map((r, i) => ({
        id: `r${i}`,
        cells: Object.fromEntries(Object.entries({ country: r.country, w: r.weight, battery: r.battery }).filter(([, v]) => v !== undefined)),
        actions: { ch: { tag: r.channel } },
      })),
    }),
  );

describe("decision table row-pair checks", () => {
  it("find with the index exactly what comparing every pair finds", () => {
    let findings = 0;
    fc.assert(
      fc.property(arbTable, (table) => {
        const fast = checkTable("t", table, {});
        const slow = checkTable("t", table, { exhaustive: true });
        expect(fast).toEqual(slow);
        findings += fast.filter((p) => p.code === "shadowedRow" || p.code === "overlappingRows").length;
      }),
      { seed: 1414, numRuns: 600 },
    );
    expect(findings).toBeGreaterThan(100);
  });
});
