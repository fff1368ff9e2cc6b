import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRules } from "./simulation-fixtures";
import { CHANGE_KINDS, DEADLINE_RISKS, type TOrderComparison, type TSideOutcome, ZSimulationTotals } from "./simulation-schema";
import { addComparison, changeCounts, emptySimulationTotals, mergeSimulationTotals, rulesNeverFired } from "./simulation-totals";

const SEED = 20_261_122;

/** Keys that must stay plain data in count maps. */
const NAMES = ["rule:a", "rule:b", "rule:c", "__proto__", "constructor", "toString"];

const arbOutcome: fc.Arbitrary<TSideOutcome> = fc.record(
  {
    decided: fc.boolean(),
    warehouseId: fc.constantFrom(null, "wh-la", "wh-sz", "__proto__"),
    channelId: fc.constantFrom(null, "ch-usps", "ch-post"),
    holds: fc.array(fc.constantFrom("Invalid address", "Waiting for stock", "constructor"), { maxLength: 3 }),
    intercept: fc.boolean(),
    split: fc.boolean(),
    merge: fc.boolean(),
    priority: fc.constantFrom(null, "low", "normal", "high", "urgent"),
    push: fc.boolean(),
    tracking: fc.boolean(),
    tags: fc.subarray(["vip", "gift"]),
    flags: fc.subarray(["risk"]),
    customs: fc.constantFrom(null, { declaredValue: 12.5, currency: "USD", hsCodes: ["850760"], missingHsCode: 0 }),
    packages: fc.integer({ min: 0, max: 4 }),
    actions: fc.array(fc.constantFrom("assignWarehouse", "hold", "addTag"), { maxLength: 3 }),
    firedRules: fc.subarray(NAMES),
    conflicts: fc.subarray(["warehouse", "channel"]),
    cost: fc.option(fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100)),
    currency: fc.constantFrom(null, "USD", "CNY"),
    costGap: fc.constantFrom(null, "noChannel", "noRateCard", "notServed"),
    deadline: fc.constantFrom(...DEADLINE_RISKS),
    deadlineMarginHours: fc.option(fc.integer({ min: -5000, max: 5000 }).map((h) => h / 100)),
  },
  { noNullPrototype: true },
) as fc.Arbitrary<TSideOutcome>;

const arbComparison: fc.Arbitrary<TOrderComparison> = fc.record({ baseline: arbOutcome, candidate: arbOutcome, changes: fc.subarray([...CHANGE_KINDS]) }, { noNullPrototype: true });

const totalsOf = (comparisons: readonly TOrderComparison[]) => {
  const t = emptySimulationTotals();
  for (const c of comparisons) addComparison(t, c);
  return t;
};

