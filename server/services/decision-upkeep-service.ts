/**
 * Keeping the stored live decisions in shape: filling the explorer columns of decisions stored before
 * they existed (`backfillDecisionFacets`), deleting decisions past the organization's retention
 * (`purgeDecisions`; the rollups stay), and counting idempotent replays (`markReplayed`).
 * Small batches, so that on PGlite (one connection) routing waits at most one batch.
 */
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { DecisionRollups, FACETS_VERSION, type FacetOrder, decisionFacets } from "./decision-facets";
import { addRollups, applyHeldOrders } from "./decision-store";
import { settingsOf } from "./organization-settings-service";

const DAY_MS = 86_400_000;
/** How long the holds queue keeps a released order's row (against a hold of it written at the same moment elsewhere). */
const RELEASE_KEPT_MS = 3_600_000;

/**
 * Fills the facets of up to `batch` decisions without them (or with an older FACETS_VERSION) and adds
 * them to the rollups, in one transaction: a row is counted exactly once even when several
 * instances backfill at the same time (SKIP LOCKED) or live writes go on. The order's fields come from
 * the stored input, else from the `orders` row. Returns how many rows it filled (0: done).
 */
export async function backfillDecisionFacets(db: Db, batch = 1000): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; organizationId: string; orderId: string; externalId: string; decision: unknown; input: { order?: FacetOrder } | null; createdAt: Date; decideUs: number | null; deadlineRisk: string | null }[]>`
      SELECT d."id", d."organizationId", d."orderId", d."externalId", d."decision", d."input", d."createdAt", d."decideUs", d."deadlineRisk"
      FROM (
        SELECT "id" FROM "routing_decisions" WHERE "facetsVersion" IS NULL OR "facetsVersion" < ${FACETS_VERSION}
        LIMIT ${batch} FOR UPDATE SKIP LOCKED
      ) pick
      JOIN "routing_decisions" d ON d."id" = pick."id"`;
    // The orders these decisions were about, found by order number (an order's model id is not the table's id).
    const wanted = rows.filter((r) => !r.input?.order && r.externalId !== "");
    const found = new Map<string, FacetOrder>();
    if (wanted.length) {
      const orders = await tx.$queryRaw<{ organizationId: string; data: FacetOrder & { id?: string } }[]>`
        SELECT "organizationId", "data" FROM "orders"
        WHERE ("organizationId", "externalId") IN (${Prisma.join(wanted.map((r) => Prisma.sql`(${r.organizationId}, ${r.externalId})`))})`;
      for (const o of orders) if (typeof o.data?.id === "string") found.set(`${o.organizationId}\u0000${o.data.id}`, o.data);
    }
    if (rows.length === 0) return 0;
    const rollups = new DecisionRollups();
    const updates = rows.map((r) => {
      const order = r.input?.order ?? found.get(`${r.organizationId}\u0000${r.orderId}`) ?? null;
      const facets = decisionFacets(r.decision, order && typeof order === "object" && order.shippingAddress ? order : null);
      // Rows filled at an older facets version were counted then: only rows never filled add to the rollups.
      return { id: r.id, organizationId: r.organizationId, orderId: r.orderId, externalId: r.externalId, createdAt: r.createdAt, decideUs: r.decideUs, deadlineRisk: r.deadlineRisk, facets, decision: r.decision };
    });
    const fresh = new Set(
      (await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "routing_decisions" WHERE "id" IN (${Prisma.join(rows.map((r) => r.id))}) AND "facetsVersion" IS NULL`).map((r) => r.id),
    );
    for (const u of updates) if (fresh.has(u.id)) rollups.add(u.organizationId, u.createdAt.getTime(), u.facets, u.decideUs, u.deadlineRisk);
    await tx.$executeRawUnsafe(
      `UPDATE "routing_decisions" d SET "storeId" = f."storeId", "platform" = f."platform", "country" = f."country", "buyerId" = f."buyerId",
         "placedAt" = f."placedAt", "shipByDeadline" = f."shipByDeadline", "warehouseId" = f."warehouseId", "channelId" = f."channelId",
         "status" = f."status", "split" = f."split", "holdReasons" = f."holdReasons", "ruleKeys" = f."ruleKeys", "versionKeys" = f."versionKeys",
         "facetsVersion" = f."facetsVersion"
       FROM jsonb_to_recordset($1::jsonb) AS f("id" text, "storeId" text, "platform" text, "country" text, "buyerId" text, "placedAt" timestamptz,
         "shipByDeadline" timestamptz, "warehouseId" text, "channelId" text, "status" text, "split" boolean, "holdReasons" text[], "ruleKeys" text[],
         "versionKeys" text[], "facetsVersion" smallint)
       WHERE d."id" = f."id"`,
      JSON.stringify(updates.map((u) => ({ id: u.id, ...u.facets }))),
    );
    await addRollups(tx, rollups);
    // A decision whose status was unknown until now may hold its order, or release it.
    await applyHeldOrders(tx, updates);
    return rows.length;
  });
}

/** Backfills until nothing is left; resolves with the rows filled. */
export async function backfillAllDecisionFacets(db: Db, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await backfillDecisionFacets(db, batch);
    total += n;
    if (n < batch) return total;
    // Let routing in between (PGlite has one connection).
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Deletes live decisions older than each organization's retention (`decisionRetentionDays`, default 90),
 * `batch` rows per statement, until none is left. Rollups have no link to decisions and stay. Returns
 * how many were deleted, per organization.
 */
export async function purgeDecisions(db: Db, now: Date, batch = 2000, onlyOrganizationId?: string): Promise<Map<string, number>> {
  const orgs = await db.organization.findMany({ where: onlyOrganizationId ? { id: onlyOrganizationId } : {}, select: { id: true, settings: true } });
  const deleted = new Map<string, number>();
  for (const org of orgs) {
    const stored = org.settings && typeof org.settings === "object" && !Array.isArray(org.settings) ? (org.settings as Record<string, unknown>) : {};
    const cutoff = new Date(now.getTime() - settingsOf(stored).decisionRetentionDays * DAY_MS);
    // First the watermark, then the deletes: a spooled copy of a purged decision that arrives later is
    // not stored (nor counted) again, since the watermark committed before the decision was deleted.
    await db.$executeRaw`
      UPDATE "organizations" SET "settings" = jsonb_set(COALESCE("settings", '{}'::jsonb), '{decisionsPurgedBefore}', to_jsonb(${cutoff.toISOString()}::text))
      WHERE "id" = ${org.id} AND COALESCE("settings"->>'decisionsPurgedBefore', '') < ${cutoff.toISOString()}`;
    let count = 0;
    for (;;) {
      // SKIP LOCKED: instances purging at once take different batches instead of waiting on each other's.
      const n = await db.$executeRaw`
        DELETE FROM "routing_decisions" WHERE "id" IN (
          SELECT "id" FROM "routing_decisions" WHERE "organizationId" = ${org.id} AND "createdAt" < ${cutoff} ORDER BY "createdAt", "id" LIMIT ${batch} FOR UPDATE SKIP LOCKED
        )`;
      count += n;
      if (n < batch) break;
      await new Promise((r) => setImmediate(r));
    }
    // The holds queue keeps no order whose decision is gone, and releases for an hour (`heldOrdersCtes`).
    const released = new Date(now.getTime() - RELEASE_KEPT_MS);
    for (;;) {
      const n = await db.$executeRaw`
        DELETE FROM "held_orders" WHERE ("organizationId", "orderId") IN (
          SELECT "organizationId", "orderId" FROM "held_orders"
          WHERE "organizationId" = ${org.id} AND ("createdAt" < ${cutoff} OR (NOT "waiting" AND "createdAt" < ${released}))
          LIMIT ${batch} FOR UPDATE SKIP LOCKED
        )`;
      if (n < batch) break;
      await new Promise((r) => setImmediate(r));
    }
    if (count > 0) deleted.set(org.id, count);
  }
  return deleted;
}

/** Counts an idempotent replay on the decisions it answered with (best effort: a failure is only logged). */
export async function markReplayed(db: Db, organizationId: string, decisionIds: readonly string[]): Promise<void> {
  if (decisionIds.length === 0) return;
  await db.$executeRaw`UPDATE "routing_decisions" SET "replayCount" = "replayCount" + 1 WHERE "organizationId" = ${organizationId} AND "id" IN (${Prisma.join(decisionIds)})`;
}
