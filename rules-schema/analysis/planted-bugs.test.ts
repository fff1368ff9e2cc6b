import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { evaluate } from "../evaluate/evaluate";
import { ORDER_FACTS } from "../facts/fact-catalog";
import { createFactFrame } from "../facts/fact-frame";
import type { THitPolicy, TStage } from "../graph/graph-schema";
import { ZOrder } from "../order/order-schema";
import { GraphBuilder, cond, makeContext } from "../testing/factories";
import { MAX_FINDINGS, type TFinding, type TFindingKind, analyzeRuleset } from "./analyze-ruleset";

/**
 * The planted-bug suite: rulesets with one known overlap, shadowed rule, dead rule, channel that
 * refuses everything, or gap each, and clean rulesets of the same shapes. Every planted finding must
 * be found (naming the planted rule) with an example order the evaluator agrees on, checked again
 * here independently; nothing else may be reported.
 */

const ctx = makeContext();
type C = ReturnType<typeof cond>;
interface RuleSpec {
  /** Conditions in a chain (true edges); a `line` entry is a line-item test with its member conditions. */
  when: (C | { line: "any" | "all" | "none"; members: C[] })[];
  then: string;
  data?: Record<string, unknown>;
  /** Marks the rule a planted finding is about. */
  planted?: boolean;
}
interface Spec {
  name: string;
  stage: TStage;
  hitPolicy: THitPolicy;
  rules: RuleSpec[];
  fallback?: { then: string; data?: Record<string, unknown> };
  /** The planted finding; none for a clean ruleset. */
  expect?: TFindingKind;
}

function build(spec: Spec): { compiled: TCompiledRuleset; planted: string[] } {
  const b = new GraphBuilder(spec.stage, spec.hitPolicy);
  const planted: string[] = [];
  spec.rules.forEach((r, i) => {
    let prev = "start";
    let handle: "next" | "true" = "next";
    for (const c of r.when) {
      let id: string;
      if ("line" in c) {
        id = b.add("lineQuantifier", { quantifier: c.line }, { x: 200 * i, y: 100 * (b.nodes.length + 1) });
        for (const m of c.members) b.link(id, b.add("condition", m, { x: 200 * i + 50, y: 100 * (b.nodes.length + 1) }), "member");
      } else id = b.add("condition", c, { x: 200 * i, y: 100 * (b.nodes.length + 1) });
      b.link(prev, id, handle);
      prev = id;
      handle = "true";
    }
    const a = b.add(r.then, { priority: 50, ...(r.data ?? {}) }, { x: 200 * i, y: 100 * (b.nodes.length + 1) });
    b.link(prev, a, handle);
    if (r.planted) planted.push(a);
  });
  if (spec.fallback) {
    b.nodes.push({ id: "fallback", kind: "fallback", position: { x: 5000, y: 0 }, data: {} });
    const a = b.add(spec.fallback.then, { priority: 50, ...(spec.fallback.data ?? {}) }, { x: 5000, y: 100 });
    b.link("fallback", a, "next");
  }
  const c = compileGraph(b.build(), { context: ctx });
  if (!c.ok) throw new Error(`${spec.name}: ${JSON.stringify(c.problems.filter((p) => p.severity === "error"))}`);
  return { compiled: c.compiled, planted };
}

const wh = (warehouseId: string, priority = 50) => ({ then: "assignWarehouse", data: { warehouseId, priority } });
const ch = (channelId: string, priority = 50) => ({ then: "assignChannel", data: { channelId, priority } });
const flag = (code: string) => ({ then: "flag", data: { code } });
const FALLBACK_WH = { fallback: { then: "assignWarehouse", data: { warehouseId: "wh-sz", priority: 2 } } };
const FALLBACK_CH = { fallback: { then: "assignChannel", data: { channelId: "ch-usps", priority: 2 } } };

const BUGGY: Spec[] = [];
const CLEAN: Spec[] = [];

