import type { TCompiledRuleset } from "../compile/compiled-schema";
import { CHANGE_KINDS, DEADLINE_RISKS, type TOrderComparison, type TSideOutcome, type TSideTotals, type TSimulationTotals } from "./simulation-schema";

/**
 * Totals of a simulation, added order by order (`addComparison`, in place) and chunk by chunk
 * (`mergeSimulationTotals`, pure): merging the totals of two chunks gives exactly the totals of
 * both chunks' orders, whatever the split.
 *
 * Every count map counts orders (an order counts once per key even when, say, two rules held it
 * for the same reason): byWarehouse / byChannel by id ("" = none assigned), byHoldReason by reason,
 * byAction by action type the simulated ruleset fired, byDeadline by risk (every DEADLINE_RISKS key
 * is present), ruleHits by rule name. Costs are summed per currency and kept rounded to the cent,
 * so sums are exact and do not drift over a million orders.
 *
 * Count maps are objects without a prototype, so any key (even "__proto__") is plain data.
 */

type Counts = Record<string, number>;

const counts = (): Counts => Object.create(null) as Counts;

function deadlineCounts(): Counts {
  const c = counts();
  for (const risk of DEADLINE_RISKS) c[risk] = 0;
  return c;
}

export function emptySideTotals(): TSideTotals {
  return {
    orders: 0,
    decided: 0,
    undecided: 0,
    disagreed: 0,
    byWarehouse: counts(),
    byChannel: counts(),
    byHoldReason: counts(),
    byAction: counts(),
    byDeadline: deadlineCounts(),
    ruleHits: counts(),
    held: 0,
    intercepts: 0,
    splits: 0,
    splitPackages: 0,
    merges: 0,
    channelRefused: 0,
    mergedAway: 0,
    packages: 0,
    costByCurrency: counts(),
    priced: 0,
    unpriced: 0,
  };
}

export function emptySimulationTotals(): TSimulationTotals {
  return { orders: 0, changed: 0, changedBy: counts(), baseline: emptySideTotals(), candidate: emptySideTotals() };
}

/** Exact cents: both operands are whole cents, so rounding the sum removes float noise without bias. */
const addMoney = (a: number, b: number) => Math.round((a + b) * 100) / 100;

/**
 * The count under a key, 0 when absent. Maps read back from JSON have a prototype: what they
 * inherit ("constructor", "__proto__") is never a number, so it reads as 0 here.
 */
function own(map: Counts, key: string): number {
  const v = map[key];
  return typeof v === "number" ? v : 0;
}

function put(map: Counts, key: string, value: number): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

function bump(map: Counts, key: string): void {
  put(map, key, own(map, key) + 1);
}

function addSide(t: TSideTotals, o: TSideOutcome): void {
  t.orders++;
  if (o.decided) t.decided++;
  else t.undecided++;
  if (o.conflicts.length > 0) t.disagreed++;
  bump(t.byWarehouse, o.warehouseId ?? "");
  bump(t.byChannel, o.channelId ?? "");
  const holds = o.holds;
  if (holds.length > 0) {
    t.held++;
    for (let i = 0; i < holds.length; i++) if (holds.indexOf(holds[i]!) === i) bump(t.byHoldReason, holds[i]!);
  }
  const actions = o.actions;
  for (let i = 0; i < actions.length; i++) if (actions.indexOf(actions[i]!) === i) bump(t.byAction, actions[i]!);
  bump(t.byDeadline, o.deadline);
  const fired = o.firedRules;
  for (let i = 0; i < fired.length; i++) if (fired.indexOf(fired[i]!) === i) bump(t.ruleHits, fired[i]!);
  if (o.intercept) t.intercepts++;
  if (o.split) {
    t.splits++;
    t.splitPackages += o.packages;
  }
  if (o.merge) {
    t.merges++;
    if (o.packages === 0 && !o.intercept) t.mergedAway++;
  }
  if (o.channelRefused !== null) t.channelRefused++;
  t.packages += o.packages;
  if (o.cost === null) t.unpriced++;
  else {
    t.priced++;
    if (o.currency !== null) put(t.costByCurrency, o.currency, addMoney(own(t.costByCurrency, o.currency), o.cost));
  }
}

