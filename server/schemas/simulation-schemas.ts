import { z } from "zod";
import { ZEvaluation, ZOrder, ZPlatform, ZRuleGraph, ZStage } from "@/rules-schema";
import { ZTraceSummary } from "@/rules-schema/evaluate/summarize-trace";
import { ZChangeKind, ZOrderComparison, ZSideOutcome, ZSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import { ZId } from "./common-schemas";
import { ZActor } from "./ruleset-schemas";

export const SIMULATION_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export const ZSimulationStatus = z.enum(SIMULATION_STATUSES);
export type TSimulationStatus = z.infer<typeof ZSimulationStatus>;

/** Where the simulation's orders come from. */
/** A calendar day of the order history: real (no 2026-02-30) and within 2000–2099, where orders can be. */
export const ZIsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: "is not a real calendar date" },
  )
  .refine((s) => s >= "2000-01-01" && s <= "2099-12-31", { message: "must be between 2000-01-01 and 2099-12-31" });
export const ZHistorySource = z
  .object({
    kind: z.literal("history"),
    /** First and last day placed (inclusive, UTC). */
    from: ZIsoDay,
    to: ZIsoDay,
    storeIds: z.array(ZId).max(200).default([]),
    platforms: z.array(ZPlatform).max(10).default([]),
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be an ISO-3166 alpha-2 code")).max(300).default([]),
  })
  .strict()
  .refine((s) => s.from <= s.to, { message: "must be on or after the first day", path: ["to"] });
/** An uploaded file (any order import format); its orders are kept with the simulation, not in the history. */
export const ZUploadSource = z.object({ kind: z.literal("upload"), fileName: z.string(), format: z.string(), orders: z.number().int() });
/**
 * Live traffic: a version put in shadow next to the live one; the router evaluates it on every routed
 * order (or a sample) after answering, and this simulation collects the comparison while it runs.
 */
export const ZShadowSource = z.object({
  kind: z.literal("shadow"),
  /** Share of routed orders evaluated (1 = every order). */
  sampleRate: z.number().min(0.001).max(1),
  /** Orders the shadow must have seen to count as the simulation of the publish gate. */
  minOrders: z.number().int().min(1),
  stoppedAt: z.string().nullable().default(null),
  /** How it ended: stopped by someone, promoted (published through the gate), or replaced by another shadow. */
  outcome: z.enum(["running", "stopped", "promoted", "replaced"]).default("running"),
});
export type TShadowSource = z.infer<typeof ZShadowSource>;
export const ZSimulationSource = z.union([ZHistorySource, ZUploadSource, ZShadowSource]);
export type TSimulationSource = z.infer<typeof ZSimulationSource>;
export type THistorySource = z.infer<typeof ZHistorySource>;

/** The candidate: the ruleset's current draft (frozen when the simulation starts) or a saved version. */
export const ZCandidateRef = z.union([z.object({ kind: z.literal("draft") }).strict(), z.object({ kind: z.literal("version"), number: z.number().int().min(1).max(2_147_483_647, "is not a version number") }).strict()]);
/** The baseline: the published version (none when nothing is published), a saved version, or nothing. */
export const ZBaselineRef = z.union([
  z.object({ kind: z.literal("published") }).strict(),
  z.object({ kind: z.literal("version"), number: z.number().int().min(1).max(2_147_483_647, "is not a version number") }).strict(),
  z.object({ kind: z.literal("none") }).strict(),
]);

export const ZSimulationCreate = z
  .object({
    rulesetId: ZId,
    name: z.string().trim().max(120).default(""),
    candidate: ZCandidateRef.default({ kind: "draft" }),
    baseline: ZBaselineRef.default({ kind: "published" }),
    /**
     * Other rulesets whose latest draft runs in place of their live version, on both sides (e.g. the
     * logistics draft when no logistics rules are live yet, so orders get a channel and a cost).
     */
    includeDrafts: z.array(ZId).max(20, "Include at most 20 drafts").default([]),
    source: ZHistorySource,
  })
  .strict();
export type TSimulationCreate = z.infer<typeof ZSimulationCreate>;

/** The multipart upload's JSON part (`meta`): the same as create, without `source`. */
export const ZSimulationUploadMeta = ZSimulationCreate.omit({ source: true });
export type TSimulationUploadMeta = z.infer<typeof ZSimulationUploadMeta>;

export const ZVersionRef = z.object({
  /** null: the baseline is "nothing" (no rules of this ruleset run). */
  number: z.number().nullable(),
  contentHash: z.string().nullable(),
  /** e.g. "Draft v3", "v2 (published)", "Nothing published". */
  label: z.string(),
});

/** One ruleset (or a stage with none live) in the rest of a simulation's pipeline. */
export const ZPipelineEntry = z.object({
  stage: ZStage,
  rulesetId: z.string().nullable(),
  rulesetName: z.string().nullable(),
  /** "v3 (live)", "Draft v2 (included)", or "No rules live". */
  label: z.string(),
  source: z.enum(["published", "draft", "missing"]),
});
export type TPipelineEntry = z.infer<typeof ZPipelineEntry>;

