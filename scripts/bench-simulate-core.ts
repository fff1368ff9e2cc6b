/**
 * npx tsx scripts/bench-simulate-core.ts [--quick] — orders/second of the simulator core on one
 * core: `createSimulator(plan).compare` + `addComparison` over 200,000 generated orders, for a plan
 * whose simulated stage (warehouse matching) has 20 rules on both sides and whose other four stages
 * hold the published rules a seller typically has. Last line: one JSON object.
 */
import { performance } from "node:perf_hooks";
import type { TCompiledRuleset } from "../rules-schema/compile/compiled-schema";
import { ZEvaluationContext } from "../rules-schema/context/context-schema";
import type { TRuleGraphInput } from "../rules-schema/graph/graph-schema";
import { addComparison, createSimulator, emptySimulationTotals, mergeSimulationTotals, type TSimulationPlan } from "../rules-schema/simulate";
import { RATE_CARD_POST, RATE_CARD_USPS, compileRules, when } from "../rules-schema/simulate/simulation-fixtures";
import { buildRuleTemplate, type TRuleTemplateId } from "../rules-schema/templates/rule-templates";
import { compileGraph } from "../rules-schema/compile/compile-graph";
import { evaluate } from "../rules-schema/evaluate/evaluate";
import { compileOrThrow, randomOrders, randomRulesetGraph } from "./lib/random-workload";

const quick = process.argv.includes("--quick");
const ORDERS = quick ? 20_000 : 200_000;
const RULES = 20;
const WAREHOUSES = ["wh-sz", "wh-la", "wh-nj"];

const t0 = performance.now();
const orders = randomOrders(ORDERS, 42);
const CHUNK = 5_000;
const buyerOrders = new Map<string, { orderId: string; createdAt: string }[]>();
for (const o of orders) {
  let list = buyerOrders.get(o.buyerId);
  if (!list) buyerOrders.set(o.buyerId, (list = []));
  list.push({ orderId: o.id, createdAt: o.createdAt });
}

const context = ZEvaluationContext.parse({
  warehouses: [
    { id: "wh-sz", name: "Shenzhen", kind: "own", country: "CN", calendar: { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5, 6], cutoffTime: "18:00" } },
    { id: "wh-la", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar: { timeZone: "America/Los_Angeles", holidays: ["2026-09-07", "2026-10-12"] } },
    { id: "wh-nj", name: "New Jersey", kind: "overseas_3pl", country: "US", calendar: { timeZone: "America/New_York", cutoffTime: "15:00" } },
  ],
  channels: [
    { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, maxLengthCm: 56, countries: ["US"], batteryAllowed: true, rateCard: RATE_CARD_USPS },
    { id: "ch-post", name: "China Post", maxWeightGrams: 2000, rateCard: RATE_CARD_POST },
    { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30_000, maxLengthCm: 120 },
  ],
});

/** As the simulation workers do: one context per chunk, holding the open orders of the chunk's buyers. */
const chunkContexts = Array.from({ length: Math.ceil(orders.length / CHUNK) }, (_v, c) => {
  const buyerOpenOrders: Record<string, { orderId: string; createdAt: string }[]> = {};
  for (const o of orders.slice(c * CHUNK, (c + 1) * CHUNK)) buyerOpenOrders[o.buyerId] = buyerOrders.get(o.buyerId)!;
  return { ...context, buyerOpenOrders };
});

/** 20 random rules (3–6 conditions each) that assign a warehouse, hit policy `first`. */
function warehouseRules(seed: number): TCompiledRuleset {
  const graph = randomRulesetGraph(RULES, seed, "first");
  let i = 0;
  const nodes = graph.nodes.map((n) => (n.kind === "addTag" ? { ...n, kind: "assignWarehouse", data: { warehouseId: WAREHOUSES[i++ % WAREHOUSES.length], priority: (n.data as { priority: number }).priority } } : n));
  return compileOrThrow({ ...graph, stage: "warehouseMatching", nodes } as TRuleGraphInput);
}

function template(id: TRuleTemplateId): TCompiledRuleset {
  const built = buildRuleTemplate(id, context);
  if (!built.ok) throw new Error(`${id}: ${built.reason}`);
  const r = compileGraph(built.graph, { context });
  if (!r.ok) throw new Error(`${id} does not compile`);
  return r.compiled;
}

const autoProcessing = compileRules("autoProcessing", "all", [
  { id: "intercept", when: [when("cancellationRequested", "equal", true)], then: "intercept", data: { reason: "Buyer requested cancellation", priority: 1000 } },
  { id: "merge", when: [when("buyerOrdersWithinHours", "greaterThanInclusive", 1, { hours: 24 })], then: "mergeOrders", data: { withinHours: 24 } },
  { id: "push", when: [when("cancellationRequested", "equal", false), when("allSkusPaired", "equal", true)], then: "pushToWarehouse" },
  { id: "tracking", when: [when("cancellationRequested", "equal", false)], then: "requestTracking" },
]);

