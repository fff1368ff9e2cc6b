// A frozen copy of the decision reduction, the stage merge and the outcome diff as they were before
// the action effects registry (rules-schema/actions/). Test support only: the differential test holds
// the registry-driven versions equal to these on random rulesets. Do not edit to follow changes.
import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TFiredAction } from "../evaluate/decision-schema";

/** The decision as it was: its fields then (later actions add fields the frozen code never sets). */
export interface FrozenDecision {
  warehouseId: string | null;
  channelId: string | null;
  holds: { reason: string; ruleName: string }[];
  flags: string[];
  intercept: { reason: string; ruleName: string } | null;
  split: { strategy: "channelLimits" | "maxWeight"; maxWeightGrams: number | null; channelId: string | null; ruleName: string } | null;
  merge: { withinHours: number; ruleName: string } | null;
  pushToWarehouse: boolean;
  requestTracking: boolean;
  tags: string[];
  priorityLevel: "low" | "normal" | "high" | "urgent" | null;
  actions: TFiredAction[];
  firedRules: string[];
  usedFallback: boolean;
  conflicts: { subject: string; message: string; ruleNames: string[] }[];
}
type TDecision = FrozenDecision;

const CONTRADICTING_ACTIONS = [
  { kinds: ["intercept", "pushToWarehouse"], subject: "intercept" },
  { kinds: ["intercept", "requestTracking"], subject: "intercept" },
  { kinds: ["intercept", "assignChannel"], subject: "intercept" },
  { kinds: ["hold", "pushToWarehouse"], subject: "hold" },
] as const;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A decision that decides nothing: the start of every reduction, and what a stage without rules contributes. */
export function frozenEmptyDecision(): TDecision {
  return {
    warehouseId: null,
    channelId: null,
    holds: [],
    flags: [],
    intercept: null,
    split: null,
    merge: null,
    pushToWarehouse: false,
    requestTracking: false,
    tags: [],
    priorityLevel: null,
    actions: [],
    firedRules: [],
    usedFallback: false,
    conflicts: [],
  };
}


interface SingleSlot {
  value: string;
  rule: string;
  priority: number;
}

/** The priority a rule was given: its action's (the manifest's, which fallback rules keep too), else json-rules-engine's. */
function priorityOf(compiled: TCompiledRuleset, i: number): number {
  return compiled.manifest.rules[i]?.priority ?? compiled.rules[i]?.priority ?? 1;
}

/** Per rule, what the reduction needs, worked out once per compiled ruleset (evaluation runs per order). */
interface RuleInfo {
  name: string;
  priority: number;
  /** Action kinds this rule's action contradicts. */
  contradicts: readonly string[];
}
const ruleInfo = new WeakMap<TCompiledRuleset, RuleInfo[]>();
function infoOf(compiled: TCompiledRuleset): RuleInfo[] {
  let info = ruleInfo.get(compiled);
  if (!info) {
    info = compiled.rules.map((r, i) => ({
      name: r.name ?? `#${i}`,
      priority: priorityOf(compiled, i),
      contradicts: CONTRADICTING_ACTIONS.flatMap((c) => (c.kinds[0] === r.event.type ? [c.kinds[1]] : c.kinds[1] === r.event.type ? [c.kinds[0]] : [])),
    }));
    ruleInfo.set(compiled, info);
  }
  return info;
}

/** The highest-priority rule that took effect, per action kind (for contradictions). */
type Applied = Record<string, { rule: string; priority: number } | undefined>;

/**
 * Claims a single-valued slot for `fired`: true when it holds this value now (first setter, or the
 * same value); false when a rule already set another — an override when that rule has a higher
 * priority, a conflict at the same priority.
 */
function claim(slots: Map<string, SingleSlot>, fired: TFiredAction, subject: string, value: string, priority: number, conflicts: TDecision["conflicts"]): boolean {
  const slot = slots.get(subject);
  if (!slot) {
    slots.set(subject, { value, rule: fired.ruleName, priority });
    return true;
  }
  if (slot.value === value) return true;
  if (slot.priority > priority) fired.overriddenBy = slot.rule;
  else conflicts.push({ subject, message: `${slot.rule} sets ${subject} ${slot.value}; ${fired.ruleName} wanted ${value}`, ruleNames: [slot.rule, fired.ruleName] });
  return false;
}

