import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate/evaluate";
import { createReferenceEngine, evaluateReference } from "../evaluate/evaluate-reference";
import { NODE_KINDS } from "../graph/graph-schema";
import { OPERATOR_NAMES } from "../operators/operator-registry";
import type { TOrder } from "../order/order-schema";
import { GraphBuilder, cond, makeContext, makeLine, makeOrder, singleRule } from "../testing/factories";
import { compileGraph } from "./compile-graph";
import type { TCompiledRuleset } from "./compiled-schema";

const ctx = makeContext();

function compileOk(graph: unknown): TCompiledRuleset {
  const r = compileGraph(graph, { context: ctx });
  if (!r.ok) throw new Error(`compile failed: ${JSON.stringify(r.problems, null, 2)}`);
  return r.compiled;
}

/** Evaluates with the real json-rules-engine, checks the fast path agrees, returns the decision. */
async function decide(graph: unknown, order: TOrder) {
  const compiled = compileOk(graph);
  const ref = await evaluateReference(compiled, order, ctx);
  const fast = evaluate(compiled, order, ctx);
  expect(fast.decision).toEqual(ref.decision);
  expect(fast.matchedRules).toEqual(ref.matchedRules);
  return ref.decision;
}

describe("operators: graph → compile → json-rules-engine", () => {
  const us = makeOrder();
  const cases: [string, ReturnType<typeof cond>, TOrder, boolean][] = [
    ["equal", cond("country", "equal", "US"), us, true],
    ["equal", cond("country", "equal", "DE"), us, false],
    ["notEqual", cond("platform", "notEqual", "temu"), us, true],
    ["notEqual", cond("platform", "notEqual", "shopify"), us, false],
    ["in", cond("country", "in", ["US", "CA"]), us, true],
    ["in", cond("country", "in", ["DE", "FR"]), us, false],
    ["notIn", cond("country", "notIn", ["DE", "FR"]), us, true],
    ["notIn", cond("totalQuantity", "notIn", [1, 2]), us, false],
    ["contains", cond("tags", "contains", "vip"), makeOrder({ tags: ["vip"] }), true],
    ["contains", cond("tags", "contains", "vip"), us, false],
    ["doesNotContain", cond("riskFlags", "doesNotContain", "fraud"), us, true],
    ["doesNotContain", cond("riskFlags", "doesNotContain", "fraud"), makeOrder({ riskFlags: ["fraud"] }), false],
    ["lessThan", cond("totalWeightGrams", "lessThan", 301), us, true],
    ["lessThan", cond("totalWeightGrams", "lessThan", 300), us, false],
    ["lessThanInclusive", cond("totalWeightGrams", "lessThanInclusive", 300), us, true],
    ["lessThanInclusive", cond("totalWeightGrams", "lessThanInclusive", 299), us, false],
    ["greaterThan", cond("totalValue", "greaterThan", 20), us, true],
    ["greaterThan", cond("totalValue", "greaterThan", 25), us, false],
    ["greaterThanInclusive", cond("totalValue", "greaterThanInclusive", 25), us, true],
    ["greaterThanInclusive", cond("hoursSincePaid", "greaterThanInclusive", 1), makeOrder({ paidAt: null }), false],
    ["between", cond("totalWeightGrams", "between", [100, 300]), us, true],
    ["between", cond("totalWeightGrams", "between", [301, 2000]), us, false],
    ["startsWith", cond("postalCode", "startsWith", "902"), us, true],
    ["startsWith", cond("postalCode", "startsWith", "100"), us, false],
    ["startsWithAny", cond("postalCode", "startsWithAny", ["100", "90"]), us, true],
    ["startsWithAny", cond("postalCode", "startsWithAny", ["100", "11"]), us, false],
    ["anyStartsWith", cond("skus", "anyStartsWith", ["BAT-"]), makeOrder({ lines: [makeLine(), makeLine({ platformSku: "BAT-9" })] }), true],
    ["anyStartsWith", cond("skus", "anyStartsWith", ["BAT-"]), us, false],
    ["containsAny", cond("riskFlags", "containsAny", ["fraud", "chargeback"]), makeOrder({ riskFlags: ["chargeback"] }), true],
    ["containsAny", cond("riskFlags", "containsAny", ["fraud"]), makeOrder({ riskFlags: ["chargeback"] }), false],
    ["containsAll", cond("tags", "containsAll", ["a", "b"]), makeOrder({ tags: ["b", "a", "c"] }), true],
    ["containsAll", cond("tags", "containsAll", ["a", "b"]), makeOrder({ tags: ["a"] }), false],
    ["containsNone", cond("tags", "containsNone", ["x", "y"]), makeOrder({ tags: ["a"] }), true],
    ["containsNone", cond("tags", "containsNone", ["x", "y"]), makeOrder({ tags: ["y"] }), false],
    ["textContains", cond("sellerNote", "textContains", "urgent"), makeOrder({ sellerNote: "URGENT: gift" }), true],
    ["textContains", cond("sellerNote", "textContains", "urgent"), us, false],
    ["textDoesNotContain", cond("buyerMessage", "textDoesNotContain", "invoice"), us, true],
    ["textDoesNotContain", cond("buyerMessage", "textDoesNotContain", "invoice"), makeOrder({ buyerMessage: "Need an Invoice" }), false],
    ["isEmpty", cond("buyerMessage", "isEmpty", null), us, true],
    ["isEmpty", cond("hoursToDeadline", "isEmpty", null), makeOrder({ shipByDeadline: null }), true],
    ["isEmpty", cond("buyerMessage", "isEmpty", null), makeOrder({ buyerMessage: "hi" }), false],
    ["isNotEmpty", cond("buyerMessage", "isNotEmpty", null), makeOrder({ buyerMessage: "hi" }), true],
    ["isNotEmpty", cond("unpairedSkus", "isNotEmpty", null), us, false],
    ["postalCodeIn", cond("postalCode", "postalCodeIn", { prefixes: [], ranges: [{ from: "90000", to: "90299" }] }), us, true],
    ["postalCodeIn", cond("postalCode", "postalCodeIn", { prefixes: [], ranges: [{ from: "90000", to: "90299" }] }), makeOrder({ shippingAddress: { postalCode: "90210-1234" } }), true],
    ["postalCodeIn", cond("postalCode", "postalCodeIn", { prefixes: ["SW1"], ranges: [] }), makeOrder({ shippingAddress: { country: "GB", postalCode: "sw1a 1aa" } }), true],
    ["postalCodeIn", cond("postalCode", "postalCodeIn", { prefixes: ["10"], ranges: [{ from: "90300", to: "90399" }] }), us, false],
  ];

  it.each(cases)("%s: %j → %s", async (_name, c, order, expected) => {
    const decision = await decide(singleRule(c), order);
    expect(decision.flags).toEqual(expected ? ["hit"] : []);
  });

  it("covers every operator in the registry", () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(OPERATOR_NAMES));
  });

  it.each([
    ["equal", "chargeableWeightGrams", "totalWeightGrams", makeOrder(), true],
    ["greaterThan", "volumetricWeightGrams", "totalWeightGrams", makeOrder({ lines: [makeLine({ dimensionsCm: { length: 30, width: 20, height: 20 } })] }), true],
    ["lessThan", "volumetricWeightGrams", "totalWeightGrams", makeOrder(), true],
  ] as const)("fact-to-fact %s: %s vs %s", async (operator, left, right, order, expected) => {
    const graph = singleRule({ fact: left, operator, operand: { type: "fact", fact: right } });
    expect((await decide(graph, order)).flags).toEqual(expected ? ["hit"] : []);
  });
});