// Dead rules: contradictory ranges on every numeric fact kind, disjoint sets, booleans, prefixes, line items.
const ranges: [string, number, number][] = [
  ["chargeableWeightGrams", 5000, 1000],
  ["totalValue", 200, 50],
  ["totalQuantity", 10, 3],
  ["hoursSinceCreated", 48, 24],
  ["largestDimensionCm", 60, 30],
  ["lineCount", 4, 4],
];
for (const [fact, lo, hi] of ranges) {
  BUGGY.push({
    name: `dead: ${fact} > ${lo} and < ${hi}`,
    stage: "orderReview",
    hitPolicy: "all",
    expect: "dead",
    rules: [{ when: [cond(fact, "greaterThan", lo), cond(fact, "lessThan", hi)], ...flag("x"), planted: true }, { when: [cond("country", "equal", "US")], ...flag("us") }],
  });
  CLEAN.push({
    name: `clean: ${fact} between ${hi} and ${lo + hi}`,
    stage: "orderReview",
    hitPolicy: "all",
    rules: [{ when: [cond(fact, "greaterThan", hi), cond(fact, "lessThan", lo + hi)], ...flag("x") }, { when: [cond("country", "equal", "US")], ...flag("us") }],
  });
}
BUGGY.push(
  { name: "dead: country in and not in", stage: "orderReview", hitPolicy: "all", expect: "dead", rules: [{ when: [cond("country", "in", ["DE", "FR"]), cond("country", "notIn", ["DE", "FR", "IT"])], ...flag("eu"), planted: true }] },
  { name: "dead: two platforms", stage: "orderReview", hitPolicy: "all", expect: "dead", rules: [{ when: [cond("platform", "equal", "temu"), cond("platform", "in", ["amazon", "shopify"])], ...flag("p"), planted: true }] },
  { name: "dead: battery and no battery", stage: "autoProcessing", hitPolicy: "all", expect: "dead", rules: [{ when: [cond("hasBattery", "equal", true), cond("country", "equal", "US"), cond("hasBattery", "equal", false)], then: "hold", data: { reason: "check" }, planted: true }] },
  { name: "dead: tag required and excluded", stage: "orderReview", hitPolicy: "all", expect: "dead", rules: [{ when: [cond("tags", "contains", "vip"), cond("tags", "containsNone", ["vip", "test"])], ...flag("vip"), planted: true }] },
  { name: "dead: two postal prefixes", stage: "orderReview", hitPolicy: "all", expect: "dead", rules: [{ when: [cond("postalCode", "startsWith", "10"), cond("postalCode", "startsWith", "20")], ...flag("zip"), planted: true }] },
  { name: "dead: status in an empty intersection", stage: "orderReview", hitPolicy: "first", expect: "dead", rules: [{ when: [cond("status", "in", ["cancelled"]), cond("status", "notEqual", "cancelled")], ...flag("s"), planted: true }, { when: [], ...flag("all") }] },
  { name: "dead: a line no order has", stage: "orderReview", hitPolicy: "all", expect: "dead", rules: [{ when: [{ line: "any", members: [cond("line.quantity", "greaterThan", 5), cond("line.quantity", "lessThan", 3)] }], ...flag("q"), planted: true }] },
);
CLEAN.push(
  { name: "clean: country in EU but not IT", stage: "orderReview", hitPolicy: "all", rules: [{ when: [cond("country", "in", ["DE", "FR", "IT"]), cond("country", "notIn", ["IT"])], ...flag("eu") }] },
  { name: "clean: platform temu", stage: "orderReview", hitPolicy: "all", rules: [{ when: [cond("platform", "equal", "temu"), cond("platform", "in", ["temu", "shopify"])], ...flag("p") }] },
  { name: "clean: battery to the US", stage: "autoProcessing", hitPolicy: "all", rules: [{ when: [cond("hasBattery", "equal", true), cond("country", "equal", "US")], then: "hold", data: { reason: "check" } }] },
  { name: "clean: vip without test tag", stage: "orderReview", hitPolicy: "all", rules: [{ when: [cond("tags", "contains", "vip"), cond("tags", "containsNone", ["test"])], ...flag("vip") }] },
  { name: "clean: nested postal prefixes", stage: "orderReview", hitPolicy: "all", rules: [{ when: [cond("postalCode", "startsWith", "10"), cond("postalCode", "startsWith", "100")], ...flag("zip") }] },
  { name: "clean: a line with 3–5 units", stage: "orderReview", hitPolicy: "all", rules: [{ when: [{ line: "any", members: [cond("line.quantity", "greaterThan", 2), cond("line.quantity", "lessThan", 6)] }], ...flag("q") }] },
);

