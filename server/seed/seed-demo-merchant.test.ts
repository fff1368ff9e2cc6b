import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins/organization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZBusinessCalendar, ZOrder, ZRateCard, type TOrder } from "@/rules-schema";
import { createTestDb, type TestDb, type TestDbKind } from "../db/create-test-db";
import type { Db } from "../db/create-db";
import { DEMO_CHANNELS, DEMO_ORG, DEMO_STORES, DEMO_USERS, DEMO_WAREHOUSES, buildDemoInventory, buildDemoPairings, buildDemoSkus } from "./demo-merchant";
import { resolveDemoAnchor, seedDemoMerchant, SEED_ORDERS_ACTION, type SeedDemoMerchantResult } from "./seed-demo-merchant";

// Same suite on embedded PGlite and on the real PostgreSQL server (see server/db/create-test-db.ts).
const KINDS: TestDbKind[] = ["pglite", "postgres"];
const ORDER_COUNT = 3_000;
const anchor = new Date("2026-11-20T00:00:00Z");
const skus = buildDemoSkus();
const pairings = buildDemoPairings(skus);

function makeAuth(db: Db) {
  return betterAuth({
    secret: "switchyard-test-secret-0123456789abcdef",
    baseURL: "http://localhost:3000",
    database: prismaAdapter(db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true },
    plugins: [organization()],
    telemetry: { enabled: false },
    logger: { disabled: true }, // the wrong-password case would print a warning
  });
}

/** Orders as (externalId, totalValue) in a stable order: what must be the same in every seeded database. */
async function orderFingerprint(db: Db) {
  const rows = await db.order.findMany({ select: { externalId: true, totalValue: true, placedAt: true }, orderBy: { externalId: "asc" } });
  return rows.map((r) => `${r.externalId}|${r.totalValue.toFixed(2)}|${r.placedAt.toISOString()}`);
}

