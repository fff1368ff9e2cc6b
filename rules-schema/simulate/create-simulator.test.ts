import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TOrder } from "../order/order-schema";
import { arbOrder } from "../testing/arbitraries";
import { makeLine, makeOrder } from "../testing/factories";
import { createSimulator, diffOutcomes, mergesIntoEarlierOrder } from "./create-simulator";
import { compileRules, sellerContext, when } from "./simulation-fixtures";
import { type TSideOutcome, type TSimulationPlan, ZOrderComparison } from "./simulation-schema";

const SEED = 20_261_122;

const review = compileRules("orderReview", "all", [
  { id: "bad-address", when: [when("addressValid", "equal", false)], then: "hold", data: { reason: "Invalid shipping address" } },
]);
const logistics = compileRules("logisticsMatching", "first", [
  { id: "usps", when: [when("country", "equal", "US"), when("totalWeightGrams", "lessThanInclusive", 9000)], then: "assignChannel", data: { channelId: "ch-usps" } },
  { id: "post", then: "assignChannel", data: { channelId: "ch-post" } },
]);
const processing = compileRules("autoProcessing", "all", [
  { id: "intercept", when: [when("cancellationRequested", "equal", true)], then: "intercept", data: { reason: "Buyer requested cancellation", priority: 1000 } },
  { id: "merge", when: [when("buyerOrdersWithinHours", "greaterThanInclusive", 1, { hours: 24 })], then: "mergeOrders", data: { withinHours: 24 } },
  { id: "push", when: [when("cancellationRequested", "equal", false)], then: "pushToWarehouse" },
]);
const others: TSimulationPlan["others"] = [
  { stage: "autoProcessing", compiled: processing },
  { stage: "orderReview", compiled: review },
  { stage: "logisticsMatching", compiled: logistics },
];