// Channels that refuse every order the rule admits.
BUGGY.push(
  { name: "channel: heavy parcels to a 2 kg channel", stage: "logisticsMatching", hitPolicy: "first", expect: "channelExcluded", ...FALLBACK_CH, rules: [{ when: [cond("chargeableWeightGrams", "greaterThan", 3000)], ...ch("ch-post"), planted: true }] },
  { name: "channel: Germany on a US-only channel", stage: "logisticsMatching", hitPolicy: "first", expect: "channelExcluded", ...FALLBACK_CH, rules: [{ when: [cond("country", "equal", "DE")], ...ch("ch-usps"), planted: true }] },
  { name: "channel: long parcels", stage: "logisticsMatching", hitPolicy: "first", expect: "channelExcluded", ...FALLBACK_CH, rules: [{ when: [cond("largestDimensionCm", "greaterThanInclusive", 70)], ...ch("ch-post"), planted: true }] },
);
CLEAN.push(
  { name: "clean: light parcels to a 2 kg channel", stage: "logisticsMatching", hitPolicy: "first", ...FALLBACK_CH, rules: [{ when: [cond("chargeableWeightGrams", "lessThanInclusive", 2000)], ...ch("ch-post") }] },
  { name: "clean: the US on a US channel", stage: "logisticsMatching", hitPolicy: "first", ...FALLBACK_CH, rules: [{ when: [cond("country", "equal", "US")], ...ch("ch-usps") }] },
  { name: "clean: fits-channel test first", stage: "logisticsMatching", hitPolicy: "first", ...FALLBACK_CH, rules: [{ when: [cond("fitsChannel", "equal", true, { channelId: "ch-post" })], ...ch("ch-post") }] },
);

// Shadowed rules: hit policy first (an earlier, wider rule), hit policy all (a higher-priority override), a fallback that never runs.
const shadowPairs: [C, C][] = [
  [cond("country", "in", ["US", "CA"]), cond("country", "equal", "US")],
  [cond("chargeableWeightGrams", "greaterThan", 1000), cond("chargeableWeightGrams", "greaterThan", 2000)],
  [cond("totalValue", "greaterThanInclusive", 100), cond("totalValue", "between", [150, 300])],
  [cond("tags", "containsAny", ["vip", "prime"]), cond("tags", "contains", "vip")],
  [cond("postalCode", "startsWith", "9"), cond("postalCode", "startsWith", "902")],
];
shadowPairs.forEach(([wide, narrow], i) => {
  BUGGY.push({ name: `shadowed (first) #${i + 1}`, stage: "warehouseMatching", hitPolicy: "first", expect: "shadowed", ...FALLBACK_WH, rules: [{ when: [wide], ...wh("wh-la") }, { when: [narrow], ...wh("wh-sz"), planted: true }] });
  // Clean: the exception first (the usual way to write it with hit policy first).
  CLEAN.push({ name: `clean: exception first #${i + 1}`, stage: "warehouseMatching", hitPolicy: "first", ...FALLBACK_WH, rules: [{ when: [narrow], ...wh("wh-sz") }, { when: [wide], ...wh("wh-la") }] });
  BUGGY.push({ name: `shadowed (all, priority) #${i + 1}`, stage: "warehouseMatching", hitPolicy: "all", expect: "shadowed", ...FALLBACK_WH, rules: [{ when: [wide], ...wh("wh-la", 80) }, { when: [narrow], ...wh("wh-sz", 40), planted: true }] });
  // Clean: the general rule plus a higher-priority exception (what the path-based check used to refuse).
  CLEAN.push({ name: `clean: general rule + higher-priority exception #${i + 1}`, stage: "warehouseMatching", hitPolicy: "all", ...FALLBACK_WH, rules: [{ when: [wide], ...wh("wh-la", 40) }, { when: [narrow], ...wh("wh-sz", 80) }] });
});
BUGGY.push({ name: "shadowed: fallback after a catch-all", stage: "warehouseMatching", hitPolicy: "first", expect: "shadowed", rules: [{ when: [cond("country", "equal", "US")], ...wh("wh-la") }, { when: [cond("country", "notEqual", "US")], ...wh("wh-sz") }], fallback: { then: "hold", data: { reason: "no warehouse" } } });

