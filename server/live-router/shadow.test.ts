/**
 * Shadow publish on a real database (PGlite and PostgreSQL): a version in shadow never changes an
 * answer; its comparison equals evaluating both versions offline on the same orders and contexts;
 * sampling is by decision id; stop and promote end it (promote publishes through the gate with the
 * shadow as its simulation); a second router instance picks up start and stop.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZCompiledRuleset, ZRuleGraph, type TOrder, type TRuleGraph } from "@/rules-schema";
import { addComparison, createSimulator, emptySimulationTotals, ZSimulationPlan } from "@/rules-schema/simulate";
import { CALENDAR_LA, CALENDAR_SZ, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { handleRouteBatch } from "../http/routing-http";
import { createApiKey } from "../services/api-key-service";
import { SHADOW_MIN_ORDERS } from "../services/shadow-service";
import type { Scope } from "../services/scope";
import { type Tenant, createTenant } from "../testing/tenant-fixtures";
import { type Caller, DB_KINDS, callersOf, errorOf, fieldsOf } from "../trpc/routers/router-test-kit";
import { type ApiDeps, createApiDeps } from "./api-deps";
import { inSample } from "./shadow-evaluator";
import { TokenBuckets } from "./token-bucket";
import { DbHealth } from "./db-health";

/** US → LA, the rest → SZ; v2 also sends CA and MX to LA. */
function warehouseGraph(la: string, sz: string, v2: boolean): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const us = b.add("condition", cond("country", "in", v2 ? ["US", "CA", "MX"] : ["US"]));
  const toLa = b.add("assignWarehouse", { warehouseId: la, priority: 300 });
  const fallback = b.add("fallback");
  const toSz = b.add("assignWarehouse", { warehouseId: sz });
  b.link("start", us, "next").link(us, toLa, "true").link(fallback, toSz, "next");
  return ZRuleGraph.parse(b.build());
}

/** Hold orders above 500 in value (a second stage around the shadowed one). */
function reviewGraph(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const big = b.add("condition", cond("totalValue", "greaterThan", 500));
  const hold = b.add("hold", { reason: "high value" });
  b.link("start", big, "next").link(big, hold, "true");
  return ZRuleGraph.parse(b.build());
}

const COUNTRIES = ["US", "CA", "MX", "DE", "GB", "FR"];

/** Each database with the shadow in its worker thread (as in production), and PGlite once with it inline. */
const CASES = [...DB_KINDS.map((kind) => ({ kind, thread: true, name: `${kind}, worker thread` })), { kind: DB_KINDS[0], thread: false, name: `${DB_KINDS[0]}, inline` }];