/** USPS for US parcels up to 9 kg, China Post up to 2 kg elsewhere, the 30 kg line for the rest; split what fits nothing. */
const logistics = compileRules("logisticsMatching", "first", [
  { id: "usps", when: [when("country", "equal", "US"), when("fitsChannel", "equal", true, { channelId: "ch-usps" })], then: "assignChannel", data: { channelId: "ch-usps" } },
  { id: "post", when: [when("fitsChannel", "equal", true, { channelId: "ch-post" })], then: "assignChannel", data: { channelId: "ch-post" } },
  { id: "gd", when: [when("fitsChannel", "equal", true, { channelId: "ch-gd" })], then: "assignChannel", data: { channelId: "ch-gd" } },
  { id: "split", then: "splitPackage", data: { strategy: "channelLimits", channelId: "ch-usps" } },
]);

const plan: TSimulationPlan = {
  stage: "warehouseMatching",
  candidate: warehouseRules(11),
  baseline: warehouseRules(7),
  others: [
    { stage: "orderReview", compiled: template("hold-invalid-addresses") },
    { stage: "skuPairing", compiled: template("hold-unpaired-skus") },
    { stage: "logisticsMatching", compiled: logistics },
    { stage: "autoProcessing", compiled: autoProcessing },
  ],
};
const setupMs = performance.now() - t0;

function run(): { ms: number; cpuMs: number; totals: ReturnType<typeof emptySimulationTotals> } {
  const simulator = createSimulator(plan);
  const cpu = process.cpuUsage();
  const start = performance.now();
  // Chunk totals merged as they complete, as the workers do.
  let totals = emptySimulationTotals();
  for (let c = 0; c < chunkContexts.length; c++) {
    const chunk = emptySimulationTotals();
    const chunkContext = chunkContexts[c]!;
    const to = Math.min((c + 1) * CHUNK, orders.length);
    for (let i = c * CHUNK; i < to; i++) addComparison(chunk, simulator.compare(orders[i]!, chunkContext));
    totals = mergeSimulationTotals(totals, chunk);
  }
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, totals };
}

/** The floor: the same six `evaluate` calls per order and nothing else (no merge, outcome, totals). */
function runEvaluateOnly(): number {
  const stages = [...plan.others.map((s) => s.compiled), plan.candidate, plan.baseline!];
  const allMatches = stages.map((c, i) => i >= plan.others.length && c.hitPolicy === "first");
  const start = performance.now();
  let fired = 0;
  for (let c = 0; c < chunkContexts.length; c++) {
    const chunkContext = chunkContexts[c]!;
    const to = Math.min((c + 1) * CHUNK, orders.length);
    for (let i = c * CHUNK; i < to; i++) for (let k = 0; k < stages.length; k++) fired += evaluate(stages[k]!, orders[i]!, chunkContext, { allMatches: allMatches[k] }).decision.firedRules.length;
  }
  if (fired < 0) throw new Error("unreachable");
  return performance.now() - start;
}

run(); // warm-up: V8 optimises the generated evaluators, calendars get their dispatch schedules
runEvaluateOnly();
// Interleaved, so both see the same machine load.
const runs: ReturnType<typeof run>[] = [];
const floors: number[] = [];
for (let k = 0; k < 3; k++) {
  runs.push(run());
  floors.push(runEvaluateOnly());
}
const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
const perSec = (orders.length / best.ms) * 1000;
// CPU time of this process (GC helper threads included): steadier than wall time on a busy machine.
const perCpuSec = (orders.length / Math.min(...runs.map((r) => r.cpuMs))) * 1000;
const t = best.totals;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`setup (generate ${fmt(orders.length)} orders, compile): ${fmt(setupMs)} ms`);
console.log(
  `compare + addComparison: ${fmt(perSec)} orders/s (best of ${runs.length}: ${fmt(best.ms)} ms for ${fmt(orders.length)} orders; ${RULES} rules per side, 4 other stages) · ${fmt(perCpuSec)} orders per CPU-second`,
);
const floorMs = Math.min(...floors);
console.log(
  `of which evaluation alone (the same 6 evaluate calls per order): ${fmt((orders.length / floorMs) * 1000)} orders/s, ${Math.round((floorMs / best.ms) * 100)}% of the time`,
);
console.log(
  `changed ${fmt(t.changed)} · candidate decided ${fmt(t.candidate.decided)} · held ${fmt(t.candidate.held)} · intercepts ${fmt(t.candidate.intercepts)} · splits ${fmt(t.candidate.splits)} · merged away ${fmt(t.candidate.mergedAway)} · late ${fmt(t.candidate.byDeadline.late ?? 0)} · cost ${JSON.stringify(t.candidate.costByCurrency)}`,
);
console.log(JSON.stringify({ bench: "simulate-core", node: process.version, orders: orders.length, rules: RULES, ordersPerSec: Math.round(perSec), ordersPerCpuSec: Math.round(perCpuSec), evaluateOnlyPerSec: Math.round((orders.length / floorMs) * 1000) }));
