/**
 * Puts the demo merchant (server/seed/demo-merchant.ts) into a database: users that can sign in through
 * better-auth, the organization and its members, stores, warehouses, logistics channels, SKUs, pairings,
 * stock, and 90 days of order history (generate-demo-orders.ts).
 *
 * - Idempotent: once the demo organization (slug DEMO_ORG.slug) exists and its orders are complete, a
 *   call does nothing but two small queries.
 * - Never half-seeds master data: everything but the orders is written in ONE transaction.
 * - Orders follow in batches, each one multi-row INSERT (so each batch is atomic on its own) with
 *   ON CONFLICT ("storeId", "externalId") DO NOTHING. If that stage is interrupted, the next call resumes
 *   it: the generator is deterministic, and the anchor and count are read back from the "seed" audit row.
 * - Completion of the orders is recorded as a second audit row (action "seed.orders").
 */
import { hashPassword } from "better-auth/crypto";
import type { TOrder } from "@/rules-schema";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import {
  DEMO_CHANNELS,
  DEMO_ORG,
  DEMO_STORES,
  DEMO_USERS,
  DEMO_WAREHOUSES,
  buildDemoInventory,
  buildDemoPairings,
  buildDemoSkus,
} from "./demo-merchant";
import { insertOrderRows } from "../services/order-row";
import { generateDemoOrders } from "./generate-demo-orders";
import { type SeedDemoRulesResult, seedDemoRules } from "./seed-demo-rules";

export const DEFAULT_DEMO_ORDER_COUNT = 50_000;
/** The id of a demo store: "demo-" and its key ("demo-shopify"). */
export const demoStoreId = (key: string) => `demo-${key}`;
/** Orders per INSERT: 14 parameters each, well below PostgreSQL's 65,535-parameter limit. */
export const DEMO_ORDER_BATCH_SIZE = 1_000;
export const SEED_ACTION = "seed";
export const SEED_ORDERS_ACTION = "seed.orders";

export type SeedDemoMerchantOptions = {
  /** End of the 90-day order history. Default: `SWITCHYARD_DEMO_ANCHOR`, else today 00:00 UTC. */
  anchor?: Date;
  /** Orders to generate (default 50,000). Ignored when resuming: the first run's count is used. */
  orderCount?: number;
  log?: (message: string) => void;
};

export type SeedMasterDataCounts = {
  users: number;
  members: number;
  stores: number;
  warehouses: number;
  logisticsChannels: number;
  skus: number;
  skuPairings: number;
  unpairedListings: number;
  inventory: number;
};

export type SeedDemoMerchantResult = {
  /**
   * - "seeded": master data and orders were written now;
   * - "resumed": master data existed, missing orders of an interrupted seed were written now;
   * - "already-seeded": nothing to do;
   * - "foreign": an organization with the demo slug exists but was not created by this seed (left alone).
   */
  status: "seeded" | "resumed" | "already-seeded" | "foreign";
  organizationId: string;
  /** The anchor the orders were generated for (ISO), when known. */
  anchor: string | null;
  /** Master data written by this call (null if none was). */
  masterData: SeedMasterDataCounts | null;
  /** Orders of this call (null if the order stage did not run). */
  orders: { expected: number; inserted: number; ms: number; perSecond: number } | null;
  /** The demo's rules, simulation and live decisions written by this call (null if none were). */
  rules?: SeedDemoRulesResult | null;
  ms: number;
  message: string;
};