describe("master-data facts", () => {
  it.each([
    ["inStockAt wh-la, 1 unit", cond("inStockAt", "equal", true, { warehouseId: "wh-la" }), makeOrder(), true],
    ["inStockAt wh-la, 11 units", cond("inStockAt", "equal", true, { warehouseId: "wh-la" }), makeOrder({ lines: [makeLine({ quantity: 11 })] }), false],
    ["inStockAt, unpaired line", cond("inStockAt", "equal", true, { warehouseId: "wh-sz" }), makeOrder({ lines: [makeLine({ warehouseSku: null })] }), false],
    ["inStockAt, same SKU on two lines sums", cond("inStockAt", "equal", true, { warehouseId: "wh-la" }), makeOrder({ lines: [makeLine({ quantity: 6 }), makeLine({ quantity: 5 })] }), false],
    ["fitsChannel usps", cond("fitsChannel", "equal", true, { channelId: "ch-usps" }), makeOrder(), true],
    ["fitsChannel usps to DE", cond("fitsChannel", "equal", true, { channelId: "ch-usps" }), makeOrder({ shippingAddress: { country: "DE" } }), false],
    ["fitsChannel post with battery", cond("fitsChannel", "equal", true, { channelId: "ch-post" }), makeOrder({ lines: [makeLine({ hasBattery: true })] }), false],
    ["fitsChannel post over 2 kg", cond("fitsChannel", "equal", true, { channelId: "ch-post" }), makeOrder({ lines: [makeLine({ weightGrams: 2100 })] }), false],
    ["fitsChannel post, volumetric over 2 kg", cond("fitsChannel", "equal", true, { channelId: "ch-post" }), makeOrder({ lines: [makeLine({ dimensionsCm: { length: 40, width: 30, height: 10 } })] }), false],
    ["buyer ordered again within 24 h", cond("buyerOrdersWithinHours", "greaterThan", 0, { hours: 24 }), makeOrder(), true],
    ["buyer ordered again within 1 h", cond("buyerOrdersWithinHours", "greaterThan", 0, { hours: 1 }), makeOrder(), false],
  ])("%s", async (_name, c, order, expected) => {
    const context = makeContext({ buyerOpenOrders: { "buyer-1": [{ orderId: "ord-0", createdAt: "2026-11-19T20:00:00Z" }, { orderId: "ord-1", createdAt: "2026-11-20T08:00:00Z" }] } });
    const compiled = compileOk(singleRule(c));
    const ref = await evaluateReference(compiled, order, context);
    expect(evaluate(compiled, order, context).decision).toEqual(ref.decision);
    expect(ref.decision.flags).toEqual(expected ? ["hit"] : []);
  });
});