describe.each(KINDS)("seedDemoMerchant (%s)", (kind) => {
  let testDb: TestDb;
  let db: Db;
  let first: SeedDemoMerchantResult;
  const logs: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDb(kind);
    db = testDb.db;
    first = await seedDemoMerchant(db, { anchor, orderCount: ORDER_COUNT, log: (m) => logs.push(m) });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("seeds every table with the demo merchant's data", async () => {
    expect(first.status).toBe("seeded");
    expect(first.anchor).toBe(anchor.toISOString());
    const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    expect(org).toMatchObject({ id: first.organizationId, name: DEMO_ORG.name, settings: { demoAnchor: anchor.toISOString() } });

    const where = { organizationId: org.id };
    const paired = pairings.filter((p) => p.skuCode !== null).length;
    expect({
      users: await db.user.count(),
      accounts: await db.account.count({ where: { providerId: "credential" } }),
      members: await db.member.count({ where }),
      stores: await db.store.count({ where }),
      warehouses: await db.warehouse.count({ where }),
      channels: await db.logisticsChannel.count({ where }),
      skus: await db.sku.count({ where }),
      pairings: await db.skuPairing.count({ where }),
      inventory: await db.inventory.count({ where }),
      orders: await db.order.count({ where }),
      seedAudits: await db.auditLog.count({ where: { ...where, actorType: "system", action: "seed" } }),
    }).toEqual({
      users: DEMO_USERS.length,
      accounts: DEMO_USERS.length,
      members: DEMO_USERS.length,
      stores: DEMO_STORES.length,
      warehouses: DEMO_WAREHOUSES.length,
      channels: DEMO_CHANNELS.length,
      skus: skus.length,
      pairings: paired,
      inventory: buildDemoInventory(skus).length,
      orders: ORDER_COUNT,
      seedAudits: 1,
    });
    expect(first.masterData).toMatchObject({ skus: skus.length, skuPairings: paired, unpairedListings: pairings.length - paired });
    expect(first.orders).toMatchObject({ expected: ORDER_COUNT, inserted: ORDER_COUNT });
    expect(logs.some((l) => /orders\/s/.test(l))).toBe(true);

    const members = await db.member.findMany({ where, include: { user: true } });
    expect(Object.fromEntries(members.map((m) => [m.user.email, m.role]))).toEqual(Object.fromEntries(DEMO_USERS.map((u) => [u.email, u.role])));
  });

  it("stores master data the core's schemas accept, with warehouse ids resolved", async () => {
    const warehouses = await db.warehouse.findMany({ where: { organizationId: first.organizationId } });
    for (const w of warehouses) {
      expect(ZBusinessCalendar.safeParse(w.calendar).success).toBe(true);
      expect(w.address).toEqual(DEMO_WAREHOUSES.find((d) => d.code === w.code)!.address);
    }
    const ids = new Map(warehouses.map((w) => [w.code, w.id]));
    const channels = await db.logisticsChannel.findMany({ where: { organizationId: first.organizationId } });
    for (const ch of channels) {
      const demo = DEMO_CHANNELS.find((d) => d.code === ch.code)!;
      expect(ZRateCard.safeParse(ch.rateCard).success).toBe(true);
      expect(ch.originWarehouseIds).toEqual(demo.originWarehouseCodes.map((c) => ids.get(c)));
      expect([ch.transitDaysMin, ch.transitDaysMax]).toEqual([demo.transitDays.min, demo.transitDays.max]);
      expect(ch.currency).toBe(demo.rateCard.currency);
    }
  });

  it("stores valid orders whose columns match their data, including unpaired lines, batteries and cancellations", async () => {
    const rows = await db.order.findMany({ where: { organizationId: first.organizationId } });
    const storeIds = new Set((await db.store.findMany({ select: { id: true } })).map((s) => s.id));
    let unpaired = 0;
    let battery = 0;
    let cancelled = 0;
    for (const row of rows) {
      const order = ZOrder.parse(row.data) as TOrder;
      expect(storeIds.has(row.storeId)).toBe(true);
      expect(order.storeId).toBe(row.storeId);
      expect(order.id).toBe(`${row.storeId}:${row.externalId}`);
      expect([row.platform, row.status, row.country, row.currency, row.buyerId]).toEqual([order.platform, order.status, order.shippingAddress.country, order.currency, order.buyerId]);
      expect(row.placedAt.toISOString()).toBe(new Date(order.createdAt).toISOString());
      expect(row.paidAt?.toISOString() ?? null).toBe(order.paidAt && new Date(order.paidAt).toISOString());
      expect(row.shipByDeadline?.toISOString() ?? null).toBe(order.shipByDeadline && new Date(order.shipByDeadline).toISOString());
      expect(row.totalValue.toNumber()).toBe(order.totalValue);
      if (order.lines.some((l) => l.warehouseSku === null)) unpaired++;
      if (order.lines.some((l) => l.hasBattery)) battery++;
      if (order.status === "cancelled" || order.cancellationRequested) cancelled++;
    }
    expect(unpaired).toBeGreaterThan(0);
    expect(battery).toBeGreaterThan(0);
    expect(cancelled).toBeGreaterThan(0);
    const placed = rows.map((r) => r.placedAt.getTime());
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(anchor.getTime() - 90 * 86_400_000);
    expect(Math.max(...placed)).toBeLessThanOrEqual(anchor.getTime());
  });

  it("lets every demo user sign in through better-auth, and knows their organization", async () => {
    const auth = makeAuth(db);
    for (const u of DEMO_USERS) {
      const { headers, response } = await auth.api.signInEmail({ body: { email: u.email, password: u.password }, returnHeaders: true });
      expect(response.user.email).toBe(u.email);
      const cookie = headers.get("set-cookie")?.split(";")[0];
      const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie! }) });
      expect(session?.user.name).toBe(u.name);
      const orgs = await auth.api.listOrganizations({ headers: new Headers({ cookie: cookie! }) });
      expect(orgs.map((o) => o.slug)).toEqual([DEMO_ORG.slug]);
    }
    await expect(auth.api.signInEmail({ body: { email: DEMO_USERS[0].email, password: "wrong-password" } })).rejects.toThrow();
  });

  it("arrives working: a published pipeline over the five stages, a draft to simulate, a completed simulation and live decisions", async () => {
    const org = { organizationId: first.organizationId };
    const rulesets = await db.ruleset.findMany({ where: org, select: { name: true, stage: true, publishedVersionId: true, versions: { select: { number: true, status: true } } } });
    expect(rulesets.every((r) => r.publishedVersionId !== null)).toBe(true);
    expect(new Set(rulesets.map((r) => r.stage))).toEqual(new Set(["orderReview", "skuPairing", "warehouseMatching", "logisticsMatching", "autoProcessing"]));
    const warehouses = rulesets.find((r) => r.stage === "warehouseMatching")!;
    expect(warehouses.versions.map((v) => [v.number, v.status]).sort()).toEqual([
      [1, "published"],
      [2, "draft"],
    ]);
    const sims = await db.simulation.findMany({ where: org, select: { status: true, totals: true } });
    expect(sims.map((x) => x.status)).toEqual(["completed"]);
    // The draft moves EU orders to the Hamburg 3PL: the simulation shows changes.
    expect((sims[0]!.totals as { changed: number }).changed).toBeGreaterThan(0);
    const decisions = await db.routingDecision.count({ where: org });
    expect(decisions).toBeGreaterThan(0);
    // The README's store id.
    expect(await db.store.count({ where: { ...org, id: "demo-shopify" } })).toBe(1);
  });

  it("does nothing the second time", async () => {
    const before = await orderFingerprint(db);
    const audits = await db.auditLog.count();
    const decisions = await db.routingDecision.count();
    const again = await seedDemoMerchant(db, { anchor: new Date("2030-01-01T00:00:00Z"), orderCount: 10 });
    expect(again).toMatchObject({ status: "already-seeded", organizationId: first.organizationId, masterData: null, orders: null, rules: null });
    expect(await orderFingerprint(db)).toEqual(before);
    expect(await db.user.count()).toBe(DEMO_USERS.length);
    expect(await db.auditLog.count()).toBe(audits);
    expect(await db.routingDecision.count()).toBe(decisions);
  });

  it("resumes an interrupted order seed with the first run's anchor and count", async () => {
    const before = await orderFingerprint(db);
    // Simulate an interruption after some batches: the newest orders and the completion record are missing.
    const newest = await db.order.findMany({ orderBy: { placedAt: "desc" }, take: 1_234, select: { id: true } });
    await db.order.deleteMany({ where: { id: { in: newest.map((o) => o.id) } } });
    await db.auditLog.deleteMany({ where: { action: SEED_ORDERS_ACTION } });

    const resumed = await seedDemoMerchant(db, { anchor: new Date("2030-01-01T00:00:00Z"), orderCount: 10 });
    expect(resumed).toMatchObject({ status: "resumed", anchor: anchor.toISOString(), orders: { expected: ORDER_COUNT, inserted: 1_234 } });
    expect(await orderFingerprint(db)).toEqual(before);
    expect((await seedDemoMerchant(db)).status).toBe("already-seeded");
  });

  it("is deterministic: a second database gets the same orders", async () => {
    const other = await createTestDb(kind);
    try {
      const second = await seedDemoMerchant(other.db, { anchor, orderCount: ORDER_COUNT });
      expect(second.status).toBe("seeded");
      expect(second.organizationId).not.toBe(first.organizationId);
      expect(await orderFingerprint(other.db)).toEqual(await orderFingerprint(db));
      const skuCodes = async (d: Db) => (await d.sku.findMany({ select: { code: true }, orderBy: { code: "asc" } })).map((s) => s.code);
      expect(await skuCodes(other.db)).toEqual(await skuCodes(db));
    } finally {
      await other.drop();
    }
  });

  it("leaves alone a demo-slug organization it did not create", async () => {
    const other = await createTestDb(kind);
    try {
      await other.db.organization.create({ data: { name: "Someone else", slug: DEMO_ORG.slug } });
      const result = await seedDemoMerchant(other.db, { anchor, orderCount: 10 });
      expect(result.status).toBe("foreign");
      expect(await other.db.user.count()).toBe(0);
    } finally {
      await other.drop();
    }
  });
});