/** Through JSON, as chunk totals come back from the database. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("simulation totals", () => {
  it("count orders per warehouse, channel, hold reason, action type, deadline risk and rule; cost per currency", () => {
    const a: TOrderComparison = {
      baseline: { ...fc.sample(arbOutcome, { seed: 1, numRuns: 1 })[0]! },
      candidate: {
        decided: true,
        warehouseId: "wh-la",
        channelId: null,
        channelRefused: null,
        customs: null,
        holds: ["Invalid address", "Invalid address"],
        intercept: false,
        split: true,
        merge: false,
        priority: null,
        push: false,
        tracking: false,
        tags: [],
        flags: [],
        packages: 3,
        actions: ["hold", "hold", "splitPackage"],
        firedRules: ["rule:a", "rule:b"],
        conflicts: ["warehouse"],
        cost: 22.05,
        currency: "USD",
        costGap: null,
        deadline: "late",
        deadlineMarginHours: -4,
      },
      changes: ["warehouse", "holds"],
    };
    const b: TOrderComparison = {
      ...a,
      candidate: { ...a.candidate, warehouseId: null, holds: [], split: false, merge: true, packages: 0, actions: [], firedRules: [], conflicts: [], decided: false, cost: 0.1, deadline: "noWarehouse" },
      changes: [],
    };
    const c: TOrderComparison = { ...b, candidate: { ...b.candidate, intercept: true, merge: true, packages: 0, cost: null, currency: null, costGap: "noChannel", channelRefused: "ch-usps" }, changes: ["intercept"] };
    const t = totalsOf([a, b, c]);
    expect(t).toMatchObject({ orders: 3, changed: 2, changedBy: { warehouse: 1, holds: 1, intercept: 1 } });
    expect(t.candidate).toEqual({
      orders: 3,
      decided: 1,
      undecided: 2,
      disagreed: 1,
      byWarehouse: { "wh-la": 1, "": 2 },
      byChannel: { "": 3 },
      byHoldReason: { "Invalid address": 1 },
      byAction: { hold: 1, splitPackage: 1 },
      byDeadline: { ok: 0, late: 1, noDeadline: 0, noWarehouse: 2 },
      ruleHits: { "rule:a": 1, "rule:b": 1 },
      held: 1,
      intercepts: 1,
      splits: 1,
      splitPackages: 3,
      merges: 2,
      channelRefused: 1,
      mergedAway: 1,
      packages: 3,
      costByCurrency: { USD: 22.15 },
      priced: 2,
      unpriced: 1,
    });
    expect(ZSimulationTotals.parse(t)).toEqual(t);
  });

  it("start empty with every deadline risk listed", () => {
    expect(emptySimulationTotals().candidate.byDeadline).toEqual({ ok: 0, late: 0, noDeadline: 0, noWarehouse: 0 });
  });

  it("merging the totals of two chunks gives the totals of all their orders, wherever the split; changed counts orders with changes (property)", () => {
    fc.assert(
      fc.property(fc.array(arbComparison, { maxLength: 40 }), fc.nat(), (all, at) => {
        const k = all.length === 0 ? 0 : at % (all.length + 1);
        const whole = totalsOf(all);
        const left = totalsOf(all.slice(0, k));
        const right = totalsOf(all.slice(k));
        expect(mergeSimulationTotals(left, right)).toEqual(whole);
        // Chunk totals stored as JSON and read back merge the same way.
        expect(mergeSimulationTotals(viaJson(left), viaJson(right))).toEqual(whole);
        expect(whole.changed).toBe(all.filter((c) => c.changes.length > 0).length);
        expect(whole.orders).toBe(all.length);
        expect(ZSimulationTotals.safeParse(whole).success).toBe(true);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("merging leaves both inputs as they were", () => {
    const [x, y] = fc.sample(fc.array(arbComparison, { minLength: 5, maxLength: 5 }), { seed: SEED, numRuns: 2 }).map(totalsOf);
    const before = [structuredClone(x), structuredClone(y)];
    mergeSimulationTotals(x!, y!);
    expect([x, y]).toEqual(before);
  });

  it("costs add to the exact cent over a million small amounts", () => {
    const t = emptySimulationTotals();
    const cmp = fc.sample(arbComparison, { seed: SEED, numRuns: 1 })[0]!;
    const penny: TOrderComparison = { ...cmp, candidate: { ...cmp.candidate, cost: 0.1, currency: "USD" } };
    for (let i = 0; i < 1_000_000; i++) addComparison(t, penny);
    expect(t.candidate.costByCurrency.USD).toBe(100_000);
  });

  it("keys such as __proto__ and constructor are counted like any other", () => {
    const cmp = fc.sample(arbComparison, { seed: SEED, numRuns: 1 })[0]!;
    const odd: TOrderComparison = { ...cmp, candidate: { ...cmp.candidate, warehouseId: "__proto__", firedRules: ["constructor"] } };
    const t = addComparison(addComparison(emptySimulationTotals(), odd), odd);
    expect(Object.entries(t.candidate.byWarehouse)).toEqual([["__proto__", 2]]);
    expect(Object.entries(t.candidate.ruleHits)).toEqual([["constructor", 2]]);
    const merged = mergeSimulationTotals(viaJson(t), viaJson(t));
    expect(Object.entries(merged.candidate.byWarehouse)).toEqual([["__proto__", 4]]);
  });

  it("list change kinds in screen order with their counts", () => {
    const cmp = fc.sample(arbComparison, { seed: SEED, numRuns: 1 })[0]!;
    const t = addComparison(emptySimulationTotals(), { ...cmp, changes: ["warehouse", "tags"] });
    expect(changeCounts(t).filter((c) => c.orders > 0)).toEqual([
      { kind: "warehouse", orders: 1 },
      { kind: "tags", orders: 1 },
    ]);
    expect(changeCounts(t).map((c) => c.kind)).toEqual([...CHANGE_KINDS]);
  });
});

describe("rulesNeverFired", () => {
  const candidate = compileRules("orderReview", "all", [
    { id: "a", then: "flag", data: { code: "x" } },
    { id: "b", then: "flag", data: { code: "y" } },
    { id: "c", then: "flag", data: { code: "z" } },
  ]);
  it("lists the candidate's rules that fired for no order, in rule order", () => {
    const cmp = fc.sample(arbComparison, { seed: SEED, numRuns: 1 })[0]!;
    const t = addComparison(emptySimulationTotals(), { ...cmp, candidate: { ...cmp.candidate, firedRules: ["rule:b"] }, baseline: { ...cmp.baseline, firedRules: ["rule:a"] } });
    expect(rulesNeverFired(candidate, t)).toEqual(["rule:a", "rule:c"]);
  });
  it("every rule of an empty simulation never fired", () => {
    expect(rulesNeverFired(candidate, emptySimulationTotals())).toEqual(["rule:a", "rule:b", "rule:c"]);
  });
});