describe("node kinds: graph → compile → json-rules-engine", () => {
  const battery = makeOrder({ lines: [makeLine(), makeLine({ platformSku: "BAT-1", warehouseSku: "W-2", hasBattery: true })] });
  const plain = makeOrder();

  function group(kind: "all" | "any" | "not", members: ReturnType<typeof cond>[]) {
    const b = new GraphBuilder("orderReview", "all");
    const g = b.add(kind);
    for (const m of members) b.link(g, b.add("condition", m), "member");
    const a = b.add("flag", { code: "hit" });
    const other = b.add("flag", { code: "miss" });
    b.link("start", g, "next").link(g, a, "true").link(g, other, "false");
    return b.build();
  }
  function quantifier(q: "any" | "all" | "none") {
    const b = new GraphBuilder("logisticsMatching", "all");
    const g = b.add("lineQuantifier", { quantifier: q });
    b.link(g, b.add("condition", cond("line.hasBattery", "equal", true)), "member");
    const a = b.add("flag", { code: "hit" });
    b.link("start", g, "next").link(g, a, "true");
    return b.build();
  }

  it.each([
    ["all: both true", group("all", [cond("country", "equal", "US"), cond("platform", "equal", "shopify")]), plain, ["hit"]],
    ["all: one false", group("all", [cond("country", "equal", "US"), cond("platform", "equal", "temu")]), plain, ["miss"]],
    ["any: one true", group("any", [cond("country", "equal", "DE"), cond("platform", "equal", "shopify")]), plain, ["hit"]],
    ["any: none true", group("any", [cond("country", "equal", "DE"), cond("platform", "equal", "temu")]), plain, ["miss"]],
    ["not: negates", group("not", [cond("country", "equal", "DE")]), plain, ["hit"]],
    ["not: negates true", group("not", [cond("country", "equal", "US")]), plain, ["miss"]],
    ["lineQuantifier any", quantifier("any"), battery, ["hit"]],
    ["lineQuantifier any, no battery", quantifier("any"), plain, []],
    ["lineQuantifier all", quantifier("all"), battery, []],
    ["lineQuantifier all, every line", quantifier("all"), makeOrder({ lines: [makeLine({ hasBattery: true })] }), ["hit"]],
    ["lineQuantifier none", quantifier("none"), plain, ["hit"]],
    ["lineQuantifier none, battery", quantifier("none"), battery, []],
  ] as const)("%s", async (_name, graph, order, flags) => {
    expect((await decide(graph, order)).flags).toEqual(flags);
  });

  const actions: [string, Record<string, unknown>, (d: Awaited<ReturnType<typeof decide>>) => unknown, unknown][] = [
    ["assignWarehouse", { warehouseId: "wh-la" }, (d) => d.warehouseId, "wh-la"],
    ["assignChannel", { channelId: "ch-usps" }, (d) => d.channelId, "ch-usps"],
    ["hold", { reason: "Address needs review" }, (d) => d.holds.map((h) => h.reason), ["Address needs review"]],
    ["flag", { code: "high-value" }, (d) => d.flags, ["high-value"]],
    ["intercept", { reason: "Buyer cancelled" }, (d) => d.intercept?.reason, "Buyer cancelled"],
    ["splitPackage", { strategy: "maxWeight", maxWeightGrams: 2000 }, (d) => [d.split?.strategy, d.split?.maxWeightGrams], ["maxWeight", 2000]],
    ["mergeOrders", { withinHours: 24 }, (d) => d.merge?.withinHours, 24],
    ["pushToWarehouse", {}, (d) => d.pushToWarehouse, true],
    ["requestTracking", {}, (d) => d.requestTracking, true],
    ["addTag", { tag: "gift" }, (d) => d.tags, ["gift"]],
    ["setPriority", { level: "urgent" }, (d) => d.priorityLevel, "urgent"],
    ["customsDeclaration", { valueMode: "fixed", amount: 12, currency: "USD" }, (d) => [d.customs?.declaredValue, d.customs?.currency], [12, "USD"]],
  ];
  it.each(actions)("action %s", async (kind, data, pick, expected) => {
    const decision = await decide(singleRule(cond("country", "equal", "US"), kind, data), plain);
    expect(pick(decision)).toEqual(expected);
    expect(decision.actions.map((a) => a.type)).toEqual([kind]);
  });

  it("fallback fires only when nothing else matched", async () => {
    const b = new GraphBuilder("warehouseMatching", "first");
    const c = b.add("condition", cond("country", "equal", "US"));
    const la = b.add("assignWarehouse", { warehouseId: "wh-la" });
    const fb = b.add("fallback");
    const sz = b.add("assignWarehouse", { warehouseId: "wh-sz" });
    b.link("start", c, "next").link(c, la, "true").link(fb, sz, "next");
    const graph = b.build();
    expect((await decide(graph, plain)).warehouseId).toBe("wh-la");
    const de = await decide(graph, makeOrder({ shippingAddress: { country: "DE" } }));
    expect(de.warehouseId).toBe("wh-sz");
    expect(de.usedFallback).toBe(true);
  });

  it("decisionTable: a row per rule, the first matching row decides", async () => {
    const b = new GraphBuilder("orderReview", "all");
    const t = b.add("decisionTable", {
      priority: 100,
      conditions: [{ id: "country", fact: "country", operator: "in" }],
      actions: [{ id: "flag", kind: "flag" }],
      rows: [
        { id: "eu", cells: { country: ["DE", "FR"] }, actions: { flag: { code: "eu" } } },
        { id: "rest", actions: { flag: { code: "rest" } } },
      ],
    });
    b.link("start", t, "next");
    expect((await decide(b.build(), makeOrder({ shippingAddress: { country: "DE" } }))).flags).toEqual(["eu"]);
    expect((await decide(b.build(), plain)).flags).toEqual(["rest"]);
  });

  it("covers every node kind", () => {
    const covered = new Set(["start", "condition", "all", "any", "not", "lineQuantifier", "fallback", "decisionTable", ...actions.map((a) => a[0])]);
    expect(covered).toEqual(new Set(NODE_KINDS));
  });
});

