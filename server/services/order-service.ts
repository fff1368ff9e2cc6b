import { ZOrder } from "@/rules-schema/order/order-schema";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import type { TOrderDetail, TOrderPage, TOrderSearchInput, TOrderSummary } from "../schemas/order-schemas";
import type { Tx } from "./db-helpers";
import type { Scope } from "./scope";
import { NotFoundError } from "./service-errors";

const SUMMARY_SELECT = {
  id: true,
  externalId: true,
  storeId: true,
  platform: true,
  placedAt: true,
  country: true,
  totalValue: true,
  currency: true,
  status: true,
  buyerId: true,
  data: true,
  store: { select: { name: true } },
} as const;
type SummaryRow = Prisma.OrderGetPayload<{ select: typeof SUMMARY_SELECT }>;

const linesOf = (data: Prisma.JsonValue): number => {
  const lines = data !== null && typeof data === "object" && !Array.isArray(data) ? data.lines : undefined;
  return Array.isArray(lines) ? lines.length : 0;
};

function toSummary(row: SummaryRow): TOrderSummary {
  return {
    id: row.id,
    externalId: row.externalId,
    storeId: row.storeId,
    storeName: row.store.name,
    platform: row.platform,
    createdAt: row.placedAt,
    country: row.country,
    totalValue: row.totalValue.toNumber(),
    currency: row.currency,
    lineCount: linesOf(row.data),
    status: row.status as TOrderSummary["status"],
    buyerId: row.buyerId,
  };
}

/** Escapes LIKE wildcards so a search for "50%" or "A_1" means those characters. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, "\\$&");

/**
 * The organization's stored orders, newest first. The filters (store, platform, country, placed
 * range) follow the `orders` indexes that start with `organizationId`; the text search (order-number
 * prefix in any case, buyer id, order id) has no index of its own and filters the rows those leave:
 * ~30–60 ms over 50,000 orders on PostgreSQL, ~120 ms on PGlite.
 */
export async function searchOrders(db: Db, scope: Scope, input: TOrderSearchInput): Promise<TOrderPage> {
  const where: Prisma.OrderWhereInput = {
    organizationId: scope.organizationId,
    ...(input.storeId ? { storeId: input.storeId } : {}),
    ...(input.platform ? { platform: input.platform } : {}),
    ...(input.country ? { country: input.country } : {}),
    ...(input.placedFrom || input.placedTo ? { placedAt: { ...(input.placedFrom ? { gte: input.placedFrom } : {}), ...(input.placedTo ? { lt: input.placedTo } : {}) } } : {}),
    ...(input.search
      ? {
          OR: [
            { externalId: { startsWith: likeLiteral(input.search), mode: "insensitive" } },
            { buyerId: input.search },
            { id: input.search },
          ],
        }
      : {}),
  };
  const skip = (input.page - 1) * input.pageSize;
  const rows = await db.order.findMany({ where, select: SUMMARY_SELECT, orderBy: [{ placedAt: "desc" }, { id: "desc" }], skip, take: input.pageSize });
  // A page that is not full is the last one: its total is known without counting (a search that
  // finds one order reads the table once, not twice).
  const total = rows.length < input.pageSize && (rows.length > 0 || skip === 0) ? skip + rows.length : await db.order.count({ where });
  return pageOf(rows.map(toSummary), total, input);
}

/** One stored order of the organization with the whole order as the rules model reads it. */
export async function getOrder(db: Db | Tx, scope: Scope, id: string): Promise<TOrderDetail> {
  const row = await db.order.findFirst({ where: { id, organizationId: scope.organizationId }, select: { ...SUMMARY_SELECT, importedAt: true } });
  if (!row) throw new NotFoundError("Order", id);
  return { ...toSummary(row), order: ZOrder.parse(row.data), importedAt: row.importedAt };
}