/**
 * Adds one order's comparison to running totals, in place (the hot path of a simulation: no
 * allocation beyond new map keys). Returns `totals` for chaining.
 */
export function addComparison(totals: TSimulationTotals, comparison: TOrderComparison): TSimulationTotals {
  totals.orders++;
  const changes = comparison.changes;
  if (changes.length > 0) {
    totals.changed++;
    for (let i = 0; i < changes.length; i++) bump(totals.changedBy, changes[i]!);
  }
  addSide(totals.baseline, comparison.baseline);
  addSide(totals.candidate, comparison.candidate);
  return totals;
}

function mergeCounts(a: Counts, b: Counts): Counts {
  const out = counts();
  for (const k of Object.keys(a)) out[k] = own(a, k);
  for (const k of Object.keys(b)) out[k] = own(out, k) + own(b, k);
  return out;
}

function mergeMoney(a: Counts, b: Counts): Counts {
  const out = counts();
  for (const k of Object.keys(a)) out[k] = addMoney(own(a, k), 0);
  for (const k of Object.keys(b)) out[k] = addMoney(own(out, k), own(b, k));
  return out;
}

function mergeSide(a: TSideTotals, b: TSideTotals): TSideTotals {
  return {
    orders: a.orders + b.orders,
    decided: a.decided + b.decided,
    undecided: a.undecided + b.undecided,
    disagreed: a.disagreed + b.disagreed,
    byWarehouse: mergeCounts(a.byWarehouse, b.byWarehouse),
    byChannel: mergeCounts(a.byChannel, b.byChannel),
    byHoldReason: mergeCounts(a.byHoldReason, b.byHoldReason),
    byAction: mergeCounts(a.byAction, b.byAction),
    byDeadline: mergeCounts(a.byDeadline, b.byDeadline),
    ruleHits: mergeCounts(a.ruleHits, b.ruleHits),
    held: a.held + b.held,
    intercepts: a.intercepts + b.intercepts,
    splits: a.splits + b.splits,
    splitPackages: a.splitPackages + b.splitPackages,
    merges: a.merges + b.merges,
    channelRefused: a.channelRefused + b.channelRefused,
    mergedAway: a.mergedAway + b.mergedAway,
    packages: a.packages + b.packages,
    costByCurrency: mergeMoney(a.costByCurrency, b.costByCurrency),
    priced: a.priced + b.priced,
    unpriced: a.unpriced + b.unpriced,
  };
}

/** The totals of two chunks together, as a new object; neither input is modified. */
export function mergeSimulationTotals(a: TSimulationTotals, b: TSimulationTotals): TSimulationTotals {
  return {
    orders: a.orders + b.orders,
    changed: a.changed + b.changed,
    changedBy: mergeCounts(a.changedBy, b.changedBy),
    baseline: mergeSide(a.baseline, b.baseline),
    candidate: mergeSide(a.candidate, b.candidate),
  };
}

/** The candidate's rules (names, in rule order) that fired for no order of the simulation. */
export function rulesNeverFired(candidate: TCompiledRuleset, totals: TSimulationTotals): string[] {
  const hits = totals.candidate.ruleHits;
  const out: string[] = [];
  candidate.rules.forEach((rule, i) => {
    const name = rule.name ?? `#${i}`;
    if (own(hits, name) === 0) out.push(name);
  });
  return out;
}

/** Change kinds in screen order with their counts (0 when none changed that way). */
export function changeCounts(totals: TSimulationTotals): { kind: (typeof CHANGE_KINDS)[number]; orders: number }[] {
  return CHANGE_KINDS.map((kind) => ({ kind, orders: own(totals.changedBy, kind) }));
}