describe("hit policy and priorities", () => {
  function twoWarehouses(hitPolicy: "first" | "all", laPriority: number, szPriority: number) {
    const b = new GraphBuilder("warehouseMatching", hitPolicy);
    const c = b.add("condition", cond("country", "equal", "US"));
    const c2 = b.add("condition", cond("totalValue", "greaterThan", 10));
    const la = b.add("assignWarehouse", { warehouseId: "wh-la", priority: laPriority });
    const sz = b.add("assignWarehouse", { warehouseId: "wh-sz", priority: szPriority });
    b.link("start", c, "next").link(c, la, "true").link("start", c2, "next").link(c2, sz, "true");
    return b.build();
  }
  it.each([
    [200, 100, "wh-la"],
    [100, 200, "wh-sz"],
  ])("first: priority %i vs %i → %s", async (p1, p2, expected) => {
    const d = await decide(twoWarehouses("first", p1, p2), makeOrder());
    expect(d.warehouseId).toBe(expected);
    expect(d.firedRules).toHaveLength(1);
  });
  it("first with allMatches lists every matching rule but decides the same", () => {
    const compiled = compileOk(twoWarehouses("first", 200, 100));
    const all = evaluate(compiled, makeOrder(), ctx, { allMatches: true });
    expect(all.matchedRules).toEqual(["rule:n3", "rule:n4"]);
    expect(all.decision).toEqual(evaluate(compiled, makeOrder(), ctx).decision);
    expect(all.decision.warehouseId).toBe("wh-la");
  });
  it("all: both fire, the higher priority sets the warehouse and overrides the other (no conflict)", async () => {
    const d = await decide(twoWarehouses("all", 200, 100), makeOrder());
    expect(d.warehouseId).toBe("wh-la");
    expect(d.conflicts).toEqual([]);
    expect(d.firedRules).toEqual(["rule:n3", "rule:n4"]);
    expect(d.actions.map((a) => [a.ruleName, a.priority, a.overriddenBy])).toEqual([
      ["rule:n3", 200, undefined],
      ["rule:n4", 100, "rule:n3"],
    ]);
  });

  it("all: at equal priority both fire and the disagreement is a conflict", async () => {
    const d = await decide(twoWarehouses("all", 100, 100), makeOrder());
    expect(d.conflicts).toEqual([expect.objectContaining({ subject: "warehouse" })]);
    expect(d.actions.every((a) => a.overriddenBy === undefined)).toBe(true);
  });
});

