import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TDecision, TDecisionConflict } from "./decision-schema";

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A decision that decides nothing: the start of every reduction, and what a stage without rules contributes. */
export function emptyDecision(): TDecision {
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

export function ruleNames(compiled: TCompiledRuleset, indexes: readonly number[]): string[] {
  return indexes.map((i) => compiled.rules[i]!.name ?? `#${i}`);
}

interface SingleSlot {
  value: string;
  rule: string;
}

/** Records the first setter of a single-valued decision; reports a conflict when a later one differs. */
function claim(slot: SingleSlot | null, subject: string, value: string, rule: string, conflicts: TDecisionConflict[]): SingleSlot | null {
  if (slot === null) return { value, rule };
  if (slot.value !== value)
    conflicts.push({ subject, message: `${slot.rule} sets ${subject} ${slot.value}; ${rule} wanted ${value}`, ruleNames: [slot.rule, rule] });
  return slot;
}

/**
 * Turns the matched rules of a compiled ruleset into one decision. Shared by every engine so that
 * the hit policy and the conflict rules are defined once. `matched` lists rule indexes in rule order.
 * Single-valued decisions (warehouse, channel, priority, split) come from the first fired rule that
 * sets them; a later rule that disagrees is reported as a conflict.
 */
export function reduceDecisions(compiled: TCompiledRuleset, matched: readonly number[]): TDecision {
  const count = compiled.hitPolicy === "first" ? Math.min(1, matched.length) : matched.length;
  const decision = emptyDecision();
  let warehouse: SingleSlot | null = null;
  let channel: SingleSlot | null = null;
  let priority: SingleSlot | null = null;
  let split: SingleSlot | null = null;
  const conflicts = decision.conflicts;
  for (let k = 0; k < count; k++) {
    const i = matched[k]!;
    const rule = compiled.rules[i]!;
    const meta = compiled.manifest.rules[i];
    const name = rule.name ?? `#${i}`;
    const p = rule.event.params ?? {};
    decision.actions.push({ ruleName: name, nodeId: meta?.nodeId ?? "", type: rule.event.type, params: p });
    decision.firedRules.push(name);
    if (meta?.fallback) decision.usedFallback = true;
    switch (rule.event.type) {
      case "assignWarehouse": {
        const v = str(p.warehouseId);
        if (v === null) break;
        warehouse = claim(warehouse, "warehouse", v, name, conflicts);
        decision.warehouseId = warehouse!.value;
        break;
      }
      case "assignChannel": {
        const v = str(p.channelId);
        if (v === null) break;
        channel = claim(channel, "channel", v, name, conflicts);
        decision.channelId = channel!.value;
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
        const first = split === null;
        split = claim(split, "split", `${strategy}:${maxWeightGrams}:${channelId}`, name, conflicts);
        if (first) decision.split = { strategy, maxWeightGrams, channelId, ruleName: name };
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
          priority = claim(priority, "priority", v, name, conflicts);
          decision.priorityLevel = priority!.value as typeof v;
        }
        break;
      }
      default:
        break;
    }
  }
  if (decision.intercept !== null && (decision.pushToWarehouse || decision.requestTracking))
    conflicts.push({
      subject: "intercept",
      message: "The order is intercepted but also pushed to the warehouse or sent for tracking",
      ruleNames: [decision.intercept.ruleName, ...decision.actions.filter((a) => a.type === "pushToWarehouse" || a.type === "requestTracking").map((a) => a.ruleName)],
    });
  if (decision.holds.length > 0 && decision.pushToWarehouse)
    conflicts.push({
      subject: "hold",
      message: "The order is held but also pushed to the warehouse",
      ruleNames: [...decision.holds.map((h) => h.ruleName), ...decision.actions.filter((a) => a.type === "pushToWarehouse").map((a) => a.ruleName)],
    });
  return decision;
}
