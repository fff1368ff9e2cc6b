/**
 * Request and response shapes of the public HTTP API (v1): the live router, decision look-ups and the
 * evaluate API. The OpenAPI document (server/live-router/build-openapi.ts) is generated from these.
 */
import { z } from "zod";
import { STAGES, ZDecision, ZOrder, ZTrace } from "@/rules-schema";

/** Largest request bodies: one order, and a batch. */
export const MAX_SINGLE_BODY_BYTES = 1024 * 1024;
export const MAX_BATCH_BODY_BYTES = 10 * 1024 * 1024;
/** Most orders in one `route:batch` or `evaluate` request. */
export const MAX_BATCH_ORDERS = 1000;

export const API_ORDER_FORMATS = ["native", "shopify", "tiktok", "amazon"] as const;
export const ZApiOrderFormat = z.enum(API_ORDER_FORMATS);
export type TApiOrderFormat = z.infer<typeof ZApiOrderFormat>;

/** Query of the route endpoints: `format` other than native needs the store the order belongs to. */
export const ZRouteQuery = z
  .object({
    format: ZApiOrderFormat.default("native"),
    storeId: z.string().min(1).max(100).optional(),
    trace: z.enum(["true", "false"]).default("false"),
  })
  .refine((q) => q.format === "native" || q.storeId !== undefined, { path: ["storeId"], message: "storeId is required with format shopify, tiktok or amazon" });

/** A platform's own order JSON, as its API returns it; checked by the platform's importer. */
export const ZPlatformOrder = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).meta({
  description:
    "One order in the platform's API shape, bare or wrapped as the API returns it. shopify: an Admin REST order or {\"order\": …} / {\"orders\": [one]}. " +
    "tiktok: a 202309 order detail or the whole Get Order Detail response {\"code\": 0, \"message\": \"Success\", \"request_id\": …, \"data\": {\"orders\": [one]}}. " +
    "amazon: an Orders API v0 order with its items — the JSON array [getOrder response {\"payload\": {…}}, getOrderItems response {\"payload\": {\"AmazonOrderId\": …, \"OrderItems\": […]}}], " +
    "or the order with OrderItems embedded — or an Orders API 2026-01-01 order (getOrder {\"order\": …}, whose orderItems come with it). " +
    "An API error response ({\"code\": 36009004, …}, {\"errors\": […]}) is refused with one message naming it.",
});

/** Something the caller should know about how an order was read or paired; never a refusal. */
export const ZRoutingNotice = z.object({
  /** Where: a field of the request (`line_items[2].sku`) or of the order as routed (`lines.1.platformSku`). */
  path: z.string(),
  message: z.string(),
});
export type TRoutingNotice = z.infer<typeof ZRoutingNotice>;

export const ZStageVersion = z.object({
  stage: z.enum(STAGES),
  rulesetId: z.string(),
  rulesetName: z.string(),
  version: z.number().int(),
  contentHash: z.string(),
});
export type TStageVersion = z.infer<typeof ZStageVersion>;

export const ZStageDecision = ZStageVersion.extend({ decision: ZDecision });

export const ZStageTrace = z.object({ stage: z.enum(STAGES), rulesetId: z.string(), trace: ZTrace.nullable() });

export const ZRoutingResponse = z.object({
  decisionId: z.string(),
  orderId: z.string(),
  externalId: z.string(),
  createdAt: z.string(),
  decision: ZDecision,
  stages: z.array(ZStageDecision),
  trace: z.array(ZStageTrace).optional(),
  /**
   * How the order was read and paired: a line without a SKU identified by its variant id or title, a
   * refunded or gift-card line not routed, a platform SKU the store has not paired (routed unpaired).
   */
  notices: z.array(ZRoutingNotice),
});
export type TRoutingResponse = z.infer<typeof ZRoutingResponse>;

/** An order of a batch not routed because nothing is left to ship (gift cards only, every line refunded or cancelled). */
export const ZSkippedOrder = z.object({ path: z.string(), externalId: z.string(), message: z.string(), notices: z.array(ZRoutingNotice) });
export type TSkippedOrder = z.infer<typeof ZSkippedOrder>;

export const ZRouteBatchResponse = z.object({
  /** The routed orders, in request order. */
  results: z.array(ZRoutingResponse),
  /** Orders with nothing to ship, not routed (their `path` is their place in the request, `orders.3`). */
  skipped: z.array(ZSkippedOrder),
});

export const ZDecisionList = z.object({ orderId: z.string(), decisions: z.array(ZRoutingResponse) });

export const ZEvaluateVersion = z.union([z.number().int().min(1).max(2_147_483_647, "is not a version number"), z.literal("draft"), z.literal("published")]);
export const ZEvaluateBody = z.object({
  orders: z.union([z.array(ZOrder).min(1).max(MAX_BATCH_ORDERS), ZOrder]),
  version: ZEvaluateVersion.default("published"),
  trace: z.boolean().default(false),
});

export const ZEvaluateResponse = z.object({
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: z.enum(STAGES),
  version: z.object({ number: z.number().int(), status: z.string(), contentHash: z.string() }),
  evaluations: z.array(z.object({ orderId: z.string(), decision: ZDecision, matchedRules: z.array(z.string()).nullable(), trace: ZTrace.nullable() })),
});
export type TEvaluateResponse = z.infer<typeof ZEvaluateResponse>;

/** RFC 9457 problem details, with the zod issues of a bad request as `errors`. */
export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

/** An order in our model, as the documentation's examples send it. */
export const EXAMPLE_ORDER = {
  id: "shop-1:#1001",
  externalId: "#1001",
  platform: "shopify",
  storeId: "shop-1",
  createdAt: "2026-11-20T08:00:00Z",
  paidAt: "2026-11-20T08:05:00Z",
  shipByDeadline: "2026-11-22T08:00:00Z",
  currency: "USD",
  totalValue: 25,
  buyerId: "buyer-1",
  shippingAddress: { country: "US", region: "CA", city: "Los Angeles", postalCode: "90210" },
  lines: [{ platformSku: "SKU-1", warehouseSku: "W-1", quantity: 1, unitPrice: 25, weightGrams: 300 }],
} as const;