export const ZSimulationSummary = z.object({
  id: z.string(),
  name: z.string(),
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: ZStage,
  candidate: ZVersionRef,
  baseline: ZVersionRef,
  source: ZSimulationSource,
  /** The other stages as they ran on both sides, in stage order. */
  pipeline: z.array(ZPipelineEntry),
  status: ZSimulationStatus,
  /** Orders to replay, replayed so far, and with a changed outcome so far. */
  total: z.number(),
  done: z.number(),
  changed: z.number(),
  /** Orders per second since it started running; null before. */
  rate: z.number().nullable(),
  /** Seconds left at that rate; null when unknown. */
  etaSeconds: z.number().nullable(),
  /** Why it failed (or who cancelled). */
  error: z.string().nullable(),
  runner: z.enum(["embedded", "pg-boss", "shadow"]),
  createdBy: ZActor.nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TSimulationSummary = z.infer<typeof ZSimulationSummary>;

/** A simulation with its totals (once completed) and the names behind the ids in them. */
export const ZSimulationOut = ZSimulationSummary.extend({
  totals: ZSimulationTotals.nullable(),
  names: z.object({ warehouses: z.record(z.string(), z.string()), channels: z.record(z.string(), z.string()), stores: z.record(z.string(), z.string()) }),
  /** Rules of the candidate that never fired (completed simulations only). */
  rulesNeverFired: z.array(z.string()),
  /** A shadow's orders that were routed in its sample but not evaluated (it fell behind the traffic); 0 for other runs. */
  skipped: z.number(),
});
export type TSimulationOut = z.infer<typeof ZSimulationOut>;

export const ZSimulationListInput = z
  .object({ rulesetId: ZId.optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(5).max(100).default(25) })
  .strict();
export const ZSimulationPage = z.object({ items: z.array(ZSimulationSummary), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const ZSimulationId = z.object({ id: ZId }).strict();

export const CHANGE_SORTS = ["placedAt", "externalId", "costDelta", "country"] as const;
export const ZChangesInput = z
  .object({
    id: ZId,
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(5).max(200).default(50),
    sort: z.enum(CHANGE_SORTS).default("placedAt"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    /** Only orders with this kind of change. */
    change: ZChangeKind.optional(),
    /** Only orders whose baseline or candidate warehouse / channel is this id ("" = none). */
    warehouseId: z.string().max(100).optional(),
    channelId: z.string().max(100).optional(),
    /** Order id or platform order number, prefix match. */
    search: z.string().trim().max(200).default(""),
  })
  .strict();
export type TChangesInput = z.infer<typeof ZChangesInput>;

export const ZChangedOrder = z.object({
  orderId: z.string(),
  externalId: z.string(),
  placedAt: z.date(),
  storeId: z.string(),
  platform: z.string(),
  country: z.string(),
  changes: z.array(ZChangeKind),
  baseline: ZSideOutcome,
  candidate: ZSideOutcome,
  /** candidate cost − baseline cost when both are known in the same currency. */
  costDelta: z.number().nullable(),
});
export type TChangedOrder = z.infer<typeof ZChangedOrder>;
export const ZChangesPage = z.object({ items: z.array(ZChangedOrder), total: z.number(), page: z.number(), pageSize: z.number(), pageCount: z.number() });

export const ZOrderTraceInput = z.object({ id: ZId, orderId: ZId }).strict();

/** Defaults for the "new simulation" form of a ruleset. */
export const ZSimulationDefaults = z.object({
  rulesetId: z.string(),
  rulesetName: z.string(),
  stage: ZStage,
  draft: z.object({ number: z.number(), status: z.string(), compiles: z.boolean() }),
  published: z.number().nullable(),
  versions: z.array(z.object({ number: z.number(), status: z.string(), compiles: z.boolean(), note: z.string() })),
  /** Last 30 days, ending today (UTC). */
  from: z.string(),
  to: z.string(),
  /** Orders in history between from and to, for the form to show. */
  ordersInRange: z.number(),
  /** First and last day with orders in history, null when there are none. */
  historyFrom: z.string().nullable(),
  historyTo: z.string().nullable(),
  /** Every other stage: its rulesets with their live version and latest draft (empty: no ruleset). */
  pipeline: z.array(
    z.object({
      stage: ZStage,
      rulesets: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          published: z.number().nullable(),
          /** The latest version when it is newer than the live one (or nothing is live). */
          draft: z.object({ number: z.number(), status: z.string(), compiles: z.boolean() }).nullable(),
        }),
      ),
    }),
  ),
});
export type TSimulationDefaults = z.infer<typeof ZSimulationDefaults>;

/** One order of a simulation replayed again with the trace, for the trace view on the candidate's graph. */
export const ZOrderTraceOut = z.object({
  simulationId: z.string(),
  rulesetId: z.string(),
  /** The candidate's graph as it was simulated (a draft may have changed since). */
  graph: ZRuleGraph,
  candidate: ZVersionRef,
  order: ZOrder,
  comparison: ZOrderComparison,
  /** The simulated ruleset's evaluation of the candidate, with the trace. */
  evaluation: ZEvaluation,
  summary: ZTraceSummary,
});
export type TOrderTraceOut = z.infer<typeof ZOrderTraceOut>;
