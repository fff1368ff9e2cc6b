import { z } from "zod";
import { ZCountryCode, ZTimestamp } from "../order/order-schema";
import { ZRateCard } from "./rate-card";

const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day HH:MM, e.g. 16:00");
const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

export const ZTimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be an IANA time zone, e.g. Asia/Shanghai" },
);

/** A warehouse's business calendar: when it picks, packs and hands parcels to carriers. */
export const ZBusinessCalendar = z
  .object({
    timeZone: ZTimeZone,
    /** ISO weekdays the warehouse works: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).max(7).default([1, 2, 3, 4, 5]),
    holidays: z.array(ZIsoDate).max(400).default([]),
    /** Start of the working day, local time. */
    workdayStart: ZClockTime.default("09:00"),
    /** Daily cut-off: parcels packed by then leave the same day. */
    cutoffTime: ZClockTime.default("17:00"),
  })
  .refine((c) => c.workdayStart < c.cutoffTime, { message: "workdayStart must be before cutoffTime", path: ["cutoffTime"] });
export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;

export const WAREHOUSE_KINDS = ["own", "overseas_3pl", "platform"] as const;

export const ZWarehouseRef = z.object({
  id: z.string().min(1),
  name: z.string().default(""),
  kind: z.enum(WAREHOUSE_KINDS).default("own"),
  country: ZCountryCode,
  calendar: ZBusinessCalendar,
});
export type TWarehouseRef = z.infer<typeof ZWarehouseRef>;

export const ZChannelRef = z.object({
  id: z.string().min(1),
  name: z.string().default(""),
  carrier: z.string().default(""),
  /** Maximum parcel weight (actual or volumetric, whichever is larger). */
  maxWeightGrams: z.number().positive(),
  /** Longest side of the parcel. */
  maxLengthCm: z.number().positive().nullable().default(null),
  /** Length + 2 × (width + height). */
  maxGirthCm: z.number().positive().nullable().default(null),
  /** Destination countries served; empty means every country. */
  countries: z.array(ZCountryCode).default([]),
  /** Warehouses the channel collects parcels from (its origins); empty means any warehouse. */
  originWarehouseIds: z.array(z.string().min(1)).max(1000).default([]),
  batteryAllowed: z.boolean().default(false),
  liquidAllowed: z.boolean().default(false),
  hazmatAllowed: z.boolean().default(false),
  /** Price list, for cost estimates; null when unknown. */
  rateCard: ZRateCard.nullable().default(null),
  transitDays: z.object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() }).nullable().default(null),
});
export type TChannelRef = z.infer<typeof ZChannelRef>;

/** Whether a channel collects parcels from a warehouse: a channel without origins collects from any. */
export function channelShipsFrom(channel: Pick<TChannelRef, "originWarehouseIds">, warehouseId: string): boolean {
  return channel.originWarehouseIds.length === 0 || channel.originWarehouseIds.includes(warehouseId);
}

export const ZBuyerOrderRef = z.object({ orderId: z.string(), createdAt: ZTimestamp });

/**
 * Master data that evaluation may consult, as plain data. The server builds it from the database;
 * tests and the CLI pass it as JSON. Every part is optional: a fact whose data is missing evaluates
 * to "not known" (false / null), never throws.
 */
export const ZEvaluationContext = z.object({
  /** The moment of evaluation. Defaults to the order's paid time (or creation time) so replays are deterministic. */
  now: ZTimestamp.nullable().default(null),
  warehouses: z.array(ZWarehouseRef).default([]),
  channels: z.array(ZChannelRef).default([]),
  /** Stock on hand: warehouse id → warehouse SKU → quantity. */
  inventory: z.record(z.string(), z.record(z.string(), z.number().int())).default({}),
  /** Open (not yet shipped) orders per buyer id, for merge rules. */
  buyerOpenOrders: z.record(z.string(), z.array(ZBuyerOrderRef)).default({}),
});
export type TEvaluationContext = z.infer<typeof ZEvaluationContext>;
export type TEvaluationContextInput = z.input<typeof ZEvaluationContext>;

export const EMPTY_CONTEXT: TEvaluationContext = ZEvaluationContext.parse({});