describe.each(CASES)("shadow publish ($name)", ({ kind, thread }) => {
  let t: TestDb;
  let a: Tenant;
  let as: Record<string, Caller>;
  let deps: ApiDeps;
  let key: string;
  let rulesetId: string;
  let storeId: string;
  let scope: Scope;
  let la: string;

  const orders = (prefix: string, n: number): TOrder[] =>
    Array.from({ length: n }, (_, i) =>
      makeOrder({
        id: `${prefix}-${i}`,
        externalId: `#${prefix}-${i}`,
        storeId,
        buyerId: "",
        totalValue: (i * 37) % 900,
        shippingAddress: { country: COUNTRIES[i % COUNTRIES.length]!, postalCode: "10001" },
        lines: [makeLine({ warehouseSku: "W-1", quantity: 1 + (i % 3), weightGrams: 300 + (i % 7) * 100 })],
      }),
    );

  async function route(batch: TOrder[], d = deps): Promise<Record<string, unknown>[]> {
    const results: Record<string, unknown>[] = [];
    for (let i = 0; i < batch.length; i += 1000) {
      const res = await handleRouteBatch(d, new Request("http://x/api/v1/orders/route:batch", { method: "POST", body: JSON.stringify({ orders: batch.slice(i, i + 1000) }), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }));
      expect(res.status).toBe(200);
      results.push(...((await res.json()) as { results: Record<string, unknown>[] }).results);
    }
    return results;
  }
  /** An answer without what differs between two calls by nature (its id and time). */
  const answerOf = ({ decisionId: _id, createdAt: _at, ...rest }: Record<string, unknown>) => rest;

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `shadow-${kind}`);
    as = await callersOf(t.db, a);
    scope = { organizationId: a.organizationId, role: "owner", actor: { type: "user", id: a.users.owner.id } };
    la = (await as.owner!.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    const sz = (await as.owner!.warehouses.create({ code: "SZ", name: "Shenzhen", kind: "own", country: "CN", address: null, calendar: CALENDAR_SZ })).id;
    storeId = (await as.owner!.stores.create({ platform: "other", name: "Native" })).id;
    for (const [name, stage, graph] of [
      ["Review", "orderReview", reviewGraph()],
      ["Warehouses", "warehouseMatching", warehouseGraph(la, sz, false)],
    ] as const) {
      const rs = await as.owner!.rulesets.create({ name, stage, hitPolicy: graph.hitPolicy, graph });
      await as.owner!.rulesets.saveVersion({ id: rs.id, revision: rs.version.revision, graph, note: "v1" });
      await as.owner!.publishing.publish({ rulesetId: rs.id, number: 1, overrideReason: "first version" });
      if (name === "Warehouses") rulesetId = rs.id;
    }
    const ws = await as.owner!.rulesets.get({ id: rulesetId });
    await as.owner!.rulesets.saveVersion({ id: rulesetId, revision: ws.version.revision, graph: warehouseGraph(la, sz, true), note: "CA and MX from LA" });
    key = (await createApiKey(t.db, scope, { name: "router", scopes: ["route"], expiresAt: null })).key;
    deps = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 60_000, limiter: new TokenBuckets(100_000, 100_000), spool: null, metricsFlushMs: 0, health: new DbHealth(t.db, 60_000), shadowThread: thread, shadowDatabaseUrl: kind === "postgres" ? t.url : null });
  }, 120_000);
  afterAll(async () => {
    deps?.shadow.close();
    await deps?.router.close();
    await t?.drop();
  });

  it("only admins start, stop and promote; everyone sees the list", async () => {
    for (const role of ["designer", "analyst", "viewer"]) expect((await errorOf(as[role]!.shadows.start({ rulesetId, number: 2 }))).code).toBe("FORBIDDEN");
    expect(await as.viewer!.shadows.list()).toEqual([]);
    expect((await errorOf(as.owner!.shadows.start({ rulesetId, number: 1 }))).message).toMatch(/live version already/);
    expect((await errorOf(as.owner!.shadows.start({ rulesetId, number: 9 }))).message).toMatch(/does not exist/);
  });

  it("never changes an answer, and its comparison equals evaluating both versions offline on the same orders", async () => {
    const batch = orders("s", SHADOW_MIN_ORDERS + 100);
    const without = (await route(batch)).map(answerOf);
    const shadow = await as.owner!.shadows.start({ rulesetId, number: 2 });
    await deps.router.refresh(a.organizationId);
    expect(deps.router.peek(a.organizationId)?.shadows.map((s) => s.simulationId)).toEqual([shadow.id]);
    const routed = await route(batch);
    // Byte for byte the same answers (but for each answer's own id and time).
    expect(routed.map(answerOf)).toEqual(without);
    await deps.shadow.drained();
    await deps.shadow.flush();

    // Offline: the frozen plan's candidate and baseline, evaluated on the stored inputs of the routed decisions.
    const sim = await as.viewer!.simulations.get({ id: shadow.id });
    expect(sim.status).toBe("running");
    const row = await t.db.simulation.findUniqueOrThrow({ where: { id: shadow.id }, select: { plan: true } });
    const plan = ZSimulationPlan.parse(row.plan);
    const simulator = createSimulator({ ...plan, others: plan.others });
    const offline = emptySimulationTotals();
    const stored = await t.db.routingDecision.findMany({ where: { id: { in: routed.map((r) => r.decisionId as string) } }, select: { input: true, createdAt: true, contextHash: true } });
    const masters = new Map((await t.db.routerContext.findMany({ where: { organizationId: a.organizationId } })).map((c) => [c.hash, c.context as { warehouses: never[]; channels: never[] }]));
    for (const d of stored) {
      const input = d.input as { order: TOrder; inventory: Record<string, Record<string, number>> };
      const master = masters.get(d.contextHash!)!;
      addComparison(offline, simulator.compare(input.order, { now: d.createdAt.toISOString(), warehouses: master.warehouses, channels: master.channels, inventory: input.inventory, buyerOpenOrders: {} }));
    }
    expect(JSON.parse(JSON.stringify(sim.totals))).toEqual(JSON.parse(JSON.stringify(offline)));
    // CA and MX orders move to LA in the shadow: they are the changed orders, with before → after.
    const movers = batch.filter((o) => ["CA", "MX"].includes(o.shippingAddress.country)).length;
    expect(sim.totals!.changed).toBe(movers);
    expect(sim.changed).toBe(movers);
    const page = await as.viewer!.simulations.changes({ id: shadow.id, page: 1, pageSize: 5 });
    expect(page.items[0]).toMatchObject({ baseline: expect.objectContaining({ warehouseId: expect.any(String) }), candidate: expect.objectContaining({ warehouseId: la }) });
    // An order's trace on the shadow's graph, from what the router evaluated.
    const trace = await as.viewer!.simulations.orderTrace({ id: shadow.id, orderId: page.items[0]!.orderId });
    expect(trace.comparison.candidate.warehouseId).toBe(la);
    expect(deps.shadow.figures(shadow.id)?.baselineMismatches).toBe(0);

    // Promote: it ends complete (enough orders) and is the simulation the publish gate takes.
    const request = await as.owner!.shadows.promote({ id: shadow.id, note: "shadowed on live traffic" });
    expect(request).toMatchObject({ status: "approved", simulationId: shadow.id });
    expect((await as.viewer!.simulations.get({ id: shadow.id })).status).toBe("completed");
    await deps.router.refresh(a.organizationId);
    expect(deps.router.peek(a.organizationId)?.shadows).toEqual([]);
    const [ca] = await route(orders("after", 2).slice(1));
    expect((ca as { decision: { warehouseId: string } }).decision.warehouseId).toBe(la);

    // Drift: live traffic like the shadow's matches its prediction; then the mix changes and it is flagged.
    await route(orders("like", 300));
    let drift = (await as.viewer!.live.drift()).versions.find((v) => v.rulesetId === rulesetId)!;
    expect(drift).toMatchObject({ version: 2, status: "asPredicted", flagged: false, simulation: { id: shadow.id, shadow: true } });
    expect(drift.dimensions.find((d) => d.dimension === "warehouse")!.value).toBeLessThan(0.05);
    const europe = orders("eu", 400).map((o) => ({ ...o, shippingAddress: { ...o.shippingAddress, country: "DE" } }));
    await route(europe);
    drift = (await as.viewer!.live.drift()).versions.find((v) => v.rulesetId === rulesetId)!;
    expect(drift.status).toBe("drifted");
    const wh = drift.dimensions.find((d) => d.dimension === "warehouse")!;
    expect(wh).toMatchObject({ statistic: "tvd", flagged: true });
    expect(wh.value).toBeGreaterThan(0.2);
    // The review stage was published without a simulation: said so, never flagged.
    expect((await as.viewer!.live.drift()).versions.find((v) => v.stage === "orderReview")).toMatchObject({ status: "noSimulation", flagged: false });
  });

  it("evaluates a sample chosen by decision id, and a stop with too few orders ends it cancelled, saying why", async () => {
    // v3: everything from LA (a change for most orders).
    const ws = await as.owner!.rulesets.get({ id: rulesetId });
    const b = new GraphBuilder("warehouseMatching", "first");
    const fb = b.add("fallback");
    const all = b.add("assignWarehouse", { warehouseId: la });
    b.link(fb, all, "next");
    const v3 = await as.owner!.rulesets.saveVersion({ id: rulesetId, revision: ws.version.revision, graph: ZRuleGraph.parse(b.build()), note: "all from LA" });
    const shadow = await as.owner!.shadows.start({ rulesetId, number: v3.versionNumber, samplePercent: 30 });
    await deps.router.refresh(a.organizationId);
    const routed = await route(orders("sample", 200));
    await deps.shadow.drained();
    await deps.shadow.flush();
    const sampled = routed.filter((r) => inSample(r.decisionId as string, 0.3)).length;
    expect(sampled).toBeGreaterThan(20);
    expect(sampled).toBeLessThan(120);
    expect((await as.viewer!.simulations.get({ id: shadow.id })).totals?.orders).toBe(sampled);
    // Too few orders to stand in for the simulation: promoting asks for the override reason and leaves the shadow running.
    const refused = await errorOf(as.owner!.shadows.promote({ id: shadow.id }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(fieldsOf(refused)).toEqual(["simulation"]);
    expect(refused.message).toMatch(/override reason/);
    expect((await as.viewer!.simulations.get({ id: shadow.id })).status).toBe("running");
    const stopped = await as.admin!.shadows.stop({ id: shadow.id });
    expect(stopped.status).toBe("cancelled");
    expect(stopped.error).toMatch(new RegExp(`needs ${SHADOW_MIN_ORDERS}`));
    expect((await errorOf(as.owner!.shadows.stop({ id: shadow.id }))).code).toBe("CONFLICT");
    // Nothing more is written into an ended shadow.
    await route(orders("late", 10));
    await deps.shadow.drained();
    await deps.shadow.flush();
    expect((await t.db.simulation.findUniqueOrThrow({ where: { id: shadow.id } })).done).toBe(sampled);
    // Analysts cannot cancel a shadow as if it were a simulation.
    expect((await errorOf(as.analyst!.simulations.cancel({ id: shadow.id }))).message).toMatch(/shadow/);
    ZCompiledRuleset.parse((await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: v3.versionNumber } })).compiled);
  });

  it.runIf(thread)("a worker thread that dies is replaced, and the run goes on from its last figures", async () => {
    const latest = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId }, orderBy: { number: "desc" } });
    const shadow = await as.owner!.shadows.start({ rulesetId, number: latest.number });
    await deps.router.refresh(a.organizationId);
    await route(orders("before-crash", 50));
    await deps.shadow.drained();
    await deps.shadow.flush();
    expect((await t.db.simulation.findUniqueOrThrow({ where: { id: shadow.id } })).done).toBe(50);
    const internals = deps.shadow as unknown as { worker: import("node:worker_threads").Worker | null };
    const first = internals.worker!;
    await first.terminate();
    expect(internals.worker).toBeNull();
    // The next orders start a new thread, seeded with the run's figures: the totals keep counting.
    await route(orders("after-crash", 60));
    await deps.shadow.drained();
    await deps.shadow.flush();
    expect(internals.worker).not.toBe(first);
    const sim = await as.viewer!.simulations.get({ id: shadow.id });
    expect(sim.totals?.orders).toBe(110);
    expect(sim.done).toBe(110);
    expect(deps.shadow.dropped).toBe(0);
    // Killed with orders in flight: what it had not put into taken figures counts as skipped, so the run's
    // evaluated and skipped orders still add up to every order routed during it.
    await route(orders("in-flight", 200));
    await internals.worker!.terminate();
    await route(orders("after-kill", 40));
    await deps.shadow.drained();
    await deps.shadow.flush();
    const after = await as.viewer!.simulations.get({ id: shadow.id });
    expect(after.done + after.skipped).toBe(110 + 200 + 40);
    expect(after.done).toBeGreaterThanOrEqual(150);
    await as.owner!.shadows.stop({ id: shadow.id });
  });

  it("a shadow that falls behind skips orders, counts them in its run, and its report says how many", async () => {
    const slow = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 60_000, limiter: new TokenBuckets(100_000, 100_000), spool: null, metricsFlushMs: 0, health: new DbHealth(t.db, 60_000), shadowThread: thread, shadowDatabaseUrl: kind === "postgres" ? t.url : null, shadowMaxQueue: 50 });
    try {
      const latest = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId }, orderBy: { number: "desc" } });
      const shadow = await as.owner!.shadows.start({ rulesetId, number: latest.number, samplePercent: 50 });
      // One request of 120 orders is more than 50 waiting: none of them is evaluated; the next 30 are.
      const burst = await route(orders("burst", 120), slow);
      await route(orders("calm", 30), slow);
      await slow.shadow.drained();
      await slow.shadow.flush();
      const inSampleOf = (rs: Record<string, unknown>[]) => rs.filter((r) => inSample(r.decisionId as string, 0.5)).length;
      const sim = await as.viewer!.simulations.get({ id: shadow.id });
      expect(sim.skipped).toBe(inSampleOf(burst));
      expect(sim.skipped).toBeGreaterThan(0);
      expect(sim.done).toBeLessThanOrEqual(30);
      expect(slow.shadow.dropped).toBe(120);
      await as.owner!.shadows.stop({ id: shadow.id });
      // Once it has ended, its report still says so.
      expect((await as.viewer!.simulations.get({ id: shadow.id })).skipped).toBe(sim.skipped);
    } finally {
      slow.shadow.close();
      await slow.router.close();
    }
  });

  it("a second router instance picks up a shadow's start and stop", async () => {
    const other = createApiDeps(t.db, {
      router: { pollMs: kind === "postgres" ? 0 : 200, inProcess: false, listenUrl: kind === "postgres" ? t.url : null },
      keyCacheMs: 0,
      spool: null,
      metricsFlushMs: 0,
    });
    try {
      await other.router.snapshot(a.organizationId);
      await other.router.whenListening();
      const latest = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId }, orderBy: { number: "desc" } });
      const shadow = await as.owner!.shadows.start({ rulesetId, number: latest.number });
      // Within a second normally (bench:router measures it); the test waits for the behaviour, with room for a busy machine.
      await expect.poll(() => other.router.peek(a.organizationId)?.shadows.map((s) => s.simulationId) ?? [], { timeout: 15_000, interval: 20 }).toEqual([shadow.id]);
      await as.owner!.shadows.stop({ id: shadow.id });
      await expect.poll(() => other.router.peek(a.organizationId)?.shadows.length ?? -1, { timeout: 15_000, interval: 20 }).toBe(0);
    } finally {
      other.shadow.close();
      await other.router.close();
    }
  });
});

void pg;
