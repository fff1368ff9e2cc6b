import { describe, expect, it } from "vitest";
import type { TStage } from "../graph/graph-schema";
import { compileRules, sellerContext, when } from "../simulate/simulation-fixtures";
import { makeLine, makeOrder } from "../testing/factories";
import type { TDecision } from "./decision-schema";
import { evaluate } from "./evaluate";
import { emptyDecision, evaluatePipeline, mergeDecisions, orderStages } from "./evaluate-pipeline";

const decision = (overrides: Partial<TDecision>): TDecision => ({ ...emptyDecision(), ...overrides });
const action = (type: string, ruleName: string) => ({ ruleName, nodeId: ruleName, type, params: {} });

describe("mergeDecisions", () => {
  it.each<[string, TDecision[], Partial<TDecision>]>([
    ["nothing decided anywhere: nothing decided", [decision({}), decision({})], {}],
    [
      "the first stage to set the warehouse keeps it",
      [decision({ warehouseId: "wh-sz" }), decision({ warehouseId: "wh-la" })],
      { warehouseId: "wh-sz" },
    ],
    ["a later stage fills what earlier stages left open", [decision({ warehouseId: "wh-la" }), decision({ channelId: "ch-usps" })], { warehouseId: "wh-la", channelId: "ch-usps" }],
    [
      "priority, split, merge and intercept come from their first setter",
      [
        decision({ priorityLevel: "high", intercept: { reason: "Fraud", ruleName: "a" } }),
        decision({ priorityLevel: "low", split: { strategy: "maxWeight", maxWeightGrams: 2000, channelId: null, ruleName: "b" }, intercept: { reason: "Cancel", ruleName: "c" } }),
        decision({ merge: { withinHours: 24, ruleName: "d" }, split: { strategy: "channelLimits", maxWeightGrams: null, channelId: "ch-usps", ruleName: "e" } }),
      ],
      {
        priorityLevel: "high",
        intercept: { reason: "Fraud", ruleName: "a" },
        split: { strategy: "maxWeight", maxWeightGrams: 2000, channelId: null, ruleName: "b" },
        merge: { withinHours: 24, ruleName: "d" },
      },
    ],
    [
      "holds, actions and fired rules add up in stage order",
      [
        decision({ holds: [{ reason: "Invalid address", ruleName: "r1" }], actions: [action("hold", "r1")], firedRules: ["r1"] }),
        decision({ holds: [{ reason: "Invalid address", ruleName: "r2" }], actions: [action("hold", "r2")], firedRules: ["r2"] }),
      ],
      {
        holds: [
          { reason: "Invalid address", ruleName: "r1" },
          { reason: "Invalid address", ruleName: "r2" },
        ],
        actions: [action("hold", "r1"), action("hold", "r2")],
        firedRules: ["r1", "r2"],
      },
    ],
    ["flags and tags are listed once each", [decision({ flags: ["risk"], tags: ["vip", "gift"] }), decision({ flags: ["risk", "late"], tags: ["gift"] })], { flags: ["risk", "late"], tags: ["vip", "gift"] }],
    ["push, tracking and fallback are on when any stage turned them on", [decision({ pushToWarehouse: true }), decision({ requestTracking: true, usedFallback: true })], { pushToWarehouse: true, requestTracking: true, usedFallback: true }],
    [
      "each stage's conflicts are kept",
      [decision({ conflicts: [{ subject: "warehouse", message: "x", ruleNames: ["a", "b"] }] }), decision({ conflicts: [{ subject: "hold", message: "y", ruleNames: ["c"] }] })],
      {
        conflicts: [
          { subject: "warehouse", message: "x", ruleNames: ["a", "b"] },
          { subject: "hold", message: "y", ruleNames: ["c"] },
        ],
      },
    ],
  ])("%s", (_name, decisions, expected) => {
    const before = structuredClone(decisions);
    const merged = mergeDecisions(decisions);
    expect(merged).toEqual(decision(expected));
    // The inputs are untouched and share no list with the result.
    expect(decisions).toEqual(before);
    merged.holds.push({ reason: "later", ruleName: "z" });
    merged.tags.push("later");
    expect(decisions).toEqual(before);
  });
});

