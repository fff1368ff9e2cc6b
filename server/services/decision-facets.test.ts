import { describe, expect, it } from "vitest";
import { emptyDecision } from "@/rules-schema/evaluate/evaluate-pipeline";
import { DecisionRollups, bucketFloor, bucketOf, decisionFacets, hourOf, parseRuleKey, ruleKey, statusOf, waitReasonsOf } from "./decision-facets";

const order = {
  storeId: "store-tt",
  platform: "tiktok",
  buyerId: "buyer-9",
  createdAt: "2026-12-01T08:00:00+08:00",
  shipByDeadline: "2026-12-03T00:00:00Z",
  shippingAddress: { country: "US" },
};

const stage = (rulesetId: string, version: number, firedRules: string[]) => ({ rulesetId, version, decision: { ...emptyDecision(), firedRules } });

describe("decisionFacets", () => {
  it("reads every explorer column from the stored decision and the order", () => {
    const decision = { ...emptyDecision(), warehouseId: "wh-la", channelId: "ch-ups", split: { strategy: "maxWeight", maxWeightGrams: 2000, channelId: null, ruleName: "r" } };
    const f = decisionFacets({ decision, stages: [stage("rs1", 3, ["LA first", "LA first"]), stage("rs2", 1, [])] }, order);
    expect(f).toMatchObject({
      storeId: "store-tt",
      platform: "tiktok",
      country: "US",
      buyerId: "buyer-9",
      placedAt: "2026-12-01T00:00:00.000Z",
      shipByDeadline: "2026-12-03T00:00:00.000Z",
      warehouseId: "wh-la",
      channelId: "ch-ups",
      status: "routed",
      split: true,
      holdReasons: [],
      ruleKeys: ["rs1@3/LA first"],
      versionKeys: ["rs1@3", "rs2@1"],
    });
  });

  it("ranks statuses: intercepted > held > merged > routed > undecided", () => {
    const base = emptyDecision();
    const hold = { reason: "address check", ruleName: "r" };
    expect(statusOf({ ...base, intercept: { reason: "cancelled", ruleName: "r" }, holds: [hold], warehouseId: "w" })).toBe("intercepted");
    expect(statusOf({ ...base, holds: [hold], merge: { withinHours: 24, ruleName: "r" } as never, warehouseId: "w" })).toBe("held");
    expect(statusOf({ ...base, merge: { withinHours: 24, ruleName: "r" } as never, warehouseId: "w" })).toBe("merged");
    expect(statusOf({ ...base, warehouseId: "w" })).toBe("routed");
    expect(statusOf({ ...base, channelId: "c" })).toBe("undecided");
  });

  it("keeps each hold reason once, in order", () => {
    const holds = [
      { reason: "地址待核实", ruleName: "a" },
      { reason: "high value", ruleName: "b" },
      { reason: "地址待核实", ruleName: "c" },
    ];
    expect(decisionFacets({ decision: { ...emptyDecision(), holds }, stages: [] }, null).holdReasons).toEqual(["地址待核实", "high value"]);
  });

  it("says what a held or intercepted order waits for, as the holds queue groups it", () => {
    const hold = (reason: string) => ({ reason, ruleName: "r" });
    expect(waitReasonsOf({ decision: { ...emptyDecision(), holds: [hold("地址待核实"), hold("high value"), hold("地址待核实")] }, stages: [] })).toEqual(["地址待核实", "high value"]);
    // An intercept outranks the holds: the order waits for the intercept.
    expect(waitReasonsOf({ decision: { ...emptyDecision(), holds: [hold("x")], intercept: { reason: "Buyer cancelled", ruleName: "i" } }, stages: [] })).toEqual(["Buyer cancelled"]);
    expect(waitReasonsOf({ decision: { ...emptyDecision(), intercept: { ruleName: "i" } }, stages: [] })).toEqual([""]);
    expect(waitReasonsOf({ decision: { ...emptyDecision(), warehouseId: "w" }, stages: [] })).toEqual([]);
    expect(waitReasonsOf("junk")).toEqual([]);
  });

  it("reads a stored decision of another shape (older rows, hand-written ones) as deciding nothing", () => {
    for (const junk of [{}, null, "x", { decision: 3 }, { decision: { holds: "no" }, stages: [{ rulesetId: 1 }] }]) {
      const f = decisionFacets(junk, null);
      expect(f.status).toBe("undecided");
      expect(f.ruleKeys).toEqual([]);
      expect(f.storeId).toBe("");
    }
  });

  it("round-trips rule keys whose names hold @, / and any text", () => {
    for (const name of ["plain", "a@b/c", "/leading", "DE ≤ 2 kg / 无电池", "@", ""]) {
      expect(parseRuleKey(ruleKey("clx9abc", 12, name))).toEqual({ rulesetId: "clx9abc", version: 12, ruleName: name });
    }
    expect(parseRuleKey("no-version/x")).toBeNull();
    expect(parseRuleKey("rs@x/y")).toBeNull();
  });
});

