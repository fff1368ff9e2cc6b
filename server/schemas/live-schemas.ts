/** Inputs and outputs of the Live section: the decisions explorer, one decision re-evaluated, the holds queue, rule telemetry. */
import { z } from "zod";
import { ZPlatform } from "@/rules-schema/order/order-schema";
import { ZDecision, ZTrace } from "@/rules-schema/evaluate/decision-schema";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { STAGES } from "@/rules-schema/graph/graph-schema";
import { ZOrder } from "@/rules-schema/order/order-schema";
import { DECISION_STATUSES } from "../services/decision-facets";
import { ZId } from "./common-schemas";

const ZInstant = z.iso.datetime({ offset: true, message: "is not a date and time (ISO 8601)" });
const ZShortText = z.string().trim().max(200, "is longer than 200 characters");

export const ZDecisionStatus = z.enum(DECISION_STATUSES);
export type TDecisionStatus = z.infer<typeof ZDecisionStatus>;

/** A time range of the live screens; both ends optional (from is inclusive, to exclusive). */
const ZRange = z
  .object({ from: ZInstant.optional(), to: ZInstant.optional() })
  .refine((r) => !r.from || !r.to || Date.parse(r.from) < Date.parse(r.to), { message: "must start before it ends", path: ["to"] });

export const ZDecisionFilters = z.object({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  storeIds: z.array(ZId).max(50).default([]),
  platforms: z.array(ZPlatform).max(20).default([]),
  countries: z.array(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "is not a two-letter country code")).max(50).default([]),
  statuses: z.array(ZDecisionStatus).max(DECISION_STATUSES.length).default([]),
  warehouseId: ZId.optional(),
  channelId: ZId.optional(),
  holdReason: ZShortText.optional(),
  /** `rulesetId@version/ruleName`: decisions in which that rule fired. */
  ruleKey: z.string().max(400).optional(),
  /** `rulesetId@version`: decisions in which that stage version took part. */
  versionKey: z.string().max(200).optional(),
  /** An order number (the platform's), our order id, or a buyer id — matched exactly. */
  search: ZShortText.optional(),
});
export type TDecisionFilters = z.infer<typeof ZDecisionFilters>;

