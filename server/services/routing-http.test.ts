/**
 * The public API (v1) on a real database, through the route handlers' functions with `new Request`:
 * routing in every order format, stored decisions, idempotency, tenant isolation, keys (unknown,
 * revoked, expired, missing scope), rate limit, body and batch limits, the database failing while
 * routing (the last good versions keep serving), LISTEN/NOTIFY refresh, the evaluate API, and the
 * OpenAPI document against real responses.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv from "ajv";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TRuleGraph, ZOrder, ZRuleGraph } from "@/rules-schema";
import { CALENDAR_LA, CALENDAR_SZ, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { EXAMPLE_ORDER } from "../schemas/api-v1-schemas";
import { type ApiDeps, createApiDeps } from "../live-router/api-deps";
import { buildOpenApi } from "../live-router/build-openapi";
import { DecisionSpool } from "../live-router/decision-spool";
import { loadRouterSnapshot } from "../live-router/load-router-snapshot";
import { TokenBuckets } from "../live-router/token-bucket";
import { PUBLISH_CHANNEL, emitPublished, publishPayload } from "../publishing/publish-events";
import { type Tenant, createTenant } from "../testing/tenant-fixtures";
import { type Caller, DB_KINDS, callersOf } from "../trpc/routers/router-test-kit";
import { createApiKey, revokeApiKey } from "./api-key-service";
import { handleEvaluateRuleset, handleGetDecision, handleOrderDecisions, handleRouteBatch, handleRouteOrder } from "./routing-http";
import type { Scope } from "./scope";

/** Warehouse matching: US → LA, anything else → SZ; v2 sends CA to LA too. */
function warehouseGraph(la: string, sz: string, v2: boolean): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const us = b.add("condition", cond("country", "in", v2 ? ["US", "CA"] : ["US"]));
  const toLa = b.add("assignWarehouse", { warehouseId: la, priority: 300 });
  const fallback = b.add("fallback");
  const toSz = b.add("assignWarehouse", { warehouseId: sz });
  b.link("start", us, "next").link(us, toLa, "true").link(fallback, toSz, "next");
  return ZRuleGraph.parse(b.build());
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../import/fixtures/${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const SHOPIFY = (fixture("shopify-admin-orders.json").orders as unknown[])[0];
const TIKTOK = ((fixture("tiktok-order-detail.json").data as Record<string, unknown>).orders as unknown[])[0];
const AMAZON = (fixture("amazon-orders-with-items.json").orders as unknown[])[0];

const order = (id: string, country: string) =>
  makeOrder({ id, externalId: `#${id}`, buyerId: "", shippingAddress: { country, postalCode: "10001" }, lines: [makeLine({ warehouseSku: "W-1", quantity: 1, weightGrams: 400 })] });

type Problem = { type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[] };

describe.each(DB_KINDS)("public API v1 (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let owner: Caller;
  let deps: ApiDeps;
  let la: string;
  let sz: string;
  let rulesetId: string;
  let v2Id: string;
  let keys: Record<"route" | "read" | "evaluate" | "other" | "revoked" | "expired", string>;
  const stores: Record<string, string> = {};
  /** Every 200 response body by OpenAPI schema name, checked against the document at the end. */
  const seen: { schema: string; body: unknown }[] = [];
  const seenProblems: unknown[] = [];

  const post = (path: string, body: unknown, key: string | null = keys.route, headers: Record<string, string> = {}) =>
    new Request(`http://x${path}`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });
  const get = (path: string, key: string = keys.route) => new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } });
  async function read<T>(res: Response, schema?: string): Promise<T> {
    const body = (await res.json()) as T;
    if (res.status === 200 && schema) seen.push({ schema, body });
    if (res.status >= 400) {
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      seenProblems.push(body);
    }
    return body;
  }
  const route = async (o: unknown, query = "", d = deps, key = keys.route) => {
    const res = await handleRouteOrder(d, post(`/api/v1/orders/route${query}`, o, key));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    const body = await read<Record<string, any>>(res, "RoutingResponse");
    return { res, body };
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `api-a-${kind}`);
    b = await createTenant(t.db, `api-b-${kind}`);
    owner = (await callersOf(t.db, a)).owner;
    la = (await owner.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    sz = (await owner.warehouses.create({ code: "SZ", name: "Shenzhen", kind: "own", country: "CN", address: null, calendar: CALENDAR_SZ })).id;
    for (const platform of ["shopify", "tiktok", "amazon"] as const) stores[platform] = (await owner.stores.create({ platform, name: `A ${platform}` })).id;
    const ws = await owner.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph: warehouseGraph(la, sz, false) });
    rulesetId = ws.id;
    const v1 = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: 1 } });
    await t.db.rulesetVersion.update({ where: { id: v1.id }, data: { status: "published", publishedAt: new Date() } });
    await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: v1.id } });
    await owner.rulesets.saveDraft({ id: ws.id, revision: ws.version.revision, graph: warehouseGraph(la, sz, true) });
    v2Id = (await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: 2 } })).id;

    const scopeA: Scope = { organizationId: a.organizationId, role: "owner", actor: { type: "user", id: a.users.owner.id } };
    const scopeB: Scope = { organizationId: b.organizationId, role: "owner", actor: { type: "user", id: b.users.owner.id } };
    const key = async (scope: Scope, scopes: ("route" | "read" | "evaluate" | "import")[], expiresAt: Date | null = null) =>
      createApiKey(t.db, scope, { name: `k${Math.random()}`, scopes, expiresAt });
    const revoked = await key(scopeA, ["route"]);
    await revokeApiKey(t.db, scopeA, revoked.apiKey.id);
    keys = {
      route: (await key(scopeA, ["route"])).key,
      read: (await key(scopeA, ["read"])).key,
      evaluate: (await key(scopeA, ["evaluate"])).key,
      other: (await key(scopeB, ["route", "read", "evaluate"])).key,
      revoked: revoked.key,
      expired: (await key(scopeA, ["route"], new Date(Date.now() + 300))).key,
    };
    await new Promise((r) => setTimeout(r, 400));
    deps = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 0, limiter: new TokenBuckets(10_000, 10_000) });
  });
  afterAll(async () => {
    await deps?.router.close();
    await t?.drop();
  });

  it.each([
    ["US", () => la],
    ["DE", () => sz],
  ])("routes a %s order in our model through the published version, stores the decision and finds it by id and by order", async (country, warehouse) => {
    const { res, body } = await route(order(`n-${country}`, country));
    expect(res.status).toBe(200);
    expect(body.decision.warehouseId).toBe(warehouse());
    expect(body.stages).toEqual([expect.objectContaining({ stage: "warehouseMatching", rulesetId, rulesetName: "Warehouses", version: 1, contentHash: expect.any(String) })]);
    const stored = await read(await handleGetDecision(deps, get(`/api/v1/decisions/${body.decisionId}`, keys.read), body.decisionId), "RoutingResponse");
    expect(stored).toEqual(body);
    const list = await read<{ decisions: unknown[] }>(await handleOrderDecisions(deps, get(`/api/v1/orders/n-${country}/decisions`), `n-${country}`), "DecisionList");
    expect(list.decisions).toEqual([body]);
  });

  it.each([
    ["shopify", SHOPIFY],
    ["tiktok", TIKTOK],
    ["amazon", AMAZON],
  ])("routes a %s order given in the platform's own JSON", async (format, platformOrder) => {
    const { res, body } = await route(platformOrder, `?format=${format}&storeId=${stores[format]}`);
    expect(res.status).toBe(200);
    expect(body.orderId.startsWith(`${stores[format]}:`)).toBe(true);
    expect([la, sz]).toContain(body.decision.warehouseId);
    expect(body.stages.map((s: { version: number }) => s.version)).toEqual([1]);
    expect(await t.db.routingDecision.count({ where: { id: body.decisionId } })).toBe(1);
  });

  it("refuses a platform format without storeId, a bad order with its field paths, and malformed JSON", async () => {
    const noStore = await route(SHOPIFY, "?format=shopify");
    expect(noStore.res.status).toBe(422);
    expect(noStore.body.errors).toEqual([expect.objectContaining({ path: "storeId" })]);
    const bad = order("bad", "US") as unknown as { lines: { quantity: unknown }[] };
    bad.lines[0]!.quantity = -1;
    const invalid = await route(bad);
    expect(invalid.res.status).toBe(422);
    expect(invalid.body).toMatchObject({ type: expect.stringContaining("validation"), title: "Invalid request", status: 422 });
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toContain("lines.0.quantity");
    const malformed = await handleRouteOrder(deps, post("/api/v1/orders/route", "{nope"));
    expect(malformed.status).toBe(400);
  });

  it("returns each stage's trace with ?trace=true", async () => {
    const { body } = await route(order("traced", "US"), "?trace=true");
    expect(body.trace).toHaveLength(1);
    expect(body.trace[0].trace.rules.some((r: { fired: boolean }) => r.fired)).toBe(true);
  });

  it("answers the same Idempotency-Key and body with the stored response, and a different body with 422", async () => {
    const headers = { "idempotency-key": `idem-${kind}` };
    const first = await handleRouteOrder(deps, post("/api/v1/orders/route", order("idem", "US"), keys.route, headers));
    const again = await handleRouteOrder(deps, post("/api/v1/orders/route", order("idem", "US"), keys.route, headers));
    const a1 = await read<{ decisionId: string }>(first, "RoutingResponse");
    const a2 = await read<{ decisionId: string }>(again, "RoutingResponse");
    expect(again.status).toBe(200);
    expect(a2).toEqual(a1);
    expect(await t.db.routingDecision.count({ where: { orderId: "idem" } })).toBe(1);
    const other = await handleRouteOrder(deps, post("/api/v1/orders/route", order("idem", "DE"), keys.route, headers));
    expect(other.status).toBe(422);
    expect((await read<Problem>(other)).title).toBe("Idempotency key reused");
  });

  it("keeps organizations apart: another organization's key sees none of its decisions or rulesets", async () => {
    const { body } = await route(order("secret", "US"));
    const byId = await handleGetDecision(deps, get(`/api/v1/decisions/${body.decisionId}`, keys.other), body.decisionId);
    expect(byId.status).toBe(404);
    const byOrder = await read<{ decisions: unknown[] }>(await handleOrderDecisions(deps, get("/api/v1/orders/secret/decisions", keys.other), "secret"));
    expect(byOrder.decisions).toEqual([]);
    const evaluate = await handleEvaluateRuleset(deps, post(`/api/v1/rulesets/${rulesetId}/evaluate`, { orders: order("x", "US") }, keys.other), rulesetId);
    expect(evaluate.status).toBe(404);
    const own = await route(order("secret", "US"), "", deps, keys.other);
    expect(own.body.stages).toEqual([]);
    expect(own.body.decision.warehouseId).toBeNull();
  });

  it.each([
    ["no key", null, 401],
    ["an unknown key", "sy_live_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", 401],
    ["a revoked key", "revoked", 401],
    ["an expired key", "expired", 401],
    ["a key without the route scope", "read", 403],
  ] as const)("refuses routing with %s", async (_, which, status) => {
    const key = which === null ? null : which in keys ? keys[which as keyof typeof keys] : which;
    const res = await handleRouteOrder(deps, post("/api/v1/orders/route", order("refused", "US"), key));
    expect(res.status).toBe(status);
    expect((await read<Problem>(res)).status).toBe(status);
    expect(await t.db.routingDecision.count({ where: { orderId: "refused" } })).toBe(0);
  });

  it("limits requests per key with 429 and Retry-After", async () => {
    const limited = { ...deps, limiter: new TokenBuckets(1, 2) };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await handleRouteOrder(limited, post("/api/v1/orders/route", order(`rl-${i}`, "US")));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    expect((await handleOrderDecisions(limited, get("/api/v1/orders/rl-0/decisions", keys.read), "rl-0")).status).toBe(200);
  });

  it("routes a batch through one snapshot, and refuses more than 1,000 orders or bodies over the limit", async () => {
    const res = await handleRouteBatch(deps, post("/api/v1/orders/route:batch", { orders: [order("b1", "US"), order("b2", "DE"), order("b3", "US")] }));
    const body = await read<{ results: { orderId: string; decision: { warehouseId: string } }[] }>(res, "RouteBatchResponse");
    expect(body.results.map((r) => [r.orderId, r.decision.warehouseId])).toEqual([
      ["b1", la],
      ["b2", sz],
      ["b3", la],
    ]);
    expect(await t.db.routingDecision.count({ where: { orderId: { in: ["b1", "b2", "b3"] } } })).toBe(3);
    const tooMany = await handleRouteBatch(deps, post("/api/v1/orders/route:batch", { orders: Array.from({ length: 1001 }, (_, i) => ({ id: `t${i}` })) }));
    expect(tooMany.status).toBe(413);
    const badItem = await handleRouteBatch(deps, post("/api/v1/orders/route:batch", { orders: [order("ok", "US"), { id: "" }] }));
    expect((await read<Problem>(badItem)).errors?.some((e) => e.path.startsWith("orders.1."))).toBe(true);
    const huge = await handleRouteOrder(deps, post("/api/v1/orders/route", { ...order("huge", "US"), tags: ["x".repeat(1024 * 1024)] }));
    expect(huge.status).toBe(413);
  });

  it("routes many concurrent requests with every decision stored", async () => {
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => route(order(`c-${i}`, i % 2 ? "US" : "DE"))));
    expect(responses.every((r) => r.res.status === 200)).toBe(true);
    const ids = responses.map((r) => r.body.decisionId as string);
    expect(await t.db.routingDecision.count({ where: { id: { in: ids } } })).toBe(60);
  });

  it("evaluates orders against a version number, the draft and the published version, with a trace on request", async () => {
    const call = async (body: unknown) => handleEvaluateRuleset(deps, post(`/api/v1/rulesets/${rulesetId}/evaluate`, body, keys.evaluate), rulesetId);
    const orders = [order("e-us", "US"), order("e-ca", "CA")];
    const outcome = async (version: unknown) => {
      const body = await read<{ version: { number: number }; evaluations: { decision: { warehouseId: string } }[] }>(await call({ orders, version }), "EvaluateResponse");
      return [body.version.number, ...body.evaluations.map((e) => e.decision.warehouseId)];
    };
    expect(await outcome("published")).toEqual([1, la, sz]);
    expect(await outcome(1)).toEqual([1, la, sz]);
    expect(await outcome("draft")).toEqual([2, la, la]);
    expect(await outcome(2)).toEqual([2, la, la]);
    const traced = await read<{ evaluations: { trace: { rules: unknown[] } | null }[] }>(await call({ orders: order("one", "US"), trace: true }), "EvaluateResponse");
    expect(traced.evaluations[0]!.trace?.rules.length).toBeGreaterThan(0);
    expect((await call({ orders, version: 9 })).status).toBe(404);
    const forbidden = await handleEvaluateRuleset(deps, post(`/api/v1/rulesets/${rulesetId}/evaluate`, { orders }, keys.route), rulesetId);
    expect(forbidden.status).toBe(403);
  });

  it("keeps serving the last good versions when the database cannot be read, and serves a new publish after a refresh", async () => {
    let failing = false;
    const local = createApiDeps(t.db, {
      router: {
        pollMs: 0,
        load: async (db, org) => {
          if (failing) throw new Error("connection refused");
          return loadRouterSnapshot(db, org);
        },
      },
      keyCacheMs: 0,
    });
    try {
      expect((await route(order("down-1", "CA"), "", local)).body.stages[0].version).toBe(1);
      await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: v2Id } });
      failing = true;
      await local.router.refresh(a.organizationId);
      const during = await route(order("down-2", "CA"), "", local);
      expect(during.res.status).toBe(200);
      expect(during.body.stages[0].version).toBe(1);
      expect(during.body.decision.warehouseId).toBe(sz);
      failing = false;
      await local.router.refresh(a.organizationId);
      const after = await route(order("down-3", "CA"), "", local);
      expect(after.body.stages[0].version).toBe(2);
      expect(after.body.decision.warehouseId).toBe(la);
    } finally {
      await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: (await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: 1 } })).id } });
      await local.router.close();
    }
  });

  it("keeps routing while the database is unreachable: recent keys still work, decisions are spooled to disk and stored once it is back", async () => {
    let down = false;
    const refuse = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    // Every call the API makes to the database fails while `down`, as with the server unreachable.
    const flaky = new Proxy(t.db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value === "function") return down ? refuse : (value as (...a: unknown[]) => unknown).bind(target);
        if (down && value !== null && typeof value === "object") return new Proxy(value, { get: () => refuse });
        return value;
      },
    }) as typeof t.db;
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-spool-"));
    const spool = new DecisionSpool(dir, "test-spool");
    const local = createApiDeps(flaky, { router: { pollMs: 0 }, keyCacheMs: 50, spool });
    try {
      const before = await route(order("outage-1", "US"), "", local);
      expect([before.res.status, before.body.stages[0].version]).toEqual([200, 1]);
      down = true;
      await new Promise((r) => setTimeout(r, 80)); // the key's cached verification is now stale
      await local.router.refresh(a.organizationId);
      const during = await route(order("outage-2", "US"), "", local);
      expect([during.res.status, during.body.stages[0].version, during.body.decision.warehouseId]).toEqual([200, 1, la]);
      expect(readFileSync(path.join(dir, "test-spool.ndjson"), "utf8")).toContain(during.body.decisionId);
      expect(await t.db.routingDecision.count({ where: { id: during.body.decisionId } })).toBe(0);
      down = false;
      expect(await local.batcher.drainSpool()).toBe(1);
      expect(await t.db.routingDecision.count({ where: { id: during.body.decisionId } })).toBe(1);
      expect(readdirSync(dir)).toEqual([]);
      // Draining again (or a row spooled twice) stores nothing twice.
      expect(await local.batcher.drainSpool()).toBe(0);
    } finally {
      down = false;
      await local.router.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(["the pointer check", "an in-process publish event", "LISTEN/NOTIFY"] as const)("serves a new publish within a second through %s", async (mechanism) => {
    if (mechanism === "LISTEN/NOTIFY" && kind !== "postgres") return;
    const local = createApiDeps(t.db, {
      router: { pollMs: mechanism === "the pointer check" ? 200 : 0, inProcess: mechanism === "an in-process publish event", listenUrl: mechanism === "LISTEN/NOTIFY" ? t.url : null },
      keyCacheMs: 0,
    });
    const event = { organizationId: a.organizationId, rulesetId, versionNumber: 2 };
    try {
      expect((await route(order("pub-1", "CA"), "", local)).body.stages[0].version).toBe(1);
      if (mechanism === "LISTEN/NOTIFY") await new Promise((r) => setTimeout(r, 300)); // the LISTEN client connects
      await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: v2Id } });
      if (mechanism === "an in-process publish event") emitPublished(event);
      if (mechanism === "LISTEN/NOTIFY") {
        const client = new pg.Client({ connectionString: t.url! });
        await client.connect();
        await client.query("SELECT pg_notify($1, $2)", [PUBLISH_CHANNEL, publishPayload(event)]);
        await client.end();
      }
      const started = Date.now();
      let version = 1;
      while (version !== 2 && Date.now() - started < 1000) {
        await new Promise((r) => setTimeout(r, 20));
        version = local.router.peek(a.organizationId)?.stages[0]?.version ?? 0;
      }
      expect(version).toBe(2);
      expect((await route(order("pub-2", "CA"), "", local)).body.stages[0].version).toBe(2);
    } finally {
      await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: (await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: 1 } })).id } });
      await local.router.close();
    }
  });

  it("publishes an OpenAPI 3.1 document whose schemas describe every path and match the real responses", () => {
    const doc = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/decisions/{id}", "/api/v1/orders/route", "/api/v1/orders/route:batch", "/api/v1/orders/{orderId}/decisions", "/api/v1/rulesets/{id}/evaluate"]);
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r.split("/").pop()!);
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) for (const response of Object.values(op.responses)) expect(Object.values(response.content ?? {})[0]?.schema).toBeDefined();

    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema({ $id: "openapi.json", components: doc.components });
    const validate = (name: string, body: unknown) => {
      const check = ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` });
      if (!check(body)) throw new Error(`${name}: ${ajv.errorsText(check.errors)}`);
    };
    const names = new Set(seen.map((s) => s.schema));
    expect([...names].sort()).toEqual(["DecisionList", "EvaluateResponse", "RouteBatchResponse", "RoutingResponse"]);
    for (const s of seen) validate(s.schema, s.body);
    expect(seenProblems.length).toBeGreaterThan(5);
    for (const p of seenProblems) validate("Problem", p);
    // The documentation's example order is a valid order.
    expect(ZOrder.safeParse(EXAMPLE_ORDER).success).toBe(true);
    // The schemas are not vacuous: a response missing its decision is refused.
    const { decision: _decision, ...withoutDecision } = seen.find((s) => s.schema === "RoutingResponse")!.body as Record<string, unknown>;
    expect(() => validate("RoutingResponse", withoutDecision)).toThrow(/decision/);
  });
});
