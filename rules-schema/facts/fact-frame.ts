import type { TChannelRef, TEvaluationContext, TWarehouseRef } from "../context/context-schema";
import type { TDerivedFacts } from "../order/derive-order-facts";
import { deriveOrderFacts } from "../order/derive-order-facts";
import type { TOrder } from "../order/order-schema";

interface ContextIndex {
  warehouses: Map<string, TWarehouseRef>;
  channels: Map<string, TChannelRef>;
}
const contextIndexes = new WeakMap<TEvaluationContext, ContextIndex>();

/** Id lookups over a context, built once per context object. */
export function indexContext(context: TEvaluationContext): ContextIndex {
  let index = contextIndexes.get(context);
  if (!index) {
    index = {
      warehouses: new Map(context.warehouses.map((w) => [w.id, w])),
      channels: new Map(context.channels.map((c) => [c.id, c])),
    };
    contextIndexes.set(context, index);
  }
  return index;
}

/** Everything a fact may read while one order is evaluated. */
export interface FactFrame {
  order: TOrder;
  derived: TDerivedFacts;
  context: TEvaluationContext;
  /** Memo of parameterised (master-data) facts for this order, created on first use. */
  memo: Map<string, unknown> | null;
  /** Non-fallback rules matched so far; read by the fallback gate. */
  matchedCount: number;
  /** The warehouse an earlier stage of the pipeline assigned (null in and before warehouse matching). */
  assignedWarehouseId: string | null;
}

/** `derived`: the order's facts when the caller evaluates it several times (pipeline stages, simulator sides). */
export function createFactFrame(order: TOrder, context: TEvaluationContext, derived?: TDerivedFacts, assignedWarehouseId: string | null = null): FactFrame {
  return { order, derived: derived ?? deriveOrderFacts(order, context.now), context, memo: null, matchedCount: 0, assignedWarehouseId };
}

/** Own-property read of a plain record; never walks the prototype chain. */
export function ownValue<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