/** `SWITCHYARD_DEMO_ANCHOR` (a date `2026-11-20` or a date-time with offset), else today 00:00 UTC. */
export function resolveDemoAnchor(env: Readonly<Record<string, string | undefined>> = process.env, now: Date = new Date()): Date {
  const raw = env.SWITCHYARD_DEMO_ANCHOR?.trim();
  if (raw) {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Date.parse(raw);
    if (Number.isNaN(ms)) {
      throw new Error(`SWITCHYARD_DEMO_ANCHOR=${JSON.stringify(raw)} is not a date: use e.g. 2026-11-20 or 2026-11-20T00:00:00Z`);
    }
    return new Date(ms);
  }
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

type SeedAuditDiff = { anchor: string; orderCount: number; masterData: SeedMasterDataCounts };

export async function seedDemoMerchant(db: Db, options: SeedDemoMerchantOptions = {}): Promise<SeedDemoMerchantResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const existing = await db.organization.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  if (existing) return continueExisting(db, existing.id, started, log);

  const anchor = options.anchor ?? resolveDemoAnchor();
  const orderCount = options.orderCount ?? DEFAULT_DEMO_ORDER_COUNT;
  if (!Number.isInteger(orderCount) || orderCount < 1) throw new Error(`orderCount must be a positive integer, got ${orderCount}`);
  if (Number.isNaN(anchor.getTime())) throw new Error("anchor is not a valid date");

  log(`Seeding the demo merchant ${DEMO_ORG.name} (${DEMO_ORG.slug}), orders up to ${anchor.toISOString()}…`);
  let master: { organizationId: string; storeIds: Record<string, string>; counts: SeedMasterDataCounts };
  try {
    master = await seedMasterData(db, anchor, orderCount);
  } catch (error) {
    // Another process created the organization meanwhile (PostgreSQL): continue from its state.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const raced = await db.organization.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
      if (raced) return continueExisting(db, raced.id, started, log);
    }
    throw error;
  }
  const c = master.counts;
  log(
    `Master data: ${c.users} users, ${c.stores} stores, ${c.warehouses} warehouses, ${c.logisticsChannels} channels, ` +
      `${c.skus} SKUs, ${c.skuPairings} pairings (${c.unpairedListings} listings unpaired), ${c.inventory} stock rows ` +
      `(${fmtMs(performance.now() - started)}).`,
  );
  const orders = await seedOrders(db, master.organizationId, master.storeIds, anchor, orderCount, false, log);
  const rules = await seedDemoRules(db, master.organizationId, anchor, log);
  return {
    status: "seeded",
    organizationId: master.organizationId,
    anchor: anchor.toISOString(),
    masterData: master.counts,
    orders,
    rules,
    ms: Math.round(performance.now() - started),
    message: `Seeded the demo merchant: ${c.skus} SKUs, ${orders.inserted} orders.`,
  };
}

async function continueExisting(db: Db, organizationId: string, started: number, log: (m: string) => void): Promise<SeedDemoMerchantResult> {
  const audits = await db.auditLog.findMany({
    where: { organizationId, actorType: "system", action: { in: [SEED_ACTION, SEED_ORDERS_ACTION] }, entityType: "organization" },
    select: { action: true, diff: true },
  });
  const seed = audits.find((a) => a.action === SEED_ACTION);
  const diff = seed ? readSeedDiff(seed.diff) : null;
  const base = { organizationId, masterData: null, ms: 0 };
  if (!diff) {
    return {
      ...base,
      status: "foreign",
      anchor: null,
      orders: null,
      ms: Math.round(performance.now() - started),
      message: `Organization "${DEMO_ORG.slug}" exists but was not created by the demo seed; left alone.`,
    };
  }
  if (audits.some((a) => a.action === SEED_ORDERS_ACTION)) {
    // A database seeded before the demo had rules gets them now (one query when it has them).
    const rules = await seedDemoRules(db, organizationId, new Date(diff.anchor), log);
    return {
      ...base,
      status: "already-seeded",
      anchor: diff.anchor,
      orders: null,
      rules: rules.status === "seeded" ? rules : null,
      ms: Math.round(performance.now() - started),
      message: "The demo merchant is already seeded; nothing to do.",
    };
  }
  log(`The demo merchant's order history is incomplete (an interrupted seed?): resuming…`);
  const stores = await db.store.findMany({ where: { organizationId }, select: { id: true, name: true } });
  const storeIds = storeIdsByKey(stores);
  const orders = await seedOrders(db, organizationId, storeIds, new Date(diff.anchor), diff.orderCount, true, log);
  const rules = await seedDemoRules(db, organizationId, new Date(diff.anchor), log);
  return {
    ...base,
    status: "resumed",
    anchor: diff.anchor,
    orders,
    rules,
    ms: Math.round(performance.now() - started),
    message: `Resumed the demo seed: ${orders.inserted} missing orders written.`,
  };
}

function readSeedDiff(diff: Prisma.JsonValue): SeedAuditDiff | null {
  if (typeof diff !== "object" || diff === null || Array.isArray(diff)) return null;
  const { anchor, orderCount } = diff as Record<string, unknown>;
  if (typeof anchor !== "string" || Number.isNaN(Date.parse(anchor)) || typeof orderCount !== "number") return null;
  return diff as unknown as SeedAuditDiff;
}