export const ZDecisionListInput = ZDecisionFilters.extend({
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
}).superRefine((v, ctx) => {
  if (v.from && v.to && Date.parse(v.from) >= Date.parse(v.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after the start of the range" });
});
export type TDecisionListInput = z.input<typeof ZDecisionListInput>;

export const ZStageVersionRef = z.object({ stage: z.enum(STAGES), rulesetId: z.string(), rulesetName: z.string(), version: z.number().int(), contentHash: z.string() });

export const ZDecisionSummary = z.object({
  id: z.string(),
  orderId: z.string(),
  externalId: z.string(),
  createdAt: z.string(),
  storeId: z.string(),
  platform: z.string(),
  country: z.string(),
  buyerId: z.string(),
  placedAt: z.string().nullable(),
  shipByDeadline: z.string().nullable(),
  status: ZDecisionStatus,
  warehouseId: z.string().nullable(),
  channelId: z.string().nullable(),
  split: z.boolean(),
  holdReasons: z.array(z.string()),
  /** Fired rules as `rulesetId@version/ruleName`. */
  ruleKeys: z.array(z.string()),
  versions: z.array(ZStageVersionRef),
  decideUs: z.number().nullable(),
  replayCount: z.number().int(),
  /** Whether the row holds what is needed to re-evaluate it (decisions routed before the live loop do not). */
  replayable: z.boolean(),
});
export type TDecisionSummary = z.infer<typeof ZDecisionSummary>;

export const ZNames = z.object({ warehouses: z.record(z.string(), z.string()), channels: z.record(z.string(), z.string()), stores: z.record(z.string(), z.string()) });
export type TNames = z.infer<typeof ZNames>;

export const ZDecisionPage = z.object({ items: z.array(ZDecisionSummary), nextCursor: z.string().nullable(), names: ZNames });
export type TDecisionPage = z.infer<typeof ZDecisionPage>;

export const ZDecisionGetInput = z.object({ id: ZId });

const ZDifference = z.object({ path: z.string(), stored: z.unknown(), now: z.unknown() });

/** One stage of a decision, with the graph of the version that decided it and the trace on it. */
export const ZDecisionStageOut = ZStageVersionRef.extend({
  decision: ZDecision,
  /** The version's graph (null when the version is gone). */
  graph: ZRuleGraph.nullable(),
  /** This stage's trace: the stored one (the request asked ?trace=true) or the re-evaluation's; null when neither exists. */
  trace: ZTrace.nullable(),
  /** The warehouse earlier stages assigned, which this stage saw as "Assigned warehouse" (for a test case of a later stage). */
  assignedWarehouseId: z.string().nullable(),
});

export const ZDecisionDetail = z.object({
  summary: ZDecisionSummary,
  decision: ZDecision,
  stages: z.array(ZDecisionStageOut),
  notices: z.array(z.object({ path: z.string(), message: z.string() })),
  /** The order as evaluated (null for decisions routed before inputs were stored). */
  order: ZOrder.nullable(),
  /** The stock the evaluation could read for this order (warehouse → SKU → quantity); null when not stored. */
  inventory: z.record(z.string(), z.record(z.string(), z.number())).nullable(),
  /**
   * Re-evaluation from the stored order, the stage versions and the master data the router used:
   * `reproduced` when the decision and every stage's decision are the same as stored.
   */
  replay: z.object({
    status: z.enum(["reproduced", "differs", "unavailable"]),
    /** Why it could not be re-evaluated (unavailable), in words. */
    reason: z.string().nullable(),
    differences: z.array(ZDifference),
    /** The trace shown comes from the request (`stored`, asked with ?trace=true) or from the re-evaluation. */
    traceSource: z.enum(["stored", "replayed", "none"]),
  }),
  names: ZNames,
});
export type TDecisionDetail = z.infer<typeof ZDecisionDetail>;

export const ZHoldsQueueInput = ZRange.and(z.object({ storeIds: z.array(ZId).max(50).default([]), reason: ZShortText.optional() }));
export type THoldsQueueInput = z.input<typeof ZHoldsQueueInput>;

export const ZHeldOrder = z.object({
  decisionId: z.string(),
  orderId: z.string(),
  externalId: z.string(),
  storeId: z.string(),
  platform: z.string(),
  country: z.string(),
  status: z.enum(["held", "intercepted"]),
  /** Hold reasons, or the intercept's reason. */
  reasons: z.array(z.string()),
  heldAt: z.string(),
  shipByDeadline: z.string().nullable(),
});
export type THeldOrder = z.infer<typeof ZHeldOrder>;

export const ZHoldsQueue = z.object({
  /** When the queue was read: ages and hours left are counted from here. */
  asOf: z.string(),
  total: z.number().int(),
  groups: z.array(
    z.object({
      kind: z.enum(["hold", "intercept"]),
      reason: z.string(),
      count: z.number().int(),
      oldestAt: z.string().nullable(),
      /** Orders whose ship-by deadline has passed. */
      overdue: z.number().int(),
      /** Orders with less than 12 hours left to the ship-by deadline. */
      dueSoon: z.number().int(),
    }),
  ),
  /** The orders, most urgent first (earliest deadline; without one last), at most 500. */
  items: z.array(ZHeldOrder),
  truncated: z.boolean(),
  names: ZNames,
});
export type THoldsQueue = z.infer<typeof ZHoldsQueue>;

export const ZTelemetryInput = ZRange.and(z.object({ granularity: z.enum(["hour", "day"]).default("hour"), rulesetId: ZId.optional() }));
export type TTelemetryInput = z.input<typeof ZTelemetryInput>;

const ZSeries = z.array(z.object({ at: z.string(), values: z.record(z.string(), z.number()) }));

export const ZTelemetry = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(["hour", "day"]),
  orders: z.number().int(),
  /** Per stage version live in the range: its rules, hits and share of the orders it saw; rules that never fired since publish. */
  versions: z.array(
    z.object({
      stage: z.enum(STAGES),
      rulesetId: z.string(),
      rulesetName: z.string(),
      version: z.number().int(),
      published: z.boolean(),
      publishedAt: z.string().nullable(),
      orders: z.number().int(),
      rules: z.array(
        z.object({
          name: z.string(),
          /** The rule's title in the designer (its node's label, or the decision table and row). */
          title: z.string(),
          hits: z.number().int(),
          share: z.number(),
          lastFiredAt: z.string().nullable(),
          /** Hits in each bucket of the range. */
          series: z.array(z.number().int()),
          /** Never fired live since the version was published (over everything kept, not only the range). */
          neverFiredSincePublish: z.boolean(),
        }),
      ),
    }),
  ),
  buckets: z.array(z.string()),
  /** Orders per bucket by status, warehouse, channel and hold reason (all decisions). */
  outcomes: z.object({ status: ZSeries, warehouse: ZSeries, channel: ZSeries, hold: ZSeries }),
  latency: z.object({
    decisions: z.number().int(),
    /** Evaluation time of one order, microseconds. */
    p50Us: z.number().nullable(),
    p95Us: z.number().nullable(),
    p99Us: z.number().nullable(),
    /** Whole API requests, milliseconds (counted by the router process, flushed every few seconds). */
    requests: z.number().int(),
    requestP50Ms: z.number().nullable(),
    requestP99Ms: z.number().nullable(),
    errors: z.record(z.string(), z.number().int()),
  }),
  names: ZNames,
});
export type TTelemetry = z.infer<typeof ZTelemetry>;

export const ZDrift = z.object({
  thresholds: z.object({ tvd: z.number(), holdShare: z.number(), minLiveOrders: z.number().int() }),
  versions: z.array(
    z.object({
      stage: z.enum(STAGES),
      rulesetId: z.string(),
      rulesetName: z.string(),
      version: z.number().int(),
      publishedAt: z.string().nullable(),
      liveOrders: z.number().int(),
      /** The simulation (or shadow) that gated the publish. */
      simulation: z.object({ id: z.string(), name: z.string(), shadow: z.boolean(), orders: z.number().int() }).nullable(),
      status: z.enum(["noSimulation", "tooFewOrders", "asPredicted", "drifted"]),
      reason: z.string().nullable(),
      flagged: z.boolean(),
      dimensions: z.array(
        z.object({
          dimension: z.enum(["warehouse", "channel", "deadline", "hold"]),
          /** tvd: total variation distance; maxShareDifference: largest difference of a hold reason's share. */
          statistic: z.enum(["tvd", "maxShareDifference"]),
          value: z.number(),
          threshold: z.number(),
          flagged: z.boolean(),
          /** Shares of orders per category, live and predicted, largest differences first (at most 12). */
          rows: z.array(z.object({ key: z.string(), live: z.number(), predicted: z.number() })),
        }),
      ),
    }),
  ),
  names: ZNames,
});
export type TDrift = z.infer<typeof ZDrift>;
