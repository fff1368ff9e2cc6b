import type { TOrder } from "../order/order-schema";
import type { TEvaluationContext } from "./context-schema";

/**
 * What a stored live decision needs to be evaluated again exactly: the slice of the context that
 * evaluation can read for one order, and the context rebuilt from that slice.
 *
 * Evaluation reads stock only through "in stock at" (fact-catalog `inStockAt`): the order's own
 * warehouse SKUs in one warehouse. So the slice keeps every warehouse of the inventory (even one
 * with none of the SKUs: a warehouse with no row differs from one without the SKU when a line's
 * quantity is 0) and, in each, only the order's SKUs.
 */
export function inventorySliceFor(order: TOrder, inventory: TEvaluationContext["inventory"]): TEvaluationContext["inventory"] {
  const skus = new Set<string>();
  for (const line of order.lines) if (line.warehouseSku !== null) skus.add(line.warehouseSku);
  const out: TEvaluationContext["inventory"] = {};
  for (const warehouseId of Object.keys(inventory)) {
    const stock = inventory[warehouseId]!;
    const kept: Record<string, number> = {};
    for (const sku of skus) if (Object.prototype.hasOwnProperty.call(stock, sku)) kept[sku] = stock[sku]!;
    Object.defineProperty(out, warehouseId, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The master data a router snapshot evaluates with, apart from stock and buyers (stored once per content hash). */
export type TRouterMasterData = Pick<TEvaluationContext, "warehouses" | "channels">;

/** What was evaluated for one live decision, apart from the shared master data. */
export interface TDecisionInput {
  order: TOrder;
  /** The buyer's open orders looked up for merge rules; null when none were looked up (no stage reads them). */
  buyerOpenOrders: TEvaluationContext["buyerOpenOrders"][string] | null;
  inventory: TEvaluationContext["inventory"];
}

/** The context a stored decision was evaluated with, rebuilt from its parts. */
export function contextOfDecision(master: TRouterMasterData, input: TDecisionInput, now: string, base: Pick<TEvaluationContext, "buyerOpenOrders"> = { buyerOpenOrders: {} }): TEvaluationContext {
  return {
    now,
    warehouses: master.warehouses,
    channels: master.channels,
    inventory: input.inventory,
    buyerOpenOrders: input.buyerOpenOrders === null ? base.buyerOpenOrders : { [input.order.buyerId]: input.buyerOpenOrders },
  };
}
