import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TChannelRef, TEvaluationContext } from "../context/context-schema";
import type { TDecision, TDecisionConflict } from "../evaluate/decision-schema";
import { refuseChannelFromElsewhere } from "../evaluate/channel-origin";
import { type EvaluateOptions, evaluate, prepareEvaluator } from "../evaluate/evaluate";
import { emptyDecision, mergeDecisions, orderStages, stageRank } from "../evaluate/evaluate-pipeline";
import { reduceDecisions } from "../evaluate/reduce-decisions";
import type { OutcomeCompare } from "../actions/action-effect";
import { KINDS_BY_RANK, SINGLE_VALUED_SUBJECTS, actionEffect } from "../actions/decision-slots";
import { indexContext, ownValue } from "../facts/fact-frame";
import { type TDerivedFacts, deriveOrderFacts, evaluationInstant } from "../order/derive-order-facts";
import type { TOrder } from "../order/order-schema";
import { parseIsoMs } from "../util/parse-iso-ms";
import { type TDeadlineAssessment, assessDeadline } from "./assess-deadline";
import { type TCostEstimate, priceParcels, shippingChannelId, splitLimitGrams } from "./estimate-cost";
import { type ParcelRun, countParcels, planParcelRuns } from "./plan-packages";
import type { TChangeKind, TOrderComparison, TSideOutcome, TSimulationPlan } from "./simulation-schema";

const HOUR_MS = 3_600_000;

export interface Simulator {
  /** Replays one order through both sides of the plan. Pure apart from caches; never throws for valid input. */
  compare(order: TOrder, context: TEvaluationContext): TOrderComparison;
}

/** The simulated stage's ruleset on one side, prepared once. */
interface SideRules {
  compiled: TCompiledRuleset;
  options: EvaluateOptions;
  /** Hit policy `first`: the same rules reduced as if every match fired, to find disagreements. */
  asAll: TCompiledRuleset | null;
  indexOf: Map<string, number>;
}

const ALL_MATCHES: EvaluateOptions = Object.freeze({ allMatches: true });
const NO_OPTIONS: EvaluateOptions = Object.freeze({});
const NOTHING_DECIDED: TDecision = Object.freeze(emptyDecision());
const NO_PARCELS: readonly ParcelRun[] = Object.freeze([]);

function prepareSide(compiled: TCompiledRuleset): SideRules {
  prepareEvaluator(compiled);
  const first = compiled.hitPolicy === "first";
  return {
    compiled,
    options: first ? ALL_MATCHES : NO_OPTIONS,
    asAll: first ? { ...compiled, hitPolicy: "all" } : null,
    indexOf: new Map(compiled.rules.map((r, i) => [r.name ?? `#${i}`, i])),
  };
}

function distinctSubjects(conflicts: readonly TDecisionConflict[], only: ReadonlySet<string> | null): string[] {
  const out: string[] = [];
  for (const c of conflicts) if ((only === null || only.has(c.subject)) && !out.includes(c.subject)) out.push(c.subject);
  return out;
}

/**
 * What the simulated ruleset's matching rules disagreed on.
 * - Hit policy `all`: the subjects of the decision's own conflicts (warehouse, channel, priority,
 *   split set differently by two fired rules; intercept or hold contradicted by push / tracking).
 * - Hit policy `first`: only the first matching rule fires, so nothing contradicts; but when a rule
 *   that also matched (evaluated with `allMatches`) would have set a different warehouse, channel,
 *   priority or split, the outcome depends on rule order alone. Those subjects are found by reducing
 *   every matched rule as hit policy `all` would and keeping the conflicts on those four subjects.
 */
function disagreements(side: SideRules, decision: TDecision, matchedRules: readonly string[] | null, order: TOrder): string[] {
  if (side.asAll === null) return decision.conflicts.length === 0 ? [] : distinctSubjects(decision.conflicts, null);
  if (matchedRules === null || matchedRules.length < 2) return [];
  const indexes = matchedRules.map((name) => side.indexOf.get(name)!);
  return distinctSubjects(reduceDecisions(side.asAll, indexes, order).conflicts, SINGLE_VALUED_SUBJECTS);
}

