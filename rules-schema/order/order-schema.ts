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

export const ZShippingAddress = z
  .object({
    country: ZCountryCode.meta({ description: "Destination country: ISO-3166-1 alpha-2 code in upper case, e.g. `US`" }),
    region: z.string().max(120).default("").meta({ description: "State, province or region as the platform gives it, e.g. `CA`" }),
    city: z.string().max(120).default("").meta({ description: "City or town" }),
    postalCode: z.string().max(20).default("").meta({ description: "Postal or ZIP code; empty where the country has none" }),
    addressValid: z
      .boolean()
      .default(true)
      .meta({ description: "Whether the address passed validation: **false** when the country is missing or unknown, or the postal code is missing where carriers need one" }),
  })
  .meta({ description: "Where the order ships to (street lines and the recipient are not part of the model)" });
export type TShippingAddress = z.infer<typeof ZShippingAddress>;

export const ZDimensionsCm = z
  .object({
    length: z.number().nonnegative().max(10_000).meta({ description: "Length in centimetres" }),
    width: z.number().nonnegative().max(10_000).meta({ description: "Width in centimetres" }),
    height: z.number().nonnegative().max(10_000).meta({ description: "Height in centimetres" }),
  })
  .meta({ description: "Dimensions of one unit in centimetres" });
export type TDimensionsCm = z.infer<typeof ZDimensionsCm>;

/**
 * A Harmonized System (HS) code, the customs classification of a product: 6 to 10 digits. Dots and
 * spaces as people write them ("8517.62.00") are removed; blank means not known (null).
 */
export const ZHsCode = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.replace(/[\s.]/g, "")) : v),
  z.string().regex(/^\d{6,10}$/, "an HS code has 6 to 10 digits, e.g. 8517.62 or 85176200").nullable(),
);

export const ZOrderLine = z
  .object({
    platformSku: z.string().min(1).max(200).meta({ description: "The SKU as the sales platform knows it (the listing's SKU)" }),
    /** The warehouse SKU this platform SKU is paired to, or null when unpaired. */
    warehouseSku: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .meta({ description: "The warehouse SKU this platform SKU is paired to; `null` when unpaired (the API then pairs it from the store's SKU pairings)" }),
    quantity: z.number().int().min(1).max(100_000).meta({ description: "Units ordered (a whole number, at least 1)" }),
    unitPrice: z.number().nonnegative().max(10_000_000).meta({ description: "Price of one unit, in the order's `currency`" }),
    /** Weight of one unit in grams. */
    weightGrams: z.number().nonnegative().max(1_000_000).meta({ description: "Weight of one unit in grams" }),
    /** Dimensions of one unit in centimetres. */
    dimensionsCm: ZDimensionsCm.nullable().default(null).meta({ description: "Dimensions of one unit in centimetres; `null` when unknown" }),
    hasBattery: z.boolean().default(false).meta({ description: "The item contains a battery" }),
    hasLiquid: z.boolean().default(false).meta({ description: "The item contains liquid" }),
    isHazmat: z.boolean().default(false).meta({ description: "The item is dangerous goods" }),
    category: z.string().max(120).default("").meta({ description: "Product category, free text, e.g. `electronics`" }),
    hsCode: ZHsCode.default(null).meta({
      description: "The product's HS (customs) code, 6 to 10 digits; `null` when not known (the API then takes it from the paired warehouse SKU's master data)",
    }),
  })
  .meta({ description: "One line of an order: a platform SKU, how many units, and what one unit weighs and costs" });
export type TOrderLine = z.infer<typeof ZOrderLine>;
export type TOrderLineInput = z.input<typeof ZOrderLine>;

export const ZOrder = z.object({
  /** Switchyard's id of the order (unique within an organization). */
  id: z.string().min(1).max(200).meta({ description: "Switchyard's id of the order, unique within the organization, e.g. `shop-1:#1001`" }),
  /** The platform's own order number. */
  externalId: z.string().max(200).default("").meta({ description: "The platform's own order number, e.g. `#1001`" }),
  platform: ZPlatform.meta({ description: "The sales platform the order comes from" }),
  storeId: z.string().min(1).max(200).meta({ description: "Id of the store (on **Stores**) the order belongs to" }),
  status: ZOrderStatus.default("awaiting_review").meta({ description: "Lifecycle status, platform-neutral" }),
  createdAt: ZTimestamp.meta({ description: "When the order was placed: ISO-8601 with offset, e.g. `2026-11-20T08:00:00Z`" }),
  paidAt: ZTimestamp.nullable().default(null).meta({ description: "When it was paid; `null` while unpaid" }),
  /** The platform's ship-by deadline; null when the platform sets none. */
  shipByDeadline: ZTimestamp.nullable().default(null).meta({ description: "The platform's ship-by deadline; `null` when the platform sets none" }),
  currency: ZCurrencyCode.meta({ description: "ISO-4217 currency code of the prices, e.g. `USD`" }),
  totalValue: z.number().nonnegative().max(100_000_000).meta({ description: "Order total in `currency`" }),
  buyerId: z.string().max(200).default("").meta({ description: "The buyer's id on the platform (orders of one buyer can be merged)" }),
  shippingAddress: ZShippingAddress,
  lines: z.array(ZOrderLine).min(1, "an order needs at least one line").max(1_000).meta({ description: "The order's lines: 1 to 1,000" }),
  cancellationRequested: z.boolean().default(false).meta({ description: "The buyer or the platform asked to cancel" }),
  refundRequested: z.boolean().default(false).meta({ description: "A refund was requested" }),
  riskFlags: z.array(z.string().min(1).max(60)).max(50).default([]).meta({ description: "Fraud or risk flags set by the platform" }),
  buyerMessage: z.string().max(2_000).default("").meta({ description: "The buyer's note on the order" }),
  sellerNote: z.string().max(2_000).default("").meta({ description: "The seller's internal note" }),
  tags: z.array(z.string().min(1).max(60)).max(50).default([]).meta({ description: "Free tags, e.g. `prime`, `vip`" }),
  requestedShippingService: z.string().max(120).default("").meta({ description: "The shipping service the buyer chose, e.g. `Express shipping`" }),
});
export type TOrder = z.infer<typeof ZOrder>;
export type TOrderInput = z.input<typeof ZOrder>;