describe("DecisionRollups", () => {
  it("adds decisions up per hour, per version and for all, each key once", () => {
    const r = new DecisionRollups();
    const at = Date.parse("2026-12-03T10:15:00Z");
    const held = decisionFacets({ decision: { ...emptyDecision(), holds: [{ reason: "fraud", ruleName: "r" }] }, stages: [stage("rs", 1, ["Hold fraud"])] }, order);
    const routed = decisionFacets({ decision: { ...emptyDecision(), warehouseId: "w1" }, stages: [stage("rs", 1, ["Route"])] }, order);
    r.add("org", at, held, 120);
    r.add("org", at + 60_000, held, 130);
    r.add("org", at + 3_600_000, routed, 5_000);
    const { hits, outcomes, metrics } = r.rows();
    expect(hits).toEqual([
      { organizationId: "org", rulesetId: "rs", version: 1, ruleName: "Hold fraud", hour: "2026-12-03T10:00:00.000Z", hits: 2, lastAt: "2026-12-03T10:16:00.000Z" },
      { organizationId: "org", rulesetId: "rs", version: 1, ruleName: "Route", hour: "2026-12-03T11:00:00.000Z", hits: 1, lastAt: "2026-12-03T11:15:00.000Z" },
    ]);
    const count = (vk: string, dimension: string, value: string, hour: string) => outcomes.find((o) => o.versionKey === vk && o.dimension === dimension && o.value === value && o.hour === hour)?.count;
    expect(count("", "orders", "", "2026-12-03T10:00:00.000Z")).toBe(2);
    expect(count("rs@1", "hold", "fraud", "2026-12-03T10:00:00.000Z")).toBe(2);
    expect(count("", "status", "held", "2026-12-03T10:00:00.000Z")).toBe(2);
    expect(count("rs@1", "warehouse", "w1", "2026-12-03T11:00:00.000Z")).toBe(1);
    expect(count("", "warehouse", "", "2026-12-03T10:00:00.000Z")).toBe(2);
    expect(new Set(outcomes.map((o) => [o.versionKey, o.dimension, o.hour, o.value].join("|"))).size).toBe(outcomes.length);
    expect(metrics.reduce((s, m) => s + m.count, 0)).toBe(3);
  });

  it("buckets figures on a log scale that reads back within one bucket", () => {
    for (const v of [2, 3, 10, 99, 1_000, 123_456]) {
      const b = bucketOf(v);
      expect(bucketFloor(b)).toBeLessThanOrEqual(v * 1.000001);
      expect(bucketFloor(b + 1)).toBeGreaterThan(v);
    }
    expect(bucketOf(0)).toBe(0);
    expect(hourOf(Date.parse("2026-12-03T10:59:59.999Z"))).toBe(Date.parse("2026-12-03T10:00:00Z"));
  });
});