describe("orderStages", () => {
  it("puts stages in pipeline order and keeps the order of entries of one stage", () => {
    const input: { stage: TStage; n: number }[] = [
      { stage: "autoProcessing", n: 1 },
      { stage: "orderReview", n: 2 },
      { stage: "logisticsMatching", n: 3 },
      { stage: "orderReview", n: 4 },
    ];
    expect(orderStages(input).map((s) => s.n)).toEqual([2, 4, 3, 1]);
  });
  it("hands back an already ordered list as it is (nothing to do per order)", () => {
    const input = [{ stage: "skuPairing" as const }, { stage: "warehouseMatching" as const }];
    expect(orderStages(input)).toBe(input);
  });
});

const context = sellerContext();
const review = compileRules("orderReview", "all", [
  { id: "bad-address", when: [when("addressValid", "equal", false)], then: "hold", data: { reason: "Invalid shipping address" } },
  { id: "vip", when: [when("tags", "contains", "vip")], then: "addTag", data: { tag: "priority-buyer" } },
]);
const warehouses = compileRules("warehouseMatching", "first", [
  { id: "us-from-la", when: [when("country", "equal", "US")], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
  { id: "rest-from-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } },
]);
const logistics = compileRules("logisticsMatching", "first", [
  { id: "usps", when: [when("country", "equal", "US"), when("totalWeightGrams", "lessThanInclusive", 9000)], then: "assignChannel", data: { channelId: "ch-usps" } },
  { id: "post", then: "assignChannel", data: { channelId: "ch-post" } },
]);
const processing = compileRules("autoProcessing", "all", [
  { id: "push", then: "pushToWarehouse" },
  { id: "tag-auto", then: "addTag", data: { tag: "priority-buyer" } },
]);

describe("evaluatePipeline", () => {
  const stages = [
    { stage: "autoProcessing" as const, compiled: processing },
    { stage: "logisticsMatching" as const, compiled: logistics },
    { stage: "orderReview" as const, compiled: review },
    { stage: "warehouseMatching" as const, compiled: warehouses },
  ];

  it.each([
    ["a US order ships from Los Angeles by USPS and is pushed", makeOrder(), { warehouseId: "wh-la", channelId: "ch-usps", holds: [], push: true, fired: ["rule:us-from-la", "rule:usps", "rule:push", "rule:tag-auto"] }],
    [
      "a German VIP order with a bad address is held, ships from Shenzhen by China Post",
      makeOrder({ shippingAddress: { country: "DE", postalCode: "10115", addressValid: false }, tags: ["vip"] }),
      { warehouseId: "wh-sz", channelId: "ch-post", holds: ["Invalid shipping address"], push: true, fired: ["rule:bad-address", "rule:vip", "rule:rest-from-sz", "rule:post", "rule:push", "rule:tag-auto"] },
    ],
    [
      "a heavy US order misses USPS and falls through to China Post",
      makeOrder({ lines: [makeLine({ weightGrams: 5000, quantity: 2 })] }),
      { warehouseId: "wh-la", channelId: "ch-post", holds: [], push: true, fired: ["rule:us-from-la", "rule:post", "rule:push", "rule:tag-auto"] },
    ],
  ])("%s", (_name, order, expected) => {
    const { decision: d, stages: evaluated } = evaluatePipeline(stages, order, context);
    expect({ warehouseId: d.warehouseId, channelId: d.channelId, holds: d.holds.map((h) => h.reason), push: d.pushToWarehouse, fired: d.firedRules }).toEqual(expected);
    // Stages come back in pipeline order, each exactly as `evaluate` decides it alone.
    expect(evaluated.map((s) => s.stage)).toEqual(["orderReview", "warehouseMatching", "logisticsMatching", "autoProcessing"]);
    for (const s of evaluated) expect(s.evaluation).toEqual(evaluate(stages.find((x) => x.stage === s.stage)!.compiled, order, context));
    expect(d).toEqual(mergeDecisions(evaluated.map((s) => s.evaluation.decision)));
  });

  it("a tag added by two stages is listed once", () => {
    const { decision: d } = evaluatePipeline(stages, makeOrder({ tags: ["vip"] }), context);
    expect(d.tags).toEqual(["priority-buyer"]);
  });

  it("passes options to every stage: a trace per stage, all matches of a `first` stage", () => {
    const { stages: traced } = evaluatePipeline(stages, makeOrder(), context, { trace: true });
    expect(traced.every((s) => s.evaluation.trace !== null)).toBe(true);
    const { stages: all } = evaluatePipeline(stages, makeOrder(), context, { allMatches: true });
    expect(all.find((s) => s.stage === "warehouseMatching")!.evaluation.matchedRules).toEqual(["rule:us-from-la", "rule:rest-from-sz"]);
  });

  it("an empty pipeline decides nothing", () => {
    expect(evaluatePipeline([], makeOrder(), context)).toEqual({ decision: emptyDecision(), stages: [] });
  });
});

describe("channels know where they ship from", () => {
  /** USPS collects in Los Angeles, China Post in Shenzhen, Global Direct anywhere. */
  const withOrigins = sellerContext({
    channels: [
      { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, countries: ["US"], originWarehouseIds: ["wh-la"] },
      { id: "ch-post", name: "China Post registered air mail", maxWeightGrams: 2000, originWarehouseIds: ["wh-sz"] },
      { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30000 },
    ],
  });
  const fromLa = compileRules("warehouseMatching", "first", [{ id: "all-from-la", then: "assignWarehouse", data: { warehouseId: "wh-la" } }], withOrigins);

  it("refuses a channel that does not collect from the assigned warehouse: no channel, a conflict naming the rule", () => {
    const post = compileRules("logisticsMatching", "first", [{ id: "post", then: "assignChannel", data: { channelId: "ch-post" } }], withOrigins);
    const { decision: d, stages: evaluated } = evaluatePipeline(
      [
        { stage: "warehouseMatching", compiled: fromLa },
        { stage: "logisticsMatching", compiled: post },
      ],
      makeOrder(),
      withOrigins,
    );
    expect(evaluated[1]!.evaluation.decision.channelId).toBe("ch-post");
    expect(d.warehouseId).toBe("wh-la");
    expect(d.channelId).toBeNull();
    expect(d.conflicts).toEqual([
      { subject: "channelOrigin", message: "China Post registered air mail does not collect from Los Angeles (it ships from Shenzhen); no channel assigned", ruleNames: ["rule:post"] },
    ]);
  });

  it("lets logistics rules test the assigned warehouse and the channel's origin", () => {
    const logistics = compileRules(
      "logisticsMatching",
      "first",
      [
        { id: "post-if-it-fits", when: [when("fitsChannel", "equal", true, { channelId: "ch-post" })], then: "assignChannel", data: { channelId: "ch-post" } },
        { id: "usps-from-la", when: [when("assignedWarehouse", "equal", "wh-la")], then: "assignChannel", data: { channelId: "ch-usps" } },
        { id: "global-direct", then: "assignChannel", data: { channelId: "ch-gd" } },
      ],
      withOrigins,
    );
    const fromSz = compileRules("warehouseMatching", "first", [{ id: "all-from-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } }], withOrigins);
    const route = (warehouses: typeof fromLa | null) =>
      evaluatePipeline([...(warehouses ? [{ stage: "warehouseMatching" as const, compiled: warehouses }] : []), { stage: "logisticsMatching", compiled: logistics }], makeOrder(), withOrigins).decision;
    // A light order from Shenzhen fits China Post; from Los Angeles it does not (wrong origin) and takes USPS.
    expect(route(fromSz)).toMatchObject({ warehouseId: "wh-sz", channelId: "ch-post", conflicts: [] });
    expect(route(fromLa)).toMatchObject({ warehouseId: "wh-la", channelId: "ch-usps", conflicts: [] });
    // No warehouse assigned: the origin is not known yet, so China Post fits; nothing is refused.
    expect(route(null)).toMatchObject({ warehouseId: null, channelId: "ch-post", conflicts: [] });
  });
});