// Overlaps: equal priority, conflicting actions, hit policy all.
const overlapPairs: [C, C][] = [
  [cond("country", "equal", "US"), cond("chargeableWeightGrams", "greaterThan", 1000)],
  [cond("platform", "equal", "temu"), cond("country", "in", ["US", "CA"])],
  [cond("totalValue", "greaterThan", 100), cond("hasBattery", "equal", true)],
  [cond("tags", "contains", "vip"), cond("postalCode", "startsWith", "90")],
];
overlapPairs.forEach(([a, b], i) => {
  BUGGY.push({ name: `overlap #${i + 1}`, stage: "warehouseMatching", hitPolicy: "all", expect: "overlap", ...FALLBACK_WH, rules: [{ when: [a], ...wh("wh-la"), planted: true }, { when: [b], ...wh("wh-sz") }] });
  CLEAN.push({ name: `clean: disjoint #${i + 1}`, stage: "warehouseMatching", hitPolicy: "all", ...FALLBACK_WH, rules: [{ when: [a], ...wh("wh-la") }, { when: [b, { ...a, operator: a.operator === "equal" ? "notEqual" : a.operator === "contains" ? "doesNotContain" : a.operator === "in" ? "notIn" : a.operator === "startsWith" ? "startsWith" : "lessThanInclusive", ...(a.operator === "startsWith" ? { operand: { type: "value" as const, value: "1" } } : {}) } as C], ...wh("wh-sz") }] });
});
BUGGY.push({ name: "overlap: intercept vs push", stage: "autoProcessing", hitPolicy: "all", expect: "overlap", rules: [{ when: [cond("cancellationRequested", "equal", true)], then: "intercept", data: { reason: "cancelled" }, planted: true }, { when: [cond("addressValid", "equal", true)], then: "pushToWarehouse" }] });
CLEAN.push({ name: "clean: intercept outranks push", stage: "autoProcessing", hitPolicy: "all", rules: [{ when: [cond("cancellationRequested", "equal", true)], then: "intercept", data: { reason: "cancelled", priority: 90 } }, { when: [cond("addressValid", "equal", true)], then: "pushToWarehouse" }] });

// Gaps: deciding stages that leave some orders undecided.
BUGGY.push(
  { name: "gap: two countries only", stage: "warehouseMatching", hitPolicy: "first", expect: "gap", rules: [{ when: [cond("country", "equal", "US")], ...wh("wh-la") }, { when: [cond("country", "equal", "CA")], ...wh("wh-sz") }] },
  { name: "gap: weight bands with a hole", stage: "logisticsMatching", hitPolicy: "first", expect: "gap", rules: [{ when: [cond("chargeableWeightGrams", "lessThanInclusive", 2000)], ...ch("ch-post") }, { when: [cond("chargeableWeightGrams", "greaterThan", 5000)], ...ch("ch-usps") }] },
  { name: "gap: off-by-one boundary", stage: "logisticsMatching", hitPolicy: "all", expect: "gap", rules: [{ when: [cond("chargeableWeightGrams", "lessThan", 2000)], ...ch("ch-post") }, { when: [cond("chargeableWeightGrams", "greaterThan", 2000)], ...ch("ch-usps") }] },
  { name: "gap: battery orders", stage: "warehouseMatching", hitPolicy: "all", expect: "gap", rules: [{ when: [cond("hasBattery", "equal", false)], ...wh("wh-la") }, { when: [cond("hasBattery", "equal", true), cond("country", "equal", "US")], ...wh("wh-sz") }] },
);
CLEAN.push(
  { name: "clean: complete weight bands", stage: "logisticsMatching", hitPolicy: "first", rules: [{ when: [cond("chargeableWeightGrams", "lessThanInclusive", 2000)], ...ch("ch-post") }, { when: [cond("chargeableWeightGrams", "greaterThan", 2000)], ...ch("ch-usps") }] },
  { name: "clean: battery or not", stage: "warehouseMatching", hitPolicy: "all", rules: [{ when: [cond("hasBattery", "equal", false)], ...wh("wh-la") }, { when: [cond("hasBattery", "equal", true)], ...wh("wh-sz") }] },
  { name: "clean: countries plus fallback", stage: "warehouseMatching", hitPolicy: "first", ...FALLBACK_WH, rules: [{ when: [cond("country", "equal", "US")], ...wh("wh-la") }] },
);

