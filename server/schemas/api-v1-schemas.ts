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

/** A platform's own order JSON (one order object); checked by the platform's importer. */
export const ZPlatformOrder = z.record(z.string(), z.unknown()).meta({ description: "One order in the platform's API shape (Shopify Admin order, TikTok Shop order detail, Amazon SP-API order with OrderItems)" });

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
});
export type TRoutingResponse = z.infer<typeof ZRoutingResponse>;

export const ZRouteBatchResponse = z.object({ results: z.array(ZRoutingResponse) });

export const ZDecisionList = z.object({ orderId: z.string(), decisions: z.array(ZRoutingResponse) });

export const ZEvaluateVersion = z.union([z.number().int().min(1), z.literal("draft"), z.literal("published")]);
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
