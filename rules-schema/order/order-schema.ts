import { z } from "zod";
import "../util/zod-messages";

/** Marketplaces and storefronts an order can come from. */
export const PLATFORMS = ["temu", "tiktok", "aliexpress", "amazon", "shopify", "taobao", "other"] as const;
export const ZPlatform = z.enum(PLATFORMS);
export type TPlatform = z.infer<typeof ZPlatform>;

/** Platform-neutral order lifecycle status. */
export const ORDER_STATUSES = [
  "pending_payment",
  "awaiting_review",
  "awaiting_fulfillment",
  "on_hold",
  "pushed_to_warehouse",
  "shipped",
  "delivered",
  "cancelled",
] as const;
export const ZOrderStatus = z.enum(ORDER_STATUSES);
export type TOrderStatus = z.infer<typeof ZOrderStatus>;

/** ISO-8601 timestamp with an explicit offset (`Z` or `+08:00`). */
export const ZTimestamp = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with offset, e.g. 2026-11-20T08:30:00Z" });

/** ISO-3166-1 alpha-2 country code, upper case. */
export const ZCountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO-3166 alpha-2 country code in upper case, e.g. US");

export const ZCurrencyCode = z.string().regex(/^[A-Z]{3}$/, "must be an ISO-4217 currency code, e.g. USD");

export const ZShippingAddress = z.object({
  country: ZCountryCode,
  region: z.string().max(120).default(""),
  city: z.string().max(120).default(""),
  postalCode: z.string().max(20).default(""),
  addressValid: z.boolean().default(true),
});
export type TShippingAddress = z.infer<typeof ZShippingAddress>;

export const ZDimensionsCm = z.object({
  length: z.number().nonnegative().max(10_000),
  width: z.number().nonnegative().max(10_000),
  height: z.number().nonnegative().max(10_000),
});
export type TDimensionsCm = z.infer<typeof ZDimensionsCm>;

export const ZOrderLine = z.object({
  platformSku: z.string().min(1).max(200),
  /** The warehouse SKU this platform SKU is paired to, or null when unpaired. */
  warehouseSku: z.string().min(1).max(200).nullable().default(null),
  quantity: z.number().int().min(1).max(100_000),
  unitPrice: z.number().nonnegative().max(10_000_000),
  /** Weight of one unit in grams. */
  weightGrams: z.number().nonnegative().max(1_000_000),
  /** Dimensions of one unit in centimetres. */
  dimensionsCm: ZDimensionsCm.nullable().default(null),
  hasBattery: z.boolean().default(false),
  hasLiquid: z.boolean().default(false),
  isHazmat: z.boolean().default(false),
  category: z.string().max(120).default(""),
});
export type TOrderLine = z.infer<typeof ZOrderLine>;
export type TOrderLineInput = z.input<typeof ZOrderLine>;

export const ZOrder = z.object({
  /** Switchyard's id of the order (unique within an organization). */
  id: z.string().min(1).max(200),
  /** The platform's own order number. */
  externalId: z.string().max(200).default(""),
  platform: ZPlatform,
  storeId: z.string().min(1).max(200),
  status: ZOrderStatus.default("awaiting_review"),
  createdAt: ZTimestamp,
  paidAt: ZTimestamp.nullable().default(null),
  /** The platform's ship-by deadline; null when the platform sets none. */
  shipByDeadline: ZTimestamp.nullable().default(null),
  currency: ZCurrencyCode,
  totalValue: z.number().nonnegative().max(100_000_000),
  buyerId: z.string().max(200).default(""),
  shippingAddress: ZShippingAddress,
  lines: z.array(ZOrderLine).min(1, "an order needs at least one line").max(1_000),
  cancellationRequested: z.boolean().default(false),
  refundRequested: z.boolean().default(false),
  riskFlags: z.array(z.string().min(1).max(60)).max(50).default([]),
  buyerMessage: z.string().max(2_000).default(""),
  sellerNote: z.string().max(2_000).default(""),
  tags: z.array(z.string().min(1).max(60)).max(50).default([]),
  requestedShippingService: z.string().max(120).default(""),
});
export type TOrder = z.infer<typeof ZOrder>;
export type TOrderInput = z.input<typeof ZOrder>;