/** Checks a finding's example with the evaluator, independently of the analysis's own confirmation. */
function confirmed(f: TFinding, compiled: TCompiledRuleset): boolean {
  if (!f.example) return f.kind === "dead";
  const order = ZOrder.parse(f.example.order);
  const ev = evaluate(compiled, order, ctx, { allMatches: true, assignedWarehouseId: f.example.assignedWarehouseId });
  const d = ev.decision;
  const matched = ev.matchedRules ?? d.firedRules;
  const subject = f.ruleNames[0]!;
  switch (f.kind) {
    case "dead":
      return !matched.includes(subject);
    case "overlap":
      return d.conflicts.some((c) => f.ruleNames.every((n) => c.ruleNames.includes(n)));
    case "shadowed": {
      if (compiled.manifest.rules.find((m) => m.name === subject)?.fallback) return !d.usedFallback && d.firedRules.length > 0;
      const mine = d.actions.find((a) => a.ruleName === subject);
      return matched.includes(subject) && (mine === undefined || mine.overriddenBy !== undefined);
    }
    case "channelExcluded": {
      const channelId = compiled.rules.find((r) => r.name === subject)!.event.params!.channelId as string;
      return d.firedRules.includes(subject) && ORDER_FACTS.fitsChannel.get(createFactFrame(order, ctx), { channelId }) === false;
    }
    case "gap":
      return (compiled.stage === "warehouseMatching" ? d.warehouseId : d.channelId) === null && d.holds.length === 0;
  }
}

describe("the rule analysis on the planted-bug suite", () => {
  it(`has at least 30 buggy and 30 clean rulesets (${BUGGY.length} and ${CLEAN.length})`, () => {
    expect(BUGGY.length).toBeGreaterThanOrEqual(30);
    expect(CLEAN.length).toBeGreaterThanOrEqual(30);
  });

  it("finds every planted bug with an order the evaluator confirms, and nothing on the clean rulesets (recall and precision 100%)", () => {
    let found = 0;
    let reported = 0;
    let truePositives = 0;
    const misses: string[] = [];
    const falseAlarms: string[] = [];
    for (const spec of [...BUGGY, ...CLEAN]) {
      const { compiled, planted } = build(spec);
      const a = analyzeRuleset(compiled, ctx);
      expect(a.incomplete, spec.name).toEqual([]);
      reported += a.findings.length;
      for (const f of a.findings) {
        expect(confirmed(f, compiled), `${spec.name}: ${f.message}`).toBe(true);
        const isPlanted = f.kind === spec.expect && (planted.length === 0 || f.nodeIds.some((id) => planted.includes(id)));
        if (isPlanted) truePositives++;
        else falseAlarms.push(`${spec.name}: ${f.kind} — ${f.message}`);
      }
      if (spec.expect) {
        if (a.findings.some((f) => f.kind === spec.expect && (planted.length === 0 || f.nodeIds.some((id) => planted.includes(id))))) found++;
        else misses.push(spec.name);
      }
    }
    const recall = found / BUGGY.length;
    const precision = reported === 0 ? 1 : truePositives / reported;
    console.log(JSON.stringify({ buggy: BUGGY.length, clean: CLEAN.length, found, reported, recall, precision }));
    expect(misses).toEqual([]);
    expect(falseAlarms).toEqual([]);
  });
});