describe("compiled output", () => {
  const graph = (() => {
    const b = new GraphBuilder("logisticsMatching", "first");
    const c = b.add("condition", cond("hasBattery", "equal", true));
    const q = b.add("any");
    b.link(q, b.add("condition", cond("country", "in", ["US", "CA"])), "member");
    b.link(q, b.add("condition", cond("fitsChannel", "equal", true, { channelId: "ch-usps" })), "member");
    const a = b.add("assignChannel", { channelId: "ch-usps" });
    const h = b.add("hold", { reason: "No battery channel" });
    b.link("start", c, "next").link(c, q, "true").link(q, a, "true").link(q, h, "false");
    return b.build();
  })();

  it("is byte-identical for the same graph, whatever the key order of the input", () => {
    const a = JSON.stringify(compileOk(graph));
    const shuffled = JSON.parse(JSON.stringify(graph), (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(JSON.stringify(compileOk(shuffled))).toBe(a);
  });

  it("is accepted by json-rules-engine as plain rule definitions", () => {
    const compiled = compileOk(graph);
    const engine = new Engine(compiled.rules as never, { allowUndefinedFacts: true });
    expect(engine).toBeInstanceOf(Engine);
    expect(createReferenceEngine(compiled)).toBeInstanceOf(Engine);
  });

  it("maps every rule and condition back to its node", () => {
    const compiled = compileOk(graph);
    expect(compiled.manifest.rules.map((r) => r.nodeId)).toEqual(["n5", "n6"]);
    expect(compiled.manifest.rules[0]!.conditions.map((c) => [c.path, c.nodeId])).toEqual([
      ["all.0", "n1"],
      ["all.1", "n2"],
      ["all.1.any.0", "n3"],
      ["all.1.any.1", "n4"],
    ]);
    expect(compiled.manifest.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes the content hash when a value changes, not when a node moves", () => {
    const moved = JSON.parse(JSON.stringify(graph));
    moved.nodes[6].position = { x: 999, y: 999 };
    const changed = JSON.parse(JSON.stringify(graph));
    changed.nodes[3].data.operand.value = ["US"];
    const h = (g: unknown) => compileOk(g).manifest.contentHash;
    expect(h(moved)).toBe(h(graph));
    expect(h(changed)).not.toBe(h(graph));
  });

  it("refuses a graph with errors and says why", () => {
    const b = new GraphBuilder();
    const c = b.add("condition", cond("weight", "equal", 1));
    b.link("start", c, "next");
    const r = compileGraph(b.build());
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: "unknownFact", nodeIds: ["n1"] }));
  });
});

describe("traces", () => {
  it("report each condition's actual and expected value and the first failing one, identically in both engines", async () => {
    const b = new GraphBuilder("warehouseMatching", "first");
    const c1 = b.add("condition", cond("country", "equal", "US"));
    const c2 = b.add("condition", cond("totalWeightGrams", "lessThan", 200));
    const a = b.add("assignWarehouse", { warehouseId: "wh-la" });
    b.link("start", c1, "next").link(c1, c2, "true").link(c2, a, "true");
    const compiled = compileOk(b.build());
    const order = makeOrder();
    const fast = evaluate(compiled, order, ctx, { trace: true }).trace!;
    const ref = (await evaluateReference(compiled, order, ctx, { trace: true })).trace!;
    expect(fast.rules).toEqual(ref.rules);
    expect(fast.rules[0]!.conditions).toEqual([
      expect.objectContaining({ nodeId: c1, actual: "US", expected: "US", result: true }),
      expect.objectContaining({ nodeId: c2, actual: 300, expected: 200, result: false }),
    ]);
    expect(fast.rules[0]!.firstFailedNodeId).toBe(c2);
  });
});
