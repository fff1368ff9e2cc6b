import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileGraph } from "@/rules-schema/compile/compile-graph";
import { evaluateReference } from "@/rules-schema/evaluate/evaluate-reference";
import { summarizeTrace } from "@/rules-schema/evaluate/summarize-trace";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TOrder, TOrderInput } from "@/rules-schema/order/order-schema";
import { CALENDAR_LA, CALENDAR_SZ, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { loadBuyerOpenOrders } from "../../services/load-buyer-open-orders";
import { loadEvaluationContext } from "../../services/load-evaluation-context";
import { insertOrderRows } from "../../services/order-row";
import type { Scope } from "../../services/scope";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, callersOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase } from "./router-test-kit";

/**
 * start → n1 (in stock at LA) —true→ n2 (country in US, CA) —true→ n3 LA (300)
 *         n1 —false→ n4 (any line: n5 quantity > 2) —true→ n6 SZ (200);  n2 —false→ n6
 *         n7 fallback → n8 SZ
 */
function warehouseGraph(la: string, sz: string): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const stock = b.add("condition", cond("inStockAt", "equal", true, { warehouseId: la }));
  const country = b.add("condition", cond("country", "in", ["US", "CA"]));
  const toLa = b.add("assignWarehouse", { warehouseId: la, priority: 300 });
  const bulky = b.add("lineQuantifier", { quantifier: "any" });
  b.link(bulky, b.add("condition", cond("line.quantity", "greaterThan", 2)), "member");
  const toSz = b.add("assignWarehouse", { warehouseId: sz, priority: 200 });
  const fallback = b.add("fallback");
  const fallbackSz = b.add("assignWarehouse", { warehouseId: sz });
  b.link("start", stock, "next").link(stock, country, "true").link(country, toLa, "true").link(stock, bulky, "false").link(bulky, toSz, "true").link(country, toSz, "false");
  b.link(fallback, fallbackSz, "next");
  return ZRuleGraph.parse(b.build());
}

/** start → n1 (buyer's other open orders within 48 h ≥ 1) → n2 merge within 48 h. */
function mergeGraph(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("buyerOrdersWithinHours", "greaterThanInclusive", 1, { hours: 48 }));
  const m = b.add("mergeOrders", { withinHours: 48 });
  b.link("start", c, "next").link(c, m, "true");
  return ZRuleGraph.parse(b.build());
}

/** A flag that nothing leads to: an error (actionUnreachable on n2). */
function brokenGraph(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  b.link("start", b.add("condition", cond("country", "equal", "US")), "next");
  b.add("flag", { code: "lost" });
  return ZRuleGraph.parse(b.build());
}

