/**
 * The shadow's evaluation core (what its worker thread runs): its running figures equal the
 * simulator's on the same orders and contexts, each changed order is taken once, the cap on changed
 * orders holds across takes, a seeded run continues from its figures, and an order of an unknown
 * snapshot is skipped without stopping the rest.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TOrder } from "@/rules-schema";
import { addComparison, createSimulator, emptySimulationTotals } from "@/rules-schema/simulate";
import { compileRules, sellerContext, when } from "@/rules-schema/simulate/simulation-fixtures";
import { makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type ChangedRecord, MAX_CHANGED, ShadowRuns, type ShadowSnapshot, inAnySample, inSample, samplesOf } from "./shadow-core";

const logistics = compileRules("logisticsMatching", "first", [
  { id: "usps", when: [when("country", "equal", "US")], then: "assignChannel", data: { channelId: "ch-usps" } },
  { id: "post", then: "assignChannel", data: { channelId: "ch-post" } },
]);
const live = compileRules("warehouseMatching", "first", [{ id: "all-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } }]);
const shadowRules = compileRules("warehouseMatching", "first", [
  { id: "us-la", when: [when("country", "equal", "US")], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
  { id: "all-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } },
]);
const context = sellerContext();

function snapshot(sampleRate = 1, simulationId = "sim-1"): ShadowSnapshot {
  return {
    stages: [
      { stage: "warehouseMatching", compiled: live, rulesetId: "rs-wh" },
      { stage: "logisticsMatching", compiled: logistics, rulesetId: "rs-lg" },
    ],
    shadows: [{ simulationId, rulesetId: "rs-wh", stage: "warehouseMatching", compiled: shadowRules, sampleRate }],
    context,
  };
}

const COUNTRIES = ["US", "DE", "GB", "CA"];
const order = (i: number): TOrder =>
  makeOrder({ id: `o-${i}`, externalId: `#${i}`, shippingAddress: { country: COUNTRIES[i % COUNTRIES.length]!, postalCode: "90210" }, lines: [makeLine({ warehouseSku: "W-1", quantity: 1, weightGrams: 200 + (i % 9) * 100 })] });
const liveAnswer = { warehouseId: "wh-sz", channelId: null, holds: 0, intercept: false };

describe("ShadowRuns", () => {
  it("its totals and changed orders equal the simulator's on the same orders and contexts, each changed order taken once", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (ids, takes) => {
        const runs = new ShadowRuns();
        runs.define(1, snapshot());
        const simulator = createSimulator({ stage: "warehouseMatching", candidate: shadowRules, baseline: live, others: snapshot().stages.filter((s) => s.rulesetId !== "rs-wh") });
        const expected = emptySimulationTotals();
        const expectedChanged: string[] = [];
        const changed: ChangedRecord[] = [];
        let last: ReturnType<ShadowRuns["take"]>[number] | undefined;
        const collect = () => {
          for (const r of runs.take()) {
            last = r;
            changed.push(...r.changed.flatMap((x) => JSON.parse(x.json) as ChangedRecord[]));
          }
        };
        ids.forEach((id, i) => {
          const now = new Date(Date.UTC(2026, 10, 23, 10) + id * 60_000).toISOString();
          runs.evaluate(1, { decisionId: `d-${i}`, order: order(id), contextDelta: { now }, live: liveAnswer });
          const c = simulator.compare(order(id), { ...context, now });
          addComparison(expected, c);
          if (c.changes.length > 0) expectedChanged.push(`o-${id}`);
          if (i % takes === 0) collect();
        });
        collect();
        expect(JSON.parse(last!.totalsJson)).toEqual(JSON.parse(JSON.stringify(expected)));
        expect(last!.orders).toBe(ids.length);
        expect(changed.map((c) => c.orderId)).toEqual(expectedChanged);
        // Nothing new: nothing to take.
        expect(runs.take()).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("keeps at most MAX_CHANGED changed orders per run across takes, while the totals count them all", () => {
    const runs = new ShadowRuns();
    runs.define(1, snapshot());
    const us = (i: number) => ({ decisionId: `d-${i}`, order: { ...order(0), id: `us-${i}` }, contextDelta: {}, live: liveAnswer });
    let kept = 0;
    for (let i = 0; i < MAX_CHANGED + 300; i++) {
      runs.evaluate(1, us(i));
      if (i === 2_000) kept += runs.take()[0]!.changed.reduce((n, c) => n + c.count, 0);
    }
    const last = runs.take()[0]!;
    kept += last.changed.reduce((n, c) => n + c.count, 0);
    expect(kept).toBe(MAX_CHANGED);
    expect(JSON.parse(last.totalsJson).changed).toBe(MAX_CHANGED + 300);
  });

  it("samples by decision id, alike for every shadow of the snapshot", () => {
    const runs = new ShadowRuns();
    runs.define(1, snapshot(0.3));
    const ids = Array.from({ length: 400 }, (_, i) => `decision-${i}`);
    for (const [i, decisionId] of ids.entries()) runs.evaluate(1, { decisionId, order: order(i), contextDelta: {}, live: liveAnswer });
    const sampled = ids.filter((d) => inSample(d, 0.3)).length;
    expect(JSON.parse(runs.take()[0]!.totalsJson).orders).toBe(sampled);
    expect(ids.filter((d) => inAnySample(d, [{ sampleRate: 0.1 }, { sampleRate: 0.3 }])).length).toBe(sampled);
  });

  it("samplesOf hashes once and agrees with inSample for every shadow and with inAnySample", () => {
    fc.assert(
      fc.property(fc.array(fc.uuid(), { maxLength: 40 }), fc.array(fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 0.99, noNaN: true })), { maxLength: 4 }), (ids, rates) => {
        const shadows = rates.map((sampleRate) => ({ sampleRate }));
        const { inAny, perShadow } = samplesOf(ids, shadows);
        expect(inAny).toEqual(ids.map((id) => shadows.length > 0 && inAnySample(id, shadows)));
        expect(perShadow).toEqual(rates.map((r) => ids.filter((id) => inSample(id, r)).length));
      }),
      { numRuns: 100 },
    );
  });

  it("a seeded run continues from its figures; an ended run is forgotten; an unknown snapshot's order is skipped", () => {
    const first = new ShadowRuns();
    first.define(1, snapshot());
    for (let i = 0; i < 10; i++) first.evaluate(1, { decisionId: `d-${i}`, order: order(i), contextDelta: {}, live: liveAnswer });
    const taken = first.take()[0]!;
    const second = new ShadowRuns();
    second.seed([{ simulationId: "sim-1", totals: JSON.parse(taken.totalsJson), baselineMismatches: taken.baselineMismatches, skipped: 0, kept: MAX_CHANGED }]);
    second.define(7, snapshot());
    second.evaluate(99, { decisionId: "lost", order: order(1), contextDelta: {}, live: liveAnswer });
    for (let i = 10; i < 15; i++) second.evaluate(7, { decisionId: `d-${i}`, order: order(i), contextDelta: {}, live: liveAnswer });
    const after = second.take()[0]!;
    expect(after.orders).toBe(15);
    // The seed had used up the cap on changed orders already.
    expect(after.changed).toEqual([]);
    second.end("sim-1");
    expect(second.take()).toEqual([]);
  });

  it("counts the orders whose baseline did not decide as the live answer did", () => {
    const runs = new ShadowRuns();
    runs.define(1, snapshot());
    runs.evaluate(1, { decisionId: "a", order: order(1), contextDelta: {}, live: { ...liveAnswer, channelId: "ch-post" } });
    runs.evaluate(1, { decisionId: "b", order: order(1), contextDelta: {}, live: { ...liveAnswer, warehouseId: "wh-la", channelId: "ch-post" } });
    expect(runs.take()[0]!.baselineMismatches).toBe(1);
  });
});
