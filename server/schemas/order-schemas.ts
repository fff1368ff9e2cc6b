import { z } from "zod";
import { ZCountryCode, ZOrder, ZOrderStatus, ZPlatform } from "@/rules-schema/order/order-schema";
import { ZId, ZListInput } from "./common-schemas";

/**
 * Order history search. `search` matches the start of the platform's order number (any case), or a
 * buyer id or Switchyard order id exactly; the other filters narrow by store, platform, destination
 * country and when the order was placed (`placedFrom` inclusive, `placedTo` exclusive).
 * Newest orders first.
 */
export const ZOrderSearchInput = ZListInput.extend({
  storeId: ZId.optional(),
  platform: ZPlatform.optional(),
  country: z.string().trim().toUpperCase().pipe(ZCountryCode).optional(),
  placedFrom: z.date().optional(),
  placedTo: z.date().optional(),
}).refine((v) => !v.placedFrom || !v.placedTo || v.placedFrom < v.placedTo, { message: "must be after the start of the range", path: ["placedTo"] });
export type TOrderSearchInput = z.infer<typeof ZOrderSearchInput>;

export const ZOrderId = z.object({ id: ZId }).strict();

/** One row of the order list. */
export const ZOrderSummary = z.object({
  /** Switchyard's id of the stored order (what `orders.get` and the test panel take). */
  id: z.string(),
  /** The platform's own order number. */
  externalId: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  platform: ZPlatform,
  /** When the order was placed on the platform. */
  createdAt: z.date(),
  /** Destination country (ISO-3166 alpha-2). */
  country: z.string(),
  totalValue: z.number(),
  currency: z.string(),
  lineCount: z.number().int(),
  status: ZOrderStatus,
  buyerId: z.string(),
});
export type TOrderSummary = z.infer<typeof ZOrderSummary>;

export const ZOrderPage = z.object({ items: z.array(ZOrderSummary), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });
export type TOrderPage = z.infer<typeof ZOrderPage>;

/** A stored order: its list row plus the whole order in the rules model, as evaluation sees it. */
export const ZOrderDetail = ZOrderSummary.extend({ order: ZOrder, importedAt: z.date() });
export type TOrderDetail = z.infer<typeof ZOrderDetail>;