describe.each(DB_KINDS)("rulesets.test: the designer's test panel (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let scopeA: Scope;
  let la: string;
  let sz: string;
  let bWarehouse: string;
  let store: string;
  let aRuleset: string;
  let bRuleset: string;
  let bOrderId: string;
  /** A's stored orders by order number: the row id and the order as stored. */
  const stored = new Map<string, { id: string; order: TOrder }>();

  const orders = (storeId: string): TOrder[] => [
    makeOrder({ id: "o1", externalId: "#1", storeId, lines: [makeLine({ warehouseSku: "W-1", quantity: 1 })] }),
    makeOrder({ id: "o2", externalId: "#2", storeId, lines: [makeLine({ warehouseSku: "W-1", quantity: 10 })] }),
    makeOrder({ id: "o3", externalId: "#3", storeId, shippingAddress: { country: "DE" } }),
    makeOrder({ id: "o4", externalId: "#4", storeId, lines: [makeLine({ warehouseSku: "W-2", quantity: 1 })] }),
    makeOrder({ id: "o5", externalId: "#5", storeId, lines: [makeLine({ warehouseSku: null })] }),
    // One buyer: #m1 and #m2 are open and 12 hours apart, #m3 is shipped, #m4 is days later.
    makeOrder({ id: "m1", externalId: "#m1", storeId, buyerId: "buyer-m", createdAt: "2026-11-20T08:00:00Z", paidAt: null }),
    makeOrder({ id: "m2", externalId: "#m2", storeId, buyerId: "buyer-m", createdAt: "2026-11-20T20:00:00Z", paidAt: null }),
    makeOrder({ id: "m3", externalId: "#m3", storeId, buyerId: "buyer-m", createdAt: "2026-11-21T08:00:00Z", paidAt: null, status: "shipped" }),
    makeOrder({ id: "m4", externalId: "#m4", storeId, buyerId: "buyer-m", createdAt: "2026-11-25T08:00:00Z", paidAt: null }),
  ];

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `test-a-${kind}`);
    b = await createTenant(t.db, `test-b-${kind}`);
    as = await callersOf(t.db, a);
    scopeA = { organizationId: a.organizationId, role: "owner", actor: { type: "system", id: "test" } };
    const ownerA = as.owner!;
    const ownerB = await callerFor(t.db, b.users.owner);
    la = (await ownerA.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    sz = (await ownerA.warehouses.create({ code: "SZ", name: "Shenzhen", kind: "own", country: "CN", address: null, calendar: CALENDAR_SZ })).id;
    bWarehouse = (await ownerB.warehouses.create({ code: "NJ", name: "New Jersey", kind: "own", country: "US", address: null, calendar: CALENDAR_LA })).id;
    for (const [code, stock] of [
      ["W-1", { [la]: 5, [sz]: 100 }],
      ["W-2", { [la]: 0, [sz]: 100 }],
    ] as const) {
      const sku = await t.db.sku.create({ data: { organizationId: a.organizationId, code, name: code, weightGrams: 300 } });
      for (const [warehouseId, quantity] of Object.entries(stock)) await t.db.inventory.create({ data: { organizationId: a.organizationId, warehouseId, skuId: sku.id, quantity } });
    }
    store = (await ownerA.stores.create({ platform: "shopify", name: "A Shopify" })).id;
    await insertOrderRows(t.db, a.organizationId, orders(store));
    const rows = await t.db.order.findMany({ where: { organizationId: a.organizationId }, select: { id: true, externalId: true } });
    const byNumber = new Map(orders(store).map((o) => [o.externalId, o]));
    for (const r of rows) stored.set(r.externalId, { id: r.id, order: byNumber.get(r.externalId)! });
    aRuleset = (await ownerA.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph: warehouseGraph(la, sz) })).id;

    const bStore = (await ownerB.stores.create({ platform: "shopify", name: "B Shopify" })).id;
    await insertOrderRows(t.db, b.organizationId, [makeOrder({ id: "b1", externalId: "#b1", storeId: bStore })]);
    bOrderId = (await t.db.order.findFirstOrThrow({ where: { organizationId: b.organizationId } })).id;
    bRuleset = (await ownerB.rulesets.create({ name: "B rules", stage: "orderReview", hitPolicy: "all", graph: mergeGraph() })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const id = (externalId: string) => stored.get(externalId)!.id;

  const cases: ProcedureCase[] = [
    {
      name: "rulesets.test (a graph, a stored order)",
      permission: "simulate",
      own: async (c) => expect((await c.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#1") })).evaluation?.decision.warehouseId).toBe(la),
      foreign: (c) => c.rulesets.test({ graph: warehouseGraph(la, sz), orderId: bOrderId }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "rulesets.test (a stored version, a sample order)",
      permission: "simulate",
      own: (c) => c.rulesets.test({ rulesetId: aRuleset, versionNumber: 1, order: stored.get("#1")!.order }),
      foreign: (c) => c.rulesets.test({ rulesetId: bRuleset, versionNumber: 1, order: stored.get("#1")!.order }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it.each([
    ["#1", "in stock at LA, US → LA", () => la, false],
    ["#2", "10 units, not in stock at LA → SZ", () => sz, false],
    ["#3", "in stock at LA but going to DE → SZ", () => sz, false],
    ["#4", "no stock at LA, one unit → fallback SZ", () => sz, true],
    ["#5", "an unpaired line is in stock nowhere → fallback SZ", () => sz, true],
  ])("order %s (%s) gets the same decision and trace as json-rules-engine on the same order and context", async (number, _why, warehouse, usedFallback) => {
    const graph = warehouseGraph(la, sz);
    const out = await as.analyst!.rulesets.test({ graph, orderId: id(number) });
    const context = await loadEvaluationContext(t.db, scopeA);
    const built = compileGraph(graph, { context });
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    const reference = await evaluateReference(built.compiled, stored.get(number)!.order, context, { trace: true });
    expect(out.order).toEqual(stored.get(number)!.order);
    expect(out.storedOrder).toMatchObject({ id: id(number), externalId: number, storeName: "A Shopify" });
    expect([out.evaluation!.decision.warehouseId, out.evaluation!.decision.usedFallback]).toEqual([warehouse(), usedFallback]);
    expect(out.evaluation!.decision).toEqual(reference.decision);
    expect(out.evaluation!.matchedRules).toEqual(reference.matchedRules);
    expect({ nodeResults: out.nodeResults, firedNodeIds: out.firedNodeIds }).toEqual(summarizeTrace(reference.trace!));
    expect(out.evaluation!.trace!.rules.map((r) => [r.nodeId, r.matched, r.fired])).toEqual(reference.trace!.rules.map((r) => [r.nodeId, r.matched, r.fired]));
    expect([out.problems.filter((p) => p.severity === "error"), out.message, out.compiledHash]).toEqual([[], null, built.compiled.manifest.contentHash]);
  });

  it("paints each test node with its result and lists the action that fired", async () => {
    const out = await as.designer!.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#2") });
    expect(out.nodeResults).toEqual([
      { nodeId: "n1", result: false, actual: false, expected: true },
      { nodeId: "n2", result: true, actual: "US", expected: ["US", "CA"] },
      { nodeId: "n4", result: true, actual: { lines: 1, matching: 1 } },
    ]);
    expect(out.firedNodeIds).toEqual(["n6"]);
  });

  it("applies a test case's own stock levels for the warehouses it names", async () => {
    const plain = await as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#2") });
    expect(plain.evaluation!.decision.warehouseId).toBe(sz);
    const stocked = await as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#2"), inventory: { [la]: { "W-1": 50 } } });
    expect(stocked.evaluation!.decision.warehouseId).toBe(la);
    const e = await errorOf(as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#2"), inventory: { [la]: { "W-1": -5 } } }));
    expect(e.code).toBe("BAD_REQUEST");
  });

  it("in logistics matching, evaluates as from the warehouse given (an analysis example's), and refuses one that is not the organization's", async () => {
    const g = new GraphBuilder("logisticsMatching", "first");
    const c = g.add("condition", cond("assignedWarehouse", "equal", sz));
    g.link("start", c, "next").link(c, g.add("flag", { code: "from-sz" }), "true").link(c, g.add("flag", { code: "elsewhere" }), "false");
    const graph = ZRuleGraph.parse(g.build());
    const fromSz = await as.analyst!.rulesets.test({ graph, order: stored.get("#1")!.order, assignedWarehouseId: sz });
    expect([fromSz.assignedWarehouseId, fromSz.evaluation!.decision.flags]).toEqual([sz, ["from-sz"]]);
    const fromLa = await as.analyst!.rulesets.test({ graph, order: stored.get("#1")!.order, assignedWarehouseId: la });
    expect(fromLa.evaluation!.decision.flags).toEqual(["elsewhere"]);
    const e = await errorOf(as.analyst!.rulesets.test({ graph, order: stored.get("#1")!.order, assignedWarehouseId: bWarehouse }));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", ["assignedWarehouseId"]]);
  });

  it("tests a stored version like the same graph sent from the canvas", async () => {
    const fromVersion = await as.analyst!.rulesets.test({ rulesetId: aRuleset, versionNumber: 1, orderId: id("#3") });
    const fromCanvas = await as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), orderId: id("#3") });
    const version = await as.analyst!.rulesets.version({ id: aRuleset, number: 1 });
    expect(fromVersion.compiledHash).toBe(version.contentHash);
    expect(fromVersion.evaluation).toEqual(fromCanvas.evaluation);
    expect((await errorOf(as.analyst!.rulesets.test({ rulesetId: aRuleset, versionNumber: 9, orderId: id("#3") }))).code).toBe("NOT_FOUND");
  });

  it.each([
    ["a graph with an unreachable action", () => brokenGraph(), "actionUnreachable", "The graph has 1 error; fix it to test it against an order."],
    ["another organization's warehouse", () => warehouseGraph(bWarehouse, sz), "unknownWarehouse", "The graph has 2 errors; fix them to test it against an order."],
  ])("an unsaved graph that does not compile (%s) returns its problems, not an evaluation", async (_name, graph, code, message) => {
    const auditBefore = await t.db.auditLog.count();
    const out = await as.designer!.rulesets.test({ graph: graph(), orderId: id("#1") });
    expect(out.problems).toContainEqual(expect.objectContaining({ code, severity: "error" }));
    expect([out.evaluation, out.nodeResults, out.firedNodeIds, out.compiledHash, out.message]).toEqual([null, [], [], null, message]);
    expect(out.order).toEqual(stored.get("#1")!.order);
    // Testing stores nothing.
    expect(await t.db.auditLog.count()).toBe(auditBefore);
  });

  it("evaluates a sample order that is not stored, with the model's defaults filled in", async () => {
    const sample: TOrderInput = {
      id: "sample-1",
      platform: "temu",
      storeId: "any-store",
      createdAt: "2026-11-20T08:00:00+08:00",
      currency: "USD",
      totalValue: 12,
      shippingAddress: { country: "CA" },
      lines: [{ platformSku: "P-1", warehouseSku: "W-1", quantity: 2, unitPrice: 6, weightGrams: 200 }],
    };
    const out = await as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), order: sample as TOrder });
    expect(out.storedOrder).toBeNull();
    expect(out.order).toMatchObject({ status: "awaiting_review", paidAt: null, tags: [], lines: [{ hasBattery: false, dimensionsCm: null }] });
    expect([out.evaluation!.decision.warehouseId, out.firedNodeIds]).toEqual([la, ["n3"]]);
  });

  const badSamples: [string, (o: Record<string, unknown>) => unknown, string[]][] = [
    ["a line with quantity 0", (o) => ({ ...o, lines: [{ ...(o.lines as object[])[0], quantity: 0 }] }), ["order.lines.0.quantity"]],
    ["no lines", (o) => ({ ...o, lines: [] }), ["order.lines"]],
    ["a lower-case country", (o) => ({ ...o, shippingAddress: { ...(o.shippingAddress as object), country: "us" } }), ["order.shippingAddress.country"]],
    ["a date without an offset", (o) => ({ ...o, createdAt: "2026-11-20 08:00" }), ["order.createdAt"]],
    ["no store and a negative total", ({ storeId: _s, ...o }) => ({ ...o, totalValue: -1 }), ["order.storeId", "order.totalValue"]],
  ];
  it.each(badSamples)("a malformed sample order (%s) is refused with field-level errors", async (_name, mutate, fields) => {
    const e = await errorOf(as.analyst!.rulesets.test({ graph: warehouseGraph(la, sz), order: mutate(stored.get("#1")!.order) as TOrder }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(fieldsOf(e).sort()).toEqual(fields);
  });

  it.each([
    ["no graph and no version", () => ({ orderId: id("#1") }), ["graph"]],
    ["a graph and a version", () => ({ graph: brokenGraph(), rulesetId: aRuleset, versionNumber: 1, orderId: id("#1") }), ["graph"]],
    ["a ruleset without a version number", () => ({ rulesetId: aRuleset, orderId: id("#1") }), ["versionNumber"]],
    ["both a stored order and a sample", () => ({ graph: brokenGraph(), orderId: id("#1"), order: stored.get("#1")!.order }), ["orderId"]],
    ["no order at all", () => ({ graph: brokenGraph() }), ["orderId"]],
  ])("refuses %s", async (_name, input, fields) => {
    const e = await errorOf(as.analyst!.rulesets.test(input() as never));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", fields]);
  });

  it.each([
    ["#m1", "#m2 is open 12 h later; #m3 is shipped", 1, true],
    ["#m2", "#m1 is open 12 h earlier", 1, true],
    ["#m4", "the others are days earlier", 0, false],
  ])("a merge rule on %s sees the buyer's other open orders (%s)", async (number, _why, others, merges) => {
    const graph = mergeGraph();
    const out = await as.analyst!.rulesets.test({ graph, orderId: id(number) });
    expect(out.nodeResults).toEqual([{ nodeId: "n1", result: merges, actual: others, expected: 1 }]);
    expect(out.evaluation!.decision.merge).toEqual(merges ? { withinHours: 48, ruleName: "rule:n2" } : null);
    const order = stored.get(number)!.order;
    const context = { ...(await loadEvaluationContext(t.db, scopeA)), buyerOpenOrders: { [order.buyerId]: await loadBuyerOpenOrders(t.db, scopeA, order, 48) } };
    const built = compileGraph(graph, { context });
    if (!built.ok) throw new Error("does not compile");
    expect(out.evaluation!.decision).toEqual((await evaluateReference(built.compiled, order, context)).decision);
  });
});
