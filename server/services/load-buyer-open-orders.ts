import type { TCompiledRuleset } from "@/rules-schema/compile/compiled-schema";
import type { TOrder, TOrderStatus } from "@/rules-schema/order/order-schema";
import type { Db } from "../db/create-db";
import type { Tx } from "./db-helpers";
import type { Scope } from "./scope";

/** The fact that reads `context.buyerOpenOrders`; its `hours` parameter is the window it looks at. */
const BUYER_FACT = "buyerOrdersWithinHours";

/** Statuses of orders that have left (or will never leave) the warehouse: not open. */
export const CLOSED_ORDER_STATUSES: readonly TOrderStatus[] = ["shipped", "delivered", "cancelled"];

/** The widest `hours` window any condition of the ruleset asks the buyer fact for; null when none does. */
export function buyerWindowHours(compiled: TCompiledRuleset): number | null {
  let widest: number | null = null;
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (x === null || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    if (o.fact === BUYER_FACT) {
      const hours = Number((o.params as Record<string, unknown> | undefined)?.hours);
      if (Number.isFinite(hours) && hours >= 0) widest = Math.max(widest ?? 0, hours);
    }
    for (const v of Object.values(o)) visit(v);
  };
  for (const rule of compiled.rules) visit(rule.conditions);
  return widest;
}

/**
 * The buyer's other open orders placed within `hours` of `order` (either side), as the evaluation
 * context's `buyerOpenOrders` entry. "Open" means not shipped, delivered or cancelled now. The order
 * itself (same store and order number) is left out. Reads the (organizationId, placedAt) index.
 */
export async function loadBuyerOpenOrders(db: Db | Tx, scope: Scope, order: TOrder, hours: number): Promise<{ orderId: string; createdAt: string }[]> {
  if (order.buyerId === "") return [];
  const created = Date.parse(order.createdAt);
  const windowMs = hours * 3_600_000;
  const rows = await db.order.findMany({
    where: {
      organizationId: scope.organizationId,
      placedAt: { gte: new Date(created - windowMs), lte: new Date(created + windowMs) },
      buyerId: order.buyerId,
      status: { notIn: [...CLOSED_ORDER_STATUSES] },
      NOT: { storeId: order.storeId, externalId: order.externalId },
    },
    select: { id: true, placedAt: true },
    orderBy: [{ placedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ orderId: r.id, createdAt: r.placedAt.toISOString() }));
}
