import type { ActionEffect, ReduceEnv } from "../actions/action-effect";
import type { TActionKind } from "../actions/action-effects";
import { CONTRADICTED_BY, CONTRADICTING_ACTIONS, actionEffect, isActionKind } from "../actions/decision-slots";
import { decisionLiteralFactory } from "./build-fast-evaluator";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TDecision, TFiredAction } from "./decision-schema";

/** A decision that decides nothing: the start of every reduction, and what a stage without rules contributes. */
export const emptyDecision: () => TDecision = decisionLiteralFactory<TDecision>([
  { key: "actions", literal: "[]" },
  { key: "firedRules", literal: "[]" },
  { key: "usedFallback", literal: "false" },
  { key: "conflicts", literal: "[]" },
]);


export function ruleNames(compiled: TCompiledRuleset, indexes: readonly number[]): string[] {
  return indexes.map((i) => compiled.rules[i]!.name ?? `#${i}`);
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
  /** What the rule's action does (undefined: not a Switchyard action, it decides nothing). */
  effect: ActionEffect | undefined;
  /** Action kinds this rule's action contradicts. */
  contradicts: readonly TActionKind[];
}
const ruleInfo = new WeakMap<TCompiledRuleset, RuleInfo[]>();
function infoOf(compiled: TCompiledRuleset): RuleInfo[] {
  let info = ruleInfo.get(compiled);
  if (!info) {
    info = compiled.rules.map((r, i) => ({
      name: r.name ?? `#${i}`,
      priority: priorityOf(compiled, i),
      effect: isActionKind(r.event.type) ? actionEffect(r.event.type) : undefined,
      contradicts: isActionKind(r.event.type) ? CONTRADICTED_BY[r.event.type] : [],
    }));
    ruleInfo.set(compiled, info);
  }
  return info;
}

/** The highest-priority rule that took effect, per action kind (for contradictions). */
type Applied = Record<string, { rule: string; priority: number; at: number } | undefined>;

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
 * Turns the matched rules of a compiled ruleset into one decision, each fired action filling its slot
 * as the action registry says (`ActionEffect.reduce`; `order` for actions whose value depends on
 * the order, such as a declared customs value). Shared by every engine so that
 * the hit policy and the conflict rules are defined once. `matched` lists rule indexes in rule order
 * (priority high to low). With hit policy `all` every matched rule fires (as in json-rules-engine):
 *
 * - A single-valued decision (warehouse, channel, priority, split, …: policy `claim`) comes from the first fired rule
 *   that sets it. A later rule of **lower** priority that wants another value is *overridden* (the
 *   general rule and its higher-priority exception); one of the **same** priority is a conflict.
 * - Contradicting actions (the registry's `contradicts`: a hold and a push, an intercept and a push…): the
 *   one of higher priority takes effect and the other is overridden (by the first contradicting rule
 *   that took effect, i.e. the one of highest priority); at equal priority both take effect and the
 *   decision reports the conflict.
 *
 * Every fired action stays in `actions` (with `overriddenBy` when it had no effect), so the list is
 * exactly the events json-rules-engine fires — except the later matching rows of a decision table
 * with hit policy `first`: only its first matching row fires (json-rules-engine alone would fire
 * them all; the manifest marks the rows).
 */
export function reduceDecisions(compiled: TCompiledRuleset, matched: readonly number[], order: ReduceEnv = null): TDecision {
  const count = compiled.hitPolicy === "first" ? Math.min(1, matched.length) : matched.length;
  const decision = emptyDecision();
  const conflicts = decision.conflicts;
  if (count === 0) return decision;
  const info = infoOf(compiled);
  const claimed = new Map<string, SingleSlot>();
  const applied: Applied = {};
  let contradictionAtEqualPriority = false;
  /** Decision tables with hit policy "first": the row that fired, per table. */
  let firstRows: Map<string, string> | null = null;
  for (let k = 0; k < count; k++) {
    const i = matched[k]!;
    const rule = compiled.rules[i]!;
    const meta = compiled.manifest.rules[i];
    const row = meta?.table;
    if (row !== undefined && row.hitPolicy === "first") {
      // Only the first matching row of such a table fires (its rules come in row order); later rows matched but do not act.
      firstRows ??= new Map();
      const won = firstRows.get(meta!.nodeId);
      if (won !== undefined && won !== row.rowId) continue;
      firstRows.set(meta!.nodeId, row.rowId);
    }
    const { name, priority, effect, contradicts } = info[i]!;
    const type = rule.event.type;
    const p = rule.event.params ?? {};
    const fired: TFiredAction = { ruleName: name, nodeId: meta?.nodeId ?? "", type, params: p, priority };
    decision.actions.push(fired);
    decision.firedRules.push(name);
    if (meta?.fallback) decision.usedFallback = true;

    // A contradicting action of higher priority already took effect: this one is overridden.
    // Of several, the first to take effect (the highest priority) is named.
    let over: { rule: string; at: number } | undefined;
    for (const other of contradicts) {
      const a = applied[other];
      if (!a) continue;
      if (a.priority > priority) {
        if (over === undefined || a.at < over.at) over = a;
      } else contradictionAtEqualPriority = true;
    }
    if (over !== undefined) {
      fired.overriddenBy = over.rule;
      continue;
    }
    let effective = true;
    if (effect === undefined) effective = false;
    else {
      const slots = decision as unknown as Record<string, unknown>;
      const key = effect.slot.key;
      const r = effect.reduce;
      switch (r.policy) {
        case "claim": {
          const got = r.read(p, name, order);
          if (got === null) effective = false;
          else {
            if (claim(claimed, fired, r.subject, got.key, priority, conflicts) && slots[key] === null) slots[key] = got.value;
            effective = fired.overriddenBy === undefined;
          }
          break;
        }
        case "first":
          if (slots[key] === null) {
            const v = r.read(p, name, order);
            if (v !== null) slots[key] = v;
          }
          break;
        case "append":
          (slots[key] as unknown[]).push(r.read(p, name, order));
          break;
        case "distinct": {
          const v = r.read(p);
          const list = slots[key] as string[];
          if (v !== null && !list.includes(v)) list.push(v);
          break;
        }
        case "set":
          slots[key] = true;
          break;
      }
    }
    // Only kinds that take part in a contradiction need remembering; the first to take effect has the highest priority.
    if (effective && contradicts.length > 0 && applied[type] === undefined) applied[type] = { rule: name, priority, at: k };
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
    const existing = decision.conflicts.find((k) => k.subject === c.subject && k.message === c.message);
    const names = [...xs, ...ys].map((a) => a.ruleName);
    if (existing) {
      for (const n of names) if (!existing.ruleNames.includes(n)) existing.ruleNames.push(n);
    } else decision.conflicts.push({ subject: c.subject, message: c.message, ruleNames: names });
  }
}
