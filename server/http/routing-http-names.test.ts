/**
 * Names next to ids in the public API's answers, through the route handlers' functions on a real
 * database: a routed order's answer (and each stage, the stored decision, the order's decision list, a
 * batch and an evaluation) carries the decided warehouse's and channel's code and name from the
 * organization's master data, next to the ids; an id that is not in that organization's master data is
 * answered with null code and name, not an error; and the names cost one query per request.
 */
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema";
import { CALENDAR_LA, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import type { Db } from "../db/create-db";
import { type ApiDeps, createApiDeps } from "../live-router/api-deps";
import { buildOpenApi } from "../live-router/build-openapi";
import { TokenBuckets } from "../live-router/token-bucket";
import { type Tenant, createTenant } from "../testing/tenant-fixtures";
import { DB_KINDS, callersOf } from "../trpc/routers/router-test-kit";
import { createApiKey } from "../services/api-key-service";
import { handleEvaluateRuleset, handleGetDecision, handleOrderDecisions, handleRouteBatch, handleRouteOrder } from "./routing-http";
import type { Scope } from "../services/scope";

type Ref = { id: string; code: string | null; name: string | null } | null;
type Answer = {
  decisionId: string;
  decision: { warehouseId: string | null; channelId: string | null };
  warehouse: Ref;
  channel: Ref;
  stages: { stage: string; decision: { warehouseId: string | null; channelId: string | null }; warehouse: Ref; channel: Ref }[];
};

const doc = buildOpenApi() as { components: unknown };
const ajv = new Ajv({ allErrors: true });
ajv.addSchema({ $id: "openapi.json", components: doc.components });
/** The body, after checking it against the OpenAPI document's schema of that name. */
function checked<T>(schema: string, body: unknown): T {
  const check = ajv.getSchema(`openapi.json#/components/schemas/${schema}`) ?? ajv.compile({ $ref: `openapi.json#/components/schemas/${schema}` });
  if (!check(body)) throw new Error(`${schema}: ${ajv.errorsText(check.errors)}`);
  return body as T;
}

/** The database, counting the raw queries made through it (the names lookup is the request path's only `$queryRaw`). */
function countingRawQueries(db: Db): { db: Db; count: () => number; reset: () => void } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "$queryRaw") {
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Db;
  return { db: proxy, count: () => n, reset: () => (n = 0) };
}

