/**
 * Evaluates one chunk of a simulation: baseline and candidate for every order, the changes, and the
 * chunk's totals. Pure (no database, no framework), so the same function runs in a worker thread,
 * inline on the main thread, and in tests. Imports are relative: worker threads load this file
 * without the app's path aliases.
 */
import type { TEvaluationContext } from "../../rules-schema/context/context-schema";
import type { TOrder } from "../../rules-schema/order/order-schema";
import { addComparison, createSimulator, emptySimulationTotals } from "../../rules-schema/simulate";
import type { TOrderComparison, TSimulationPlan, TSimulationTotals } from "../../rules-schema/simulate/simulation-schema";

/**
 * A chunk as read from the database, still as text (parsed here, off the main thread):
 * `ordersJson` is `[[id, order], …]` in id order; `buyersJson` is `[[buyerId, orderId, createdAt], …]`,
 * the orders of the chunk's buyers near its orders (for merge facts), or null when the plan needs none.
 */
export interface ChunkInput {
  ordersJson: string;
  buyersJson: string | null;
}

/** Buyer id → that buyer's orders near the chunk's orders (for merge facts and merged parcels). */
export type ChunkBuyers = Record<string, { orderId: string; createdAt: string }[]>;

export interface ChangedOrderOut {
  orderId: string;
  externalId: string;
  placedAt: string;
  storeId: string;
  platform: string;
  country: string;
  comparison: TOrderComparison;
}

/** A changed order as a row of `simulation_orders` (but its simulation and chunk): the simulator's and the shadow's. */
export interface ChangedOrderRow extends Omit<ChangedOrderOut, "comparison"> {
  changes: TOrderComparison["changes"];
  baselineWarehouseId: string | null;
  candidateWarehouseId: string | null;
  baselineChannelId: string | null;
  candidateChannelId: string | null;
  /** Candidate minus baseline, when both are priced in one currency. */
  costDelta: number | null;
  baseline: TOrderComparison["baseline"];
  candidate: TOrderComparison["candidate"];
}

export function changedOrderRow({ comparison: c, ...order }: ChangedOrderOut): ChangedOrderRow {
  const b = c.baseline;
  const a = c.candidate;
  return {
    ...order,
    changes: c.changes,
    baselineWarehouseId: b.warehouseId,
    candidateWarehouseId: a.warehouseId,
    baselineChannelId: b.channelId,
    candidateChannelId: a.channelId,
    costDelta: a.cost !== null && b.cost !== null && a.currency === b.currency ? Math.round((a.cost - b.cost) * 100) / 100 : null,
    baseline: b,
    candidate: a,
  };
}

export interface ChunkResult {
  orders: number;
  totals: TSimulationTotals;
  changed: ChangedOrderOut[];
}

type Simulator = ReturnType<typeof createSimulator>;
const simulators = new Map<string, Simulator>();

/** The simulator of a plan, built once per key (a simulation id) and reused for its chunks. */
export function simulatorFor(key: string, plan: TSimulationPlan): Simulator {
  let s = simulators.get(key);
  if (!s) {
    // Keep a handful: a worker serves several simulations at once, rarely many.
    if (simulators.size >= 8) simulators.delete(simulators.keys().next().value!);
    s = createSimulator(plan);
    simulators.set(key, s);
  }
  return s;
}

export function evaluateChunk(simulator: Simulator, baseContext: TEvaluationContext, input: ChunkInput): ChunkResult {
  const buyers: ChunkBuyers = Object.create(null) as ChunkBuyers;
  if (input.buyersJson !== null)
    for (const [buyerId, orderId, createdAt] of JSON.parse(input.buyersJson) as [string, string, string][]) (buyers[buyerId] ??= []).push({ orderId, createdAt });
  const context: TEvaluationContext = { ...baseContext, buyerOpenOrders: buyers };
  const rows = JSON.parse(input.ordersJson) as [string, TOrder][];
  const totals = emptySimulationTotals();
  const changed: ChangedOrderOut[] = [];
  for (const [id, order] of rows) {
    const comparison = simulator.compare(order, context);
    addComparison(totals, comparison);
    if (comparison.changes.length > 0)
      changed.push({
        orderId: id,
        externalId: order.externalId,
        placedAt: order.createdAt,
        storeId: order.storeId,
        platform: order.platform,
        country: order.shippingAddress.country,
        comparison,
      });
  }
  return { orders: rows.length, totals, changed };
}