function storeIdsByKey(stores: { id: string; name: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of DEMO_STORES) {
    const row = stores.find((x) => x.name === s.name);
    if (!row) throw new Error(`Demo store "${s.name}" is missing from the demo organization`);
    out[s.key] = row.id;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Master data: one transaction
// ---------------------------------------------------------------------------------------------

async function seedMasterData(db: Db, anchor: Date, orderCount: number) {
  const skus = buildDemoSkus();
  const pairings = buildDemoPairings(skus);
  const inventory = buildDemoInventory(skus);
  // scrypt is slow on purpose: hash before the transaction, in parallel (each with its own salt).
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));

  return db.$transaction(
    async (tx) => {
      const org = await tx.organization.create({
        data: { name: DEMO_ORG.name, slug: DEMO_ORG.slug, settings: { demoAnchor: anchor.toISOString() } },
        select: { id: true },
      });
      const organizationId = org.id;

      // Users exactly as better-auth's email+password sign-up leaves them: a user, and a "credential"
      // account whose accountId is the user id and whose password is better-auth's scrypt hash.
      // A user who already exists (e.g. signed up by hand) is reused, and keeps their password.
      for (const [i, u] of DEMO_USERS.entries()) {
        const email = u.email.toLowerCase();
        const user =
          (await tx.user.findUnique({ where: { email }, select: { id: true } })) ??
          (await tx.user.create({ data: { name: u.name, email, emailVerified: true }, select: { id: true } }));
        const credential = await tx.account.findFirst({ where: { userId: user.id, providerId: "credential" }, select: { id: true } });
        if (!credential) {
          await tx.account.create({ data: { userId: user.id, accountId: user.id, providerId: "credential", password: hashes[i]! } });
        }
        await tx.member.create({ data: { organizationId, userId: user.id, role: u.role } });
      }

      const stores = await tx.store.createManyAndReturn({
        // Readable, stable ids (demo-shopify, demo-temu-us…), so the README's API examples work as written.
        data: DEMO_STORES.map((s) => ({ id: demoStoreId(s.key), organizationId, platform: s.platform, name: s.name, site: s.site })),
        select: { id: true, name: true },
      });
      const storeIds = storeIdsByKey(stores);

      const warehouses = await tx.warehouse.createManyAndReturn({
        data: DEMO_WAREHOUSES.map((w) => ({
          organizationId,
          code: w.code,
          name: w.name,
          kind: w.kind,
          country: w.country,
          address: w.address,
          calendar: w.calendar,
        })),
        select: { id: true, code: true },
      });
      const warehouseIds = new Map(warehouses.map((w) => [w.code, w.id]));
      const warehouseId = (code: string) => {
        const id = warehouseIds.get(code);
        if (!id) throw new Error(`Unknown demo warehouse ${code}`);
        return id;
      };

      await tx.logisticsChannel.createMany({
        data: DEMO_CHANNELS.map((ch) => ({
          organizationId,
          code: ch.code,
          name: ch.name,
          carrier: ch.carrier,
          service: ch.service,
          originWarehouseIds: ch.originWarehouseCodes.map(warehouseId),
          maxWeightGrams: ch.maxWeightGrams,
          maxLengthCm: ch.maxLengthCm,
          maxGirthCm: ch.maxGirthCm,
          countries: ch.countries,
          batteryAllowed: ch.batteryAllowed,
          liquidAllowed: ch.liquidAllowed,
          hazmatAllowed: ch.hazmatAllowed,
          rateCard: ch.rateCard,
          transitDaysMin: ch.transitDays.min,
          transitDaysMax: ch.transitDays.max,
          currency: ch.rateCard.currency,
        })),
      });

      const skuRows = await tx.sku.createManyAndReturn({
        data: skus.map((s) => ({
          organizationId,
          code: s.code,
          name: s.name,
          category: s.category,
          hsCode: s.hsCode,
          weightGrams: s.weightGrams,
          lengthCm: s.lengthCm,
          widthCm: s.widthCm,
          heightCm: s.heightCm,
          hasBattery: s.hasBattery,
          hasLiquid: s.hasLiquid,
          isHazmat: s.isHazmat,
        })),
        select: { id: true, code: true },
      });
      const skuIds = new Map(skuRows.map((s) => [s.code, s.id]));
      const skuId = (code: string) => {
        const id = skuIds.get(code);
        if (!id) throw new Error(`Unknown demo SKU ${code}`);
        return id;
      };

      // SkuPairing.skuId is required: an unpaired listing is one without a pairing row.
      const paired = pairings.filter((p): p is typeof p & { skuCode: string } => p.skuCode !== null);
      await tx.skuPairing.createMany({
        data: paired.map((p) => ({ organizationId, storeId: storeIds[p.storeKey]!, platformSku: p.platformSku, skuId: skuId(p.skuCode), quantity: 1 })),
      });

      await tx.inventory.createMany({
        data: inventory.map((i) => ({
          organizationId,
          warehouseId: warehouseId(i.warehouseCode),
          skuId: skuId(i.skuCode),
          quantity: i.quantity,
          lowStockThreshold: i.lowStockThreshold,
        })),
      });

      const counts: SeedMasterDataCounts = {
        users: DEMO_USERS.length,
        members: DEMO_USERS.length,
        stores: stores.length,
        warehouses: warehouses.length,
        logisticsChannels: DEMO_CHANNELS.length,
        skus: skuRows.length,
        skuPairings: paired.length,
        unpairedListings: pairings.length - paired.length,
        inventory: inventory.length,
      };
      const diff: SeedAuditDiff = { anchor: anchor.toISOString(), orderCount, masterData: counts };
      await tx.auditLog.create({
        data: { organizationId, actorType: "system", actorId: null, action: SEED_ACTION, entityType: "organization", entityId: organizationId, diff },
      });
      return { organizationId, storeIds, counts };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

// ---------------------------------------------------------------------------------------------
// Orders: batches through the same INSERT … ON CONFLICT DO NOTHING as imports
// ---------------------------------------------------------------------------------------------

async function seedOrders(
  db: Db,
  organizationId: string,
  storeIds: Record<string, string>,
  anchor: Date,
  count: number,
  resuming: boolean,
  log: (m: string) => void,
): Promise<{ expected: number; inserted: number; ms: number; perSecond: number }> {
  const started = performance.now();
  const skus = buildDemoSkus();
  const pairings = buildDemoPairings(skus);
  let expected = 0;
  let inserted = 0;
  let nextProgress = 10_000;
  let batch: TOrder[] = [];

  const flush = async () => {
    let pending = batch;
    batch = [];
    if (resuming) {
      // Skip the orders an earlier, interrupted run already wrote (ON CONFLICT would too, but this keeps
      // a resume cheap when most batches are complete).
      const present = await db.order.findMany({
        where: { organizationId, externalId: { in: pending.map((o) => o.externalId) } },
        select: { storeId: true, externalId: true },
      });
      const have = new Set(present.map((o) => `${o.storeId}\u0000${o.externalId}`));
      pending = pending.filter((o) => !have.has(`${o.storeId}\u0000${o.externalId}`));
    }
    if (pending.length > 0) inserted += await insertOrderRows(db, organizationId, pending);
    if (expected >= nextProgress) {
      log(`  ${expected.toLocaleString("en-US")} / ${count.toLocaleString("en-US")} orders…`);
      nextProgress += 10_000;
    }
  };

  for (const order of generateDemoOrders(skus, pairings, { count, anchor, storeIds })) {
    batch.push(order);
    expected++;
    if (batch.length >= DEMO_ORDER_BATCH_SIZE) await flush();
  }
  if (batch.length > 0) await flush();

  const ms = performance.now() - started;
  const perSecond = Math.round(inserted / Math.max(ms / 1000, 0.001));
  log(`Orders: ${inserted.toLocaleString("en-US")} written in ${fmtMs(ms)} (${perSecond.toLocaleString("en-US")} orders/s).`);
  await db.auditLog.create({
    data: {
      organizationId,
      actorType: "system",
      actorId: null,
      action: SEED_ORDERS_ACTION,
      entityType: "organization",
      entityId: organizationId,
      diff: { anchor: anchor.toISOString(), expected, inserted, resumed: resuming, ms: Math.round(ms) },
    },
  });
  return { expected, inserted, ms: Math.round(ms), perSecond };
}

// ---------------------------------------------------------------------------------------------

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
