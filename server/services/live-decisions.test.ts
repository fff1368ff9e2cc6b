/**
 * The live loop's reads on a real database (PGlite and PostgreSQL), over the demo merchant's published
 * pipeline (holds, stock, channel limits, intercepts, merges): orders routed through the v1 API are
 * re-evaluated exactly, the explorer filters and pages by keyset, the holds queue groups them, the
 * rollups equal a recount, the purge keeps the rollups, the backfill fills old rows once.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZOrder, type TOrder } from "@/rules-schema";
import { Prisma } from "../db/generated/prisma/client";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { handleRouteBatch, handleRouteOrder } from "../http/routing-http";
import { type ApiDeps, createApiDeps } from "../live-router/api-deps";
import { TokenBuckets } from "../live-router/token-bucket";
import { DbHealth } from "../live-router/db-health";
import { seedDemoMerchant } from "../seed/seed-demo-merchant";
import { callerFor } from "../testing/tenant-fixtures";
import { DB_KINDS, errorOf } from "../trpc/routers/router-test-kit";
import { createApiKey } from "./api-key-service";
import { DecisionRollups, decisionFacets } from "./decision-facets";
import { backfillAllDecisionFacets, purgeDecisions } from "./decision-upkeep-service";
import { insertRows } from "./decision-store";
import { verifyDecisions } from "./live-decision-service";
import type { Scope } from "./scope";

const ANCHOR = new Date("2026-11-20T00:00:00Z");
const ORDERS = 10_000;

type Caller = Awaited<ReturnType<typeof callerFor>>;

describe.each(DB_KINDS)("live decisions (%s)", (kind) => {
  let t: TestDb;
  let deps: ApiDeps;
  let scope: Scope;
  let key: string;
  let viewer: Caller;
  let other: Caller;
  let orders: TOrder[];
  const routed: { decisionId: string; orderId: string; status: string }[] = [];

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Request(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers } });

  async function routeBatch(batch: TOrder[]): Promise<void> {
    const res = await handleRouteBatch(deps, post("/api/v1/orders/route:batch", { orders: batch }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { decisionId: string; orderId: string; decision: { holds: unknown[]; intercept: unknown } }[] };
    for (const r of body.results) routed.push({ decisionId: r.decisionId, orderId: r.orderId, status: r.decision.intercept ? "intercepted" : r.decision.holds.length ? "held" : "other" });
  }

  beforeAll(async () => {
    t = await createTestDb(kind);
    const seeded = await seedDemoMerchant(t.db, { anchor: ANCHOR, orderCount: ORDERS });
    const organizationId = seeded.organizationId;
    const owner = await t.db.user.findUniqueOrThrow({ where: { email: "demo@switchyard.dev" } });
    const viewerUser = await t.db.user.findUniqueOrThrow({ where: { email: "viewer@switchyard.dev" } });
    scope = { organizationId, role: "owner", actor: { type: "user", id: owner.id } };
    viewer = await callerFor(t.db, { id: viewerUser.id, email: viewerUser.email, name: viewerUser.name }, organizationId);
    // Someone of another organization.
    const otherOrg = await t.db.organization.create({ data: { name: "Other", slug: `other-${kind}` } });
    const stranger = await t.db.user.create({ data: { email: `stranger-${kind}@x.test`, name: "Stranger", emailVerified: true } });
    await t.db.member.create({ data: { organizationId: otherOrg.id, userId: stranger.id, role: "owner" } });
    other = await callerFor(t.db, { id: stranger.id, email: stranger.email, name: stranger.name }, otherOrg.id);
    key = (await createApiKey(t.db, scope, { name: "router", scopes: ["route"], expiresAt: null })).key;
    // A generous timeout: this test is about what is stored, not about a slow database counting as down (router-outage.test.ts).
    deps = createApiDeps(t.db, { router: { pollMs: 0 }, keyCacheMs: 60_000, limiter: new TokenBuckets(100_000, 100_000), spool: null, health: new DbHealth(t.db, 60_000), metricsFlushMs: 0 });
    const rows = await t.db.order.findMany({ where: { organizationId }, select: { data: true }, orderBy: { id: "asc" } });
    orders = rows.map((r) => ZOrder.parse(r.data));
    // Route every order through the API in batches; halfway the master data changes (stock runs out,
    // a channel's weight limit drops), so the decisions were made with two different contexts.
    const half = Math.floor(orders.length / 2);
    for (let i = 0; i < half; i += 1000) await routeBatch(orders.slice(i, Math.min(i + 1000, half)));
    await t.db.inventory.updateMany({ where: { organizationId, quantity: { gt: 0 } }, data: { quantity: 0 } });
    const channel = await t.db.logisticsChannel.findFirstOrThrow({ where: { organizationId }, orderBy: { code: "asc" } });
    await t.db.logisticsChannel.update({ where: { id: channel.id }, data: { maxWeightGrams: 300 } });
    await deps.router.refresh(organizationId);
    for (let i = half; i < orders.length; i += 1000) await routeBatch(orders.slice(i, Math.min(i + 1000, orders.length)));
  }, 600_000);
  afterAll(async () => {
    await deps?.router.close();
    await t?.drop();
  });

  it("re-evaluates every stored decision exactly: the routed ones and the seeded ones, across a master-data change", async () => {
    const report = await verifyDecisions(t.db, scope);
    expect(report.differs).toEqual([]);
    expect(report.unavailable).toBe(0);
    expect(report.checked).toBeGreaterThanOrEqual(ORDERS);
    expect(report.reproduced).toBe(report.checked);
    // The change took: two contexts were used, and the decisions differ between the halves for some orders.
    expect(await t.db.routerContext.count({ where: { organizationId: scope.organizationId } })).toBeGreaterThanOrEqual(2);
  });

  it("says where a decision does not reproduce, and why one cannot be re-evaluated", async () => {
    const target = routed.find((r) => r.status === "other")!;
    const row = await t.db.routingDecision.findUniqueOrThrow({ where: { id: target.decisionId } });
    const decision = row.decision as { decision: { warehouseId: string | null } };
    await t.db.routingDecision.update({ where: { id: row.id }, data: { decision: { ...decision, decision: { ...decision.decision, warehouseId: "tampered" } } } });
    const detail = await viewer.live.decision({ id: row.id });
    expect(detail.replay.status).toBe("differs");
    expect(detail.replay.differences).toContainEqual({ path: "decision.warehouseId", stored: "tampered", now: decision.decision.warehouseId });
    await t.db.routingDecision.update({ where: { id: row.id }, data: { decision: row.decision as object } });
    expect((await viewer.live.decision({ id: row.id })).replay.status).toBe("reproduced");
    // Without its stored input (a decision from before the live loop) it says so instead of guessing.
    await t.db.routingDecision.update({ where: { id: row.id }, data: { input: Prisma.DbNull, contextHash: null } });
    const old = await viewer.live.decision({ id: row.id });
    expect(old.replay).toMatchObject({ status: "unavailable", traceSource: "none" });
    expect(old.replay.reason).toMatch(/before Switchyard kept/);
  });

  it("shows a decision with each stage's version, graph and the trace on it; other organizations cannot see it", async () => {
    const held = routed.find((r) => r.status === "held")!;
    const d = await viewer.live.decision({ id: held.decisionId });
    expect(d.summary).toMatchObject({ id: held.decisionId, orderId: held.orderId, status: "held", replayable: true });
    expect(d.replay).toMatchObject({ status: "reproduced", traceSource: "replayed" });
    expect(d.stages.length).toBeGreaterThanOrEqual(5);
    for (const s of d.stages) {
      expect(s.graph?.stage).toBe(s.stage);
      expect(s.trace?.rules.length).toBeGreaterThan(0);
    }
    // The stage that held it has a fired rule in its trace.
    expect(d.stages.some((s) => s.decision.holds.length > 0 && s.trace!.rules.some((r) => r.fired))).toBe(true);
    expect(d.order?.id).toBe(held.orderId);
    expect((await errorOf(other.live.decision({ id: held.decisionId }))).code).toBe("NOT_FOUND");
    expect((await other.live.decisions({})).items).toEqual([]);
  });

  it("filters by status, store, country, rule, version and order number, and each filter agrees with the rows", async () => {
    const all = await t.db.routingDecision.findMany({ where: { organizationId: scope.organizationId }, select: { id: true, status: true, storeId: true, country: true, ruleKeys: true, versionKeys: true, externalId: true, orderId: true } });
    const sample = all.find((r) => r.status === "held" && r.ruleKeys.length > 0)!;
    const cases: [Parameters<Caller["live"]["decisions"]>[0], (r: (typeof all)[number]) => boolean][] = [
      [{ statuses: ["held"] }, (r) => r.status === "held"],
      [{ statuses: ["intercepted", "merged"] }, (r) => r.status === "intercepted" || r.status === "merged"],
      [{ storeIds: [sample.storeId] }, (r) => r.storeId === sample.storeId],
      [{ countries: [sample.country.toLowerCase()] }, (r) => r.country === sample.country],
      [{ ruleKey: sample.ruleKeys[0]! }, (r) => r.ruleKeys.includes(sample.ruleKeys[0]!)],
      [{ versionKey: sample.versionKeys[0]! }, (r) => r.versionKeys.includes(sample.versionKeys[0]!)],
      [{ search: sample.externalId }, (r) => r.externalId === sample.externalId || r.orderId === sample.externalId],
      [{ statuses: ["held"], storeIds: [sample.storeId], countries: [sample.country] }, (r) => r.status === "held" && r.storeId === sample.storeId && r.country === sample.country],
    ];
    for (const [filters, keep] of cases) {
      const want = all.filter(keep).map((r) => r.id).sort();
      expect(want.length).toBeGreaterThan(0);
      const got: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await viewer.live.decisions({ ...filters, limit: 200, cursor });
        got.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(got.sort(), JSON.stringify(filters)).toEqual(want);
    }
  });

  it("pages newest first by keyset with no duplicate and no gap, while new decisions keep arriving", async () => {
    const before = await t.db.routingDecision.findMany({ where: { organizationId: scope.organizationId }, select: { id: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await viewer.live.decisions({ limit: 97, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      // New decisions arrive between pages (they are newer: they go before the first page, never into a later one).
      if (pages++ % 20 === 0) await routeBatch(orders.slice(pages, pages + 3));
    } while (cursor);
    const fresh = new Set(seen.filter((id) => !before.some((b) => b.id === id)));
    expect(seen.filter((id) => !fresh.has(id))).toEqual(before.map((b) => b.id));
    expect(new Set(seen).size).toBe(seen.length);
    // A cursor that was not handed out is refused in words.
    const bad = await errorOf(viewer.live.decisions({ cursor: "not-a-cursor" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toMatch(/cursor/);
  });

  it("counts an idempotent replay on the decision it answered with", async () => {
    const o = orders[17]!;
    const first = await handleRouteOrder(deps, post("/api/v1/orders/route", o, { "idempotency-key": `k-${kind}` }));
    const { decisionId } = (await first.json()) as { decisionId: string };
    for (let i = 0; i < 2; i++) expect((await handleRouteOrder(deps, post("/api/v1/orders/route", o, { "idempotency-key": `k-${kind}` }))).headers.get("idempotent-replayed")).toBe("true");
    await expect.poll(async () => (await t.db.routingDecision.findUniqueOrThrow({ where: { id: decisionId } })).replayCount).toBe(2);
    expect((await viewer.live.decisions({ search: decisionId })).items[0]?.replayCount).toBe(2);
  });

  it("groups held and intercepted orders by reason, latest decision per order, most urgent first", async () => {
    const now = new Date();
    const queue = await viewer.live.holds({ from: new Date(now.getTime() - 86_400_000).toISOString(), to: new Date(now.getTime() + 60_000).toISOString() });
    // Recount from the rows: the latest decision of each order routed today.
    const rows = await t.db.routingDecision.findMany({
      where: { organizationId: scope.organizationId, createdAt: { gte: new Date(now.getTime() - 86_400_000) } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, orderId: true, status: true, holdReasons: true, decision: true, createdAt: true, shipByDeadline: true },
    });
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!latest.has(r.orderId)) latest.set(r.orderId, r);
    const held = [...latest.values()].filter((r) => r.status === "held" || r.status === "intercepted");
    const reasonsOf = (r: (typeof held)[number]) => (r.status === "intercepted" ? [((r.decision as { decision: { intercept: { reason?: string } } }).decision.intercept.reason ?? "")] : r.holdReasons);
    expect(queue.total).toBe(held.length);
    expect(queue.total).toBeGreaterThan(0);
    // Every group recounted: count, oldest hold, overdue and due within 12 hours of the moment of the read.
    const at = Date.parse(queue.asOf);
    const expected = new Map<string, { count: number; oldestAt: string; overdue: number; dueSoon: number }>();
    for (const r of held) {
      for (const reason of new Set(reasonsOf(r))) {
        const key = `${r.status === "intercepted" ? "intercept" : "hold"}:${reason}`;
        const g = expected.get(key) ?? { count: 0, oldestAt: r.createdAt.toISOString(), overdue: 0, dueSoon: 0 };
        expected.set(key, g);
        g.count++;
        if (r.createdAt.toISOString() < g.oldestAt) g.oldestAt = r.createdAt.toISOString();
        const left = r.shipByDeadline ? r.shipByDeadline.getTime() - at : null;
        if (left !== null && left < 0) g.overdue++;
        else if (left !== null && left < 12 * 3_600_000) g.dueSoon++;
      }
    }
    expect(Object.fromEntries(queue.groups.map((g) => [`${g.kind}:${g.reason}`, { count: g.count, oldestAt: g.oldestAt, overdue: g.overdue, dueSoon: g.dueSoon }]))).toEqual(Object.fromEntries(expected));
    // Most urgent group first.
    const urgency = queue.groups.map((g) => [g.overdue, g.dueSoon, g.count]);
    expect(urgency).toEqual([...urgency].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]! || b[2]! - a[2]!));
    // The first 500 items, most urgent first, each the order's latest decision.
    expect(queue.items.length).toBe(Math.min(500, held.length));
    expect(queue.truncated).toBe(held.length > 500);
    for (const i of queue.items) expect(latest.get(i.orderId)?.id).toBe(i.decisionId);
    const deadlines = queue.items.map((i) => i.shipByDeadline ?? "9999");
    expect(deadlines).toEqual([...deadlines].sort());
    // One reason: only the orders held for it, all of them.
    const top = queue.groups.find((g) => g.kind === "hold")!;
    const one = await viewer.live.holds({ from: new Date(now.getTime() - 86_400_000).toISOString(), to: new Date(now.getTime() + 60_000).toISOString(), reason: top.reason });
    expect(one.total).toBe(held.filter((r) => reasonsOf(r).includes(top.reason)).length);
    expect(one.items.every((i) => i.reasons.includes(top.reason))).toBe(true);
    expect((await other.live.holds({})).total).toBe(0);
  });

  it("keeps rollups equal to a recount of the stored decisions, and the purge leaves them as they were", async () => {
    const recount = new DecisionRollups();
    const rows = await t.db.routingDecision.findMany({ where: { organizationId: scope.organizationId }, select: { decision: true, input: true, createdAt: true, decideUs: true, deadlineRisk: true } });
    for (const r of rows) recount.add(scope.organizationId, r.createdAt.getTime(), decisionFacets(r.decision, (r.input as { order: TOrder } | null)?.order ?? null), r.decideUs, r.deadlineRisk);
    // Every routed decision has its deadline risk, as the simulator would count it.
    expect(rows.filter((r) => r.deadlineRisk === null)).toEqual([]);
    const stored = await rollupsOf(t, scope.organizationId);
    expect(stored).toEqual(normalise(recount.rows()));
    // Telemetry reads the same counts.
    const tel = await viewer.live.telemetry({ from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() });
    const today = rows.filter((r) => r.createdAt.getTime() >= Date.parse(tel.from)).length;
    expect(tel.orders).toBe(today);
    expect(tel.latency.decisions).toBe(rows.filter((r) => r.decideUs !== null && r.createdAt.getTime() >= Date.parse(tel.from)).length);
    const warehouses = tel.versions.find((v) => v.stage === "warehouseMatching" && v.published)!;
    expect(warehouses.rules.reduce((s, r) => s + r.hits, 0)).toBeGreaterThan(0);

    // Retention of 1 day: the seeded decisions (days ago) go, today's stay; the rollups do not change.
    await t.db.organization.update({ where: { id: scope.organizationId }, data: { settings: { ...((await t.db.organization.findUniqueOrThrow({ where: { id: scope.organizationId } })).settings as object), decisionRetentionDays: 1 } } });
    const old = await t.db.routingDecision.count({ where: { organizationId: scope.organizationId, createdAt: { lt: new Date(Date.now() - 86_400_000) } } });
    expect(old).toBeGreaterThan(0);
    // Two instances purging at once (on PostgreSQL, two connections) delete each old decision once between them.
    const at = new Date();
    const [a, b] = await Promise.all([purgeDecisions(t.db, at, 500), purgeDecisions(t.db, at, 500)]);
    expect((a.get(scope.organizationId) ?? 0) + (b.get(scope.organizationId) ?? 0)).toBe(old);
    expect(await t.db.routingDecision.count({ where: { organizationId: scope.organizationId, createdAt: { lt: new Date(Date.now() - 86_400_000) } } })).toBe(0);
    expect(await rollupsOf(t, scope.organizationId)).toEqual(stored);
  });

  it("backfills decisions stored before the explorer columns once, from the orders table, even when run twice at once", async () => {
    const orgId = scope.organizationId;
    const before = await rollupsOf(t, orgId);
    const o = orders[3]!;
    const decision = { decision: { warehouseId: "wh-x", channelId: null, holds: [{ reason: "old hold", ruleName: "r" }], intercept: null, merge: null, split: null, firedRules: [] }, stages: [{ rulesetId: "rs-old", version: 1, decision: { firedRules: ["old rule"] } }], notices: [] };
    const ids = Array.from({ length: 30 }, () => randomUUID());
    for (const id of ids)
      await t.db.$executeRaw`INSERT INTO "routing_decisions" ("id", "organizationId", "orderId", "externalId", "versions", "decision", "createdAt") VALUES (${id}, ${orgId}, ${o.id}, ${o.externalId}, '[]'::jsonb, ${JSON.stringify(decision)}::jsonb, now())`;
    const [a, b] = await Promise.all([backfillAllDecisionFacets(t.db, 7), backfillAllDecisionFacets(t.db, 7)]);
    expect(a + b).toBe(30);
    const filled = await t.db.routingDecision.findMany({ where: { id: { in: ids } } });
    for (const r of filled) expect({ ...r, decision: undefined, versions: undefined }).toMatchObject({ status: "held", storeId: o.storeId, country: o.shippingAddress.country, holdReasons: ["old hold"], ruleKeys: ["rs-old@1/old rule"], facetsVersion: 1 });
    const after = await rollupsOf(t, orgId);
    const held = (rows: typeof after) => rows.outcomes.filter((x) => x.versionKey === "" && x.dimension === "hold" && x.value === "old hold").reduce((s, x) => s + (x.count as number), 0);
    expect(held(after) - held(before)).toBe(30);
    expect(await backfillAllDecisionFacets(t.db)).toBe(0);
    expect(await rollupsOf(t, orgId)).toEqual(after);
  });

  it("stores a spooled batch twice without counting it twice", async () => {
    const orgId = scope.organizationId;
    const before = await rollupsOf(t, orgId);
    const rows = routed.slice(0, 5).map((r, i) => ({ id: randomUUID(), organizationId: orgId, orderId: r.orderId, versions: [], decision: { decision: { warehouseId: `wh-spool-${i}`, channelId: null, holds: [], intercept: null, merge: null, split: null }, stages: [] }, createdAt: new Date() }));
    await insertRows(t.db, rows, true);
    await insertRows(t.db, [...rows, ...rows.slice(0, 2)].slice(0, 5), true);
    const after = await rollupsOf(t, orgId);
    const spooled = after.outcomes.filter((x) => x.versionKey === "" && x.dimension === "warehouse" && String(x.value).startsWith("wh-spool-")).reduce((s, x) => s + (x.count as number), 0);
    expect(spooled).toBe(5);
    expect(after.outcomes.find((x) => x.versionKey === "" && x.dimension === "orders")).toBeDefined();
    expect(before).not.toEqual(after);
  });
});

type Rollups = Awaited<ReturnType<typeof rollupsOf>>;

/** Rollup rows as plain sorted values (dates as ISO strings). */
async function rollupsOf(t: TestDb, organizationId: string) {
  const [hits, outcomes, metrics] = await Promise.all([
    t.db.decisionRuleHit.findMany({ where: { organizationId } }),
    t.db.decisionOutcomeRollup.findMany({ where: { organizationId } }),
    t.db.routerMetricRollup.findMany({ where: { organizationId, metric: "decideUs" } }),
  ]);
  return normalise({
    hits: hits.map((h) => ({ ...h, hour: h.hour.toISOString(), lastAt: h.lastAt.toISOString() })),
    outcomes: outcomes.map((o) => ({ ...o, hour: o.hour.toISOString() })),
    metrics: metrics.map((m) => ({ ...m, hour: m.hour.toISOString() })),
  });
}

function normalise<T extends { hits: object[]; outcomes: object[]; metrics: object[] }>(r: T): { hits: Record<string, unknown>[]; outcomes: Record<string, unknown>[]; metrics: Record<string, unknown>[] } {
  const sort = (rows: object[]) => rows.map((x) => ({ ...x }) as Record<string, unknown>).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return { hits: sort(r.hits), outcomes: sort(r.outcomes), metrics: sort(r.metrics) };
}
export type { Rollups };