describe("resolveDemoAnchor", () => {
  const now = new Date("2026-11-22T15:45:00Z");
  it("defaults to today 00:00 UTC", () => {
    expect(resolveDemoAnchor({}, now).toISOString()).toBe("2026-11-22T00:00:00.000Z");
  });
  it("reads SWITCHYARD_DEMO_ANCHOR as a date or a date-time", () => {
    expect(resolveDemoAnchor({ SWITCHYARD_DEMO_ANCHOR: "2026-11-20" }, now).toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(resolveDemoAnchor({ SWITCHYARD_DEMO_ANCHOR: "2026-11-20T08:00:00+08:00" }, now).toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(() => resolveDemoAnchor({ SWITCHYARD_DEMO_ANCHOR: "next tuesday" }, now)).toThrow(/SWITCHYARD_DEMO_ANCHOR/);
  });
});

describe("seedDemoMerchant at full size (pglite)", () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb("pglite");
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  // How fast the seed runs is a benchmark's business (npm run bench:import), not a test's: this checks what it wrote.
  it("seeds 50,000 orders and stores every one", async () => {
    const started = performance.now();
    const result = await seedDemoMerchant(testDb.db, { anchor });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[seed] PGlite: ${result.orders!.inserted.toLocaleString("en-US")} orders at ${result.orders!.perSecond.toLocaleString("en-US")} orders/s; ` +
        `whole seed ${seconds.toFixed(1)} s`,
    );
    expect(result.status).toBe("seeded");
    expect(result.orders!.inserted).toBeGreaterThanOrEqual(50_000);
    expect(await testDb.db.order.count()).toBe(result.orders!.inserted);
  }, 600_000);
});
