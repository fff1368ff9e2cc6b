import { z } from "zod";
import { ZCompiledRuleset } from "../compile/compiled-schema";
import { STAGES, ZStage } from "../graph/graph-schema";
import type { TActionKind } from "../actions/action-effects";
import type { ACTION_EFFECTS } from "../actions/action-effects";
import { KINDS_BY_RANK, actionEffect } from "../actions/decision-slots";

/**
 * The simulator's model: what one side (baseline or candidate) decided for one order, reduced to
 * what an analyst compares; what changed between the sides; and totals that add up chunk by chunk.
 * Shared by the simulation workers (server), the results screens (browser) and the benchmark.
 */

type Effects = typeof ACTION_EFFECTS;

/** A change kind an action declares (warehouse, channel, holds, …). */
export type TActionChangeKind = Effects[TActionKind]["outcome"]["change"];
export type TChangeKind = "decided" | TActionChangeKind;

/**
 * What can differ between baseline and candidate for one order, in the order screens list them:
 * whether any rule decided, then each action's change kind (from the action registry, by rank).
 */
export const CHANGE_KINDS: readonly TChangeKind[] = ["decided", ...KINDS_BY_RANK.map((k) => actionEffect(k).outcome.change as TActionChangeKind)];
export const ZChangeKind = z.enum(CHANGE_KINDS as unknown as [TChangeKind, ...TChangeKind[]]);

/** The side outcome's fields that actions fill (warehouseId, holds, intercept, …), by rank. */
type OutcomeShape = { [K in TActionKind as Effects[K]["outcome"]["key"]]: Effects[K]["outcome"]["schema"] };
const OUTCOME_SHAPE = Object.fromEntries(KINDS_BY_RANK.map((k) => [actionEffect(k).outcome.key, actionEffect(k).outcome.schema])) as unknown as OutcomeShape;

/**
 * Whether the assigned warehouse can ship before the order's ship-by deadline, given its business
 * calendar (working days, holidays, daily cut-off): the first dispatch at or after the order was paid
 * (or created) must not be later than the deadline.
 * - `ok`: it can; `late`: it cannot (the deadline will be missed);
 * - `noDeadline`: the platform set none; `noWarehouse`: no warehouse was assigned (or it is unknown).
 */
export const DEADLINE_RISKS = ["ok", "late", "noDeadline", "noWarehouse"] as const;
export const ZDeadlineRisk = z.enum(DEADLINE_RISKS);
export type TDeadlineRisk = z.infer<typeof ZDeadlineRisk>;

/** Why an order has no cost estimate. */
export const COST_GAPS = ["noChannel", "noRateCard", "notServed"] as const;
export const ZCostGap = z.enum(COST_GAPS);
export type TCostGap = z.infer<typeof ZCostGap>;

/** One side's outcome for one order: the whole pipeline's decision, reduced. */
export const ZSideOutcome = z.object({
  /** Whether any rule of the simulated ruleset fired (false: a gap, no rule decided the order). */
  decided: z.boolean(),
  /** What the whole pipeline decided, one field per action kind (warehouseId, channelId, holds, intercept, split, …). */
  ...OUTCOME_SHAPE,
  /** A channel the rules chose but the pipeline refused: it does not collect from the order's warehouse. */
  channelRefused: z.string().nullable().default(null),
  /** Parcels this order adds: 0 when intercepted or merged into a buyer's earlier open order, the planned count when split, else 1. */
  packages: z.number().int().nonnegative(),
  /** Action types fired by the simulated ruleset (one entry per fired action). */
  actions: z.array(z.string()),
  /** Rules of the simulated ruleset that fired. */
  firedRules: z.array(z.string()),
  /** Subjects the simulated ruleset's matching rules disagreed on (warehouse, channel, …); empty when they agree. */
  conflicts: z.array(z.string()),
  /** Estimated shipping cost of all parcels with the channel's rate card; null with `costGap` saying why. */
  cost: z.number().nullable(),
  currency: z.string().nullable(),
  costGap: ZCostGap.nullable(),
  deadline: ZDeadlineRisk,
  /** Hours between the first possible dispatch and the deadline (negative when late); null without both. */
  deadlineMarginHours: z.number().nullable(),
});
export type TSideOutcome = z.infer<typeof ZSideOutcome>;

export const ZOrderComparison = z.object({
  baseline: ZSideOutcome,
  candidate: ZSideOutcome,
  changes: z.array(ZChangeKind),
});
export type TOrderComparison = z.infer<typeof ZOrderComparison>;

const ZCounts = z.record(z.string(), z.number().int().nonnegative());

/** Totals of one side over many orders. Keys of the count maps: ids, reasons, action types, rule names; "" = none. */
export const ZSideTotals = z.object({
  orders: z.number().int().nonnegative(),
  decided: z.number().int().nonnegative(),
  /** Orders the simulated ruleset decided nothing for (gaps). */
  undecided: z.number().int().nonnegative(),
  /** Orders where the simulated ruleset's matching rules disagreed. */
  disagreed: z.number().int().nonnegative(),
  byWarehouse: ZCounts,
  byChannel: ZCounts,
  byHoldReason: ZCounts,
  byAction: ZCounts,
  byDeadline: ZCounts,
  /** Orders each rule of the simulated ruleset fired for. */
  ruleHits: ZCounts,
  held: z.number().int().nonnegative(),
  intercepts: z.number().int().nonnegative(),
  splits: z.number().int().nonnegative(),
  /** Parcels the split orders ship in. */
  splitPackages: z.number().int().nonnegative(),
  merges: z.number().int().nonnegative(),
  /** Orders whose chosen channel was refused because it does not collect from their warehouse. */
  channelRefused: z.number().int().nonnegative().default(0),
  /** Orders merged into a buyer's earlier open order (parcels saved). */
  mergedAway: z.number().int().nonnegative(),
  packages: z.number().int().nonnegative(),
  /** Estimated cost per currency, and how many orders had / lacked an estimate. */
  costByCurrency: z.record(z.string(), z.number()),
  priced: z.number().int().nonnegative(),
  unpriced: z.number().int().nonnegative(),
});
export type TSideTotals = z.infer<typeof ZSideTotals>;

export const ZSimulationTotals = z.object({
  orders: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  changedBy: ZCounts,
  baseline: ZSideTotals,
  candidate: ZSideTotals,
});
export type TSimulationTotals = z.infer<typeof ZSimulationTotals>;

/** One stage's compiled ruleset in a pipeline. */
export const ZPipelineStage = z.object({ stage: ZStage, compiled: ZCompiledRuleset });
export type TPipelineStage = z.infer<typeof ZPipelineStage>;

/**
 * What a simulation replays: the simulated stage, the candidate and baseline rulesets of that stage
 * (baseline null: nothing published yet), and the other stages' published rulesets, evaluated once
 * per order and shared by both sides (so warehouse, channel, cost and deadline are whole-pipeline).
 */
export const ZSimulationPlan = z.object({
  stage: ZStage,
  candidate: ZCompiledRuleset,
  baseline: ZCompiledRuleset.nullable(),
  others: z.array(ZPipelineStage),
});
export type TSimulationPlan = z.infer<typeof ZSimulationPlan>;

export const PIPELINE_STAGES = STAGES;