describe.each(DB_KINDS)("names next to ids in API answers (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let deps: ApiDeps;
  let key: string;
  let storeId: string;
  let la: string;
  let toronto: string;
  let usps: string;
  let warehouseRulesetId: string;
  const local: ApiDeps[] = [];

  const order = (id: string, country: string) =>
    makeOrder({ id, externalId: `#${id}`, storeId, buyerId: "", shippingAddress: { country, postalCode: "10001" }, lines: [makeLine({ warehouseSku: "W-1", quantity: 1, weightGrams: 400 })] });
  const post = (path: string, body: unknown) => new Request(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${key}` } });
  const get = (path: string) => new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } });
  const route = async (o: unknown, d = deps) => {
    const res = await handleRouteOrder(d, post("/api/v1/orders/route", o));
    expect(res.status, await res.clone().text()).toBe(200);
    return checked<Answer>("RoutingResponse", await res.json());
  };
  const stage = (answer: Answer, name: string) => answer.stages.find((s) => s.stage === name)!;

  /** Creates a ruleset and publishes its first version (compiled when created). */
  async function publish(owner: Awaited<ReturnType<typeof callersOf>>["owner"], name: string, graph: TRuleGraph): Promise<string> {
    const created = await owner.rulesets.create({ name, stage: graph.stage, hitPolicy: graph.hitPolicy, graph });
    const v1 = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: created.id, number: 1 } });
    expect(v1.compiled, `${name} compiles`).not.toBeNull();
    await t.db.rulesetVersion.update({ where: { id: v1.id }, data: { status: "published", publishedAt: new Date() } });
    await t.db.ruleset.update({ where: { id: created.id }, data: { publishedVersionId: v1.id } });
    return created.id;
  }

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `names-a-${kind}`);
    b = await createTenant(t.db, `names-b-${kind}`);
    const { owner } = await callersOf(t.db, a);
    la = (await owner.warehouses.create({ code: "LA", name: "Los Angeles 3PL", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    toronto = (await owner.warehouses.create({ code: "TOR", name: "Toronto", kind: "own", country: "CA", address: null, calendar: CALENDAR_LA })).id;
    usps = (
      await owner.channels.create({
        code: "USPS-GA",
        name: "USPS Ground Advantage",
        carrier: "USPS",
        service: "Ground Advantage",
        originWarehouseIds: [la],
        maxWeightGrams: 30000,
        maxLengthCm: 120,
        maxGirthCm: 270,
        countries: ["US"],
        batteryAllowed: false,
        liquidAllowed: false,
        hazmatAllowed: false,
        rateCard: null,
        transitDaysMin: 2,
        transitDaysMax: 5,
        currency: "USD",
        active: true,
      })
    ).id;
    storeId = (await owner.stores.create({ platform: "other", name: "Names store" })).id;

    // Warehouses: US → LA, CA → Toronto. Logistics: US → USPS.
    const w = new GraphBuilder("warehouseMatching", "first");
    const us = w.add("condition", cond("country", "in", ["US"]));
    const ca = w.add("condition", cond("country", "in", ["CA"]));
    w.link("start", us, "next").link(us, w.add("assignWarehouse", { warehouseId: la }), "true").link(us, ca, "false").link(ca, w.add("assignWarehouse", { warehouseId: toronto }), "true");
    warehouseRulesetId = await publish(owner, "Warehouses", ZRuleGraph.parse(w.build()));
    const l = new GraphBuilder("logisticsMatching", "first");
    const usOnly = l.add("condition", cond("country", "in", ["US"]));
    l.link("start", usOnly, "next").link(usOnly, l.add("assignChannel", { channelId: usps }), "true");
    await publish(owner, "Logistics", ZRuleGraph.parse(l.build()));

    const scope: Scope = { organizationId: a.organizationId, role: "owner", actor: { type: "user", id: a.users.owner.id } };
    key = (await createApiKey(t.db, scope, { name: "names", scopes: ["route", "read", "evaluate"], expiresAt: null })).key;
    deps = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 0, limiter: new TokenBuckets(10_000, 10_000), spool: null });
  });
  afterAll(async () => {
    for (const d of [deps, ...local]) await d?.router.close();
    await t?.drop();
  });

  it("answers a routed order with the warehouse's and channel's code and name next to their ids, for the decision and each stage", async () => {
    const answer = await route(order("named-1", "US"));
    expect(answer.decision).toMatchObject({ warehouseId: la, channelId: usps });
    expect(answer.warehouse).toEqual({ id: la, code: "LA", name: "Los Angeles 3PL" });
    expect(answer.channel).toEqual({ id: usps, code: "USPS-GA", name: "USPS Ground Advantage" });
    expect(stage(answer, "warehouseMatching")).toMatchObject({ decision: { warehouseId: la, channelId: null }, warehouse: { id: la, code: "LA", name: "Los Angeles 3PL" }, channel: null });
    expect(stage(answer, "logisticsMatching")).toMatchObject({ decision: { warehouseId: null, channelId: usps }, warehouse: null, channel: { id: usps, code: "USPS-GA", name: "USPS Ground Advantage" } });

    // The stored decision keeps the ids; looking it up names them the same way.
    const stored = await t.db.routingDecision.findUniqueOrThrow({ where: { id: answer.decisionId } });
    expect(JSON.stringify(stored.decision)).not.toContain("Los Angeles 3PL");
    const byId = checked<Answer>("RoutingResponse", await (await handleGetDecision(deps, get(`/api/v1/decisions/${answer.decisionId}`), answer.decisionId)).json());
    expect(byId).toEqual(answer);
    const list = checked<{ decisions: Answer[] }>("DecisionList", await (await handleOrderDecisions(deps, get("/api/v1/orders/named-1/decisions"), "named-1")).json());
    expect(list.decisions).toEqual([answer]);
  });

  it("answers a CA order with Toronto and no channel (null), and names a renamed warehouse by its current name", async () => {
    const answer = await route(order("named-ca", "CA"));
    expect(answer.warehouse).toEqual({ id: toronto, code: "TOR", name: "Toronto" });
    expect(answer.channel).toBeNull();
    await t.db.warehouse.update({ where: { id: toronto }, data: { name: "Toronto East" } });
    const again = checked<Answer>("RoutingResponse", await (await handleGetDecision(deps, get(`/api/v1/decisions/${answer.decisionId}`), answer.decisionId)).json());
    expect(again.warehouse).toEqual({ id: toronto, code: "TOR", name: "Toronto East" });
  });

  it("answers an id that is not in the organization's master data with null code and name, without failing", async () => {
    // The published rules still send CA orders to Toronto, which now belongs to another organization:
    // its row exists, but not for this key's organization.
    await route(order("ghost-warm", "US"));
    await t.db.warehouse.update({ where: { id: toronto }, data: { organizationId: b.organizationId } });
    try {
      const answer = await route(order("ghost-1", "CA"));
      expect(answer.decision.warehouseId).toBe(toronto);
      expect(answer.warehouse).toEqual({ id: toronto, code: null, name: null });
      expect(stage(answer, "warehouseMatching").warehouse).toEqual({ id: toronto, code: null, name: null });
    } finally {
      await t.db.warehouse.update({ where: { id: toronto }, data: { organizationId: a.organizationId } });
    }
    // A stored decision naming a channel that never existed here.
    const decision = { ...(await route(order("ghost-2", "US"))).decision, channelId: "ch-not-in-master-data" };
    await t.db.routingDecision.create({
      data: { id: "names-ghost-decision", organizationId: a.organizationId, orderId: "ghost-3", externalId: "#ghost-3", versions: [], decision: { decision, stages: [], notices: [] } },
    });
    const res = await handleGetDecision(deps, get("/api/v1/decisions/names-ghost-decision"), "names-ghost-decision");
    expect(res.status).toBe(200);
    const stored = checked<Answer>("RoutingResponse", await res.json());
    expect(stored.channel).toEqual({ id: "ch-not-in-master-data", code: null, name: null });
    expect(stored.warehouse).toEqual({ id: la, code: "LA", name: "Los Angeles 3PL" });
  });

  it("looks the names up in one query per request, for a whole batch, and not again while they are fresh", async () => {
    const counting = countingRawQueries(t.db);
    const d = createApiDeps(counting.db, { router: { pollMs: 0 }, keyCacheMs: 0, limiter: new TokenBuckets(10_000, 10_000), spool: null });
    local.push(d);
    await route(order("count-warm", "US"), d);
    counting.reset();
    const res = await handleRouteBatch(d, post("/api/v1/orders/route:batch", { orders: [order("count-1", "US"), order("count-2", "CA"), order("count-3", "US")] }));
    const batch = checked<{ results: Answer[] }>("RouteBatchResponse", await res.json());
    expect(counting.count()).toBe(1);
    expect(batch.results.map((r) => [r.warehouse?.code, r.channel?.code ?? null])).toEqual([
      ["LA", "USPS-GA"],
      ["TOR", null],
      ["LA", "USPS-GA"],
    ]);

    counting.reset();
    const list = checked<{ decisions: Answer[] }>("DecisionList", await (await handleOrderDecisions(d, get("/api/v1/orders/count-2/decisions"), "count-2")).json());
    expect(list.decisions.map((x) => x.warehouse?.code)).toEqual(["TOR"]);
    expect(counting.count()).toBe(1);

    // With names trusted for a while (as keys and stores are), a second request asks nothing.
    const cached = createApiDeps(counting.db, { router: { pollMs: 0 }, keyCacheMs: 60_000, limiter: new TokenBuckets(10_000, 10_000), spool: null });
    local.push(cached);
    await route(order("cache-1", "US"), cached);
    counting.reset();
    expect((await route(order("cache-2", "US"), cached)).channel).toEqual({ id: usps, code: "USPS-GA", name: "USPS Ground Advantage" });
    expect(counting.count()).toBe(0);
  });

  it("names the warehouse of each evaluation too", async () => {
    const res = await handleEvaluateRuleset(deps, post(`/api/v1/rulesets/${warehouseRulesetId}/evaluate`, { orders: [order("ev-1", "US"), order("ev-2", "DE")] }), warehouseRulesetId);
    const body = checked<{ evaluations: { warehouse: Ref; channel: Ref }[] }>("EvaluateResponse", await res.json());
    expect(body.evaluations.map((e) => [e.warehouse, e.channel])).toEqual([
      [{ id: la, code: "LA", name: "Los Angeles 3PL" }, null],
      [null, null],
    ]);
  });
});