/**
 * Turns the matched rules of a compiled ruleset into one decision. Shared by every engine so that
 * the hit policy and the conflict rules are defined once. `matched` lists rule indexes in rule order
 * (priority high to low). With hit policy `all` every matched rule fires (as in json-rules-engine):
 *
 * - A single-valued decision (warehouse, channel, priority, split) comes from the first fired rule
 *   that sets it. A later rule of **lower** priority that wants another value is *overridden* (the
 *   general rule and its higher-priority exception); one of the **same** priority is a conflict.
 * - Contradicting actions (CONTRADICTING_ACTIONS: a hold and a push, an intercept and a push…): the
 *   one of higher priority takes effect and the other is overridden; at equal priority both take
 *   effect and the decision reports the conflict.
 *
 * Every fired action stays in `actions` (with `overriddenBy` when it had no effect), so the list is
 * exactly the events json-rules-engine fires.
 */
export function frozenReduceDecisions(compiled: TCompiledRuleset, matched: readonly number[]): TDecision {
  const count = compiled.hitPolicy === "first" ? Math.min(1, matched.length) : matched.length;
  const decision = frozenEmptyDecision();
  const conflicts = decision.conflicts;
  if (count === 0) return decision;
  const info = infoOf(compiled);
  const slots = new Map<string, SingleSlot>();
  const applied: Applied = {};
  let contradictionAtEqualPriority = false;
  for (let k = 0; k < count; k++) {
    const i = matched[k]!;
    const rule = compiled.rules[i]!;
    const meta = compiled.manifest.rules[i];
    const { name, priority, contradicts } = info[i]!;
    const type = rule.event.type;
    const p = rule.event.params ?? {};
    const fired: TFiredAction = { ruleName: name, nodeId: meta?.nodeId ?? "", type, params: p, priority };
    decision.actions.push(fired);
    decision.firedRules.push(name);
    if (meta?.fallback) decision.usedFallback = true;

    // A contradicting action of higher priority already took effect: this one is overridden.
    let over: string | undefined;
    for (const other of contradicts) {
      const a = applied[other];
      if (!a) continue;
      if (a.priority > priority) over ??= a.rule;
      else contradictionAtEqualPriority = true;
    }
    if (over !== undefined) {
      fired.overriddenBy = over;
      continue;
    }
    let effective = true;
    switch (type) {
      case "assignWarehouse": {
        const v = str(p.warehouseId);
        if (v !== null && claim(slots, fired, "warehouse", v, priority, conflicts) && decision.warehouseId === null) decision.warehouseId = v;
        effective = v !== null && fired.overriddenBy === undefined;
        break;
      }
      case "assignChannel": {
        const v = str(p.channelId);
        if (v !== null && claim(slots, fired, "channel", v, priority, conflicts) && decision.channelId === null) decision.channelId = v;
        effective = v !== null && fired.overriddenBy === undefined;
        break;
      }
      case "hold":
        decision.holds.push({ reason: str(p.reason) ?? "", ruleName: name });
        break;
      case "flag": {
        const v = str(p.code);
        if (v !== null && !decision.flags.includes(v)) decision.flags.push(v);
        break;
      }
      case "intercept":
        if (decision.intercept === null) decision.intercept = { reason: str(p.reason) ?? "", ruleName: name };
        break;
      case "splitPackage": {
        const strategy = p.strategy === "maxWeight" ? "maxWeight" : "channelLimits";
        const maxWeightGrams = typeof p.maxWeightGrams === "number" ? p.maxWeightGrams : null;
        const channelId = str(p.channelId);
        if (claim(slots, fired, "split", `${strategy}:${maxWeightGrams}:${channelId}`, priority, conflicts) && decision.split === null)
          decision.split = { strategy, maxWeightGrams, channelId, ruleName: name };
        effective = fired.overriddenBy === undefined;
        break;
      }
      case "mergeOrders":
        if (decision.merge === null && typeof p.withinHours === "number") decision.merge = { withinHours: p.withinHours, ruleName: name };
        break;
      case "pushToWarehouse":
        decision.pushToWarehouse = true;
        break;
      case "requestTracking":
        decision.requestTracking = true;
        break;
      case "addTag": {
        const v = str(p.tag);
        if (v !== null && !decision.tags.includes(v)) decision.tags.push(v);
        break;
      }
      case "setPriority": {
        const v = p.level;
        if (v === "low" || v === "normal" || v === "high" || v === "urgent") {
          if (claim(slots, fired, "priority", v, priority, conflicts) && decision.priorityLevel === null) decision.priorityLevel = v;
          effective = fired.overriddenBy === undefined;
        } else effective = false;
        break;
      }
      default:
        effective = false;
        break;
    }
    // Only kinds that take part in a contradiction need remembering; the first to take effect has the highest priority.
    if (effective && contradicts.length > 0 && applied[type] === undefined) applied[type] = { rule: name, priority };
  }
  // Contradicting actions that both took effect (equal priority): report each pair's subject once (rare: computed only then).
  if (contradictionAtEqualPriority) reportContradictions(decision);
  return decision;
}