/**
 * Whether a merge folds this order into one of the buyer's earlier open orders
 * (`context.buyerOpenOrders[order.buyerId]`): another order (a different id) created within
 * `withinHours` before the evaluation instant (and not after it), and before this order was created
 * (same instant: the smaller order id counts as earlier). Of two orders merged together, only the
 * later one is folded away; the earlier one still ships. Orders without a buyer id never merge.
 */
export function mergesIntoEarlierOrder(order: TOrder, context: TEvaluationContext, withinHours: number, instantMs: number): boolean {
  if (order.buyerId === "") return false;
  const open = ownValue(context.buyerOpenOrders, order.buyerId);
  if (open === undefined || open.length === 0) return false;
  const created = parseIsoMs(order.createdAt);
  const windowStart = instantMs - withinHours * HOUR_MS;
  for (const other of open) {
    if (other.orderId === order.id) continue;
    const t = parseIsoMs(other.createdAt);
    if (t < windowStart || t > instantMs) continue;
    if (t < created || (t === created && other.orderId < order.id)) return true;
  }
  return false;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  for (const x of a) if (!b.includes(x)) return false;
  for (const x of b) if (!a.includes(x)) return false;
  return true;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  if (a.length === 1) return a[0] === b[0];
  const x = [...a].sort();
  const y = [...b].sort();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Each action's side-outcome field, in screen order: where it comes from in the decision and how sides compare. */
interface OutcomeField {
  slot: string;
  key: string;
  change: TChangeKind;
  compare: OutcomeCompare;
  from: (slot: unknown) => unknown;
}
const OUTCOME_FIELDS: readonly OutcomeField[] = KINDS_BY_RANK.map((k) => {
  const e = actionEffect(k);
  return { slot: e.slot.key, key: e.outcome.key, change: e.outcome.change as TChangeKind, compare: e.outcome.compare, from: e.outcome.from as (slot: unknown) => unknown };
});

function same(compare: OutcomeCompare, a: unknown, b: unknown): boolean {
  switch (compare) {
    case "value":
      return a === b;
    case "set":
      return sameSet(a as string[], b as string[]);
    case "multiset":
      return sameMultiset(a as string[], b as string[]);
    case "json":
      return a === b || JSON.stringify(a) === JSON.stringify(b);
  }
}

/**
 * What differs between two outcomes, in CHANGE_KINDS order: each action's field compared as its
 * registry entry says — holds as a multiset of reasons (order of the rules does not matter, repeats
 * do), tags and flags as sets, structured values by content, the rest by value.
 */
export function diffOutcomes(baseline: TSideOutcome, candidate: TSideOutcome): TChangeKind[] {
  const out: TChangeKind[] = [];
  if (baseline.decided !== candidate.decided) out.push("decided");
  const b = baseline as unknown as Record<string, unknown>;
  const c = candidate as unknown as Record<string, unknown>;
  for (let i = 0; i < OUTCOME_FIELDS.length; i++) {
    const f = OUTCOME_FIELDS[i]!;
    if (!same(f.compare, b[f.key], c[f.key])) out.push(f.change);
  }
  return out;
}

/** Parcels and their price: what a side ships. */
interface Shipment {
  packages: number;
  price: TCostEstimate;
}

/**
 * Per-order values both sides share, each worked out at most once: the evaluation instant, the
 * chargeable weight (only when a parcel is priced), and the last deadline assessment and shipment
 * (the two sides usually agree on warehouse, channel and split).
 */
class OrderFacts {
  readonly instantMs: number;
  private chargeable = -1;
  private deadlineWarehouse: string | null | undefined = undefined;
  private deadline: TDeadlineAssessment | null = null;
  private shipmentLimit: number | null = null;
  private shipmentChannel: TChannelRef | undefined = undefined;
  private shipment: Shipment | null = null;

  /** The order's derived facts, computed once and shared by every stage's evaluation. */
  readonly derived: TDerivedFacts;

  constructor(
    private readonly order: TOrder,
    private readonly context: TEvaluationContext,
  ) {
    this.instantMs = evaluationInstant(order, context.now);
    this.derived = deriveOrderFacts(order, context.now);
  }

  get chargeableGrams(): number {
    if (this.chargeable < 0) this.chargeable = this.derived.chargeableWeightGrams;
    return this.chargeable;
  }

  deadlineFrom(warehouseId: string | null): TDeadlineAssessment {
    if (this.deadline === null || this.deadlineWarehouse !== warehouseId) {
      this.deadline = assessDeadline(this.order, warehouseId, this.context, this.instantMs);
      this.deadlineWarehouse = warehouseId;
    }
    return this.deadline;
  }

  /**
   * The order's parcels (split within `limit` grams, or one parcel when null) priced on `channel`.
   * The order's chargeable weight is only worked out when there is a rate card to price it on.
   */
  shipOn(limit: number | null, channel: TChannelRef | undefined): Shipment {
    if (this.shipment !== null && this.shipmentLimit === limit && this.shipmentChannel === channel) return this.shipment;
    const runs = limit === null ? null : planParcelRuns(this.order, limit);
    const packages = runs === null ? 1 : countParcels(runs);
    const priceable = channel !== undefined && channel.rateCard !== null;
    const price = priceParcels(this.order, channel, runs ?? (priceable ? [{ grams: this.chargeableGrams, units: 0, count: 1 }] : NO_PARCELS));
    this.shipment = { packages, price };
    this.shipmentLimit = limit;
    this.shipmentChannel = channel;
    return this.shipment;
  }
}

/**
 * One side's outcome from the merged pipeline decision and the simulated stage's own decision.
 * Parcels: none when intercepted, none when merged into the buyer's earlier open order
 * (`mergesIntoEarlierOrder`), the planned parcels when split (limit as in `splitLimitGrams`),
 * else one parcel of the order's chargeable weight. Cost: those parcels on the shipping channel's
 * rate card (`priceParcels`); an order that adds no parcel costs 0 (in the channel's currency when
 * known). Deadline: from the assigned warehouse (`assessDeadline`).
 */
function sideOutcome(order: TOrder, context: TEvaluationContext, facts: OrderFacts, unchecked: TDecision, own: TDecision, conflicts: string[]): TSideOutcome {
  const merged = refuseChannelFromElsewhere(unchecked, context);
  const channelRefused = merged === unchecked ? null : unchecked.channelId;
  const intercept = merged.intercept !== null;
  const mergedAway = !intercept && merged.merge !== null && mergesIntoEarlierOrder(order, context, merged.merge.withinHours, facts.instantMs);
  const channelId = shippingChannelId(merged);
  const channel = channelId === null ? undefined : indexContext(context).channels.get(channelId);
  let packages: number;
  let price: TCostEstimate;
  if (intercept || mergedAway) {
    packages = 0;
    price = { cost: 0, currency: channel?.rateCard?.currency ?? null, costGap: null };
  } else {
    const shipment = facts.shipOn(merged.split === null ? null : splitLimitGrams(merged, context), channel);
    packages = shipment.packages;
    price = shipment.price;
  }
  const deadline = facts.deadlineFrom(merged.warehouseId);
  const actions: string[] = new Array(own.actions.length);
  for (let i = 0; i < actions.length; i++) actions[i] = own.actions[i]!.type;
  const outcome: Record<string, unknown> = { decided: own.firedRules.length > 0 };
  const slots = merged as unknown as Record<string, unknown>;
  for (let i = 0; i < OUTCOME_FIELDS.length; i++) {
    const f = OUTCOME_FIELDS[i]!;
    outcome[f.key] = f.from(slots[f.slot]);
  }
  outcome.channelRefused = channelRefused;
  outcome.packages = packages;
  outcome.actions = actions;
  outcome.firedRules = own.firedRules.slice();
  outcome.conflicts = conflicts;
  outcome.cost = price.cost;
  outcome.currency = price.currency;
  outcome.costGap = price.costGap;
  outcome.deadline = deadline.deadline;
  outcome.deadlineMarginHours = deadline.marginHours;
  return outcome as TSideOutcome;
}

/**
 * A simulator for one plan. Preparation happens once here: the evaluators of every ruleset are
 * built (and cached by `evaluate` per compiled object), the other stages are put in pipeline
 * order; entries of `plan.others` for the simulated stage itself are ignored (the candidate and
 * baseline take its place).
 *
 * `compare(order, context)` evaluates the other stages once (their decisions are shared by both
 * sides), then the simulated stage with the candidate and with the baseline (null: no rules, the
 * stage decides nothing), merges each side's stage decisions in pipeline order with
 * `mergeDecisions` (as the router does), and reduces each side to a `TSideOutcome`:
 * - `decided`, `firedRules`, `actions`, `conflicts`: the simulated stage's ruleset alone; a `first`
 *   ruleset is evaluated with `allMatches` so `conflicts` can report the subjects a later matching
 *   rule would have decided differently (see `disagreements`);
 * - warehouse, channel, holds, intercept, split, merge, priority, push, tracking, tags, flags,
 *   packages, cost and deadline: the whole pipeline's decision.
 * `changes` lists what differs (`diffOutcomes`). No schema parsing on this path: orders and
 * contexts are trusted to be in parsed form.
 */
export function createSimulator(plan: TSimulationPlan): Simulator {
  const others = orderStages(plan.others.filter((s) => s.stage !== plan.stage));
  for (const s of others) prepareEvaluator(s.compiled);
  const rank = stageRank(plan.stage);
  let insertAt = others.findIndex((s) => stageRank(s.stage) > rank);
  if (insertAt === -1) insertAt = others.length;
  const candidate = prepareSide(plan.candidate);
  const baseline = plan.baseline === null ? null : prepareSide(plan.baseline);
  const otherCount = others.length;

  /** The simulated stage's decision on one side, with the warehouse earlier stages assigned. */
  const own = (rules: SideRules | null, order: TOrder, context: TEvaluationContext, facts: OrderFacts, assignedWarehouseId: string | null) => {
    if (rules === null) return { decision: NOTHING_DECIDED, conflicts: [] as string[] };
    const evaluation = evaluate(rules.compiled, order, context, { ...rules.options, derived: facts.derived, assignedWarehouseId });
    return { decision: evaluation.decision, conflicts: disagreements(rules, evaluation.decision, evaluation.matchedRules, order) };
  };
  /** The stages after the simulated one, seeing `assigned` as the assigned warehouse; written into `decisions` after the simulated stage's slot. */
  const later = (order: TOrder, context: TEvaluationContext, facts: OrderFacts, assigned: string | null, decisions: TDecision[]) => {
    for (let i = insertAt; i < otherCount; i++) {
      const d: TDecision = evaluate(others[i]!.compiled, order, context, { derived: facts.derived, assignedWarehouseId: assigned }).decision;
      decisions[i + 1] = d;
      assigned ??= d.warehouseId;
    }
  };

  return {
    compare(order, context) {
      const facts = new OrderFacts(order, context);
      // Stages before the simulated one are shared by both sides, each seeing the warehouse assigned before it.
      const shared: TDecision[] = new Array(otherCount + 1);
      let assigned: string | null = null;
      for (let i = 0; i < insertAt; i++) {
        const d: TDecision = evaluate(others[i]!.compiled, order, context, { derived: facts.derived, assignedWarehouseId: assigned }).decision;
        shared[i] = d;
        assigned ??= d.warehouseId;
      }
      const b = own(baseline, order, context, facts, assigned);
      const c = own(candidate, order, context, facts, assigned);
      // Later stages depend on the warehouse each side ends up with: evaluated once when the sides agree on it.
      const bAssigned = assigned ?? b.decision.warehouseId;
      const cAssigned = assigned ?? c.decision.warehouseId;
      const bDecisions = shared;
      bDecisions[insertAt] = b.decision;
      if (insertAt < otherCount) later(order, context, facts, bAssigned, bDecisions);
      const cDecisions = shared.slice();
      cDecisions[insertAt] = c.decision;
      if (insertAt < otherCount && cAssigned !== bAssigned) later(order, context, facts, cAssigned, cDecisions);
      const baselineOutcome = sideOutcome(order, context, facts, mergeDecisions(bDecisions), b.decision, b.conflicts);
      const candidateOutcome = sideOutcome(order, context, facts, mergeDecisions(cDecisions), c.decision, c.conflicts);
      return { baseline: baselineOutcome, candidate: candidateOutcome, changes: diffOutcomes(baselineOutcome, candidateOutcome) };
    },
  };
}
