import type { TEvaluationContext } from "../context/context-schema";
import { indexContext } from "../facts/fact-frame";
import { evaluationInstant } from "../order/derive-order-facts";
import type { TOrder } from "../order/order-schema";
import { parseIsoMs } from "../util/parse-iso-ms";
import { nextDispatchCached } from "./dispatch-schedule";
import type { TDeadlineRisk } from "./simulation-schema";

export interface TDeadlineAssessment {
  deadline: TDeadlineRisk;
  /** Hours from the first possible dispatch to the deadline, to 0.01 h (negative when late); null without both. */
  marginHours: number | null;
}

const HOUR_MS = 3_600_000;

/** Rounded to 0.01, never -0. */
function hundredths(x: number): number {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r;
}

/**
 * Whether the order, shipped from `warehouseId`, leaves before its ship-by deadline: the first
 * dispatch (the warehouse's next cut-off on a working day) at or after the evaluation instant
 * (context.now, else when the order was paid, else when it was created) must not be later than
 * the deadline.
 * - `noDeadline` when the order has no ship-by deadline (checked first);
 * - `noWarehouse` when no warehouse is given or it is not in `context.warehouses`;
 * - `late` when the dispatch is after the deadline, or there is no working day in the next 60 days
 *   (then the margin is null);
 * - `ok` otherwise.
 * `instantMs` may be passed when the caller already has the evaluation instant.
 */
export function assessDeadline(
  order: TOrder,
  warehouseId: string | null,
  context: TEvaluationContext,
  instantMs: number = evaluationInstant(order, context.now),
): TDeadlineAssessment {
  if (order.shipByDeadline === null) return { deadline: "noDeadline", marginHours: null };
  const warehouse = warehouseId === null ? undefined : indexContext(context).warehouses.get(warehouseId);
  if (warehouse === undefined) return { deadline: "noWarehouse", marginHours: null };
  const dispatch = nextDispatchCached(warehouse.calendar, instantMs);
  if (dispatch === null) return { deadline: "late", marginHours: null };
  const deadlineMs = parseIsoMs(order.shipByDeadline);
  return { deadline: dispatch > deadlineMs ? "late" : "ok", marginHours: hundredths((deadlineMs - dispatch) / HOUR_MS) };
}
