/**
 * Hostile input, the way an attacker or a broken client sends it, over every door that takes data: the
 * live route (our model and a platform's), the batch route, the evaluate API, tRPC mutations and the
 * uploads. Wrong types, huge and deep JSON, NUL and lone surrogates, NaN / Infinity, numbers past int4,
 * prototype-pollution keys, oversized bodies and lines, long strings. Every answer must be a 4xx (or a
 * success where the input happens to be valid) — never a 5xx — and a refused request writes nothing.
 */
import { readFileSync } from "node:fs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema";
import { CALENDAR_LA, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { type ApiDeps, createApiDeps } from "../live-router/api-deps";
import { TokenBuckets } from "../live-router/token-bucket";
import { createApiKey } from "../services/api-key-service";
import { handleImportUpload } from "./import-orders-upload";
import { handleEvaluateRuleset, handleRouteBatch, handleRouteOrder } from "./routing-http";
import { handleSimulationUpload } from "./simulation-http";
import { type Tenant, createTenant } from "../testing/tenant-fixtures";
import { createContextForUser } from "../trpc/context";
import { type Caller, DB_KINDS, callersOf } from "../trpc/routers/router-test-kit";

/** A JSON array nested `n` deep, written as text (JSON.stringify of such a value would itself overflow). */
const deepText = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;

/** Values that do not belong anywhere: each replaces one field of a valid input. */
const HOSTILE: [string, unknown][] = [
  ["a NUL character", "bad\u0000value"],
  ["a lone high surrogate", "bad\ud800"],
  ["a lone low surrogate", "\udc00bad"],
  ["a 100,000-character string", "x".repeat(100_000)],
  ["a number past int4", 2_147_483_648],
  ["1e308", 1e308],
  ["-1", -1],
  ["0.5", 0.5],
  ['"NaN"', "NaN"],
  ['"Infinity"', "Infinity"],
  ["null", null],
  ["an array", [1, "two", null]],
  ["an object", { a: { b: 1 } }],
  ["true", true],
  ["an empty string", ""],
  ["a deep array", JSON.parse(deepText(200)) as unknown],
  ["a __proto__ key", JSON.parse('{"__proto__":{"polluted":"yes"},"x":1}') as unknown],
  ["a constructor key", JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown],
];

describe.each(DB_KINDS)("hostile input (%s)", (kind) => {
  let t: TestDb;
  let tenant: Tenant;
  let owner: Caller;
  let deps: ApiDeps;
  let key: string;
  let storeId: string;
  let shopifyStore: string;
  let rulesetId: string;
  let requests = 0;
  let maxLagMs = 0;
  let lagTimer: NodeJS.Timeout | null = null;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await createTestDb(kind);
    tenant = await createTenant(t.db, `hostile-${kind}`);
    owner = (await callersOf(t.db, tenant)).owner;
    const la = (await owner.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    storeId = (await owner.stores.create({ platform: "other", name: "Hostile native" })).id;
    shopifyStore = (await owner.stores.create({ platform: "shopify", name: "Hostile Shopify" })).id;
    const b = new GraphBuilder("warehouseMatching", "first");
    const us = b.add("condition", cond("country", "equal", "US"));
    b.link("start", us, "next").link(us, b.add("assignWarehouse", { warehouseId: la }), "true");
    const ws = await owner.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph: ZRuleGraph.parse(b.build()) });
    rulesetId = ws.id;
    const v1 = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId, number: 1 } });
    await t.db.rulesetVersion.update({ where: { id: v1.id }, data: { status: "published", publishedAt: new Date() } });
    await t.db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: v1.id } });
    const scope = { organizationId: tenant.organizationId, role: "owner" as const, actor: { type: "user" as const, id: tenant.users.owner.id } };
    key = (await createApiKey(t.db, scope, { name: "hostile", scopes: ["route", "evaluate", "read"], expiresAt: null })).key;
    deps = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 60_000, limiter: new TokenBuckets(1_000_000, 1_000_000), spool: null });
    // How long the event loop is held at a time while all this goes on (printed: a benchmark's business, not an assertion).
    let last = performance.now();
    lagTimer = setInterval(() => {
      const now = performance.now();
      maxLagMs = Math.max(maxLagMs, now - last - 10);
      last = now;
    }, 10);
  });
  afterAll(async () => {
    if (lagTimer) clearInterval(lagTimer);
    console.log(`hostile input (${kind}): ${requests} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, longest event-loop stall ${maxLagMs.toFixed(0)} ms`);
    deps?.health.close();
    await deps?.router.close();
    await t?.drop();
  });

  const count = (status: number) => {
    requests++;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    new Request(`http://x${path}`, { method: "POST", body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers } });
  const validOrder = (id: string) =>
    makeOrder({ id, externalId: id, storeId, buyerId: "", shippingAddress: { country: "US", postalCode: "10001" }, lines: [makeLine({ warehouseSku: "W-1" })] }) as unknown as Record<string, unknown>;

  /** Sends `body` and checks: no 5xx, and a refused request stored no decision for `orderId`. */
  async function expectNo5xx(handler: (d: ApiDeps, r: Request) => Promise<Response>, request: Request, orderId?: string): Promise<number> {
    const res = await handler(deps, request);
    count(res.status);
    const text = await res.text();
    expect(res.status, `${request.url}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      if (orderId) expect(await t.db.routingDecision.count({ where: { orderId } })).toBe(0);
    }
    return res.status;
  }

  it("the route endpoint: every order field replaced by every hostile value", async () => {
    const fields = ["id", "externalId", "platform", "storeId", "status", "createdAt", "paidAt", "shipByDeadline", "currency", "totalValue", "buyerId", "buyerMessage", "tags", "riskFlags", "shippingAddress", "lines"];
    let n = 0;
    for (const field of fields) {
      for (const [, value] of HOSTILE) {
        const id = `hostile-${field}-${n++}`;
        const body = { ...validOrder(id), [field]: value };
        await expectNo5xx(handleRouteOrder, post("/api/v1/orders/route", JSON.stringify(body)), id);
      }
    }
    // And inside the nested objects.
    for (const field of ["quantity", "unitPrice", "weightGrams", "platformSku", "warehouseSku", "dimensionsCm"]) {
      for (const [, value] of HOSTILE) {
        const id = `hostile-line-${field}-${n++}`;
        const order = validOrder(id);
        const body = { ...order, lines: [{ ...(order.lines as Record<string, unknown>[])[0], [field]: value }] };
        await expectNo5xx(handleRouteOrder, post("/api/v1/orders/route", JSON.stringify(body)), id);
      }
    }
    for (const field of ["country", "postalCode", "region"]) {
      for (const [, value] of HOSTILE) {
        const id = `hostile-addr-${field}-${n++}`;
        const order = validOrder(id);
        await expectNo5xx(handleRouteOrder, post("/api/v1/orders/route", JSON.stringify({ ...order, shippingAddress: { ...(order.shippingAddress as object), [field]: value } })), id);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("raw bodies: NaN and Infinity literals, truncated and binary JSON, deep JSON, oversized bodies, bad query strings", async () => {
    const bodies: string[] = [
      '{"id":"nan","totalValue":NaN}',
      '{"id":"inf","totalValue":Infinity}',
      '{"id":"trunc",',
      "\u0000\u0001\u0002binary",
      "",
      "[]",
      "null",
      "42",
      deepText(10_000),
      `{"a":${deepText(10_000)}}`,
      JSON.stringify({ ...validOrder("big-1"), buyerMessage: "y".repeat(2 * 1024 * 1024) }),
    ];
    for (const body of bodies) await expectNo5xx(handleRouteOrder, post("/api/v1/orders/route", body));
    for (const q of ["?format=klingon", "?format=shopify", `?format=shopify&storeId=${"x".repeat(500)}`, "?trace=maybe", `?format=shopify&storeId=${shopifyStore}\u0000`])
      await expectNo5xx(handleRouteOrder, post(`/api/v1/orders/route${encodeURI(q)}`, JSON.stringify(validOrder("q"))));
    await expectNo5xx(handleRouteBatch, post("/api/v1/orders/route:batch", JSON.stringify({ orders: Array.from({ length: 1_001 }, (_v, i) => validOrder(`b-${i}`)) })));
    await expectNo5xx(handleRouteBatch, post("/api/v1/orders/route:batch", JSON.stringify({ orders: "all of them" })));
    await expectNo5xx(handleRouteBatch, post("/api/v1/orders/route:batch", JSON.stringify({ orders: [validOrder("ok-1"), { ...validOrder("bad-2"), id: "x\u0000" }] })), "bad-2");
    // A whole batch refused for one bad order: nothing of it stored.
    expect(await t.db.routingDecision.count({ where: { orderId: "ok-1" } })).toBe(0);
    await expectNo5xx(handleRouteBatch, post("/api/v1/orders/route:batch", "x".repeat(11 * 1024 * 1024)));
  });

  it("a platform's order (Shopify) with hostile fields", async () => {
    const shopify = (JSON.parse(readFileSync(new URL("../import/fixtures/shopify-admin-orders.json", import.meta.url), "utf8")) as { orders: Record<string, unknown>[] }).orders[0]!;
    for (const field of ["id", "name", "created_at", "currency", "total_price", "line_items", "shipping_address", "refunds", "note"]) {
      for (const [, value] of HOSTILE) {
        await expectNo5xx(handleRouteOrder, post(`/api/v1/orders/route?format=shopify&storeId=${shopifyStore}`, JSON.stringify({ ...shopify, [field]: value })));
      }
    }
  });

  it("the evaluate API: hostile orders and versions", async () => {
    const path = `/api/v1/rulesets/${rulesetId}/evaluate`;
    const evaluate = (d: ApiDeps, r: Request) => handleEvaluateRuleset(d, r, rulesetId);
    for (const [, value] of HOSTILE) {
      await expectNo5xx(evaluate, post(path, JSON.stringify({ orders: value })));
      await expectNo5xx(evaluate, post(path, JSON.stringify({ orders: [validOrder("e")], version: value })));
      await expectNo5xx(evaluate, post(path, JSON.stringify({ orders: [{ ...validOrder("e"), lines: value }], trace: value })));
    }
    await expectNo5xx((d, r) => handleEvaluateRuleset(d, r, "x\u0000"), post(path, JSON.stringify({ orders: [validOrder("e")] })));
  });

  it("tRPC mutations: hostile values in every field refuse with 4xx codes and write nothing", async () => {
    const before = { stores: await t.db.store.count(), warehouses: await t.db.warehouse.count(), rulesets: await t.db.ruleset.count(), keys: await t.db.apiKey.count(), sims: await t.db.simulation.count() };
    const calls: [string, (v: unknown) => Promise<unknown>][] = [
      ["stores.create name", (v) => owner.stores.create({ platform: "other", name: v } as never)],
      ["stores.create platform", (v) => owner.stores.create({ platform: v, name: "x" } as never)],
      ["warehouses.create code", (v) => owner.warehouses.create({ code: v, name: "W", kind: "own", country: "CN", address: null, calendar: CALENDAR_LA } as never)],
      ["warehouses.create calendar", (v) => owner.warehouses.create({ code: "W9", name: "W", kind: "own", country: "CN", address: null, calendar: v } as never)],
      ["rulesets.create name", (v) => owner.rulesets.create({ name: v, stage: "orderReview", hitPolicy: "all" } as never)],
      ["rulesets.saveDraft revision", (v) => owner.rulesets.saveDraft({ id: rulesetId, revision: v, graph: { stage: "warehouseMatching", hitPolicy: "first", nodes: [], edges: [] } } as never)],
      ["rulesets.test graph", (v) => owner.rulesets.test({ id: rulesetId, graph: v, order: validOrder("t") } as never)],
      ["rulesets.version number", (v) => owner.rulesets.version({ id: rulesetId, number: v } as never)],
      ["apiKeys.create name", (v) => owner.apiKeys.create({ name: v, scopes: ["read"] } as never)],
      ["simulations.create from", (v) => owner.simulations.create({ rulesetId, source: { kind: "history", from: v, to: "2026-10-01" } } as never)],
    ];
    const made: Record<string, number> = {};
    for (const [name, call] of calls) {
      for (const [label, value] of HOSTILE) {
        requests++;
        try {
          await call(value);
          statuses.set(200, (statuses.get(200) ?? 0) + 1);
          made[name.split(".")[0]!] = (made[name.split(".")[0]!] ?? 0) + (name.endsWith(".create name") || name.endsWith(".create code") || name.endsWith(".create platform") || name.endsWith(".create from") ? 1 : 0);
        } catch (e) {
          expect(e, `${name} with ${label}`).toBeInstanceOf(TRPCError);
          expect((e as TRPCError).code, `${name} with ${label}: ${(e as Error).message}`).not.toBe("INTERNAL_SERVER_ERROR");
          statuses.set(400, (statuses.get(400) ?? 0) + 1);
        }
      }
    }
    // Nothing half-written: no row came from a refused call (the only hostile values that may pass are plain valid text).
    const after = { stores: await t.db.store.count(), warehouses: await t.db.warehouse.count(), rulesets: await t.db.ruleset.count(), keys: await t.db.apiKey.count(), sims: await t.db.simulation.count() };
    // Only calls that succeeded (a hostile value that is plain valid text, such as "NaN" as a name) added rows.
    expect(after.warehouses - before.warehouses).toBe(made.warehouses ?? 0);
    expect(after.stores - before.stores).toBe(made.stores ?? 0);
    expect(after.sims - before.sims).toBe(made.simulations ?? 0);
    expect(after.keys - before.keys).toBe(made.apiKeys ?? 0);
    const names = (await t.db.store.findMany({ where: { organizationId: tenant.organizationId } })).map((s) => s.name);
    expect(names.every((n) => !/\u0000|[\ud800-\udfff]/.test(n))).toBe(true);
  });

  it("uploads: an import with a NUL order number, an 8 MB line and a binary file; a simulation upload with hostile meta", async () => {
    const ctx = await createContextForUser(t.db, tenant.users.owner);
    const line = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ ...validOrder(id), ...extra });
    const file = [line("u-1"), line("u-\u00002"), JSON.stringify({ id: "u-3", buyerMessage: "z".repeat(8 << 20) }), line("u-4")].join("\n");
    const res = await handleImportUpload(ctx, new Request(`http://x/api/imports?format=native&storeId=${storeId}`, { method: "POST", body: file }));
    count(res.status);
    expect(res.status).toBeLessThan(500);
    const { report } = (await res.json()) as { report: { status: string; importedRows: number; failedRows: number } };
    expect(report).toMatchObject({ status: "completed", importedRows: 2, failedRows: 2 });
    for (const body of ["\u0000\u0001\u0002\u0003", "{".repeat(100_000), deepText(10_000)]) {
      const r = await handleImportUpload(ctx, new Request(`http://x/api/imports?format=native&storeId=${storeId}`, { method: "POST", body }));
      count(r.status);
      expect(r.status).toBeLessThan(500);
    }
    for (const q of ["?format=native&storeId=x%00", "?format=klingon&storeId=s", `?format=native&storeId=${storeId}&timeZone=Mars/Olympus`, `?format=native&storeId=${storeId}&currency=%00%00%00`]) {
      const r = await handleImportUpload(ctx, new Request(`http://x/api/imports${q}`, { method: "POST", body: line("q") }));
      count(r.status);
      expect(r.status).toBeLessThan(500);
    }
    for (const [, value] of HOSTILE) {
      const form = new FormData();
      form.set("meta", JSON.stringify({ rulesetId, candidate: { kind: "draft" }, baseline: { kind: "published" }, format: "native", storeId, name: value }));
      form.set("file", new File([line("s-1")], "o.ndjson"));
      const r = await handleSimulationUpload(ctx, new Request("http://x/api/simulations/upload", { method: "POST", body: form }));
      count(r.status);
      expect(r.status).toBeLessThan(500);
    }
  });

  it("sent at least 400 hostile requests in all", () => {
    expect(requests).toBeGreaterThanOrEqual(400);
  });
});