/** Candidate: US orders from Los Angeles, the rest from Shenzhen. Baseline: everything from Shenzhen. */
const laFirst = compileRules("warehouseMatching", "first", [
  { id: "us-la", when: [when("country", "equal", "US")], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
  { id: "battery-sz", when: [when("hasBattery", "equal", true)], then: "assignWarehouse", data: { warehouseId: "wh-sz" } },
  { id: "all-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } },
]);
const allSz = compileRules("warehouseMatching", "first", [{ id: "all-sz", then: "assignWarehouse", data: { warehouseId: "wh-sz" } }]);
const plan: TSimulationPlan = { stage: "warehouseMatching", candidate: laFirst, baseline: allSz, others };
const context = sellerContext();

// Monday 2026-11-23, paid 09:05 Pacific; due Wednesday 00:00Z.
const usOrder = (overrides: Parameters<typeof makeOrder>[0] = {}) =>
  makeOrder({ createdAt: "2026-11-23T17:00:00Z", paidAt: "2026-11-23T17:05:00Z", shipByDeadline: "2026-11-25T00:00:00Z", ...overrides });

describe("createSimulator", () => {
  it("a US order moves from Shenzhen to Los Angeles: only the warehouse changes, and its deadline is met sooner", () => {
    const cmp = createSimulator(plan).compare(usOrder(), context);
    expect(cmp.changes).toEqual(["warehouse"]);
    expect(cmp.baseline).toMatchObject({ decided: true, warehouseId: "wh-sz", channelId: "ch-usps", firedRules: ["rule:all-sz"], actions: ["assignWarehouse"], push: true, packages: 1 });
    expect(cmp.candidate).toMatchObject({ decided: true, warehouseId: "wh-la", channelId: "ch-usps", firedRules: ["rule:us-la"], actions: ["assignWarehouse"], push: true, packages: 1 });
    // Shenzhen's cut-off on Monday is 10:00Z (already past): it leaves Tuesday 10:00Z, 14 h before the deadline;
    // Los Angeles leaves Tuesday 00:00Z (Monday 16:00 Pacific), 24 h before.
    expect([cmp.baseline.deadline, cmp.baseline.deadlineMarginHours]).toEqual(["ok", 14]);
    expect([cmp.candidate.deadline, cmp.candidate.deadlineMarginHours]).toEqual(["ok", 24]);
    // 300 g to 90210 on USPS: the west zone's 500 g band.
    expect([cmp.candidate.cost, cmp.candidate.currency, cmp.candidate.costGap]).toEqual([4.1, "USD", null]);
  });

  it("without a published baseline the stage decides nothing on that side, and the other stages still do", () => {
    const cmp = createSimulator({ ...plan, baseline: null }).compare(usOrder(), context);
    expect(cmp.baseline).toMatchObject({ decided: false, warehouseId: null, channelId: "ch-usps", firedRules: [], actions: [], deadline: "noWarehouse", deadlineMarginHours: null, push: true });
    expect(cmp.changes).toEqual(["decided", "warehouse"]);
  });

  it("holds and pushes from the other stages are the same on both sides and are not changes", () => {
    const cmp = createSimulator(plan).compare(usOrder({ shippingAddress: { addressValid: false } }), context);
    expect(cmp.baseline.holds).toEqual(["Invalid shipping address"]);
    expect(cmp.candidate.holds).toEqual(["Invalid shipping address"]);
    expect(cmp.changes).toEqual(["warehouse"]);
  });

  it("an intercepted order ships no parcel and costs nothing", () => {
    const cmp = createSimulator(plan).compare(usOrder({ cancellationRequested: true }), context);
    expect(cmp.candidate).toMatchObject({ intercept: true, push: false, packages: 0, cost: 0, currency: "USD", costGap: null });
  });

  it("entries of `others` for the simulated stage are ignored: candidate and baseline take their place", () => {
    const withPublished = createSimulator({ ...plan, others: [...others, { stage: "warehouseMatching", compiled: allSz }] });
    expect(withPublished.compare(usOrder(), context)).toEqual(createSimulator(plan).compare(usOrder(), context));
  });

  describe("rules that disagree", () => {
    const battery = usOrder({ lines: [makeLine({ hasBattery: true })] });
    it("hit policy first: a later matching rule that would pick another warehouse is reported, the first still decides", () => {
      const cmp = createSimulator(plan).compare(battery, context);
      expect(cmp.candidate).toMatchObject({ warehouseId: "wh-la", firedRules: ["rule:us-la"], conflicts: ["warehouse"] });
    });
    it("hit policy first: later matches that agree are no disagreement", () => {
      const agreeing = compileRules("warehouseMatching", "first", [
        { id: "us-la", when: [when("country", "equal", "US")], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
        { id: "battery-la", when: [when("hasBattery", "equal", true)], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
        { id: "battery-tag", when: [when("hasBattery", "equal", true)], then: "addTag", data: { tag: "battery" } },
      ]);
      expect(createSimulator({ ...plan, candidate: agreeing }).compare(battery, context).candidate.conflicts).toEqual([]);
    });
    it("hit policy all: rules that fire together and set different warehouses are reported; the first in rule order wins", () => {
      const clashing = compileRules("warehouseMatching", "all", [
        { id: "us-la", when: [when("country", "equal", "US")], then: "assignWarehouse", data: { warehouseId: "wh-la" } },
        { id: "battery-sz", when: [when("hasBattery", "equal", true)], then: "assignWarehouse", data: { warehouseId: "wh-sz" } },
      ]);
      const cmp = createSimulator({ ...plan, candidate: clashing }).compare(battery, context);
      expect(cmp.candidate).toMatchObject({ warehouseId: "wh-la", firedRules: ["rule:us-la", "rule:battery-sz"], actions: ["assignWarehouse", "assignWarehouse"], conflicts: ["warehouse"] });
    });
  });

  describe("merging a buyer's orders", () => {
    const sim = createSimulator(plan);
    const withOpen = (open: { orderId: string; createdAt: string }[]) => sellerContext({ buyerOpenOrders: { "buyer-1": open } });
    it.each([
      ["an earlier open order 3 h before: merged into it, no parcel of its own", [{ orderId: "ord-0", createdAt: "2026-11-23T14:00:00Z" }], true, 0],
      ["the earlier order of the pair still ships", [{ orderId: "ord-2", createdAt: "2026-11-23T20:00:00Z" }], true, 1],
      ["an open order 30 h before: no merge rule fires, one parcel", [{ orderId: "ord-0", createdAt: "2026-11-22T11:00:00Z" }], false, 1],
      ["the order itself in the list does not count", [{ orderId: "ord-1", createdAt: "2026-11-23T17:00:00Z" }], false, 1],
    ])("%s", (_name, open, merge, packages) => {
      const cmp = sim.compare(usOrder(), withOpen(open));
      expect([cmp.candidate.merge, cmp.candidate.packages]).toEqual([merge, packages]);
    });
  });

  it("a split order ships in the planned parcels, each priced", () => {
    const splitting = compileRules("logisticsMatching", "first", [
      { id: "split", when: [when("totalWeightGrams", "greaterThan", 2000)], then: "splitPackage", data: { strategy: "maxWeight", maxWeightGrams: 2000, channelId: "ch-usps" } },
    ]);
    const sim = createSimulator({ stage: "logisticsMatching", candidate: splitting, baseline: logistics, others: [] });
    const cmp = sim.compare(usOrder({ lines: [makeLine({ weightGrams: 800, quantity: 6 })] }), context);
    expect(cmp.baseline).toMatchObject({ split: false, channelId: "ch-usps", packages: 1, cost: 15.2 });
    expect(cmp.candidate).toMatchObject({ split: true, channelId: null, packages: 3, cost: 22.05, currency: "USD" });
    expect(cmp.changes).toEqual(["channel", "split"]);
  });

  it("every comparison of random orders fits the schema the screens and the database read (property)", () => {
    const sim = createSimulator(plan);
    fc.assert(
      fc.property(arbOrder(), (order: TOrder) => {
        const cmp = sim.compare(order, context);
        expect(ZOrderComparison.parse(cmp)).toEqual(cmp);
        expect(cmp.changes).toEqual(diffOutcomes(cmp.baseline, cmp.candidate));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

const outcome = (overrides: Partial<TSideOutcome> = {}): TSideOutcome => ({
  decided: true,
  warehouseId: "wh-la",
  channelId: "ch-usps",
  customs: null,
  channelRefused: null,
  holds: [],
  intercept: false,
  split: false,
  merge: false,
  priority: null,
  push: true,
  tracking: false,
  tags: [],
  flags: [],
  packages: 1,
  actions: ["assignWarehouse"],
  firedRules: ["rule:a"],
  conflicts: [],
  cost: 4.1,
  currency: "USD",
  costGap: null,
  deadline: "ok",
  deadlineMarginHours: 10,
  ...overrides,
});

describe("diffOutcomes", () => {
  it.each<[string, Partial<TSideOutcome>, Partial<TSideOutcome>, string[]]>([
    ["the same outcome: no change", {}, {}, []],
    ["other rules firing with the same effect: no change", { firedRules: ["rule:a"] }, { firedRules: ["rule:b"] }, []],
    ["cost, parcels and deadline alone are not changes", { cost: 4.1, packages: 1, deadline: "ok" }, { cost: 9.9, packages: 2, deadline: "late" }, []],
    ["holds in another order: no change", { holds: ["A", "B"] }, { holds: ["B", "A"] }, []],
    ["a hold repeated: a change", { holds: ["A"] }, { holds: ["A", "A"] }, ["holds"]],
    ["tags as sets: order does not matter", { tags: ["vip", "gift"] }, { tags: ["gift", "vip"] }, []],
    ["a flag added", { flags: [] }, { flags: ["risk"] }, ["flags"]],
    [
      "everything at once, in screen order",
      {},
      { decided: false, warehouseId: null, channelId: null, holds: ["A"], intercept: true, split: true, merge: true, priority: "urgent", push: false, tracking: true, tags: ["x"], flags: ["y"] },
      ["decided", "warehouse", "channel", "holds", "intercept", "split", "merge", "priority", "push", "tracking", "tags", "flags"],
    ],
  ])("%s", (_name, a, b, changes) => {
    expect(diffOutcomes(outcome(a), outcome(b))).toEqual(changes);
  });
});

describe("mergesIntoEarlierOrder", () => {
  const order = makeOrder({ id: "ord-5", buyerId: "buyer-1", createdAt: "2026-11-20T08:00:00Z", paidAt: "2026-11-20T10:00:00Z" });
  const instant = Date.parse("2026-11-20T10:00:00Z");
  const open = (orderId: string, createdAt: string) => sellerContext({ buyerOpenOrders: { "buyer-1": [{ orderId, createdAt }] } });
  it.each([
    ["created 5 h before payment, within 24 h", open("ord-1", "2026-11-20T05:00:00Z"), 24, true],
    ["created 25 h before payment, outside 24 h", open("ord-1", "2026-11-19T09:00:00Z"), 24, false],
    ["created after this order (but before payment): this one ships, that one merges", open("ord-9", "2026-11-20T09:00:00Z"), 24, false],
    ["created at the same instant: the smaller id is the earlier", open("ord-1", "2026-11-20T08:00:00Z"), 24, true],
    ["created at the same instant with a larger id", open("ord-7", "2026-11-20T08:00:00Z"), 24, false],
    ["this very order", open("ord-5", "2026-11-20T05:00:00Z"), 24, false],
    ["another buyer's order", sellerContext({ buyerOpenOrders: { "buyer-2": [{ orderId: "ord-1", createdAt: "2026-11-20T05:00:00Z" }] } }), 24, false],
  ])("%s", (_name, context, hours, expected) => {
    expect(mergesIntoEarlierOrder(order, context, hours, instant)).toBe(expected);
  });
  it("an order without a buyer never merges", () => {
    expect(mergesIntoEarlierOrder({ ...order, buyerId: "" }, sellerContext({ buyerOpenOrders: { "": [{ orderId: "ord-1", createdAt: "2026-11-20T05:00:00Z" }] } }), 24, instant)).toBe(false);
  });
});
