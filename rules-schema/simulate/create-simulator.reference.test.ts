/**
 * Differential test: the simulator (fast evaluator, pipeline merge, outcome reduction) against
 * json-rules-engine run stage by stage, for realistic plans built from the rule templates and the
 * same 200 random orders each.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TEvaluationContext } from "../context/context-schema";
import type { TDecision } from "../evaluate/decision-schema";
import { mergeDecisions, orderStages } from "../evaluate/evaluate-pipeline";
import { refuseChannelFromElsewhere } from "../evaluate/channel-origin";
import { evaluateReference } from "../evaluate/evaluate-reference";
import { BUYER_IDS, ORDER_IDS, WAREHOUSE_SKUS, WINDOW_START_MS, arbOrder } from "../testing/arbitraries";
import { GraphBuilder } from "../testing/factories";
import { type TRuleTemplateId, buildRuleTemplate } from "../templates/rule-templates";
import { createSimulator } from "./create-simulator";
import { RATE_CARD_POST, RATE_CARD_USPS, sellerContext } from "./simulation-fixtures";
import type { TSideOutcome, TSimulationPlan } from "./simulation-schema";

const SEED = 20_261_122;
const ORDERS = 200;

const iso = (hoursAfterStart: number) => new Date(WINDOW_START_MS + hoursAfterStart * 3_600_000).toISOString();

/** The seller of the template tests, with stock of the generated SKUs and buyers with open orders. */
const context: TEvaluationContext = sellerContext({
  channels: [
    // Origins: USPS collects in Los Angeles, the China lines in Shenzhen; Global Direct anywhere.
    { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, maxLengthCm: 56, maxGirthCm: 274, countries: ["US"], batteryAllowed: true, originWarehouseIds: ["wh-la"], rateCard: RATE_CARD_USPS },
    { id: "ch-post", name: "China Post registered air mail", maxWeightGrams: 2000, maxLengthCm: 60, maxGirthCm: 90, countries: [], originWarehouseIds: ["wh-sz"], rateCard: RATE_CARD_POST },
    { id: "ch-bat", name: "YunExpress Battery Line", maxWeightGrams: 2000, maxLengthCm: 60, countries: ["US", "GB", "DE"], batteryAllowed: true, originWarehouseIds: ["wh-sz"] },
    { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30000, maxLengthCm: 120, countries: ["US", "GB", "DE", "FR"] },
  ],
  inventory: {
    "wh-la": Object.fromEntries(WAREHOUSE_SKUS.map((sku) => [sku, sku === "W-MUG-02" ? 0 : 1000])),
    "wh-sz": Object.fromEntries(WAREHOUSE_SKUS.map((sku) => [sku, 500])),
  },
  buyerOpenOrders: Object.fromEntries(BUYER_IDS.map((buyer, b) => [buyer, ORDER_IDS.slice(b * 3, b * 3 + 4).map((orderId, k) => ({ orderId, createdAt: iso(24 * (b * 5 + k * 4)) }))])),
});

function template(id: TRuleTemplateId): TCompiledRuleset {
  const built = buildRuleTemplate(id, context);
  if (!built.ok) throw new Error(`${id}: ${built.reason}`);
  const result = compileGraph(built.graph, { context });
  if (!result.ok) throw new Error(`${id} does not compile`);
  return result.compiled;
}

const stage = (id: TRuleTemplateId) => {
  const compiled = template(id);
  return { stage: compiled.stage, compiled };
};

/** Every order to China Post, which collects only in Shenzhen: Los Angeles orders must lose that channel. */
function everythingByChinaPost(): TCompiledRuleset {
  const b = new GraphBuilder("logisticsMatching", "first");
  b.link("start", b.add("assignChannel", { channelId: "ch-post" }), "next");
  const result = compileGraph(b.build(), { context });
  if (!result.ok) throw new Error("China Post ruleset does not compile");
  return result.compiled;
}

const PLANS: [string, TSimulationPlan][] = [
  [
    "a channel rule that ignores where the channel collects",
    {
      stage: "logisticsMatching",
      candidate: everythingByChinaPost(),
      baseline: template("battery-approved-channels"),
      others: [stage("us-orders-from-los-angeles"), stage("hold-invalid-addresses")],
    },
  ],
  [
    "US orders from Los Angeles, nothing published yet",
    {
      stage: "warehouseMatching",
      candidate: template("us-orders-from-los-angeles"),
      baseline: null,
      others: [stage("hold-invalid-addresses"), stage("hold-unpaired-skus"), stage("battery-approved-channels"), stage("merge-buyer-orders")],
    },
  ],
  [
    "heavy parcels instead of battery channels",
    {
      stage: "logisticsMatching",
      candidate: template("heavy-parcels"),
      baseline: template("battery-approved-channels"),
      others: [stage("intercept-cancellations"), stage("us-orders-from-los-angeles"), stage("hold-invalid-addresses")],
    },
  ],
  [
    "deadline priority instead of merging",
    {
      stage: "autoProcessing",
      candidate: template("deadline-priority"),
      baseline: template("merge-buyer-orders"),
      others: [stage("hold-unpaired-skus"), stage("us-orders-from-los-angeles"), stage("heavy-parcels")],
    },
  ],
  [
    "cancellations intercepted at review instead of address holds",
    {
      stage: "orderReview",
      candidate: template("intercept-cancellations"),
      baseline: template("hold-invalid-addresses"),
      others: [stage("us-orders-from-los-angeles"), stage("battery-approved-channels"), stage("merge-buyer-orders")],
    },
  ],
];