function reportContradictions(decision: TDecision): void {
  const took = decision.actions.filter((a) => a.overriddenBy === undefined);
  for (const c of CONTRADICTING_ACTIONS) {
    const [x, y] = c.kinds;
    const xs = took.filter((a) => a.type === x);
    const ys = took.filter((a) => a.type === y);
    if (xs.length === 0 || ys.length === 0) continue;
    const message =
      c.subject === "hold"
        ? "The order is held but also pushed to the warehouse"
        : y === "assignChannel"
          ? "The order is intercepted but also assigned a logistics channel"
          : "The order is intercepted but also pushed to the warehouse or sent for tracking";
    const existing = decision.conflicts.find((k) => k.subject === c.subject && k.message === message);
    const names = [...xs, ...ys].map((a) => a.ruleName);
    if (existing) {
      for (const n of names) if (!existing.ruleNames.includes(n)) existing.ruleNames.push(n);
    } else decision.conflicts.push({ subject: c.subject, message, ruleNames: names });
  }
}

export function frozenMergeDecisions(decisions: readonly TDecision[]): TDecision {
  const out = frozenEmptyDecision();
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (out.warehouseId === null) out.warehouseId = d.warehouseId;
    if (out.channelId === null) out.channelId = d.channelId;
    if (out.priorityLevel === null) out.priorityLevel = d.priorityLevel;
    if (out.split === null) out.split = d.split;
    if (out.merge === null) out.merge = d.merge;
    if (out.intercept === null) out.intercept = d.intercept;
    if (d.pushToWarehouse) out.pushToWarehouse = true;
    if (d.requestTracking) out.requestTracking = true;
    if (d.usedFallback) out.usedFallback = true;
    out.holds.push(...d.holds);
    out.actions.push(...d.actions);
    out.firedRules.push(...d.firedRules);
    out.conflicts.push(...d.conflicts);
    for (const f of d.flags) if (!out.flags.includes(f)) out.flags.push(f);
    for (const t of d.tags) if (!out.tags.includes(t)) out.tags.push(t);
  }
  return out;
}

/** The side outcome's action fields as they were. */
export interface FrozenOutcome {
  decided: boolean;
  warehouseId: string | null;
  channelId: string | null;
  holds: string[];
  intercept: boolean;
  split: boolean;
  merge: boolean;
  priority: string | null;
  push: boolean;
  tracking: boolean;
  tags: string[];
  flags: string[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (!b.includes(x)) return false;
  for (const x of b) if (!a.includes(x)) return false;
  return true;
}
function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

export function frozenDiffOutcomes(baseline: FrozenOutcome, candidate: FrozenOutcome): string[] {
  const out: string[] = [];
  if (baseline.decided !== candidate.decided) out.push("decided");
  if (baseline.warehouseId !== candidate.warehouseId) out.push("warehouse");
  if (baseline.channelId !== candidate.channelId) out.push("channel");
  if (!sameMultiset(baseline.holds, candidate.holds)) out.push("holds");
  if (baseline.intercept !== candidate.intercept) out.push("intercept");
  if (baseline.split !== candidate.split) out.push("split");
  if (baseline.merge !== candidate.merge) out.push("merge");
  if (baseline.priority !== candidate.priority) out.push("priority");
  if (baseline.push !== candidate.push) out.push("push");
  if (baseline.tracking !== candidate.tracking) out.push("tracking");
  if (!sameSet(baseline.tags, candidate.tags)) out.push("tags");
  if (!sameSet(baseline.flags, candidate.flags)) out.push("flags");
  return out;
}

/** The side outcome's action fields from a merged decision, as sideOutcome read them. */
export function frozenOutcomeFields(decided: boolean, merged: TDecision): FrozenOutcome {
  return {
    decided,
    warehouseId: merged.warehouseId,
    channelId: merged.channelId,
    holds: merged.holds.map((h) => h.reason),
    intercept: merged.intercept !== null,
    split: merged.split !== null,
    merge: merged.merge !== null,
    priority: merged.priorityLevel,
    push: merged.pushToWarehouse,
    tracking: merged.requestTracking,
    tags: merged.tags,
    flags: merged.flags,
  };
}