describe("across stages", () => {
  it("a logistics rule for a warehouse the published warehouse rules never assign is dead, and says so", () => {
    const spec: Spec = {
      name: "logistics for an unreachable warehouse",
      stage: "logisticsMatching",
      hitPolicy: "first",
      rules: [{ when: [cond("assignedWarehouse", "equal", "wh-sz")], ...ch("ch-post"), planted: true }, { when: [cond("assignedWarehouse", "equal", "wh-la")], ...ch("ch-usps") }],
    };
    const { compiled, planted } = build(spec);
    expect(analyzeRuleset(compiled, ctx).findings).toEqual([]);
    const a = analyzeRuleset(compiled, ctx, { arrivingWarehouses: ["wh-la"] });
    expect(a.findings).toHaveLength(1);
    expect(a.findings[0]).toMatchObject({ kind: "dead", nodeIds: expect.arrayContaining(planted) as string[] });
    expect(a.findings[0]!.message).toContain("the published warehouse rules assign only Los Angeles");
    // Every warehouse that can arrive is decided: no gap.
    expect(a.findings.some((f) => f.kind === "gap")).toBe(false);
  });
});

describe("stock conditions", () => {
  it("builds examples from the stock table: a gap among orders no warehouse has in stock", () => {
    // ctx stock: wh-la holds W-1 ×10, W-2 ×0; wh-sz holds W-1 and W-2 ×100.
    const { compiled } = build({
      name: "stock gap",
      stage: "warehouseMatching",
      hitPolicy: "first",
      rules: [
        { when: [cond("inStockAt", "equal", true, { warehouseId: "wh-la" })], ...wh("wh-la") },
        { when: [cond("inStockAt", "equal", true, { warehouseId: "wh-sz" })], ...wh("wh-sz") },
      ],
    });
    const a = analyzeRuleset(compiled, ctx);
    expect(a.notAnalysed).toEqual([]);
    expect(a.findings.map((f) => f.kind)).toEqual(["gap"]);
    const ev = evaluate(compiled, ZOrder.parse(a.findings[0]!.example!.order), ctx);
    expect(ev.decision.warehouseId).toBeNull();
  });

  it("shows the order a lower rule needs: stocked in Shenzhen only, so Shenzhen decides", () => {
    const { compiled } = build({
      name: "stock order",
      stage: "warehouseMatching",
      hitPolicy: "first",
      ...FALLBACK_WH,
      rules: [
        { when: [cond("inStockAt", "equal", true, { warehouseId: "wh-la" })], ...wh("wh-la") },
        { when: [cond("inStockAt", "equal", true, { warehouseId: "wh-sz" }), cond("country", "equal", "US")], ...wh("wh-sz") },
      ],
    });
    // Nothing wrong here: every rule can decide.
    expect(analyzeRuleset(compiled, ctx).findings).toEqual([]);
  });
});

describe("limits", () => {
  it("stops after MAX_FINDINGS findings, or when the work budget runs out, and says what it did not check", () => {
    const countries = ["US", "DE", "FR", "GB"];
    const b = new GraphBuilder("logisticsMatching", "first");
    const id = b.add("decisionTable", {
      hitPolicy: "first",
      priority: 50,
      conditions: [
        { id: "c", fact: "country", operator: "in" },
        { id: "w", fact: "chargeableWeightGrams", operator: "between" },
      ],
      actions: [{ id: "a", kind: "assignChannel" }],
      // Every row sends a non-US country to the US-only channel: each one a finding.
      rows: Array.from({ length: 400 }, (_v, i) => ({ id: `r${i}`, cells: { c: [countries[1 + (i % 3)]], w: [i * 10, i * 10 + 9] }, actions: { a: { channelId: "ch-usps" } } })),
    });
    b.link("start", id, "next");
    const c = compileGraph(b.build(), { context: ctx });
    if (!c.ok) throw new Error(JSON.stringify(c.problems));
    const a = analyzeRuleset(c.compiled, ctx);
    expect(a.findings).toHaveLength(MAX_FINDINGS);
    expect(a.findings.every((f) => f.kind === "channelExcluded" && f.example !== null)).toBe(true);
    expect(a.incomplete).toContain("whether every order gets a channel (not checked: the analysis stopped before it)");
    expect(a.incomplete.some((q) => q.includes(`stops after ${MAX_FINDINGS} findings`))).toBe(true);
    const small = analyzeRuleset(c.compiled, ctx, { budget: 20_000 });
    expect(small.findings.length).toBeLessThan(MAX_FINDINGS);
    expect(small.incomplete.some((q) => q.includes("ran out of its work budget"))).toBe(true);
  });
});