/** What an outcome says about the decision it was reduced from. */
const decided = (o: TSideOutcome) => ({
  warehouseId: o.warehouseId,
  channelId: o.channelId,
  holds: o.holds,
  intercept: o.intercept,
  split: o.split,
  merge: o.merge,
  priority: o.priority,
  push: o.push,
  tracking: o.tracking,
  tags: o.tags,
  flags: o.flags,
});
const decidedBy = (d: TDecision) => ({
  warehouseId: d.warehouseId,
  channelId: d.channelId,
  holds: d.holds.map((h) => h.reason),
  intercept: d.intercept !== null,
  split: d.split !== null,
  merge: d.merge !== null,
  priority: d.priorityLevel,
  push: d.pushToWarehouse,
  tracking: d.requestTracking,
  tags: d.tags,
  flags: d.flags,
});
const ownPart = (d: TDecision) => ({ decided: d.firedRules.length > 0, firedRules: d.firedRules, actions: d.actions.map((a) => a.type) });

/** Random orders, every other one sent to the US so the US rules get to decide too. */
const orders = fc
  .sample(arbOrder(), { seed: SEED, numRuns: ORDERS })
  .map((o, i) => (i % 2 === 0 ? o : { ...o, shippingAddress: { ...o.shippingAddress, country: "US", postalCode: i % 4 === 1 ? "90210" : "10001" } }));

describe("the simulator agrees with json-rules-engine", () => {
  it.each(PLANS)("%s: each side's own stage and whole pipeline, for 200 random orders", async (_name, plan) => {
    const whole = createSimulator(plan);
    // With no other stages, a side's outcome is its stage's decision alone.
    const alone = createSimulator({ ...plan, others: [] });
    const pipeline = orderStages(plan.others);
    let decidedCount = 0;
    let refused = 0;
    for (const order of orders) {
      const cmp = whole.compare(order, context);
      const own = alone.compare(order, context);
      const sides: ["candidate" | "baseline", TCompiledRuleset | null][] = [
        ["candidate", plan.candidate],
        ["baseline", plan.baseline],
      ];
      for (const [side, compiled] of sides) {
        if (compiled === null) continue;
        const reference = (await evaluateReference(compiled, order, context)).decision;
        // The whole pipeline as json-rules-engine runs it stage by stage: each stage sees the warehouse
        // an earlier one assigned; the merged decision loses a channel that does not collect from it.
        const decisions: TDecision[] = [];
        let assignedWarehouseId: string | null = null;
        let inPipeline: TDecision | null = null;
        for (const s of orderStages([...pipeline, { stage: plan.stage, compiled }])) {
          const d: TDecision = (await evaluateReference(s.compiled, order, context, { assignedWarehouseId })).decision;
          if (s.compiled === compiled) inPipeline = d;
          decisions.push(d);
          assignedWarehouseId ??= d.warehouseId;
        }
        const what = `${side} for ${JSON.stringify(order)}`;
        // The simulated stage, as json-rules-engine decides it.
        expect(decided(own[side]), what).toEqual(decidedBy(reference));
        expect({ decided: own[side].decided, firedRules: own[side].firedRules, actions: own[side].actions }, what).toEqual(ownPart(reference));
        expect({ decided: cmp[side].decided, firedRules: cmp[side].firedRules, actions: cmp[side].actions }, what).toEqual(ownPart(inPipeline!));
        const unchecked = mergeDecisions(decisions);
        const merged = refuseChannelFromElsewhere(unchecked, context);
        expect(decided(cmp[side]), what).toEqual(decidedBy(merged));
        expect(cmp[side].channelRefused, what).toBe(merged === unchecked ? null : unchecked.channelId);
        if (cmp[side].channelRefused !== null) refused++;
        if (side === "candidate" && reference.firedRules.length > 0) decidedCount++;
      }
    }
    // The plans are meant to exercise the rules, not to watch them idle.
    expect(decidedCount).toBeGreaterThan(10);
    // Channels refused for their origin: only where a rule ignores it (the templates test "Fits channel limits").
    if (plan.candidate === PLANS[0]![1].candidate) expect(refused).toBeGreaterThan(10);
    else expect(refused).toBe(0);
  });
});
