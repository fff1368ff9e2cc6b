import { z } from "zod";
import { actionEffect, CONTRADICTED_BY, isActionKind } from "../actions/decision-slots";
import type { TActionKind } from "../actions/action-effects";
import type { TCompiledRuleset, TJreFactCondition } from "../compile/compiled-schema";
import { type TEvaluationContext, EMPTY_CONTEXT } from "../context/context-schema";
import { evaluate } from "../evaluate/evaluate";
import type { TDecision } from "../evaluate/decision-schema";
import { ORDER_FACTS } from "../facts/fact-catalog";
import { createFactFrame } from "../facts/fact-frame";
import { STAGES, type TStage } from "../graph/graph-schema";
import { ZOrder } from "../order/order-schema";
import { type ExampleOrder, buildExample, exampleAgrees } from "./build-example";
import { conditionText } from "./condition-text";
import { type Formula, RuleSpace, and, not, or } from "./rule-space";
import { Budget, BudgetExceeded, satisfiable, solutions } from "./search";

export const FINDING_KINDS = ["overlap", "shadowed", "dead", "channelExcluded", "gap"] as const;
export type TFindingKind = (typeof FINDING_KINDS)[number];

export const ZAnalysisExample = z.object({
  order: ZOrder,
  /** The warehouse an earlier stage assigned (the stage input of logistics matching and later). */
  assignedWarehouseId: z.string().nullable(),
});

export const ZFinding = z.object({
  kind: z.enum(FINDING_KINDS),
  message: z.string(),
  /** Compiled rules the finding is about (the first is its subject). */
  ruleNames: z.array(z.string()),
  /** Canvas nodes to highlight: the rules' action nodes / tables and the tests on their paths. */
  nodeIds: z.array(z.string()),
  /** An order that shows it, on which the evaluator agreed (for a dead rule: an order that passes all but the conflicting conditions). */
  example: ZAnalysisExample.nullable(),
  /** What the evaluator did with the example, in words. */
  evidence: z.string(),
});
export type TFinding = z.infer<typeof ZFinding>;

export const ZRulesetAnalysis = z.object({
  findings: z.array(ZFinding),
  /** Rules with conditions the analysis does not model: findings about them may be missing. */
  notAnalysed: z.array(z.object({ ruleName: z.string(), nodeIds: z.array(z.string()), reasons: z.array(z.string()) })),
  /** The work budget ran out: the questions left unanswered are listed here. */
  incomplete: z.array(z.string()),
});
export type TRulesetAnalysis = z.infer<typeof ZRulesetAnalysis>;

export interface AnalyzeRulesetOptions {
  /** Formula parts the whole analysis may evaluate (default 3,000,000: well under a second here). */
  budget?: number;
  /** Names rules in messages (the designer passes node labels); default: the rule's action label and name. */
  describeRule?: (ruleName: string, nodeId: string) => string;
  /**
   * For stages after warehouse matching: the warehouses the published warehouse rules can assign (the
   * stages interact through "Assigned warehouse"). Default: every warehouse of the context.
   */
  arrivingWarehouses?: readonly string[];
}

/** Stages that must decide something for every order, and the action kinds that count as deciding it. */
const MUST_DECIDE: Partial<Record<TStage, { slot: "warehouseId" | "channelId"; what: string; kinds: readonly TActionKind[] }>> = {
  warehouseMatching: { slot: "warehouseId", what: "a warehouse", kinds: ["assignWarehouse", "hold", "intercept"] },
  logisticsMatching: { slot: "channelId", what: "a channel", kinds: ["assignChannel", "hold", "intercept"] },
};

/** Most findings one analysis reports. */
export const MAX_FINDINGS = 100;

interface RuleInfo {
  index: number;
  name: string;
  nodeId: string;
  nodeIds: string[];
  fallback: boolean;
  priority: number;
  kind: string;
  params: Record<string, unknown>;
  table: { nodeId: string; rowId: string; hitPolicy: "first" | "all" } | null;
  cond: Formula;
  fires: Formula;
  effective: Formula;
  /** Key of the single value it claims (warehouse id, channel id …), when its action claims one. */
  claim: { subject: string; key: string } | null;
}


function claimOf(kind: string, params: Record<string, unknown>, name: string): { subject: string; key: string } | null {
  if (!isActionKind(kind)) return null;
  const r = actionEffect(kind).reduce;
  if (r.policy !== "claim") return null;
  try {
    const got = r.read(params, name, null);
    return got === null ? null : { subject: r.subject, key: got.key };
  } catch {
    return null;
  }
}

function overrides(hi: RuleInfo, lo: RuleInfo): boolean {
  if (hi.priority <= lo.priority) return false;
  if (hi.claim && lo.claim && hi.claim.subject === lo.claim.subject && hi.claim.key !== lo.claim.key) return true;
  return isActionKind(lo.kind) && (CONTRADICTED_BY[lo.kind] as readonly string[]).includes(hi.kind);
}

function conflictsAtEqualPriority(a: RuleInfo, b: RuleInfo): boolean {
  if (a.priority !== b.priority) return false;
  if (a.claim && b.claim && a.claim.subject === b.claim.subject && a.claim.key !== b.claim.key) return true;
  return isActionKind(a.kind) && (CONTRADICTED_BY[a.kind] as readonly string[]).includes(b.kind);
}

const sameTable = (a: RuleInfo, b: RuleInfo) => a.table !== null && b.table !== null && a.table.nodeId === b.table.nodeId;

/**
 * Finds overlapping, shadowed and dead rules, rules whose channel refuses every order they admit, and
 * orders a deciding stage leaves undecided — each shown by an order the real evaluator agrees on.
 * Pure and deterministic; bounded by the work budget (what it could not finish is listed).
 */
export function analyzeRuleset(compiled: TCompiledRuleset, context: TEvaluationContext = EMPTY_CONTEXT, options: AnalyzeRulesetOptions = {}): TRulesetAnalysis {
  const budget = new Budget(options.budget ?? 3_000_000);
  const space = new RuleSpace("order", context);
  const afterWarehouse = STAGES.indexOf(compiled.stage) > STAGES.indexOf("warehouseMatching");
  const manifest = compiled.manifest.rules;
  const rules: RuleInfo[] = compiled.rules.map((r, i) => {
    const m = manifest[i]!;
    const params = (r.event.params ?? {}) as Record<string, unknown>;
    const cond = space.formulaOf(r.conditions);
    return {
      index: i,
      name: r.name ?? `#${i}`,
      nodeId: m.nodeId,
      nodeIds: [m.nodeId, ...m.pathNodeIds.filter((id) => id !== m.nodeId)],
      fallback: m.fallback,
      priority: m.priority,
      kind: r.event.type,
      params,
      table: m.table ? { nodeId: m.nodeId, rowId: m.table.rowId, hitPolicy: m.table.hitPolicy } : null,
      cond,
      fires: cond,
      effective: cond,
      claim: claimOf(r.event.type, params, r.name ?? `#${i}`),
    };
  });
  // The limits of each assigned channel, for "the channel refuses every order this rule admits".
  const limits = new Map<string, Formula>();
  for (const r of rules) {
    if (r.kind !== "assignChannel" || typeof r.params.channelId !== "string" || limits.has(r.params.channelId)) continue;
    if (!context.channels.some((c) => c.id === r.params.channelId)) continue;
    // The channel's own limits; where it collects from is the channelOrigin check's.
    limits.set(r.params.channelId, space.fitsChannelFormula(r.params.channelId, { origin: false }));
  }
  space.finish();
  // A line-item test whose condition no line can meet: "some line …" / "every line …" never hold, "no line …" always does.
  if (space.lineSpace) {
    for (const atom of space.atoms) {
      const q = atom.quantifier;
      if (!q) continue;
      if (satisfiable(q.line, space.lineSpace, budget) === false) space.vars[atom.v]!.reps = [q.op === "noLine"];
    }
  }
  if (afterWarehouse) {
    // The stage runs once a warehouse is assigned: no "no warehouse" orders.
    const v = space.vars.find((x) => x.fact === "assignedWarehouse" && !x.free);
    const arriving = options.arrivingWarehouses ?? (context.warehouses.length ? context.warehouses.map((w) => w.id) : null);
    if (v && arriving) v.reps = v.reps.filter((x) => typeof x === "string" && arriving.includes(x));
  }

  const main = rules.filter((r) => !r.fallback);
  const first = compiled.hitPolicy === "first";
  for (const r of rules) {
    const blockers: Formula[] = [];
    if (!r.fallback) {
      if (first) for (const o of main) if (o.index < r.index) blockers.push(o.cond);
      if (!first && r.table?.hitPolicy === "first") for (const o of main) if (o.index < r.index && sameTable(o, r) && o.table!.rowId !== r.table.rowId) blockers.push(o.cond);
    } else {
      for (const o of main) blockers.push(o.cond);
      if (first) for (const o of rules) if (o.fallback && o.index < r.index) blockers.push(o.cond);
    }
    r.fires = blockers.length ? and([r.cond, ...blockers.map(not)]) : r.cond;
  }
  for (const r of rules) {
    if (first) r.effective = r.fires;
    else {
      // Rules come in priority order, so an overriding rule's own `effective` is known.
      const over = rules.filter((o) => o.index < r.index && overrides(o, r)).map((o) => o.effective);
      r.effective = over.length ? and([r.fires, not(or(over))]) : r.fires;
    }
  }

  const describe = options.describeRule ?? ((name: string, nodeId: string) => `“${name}” (${nodeId})`);
  const label = (r: RuleInfo) => describe(r.name, r.nodeId);
  const findings: TFinding[] = [];
  const incomplete: string[] = [];
  const notAnalysed = rules.flatMap((r) => {
    const reasons = unmodelledReasons(space, r.cond);
    return reasons.length ? [{ ruleName: r.name, nodeIds: r.nodeIds, reasons }] : [];
  });

  /** Builds examples for the goal's solutions until one agrees and `confirm` accepts what the evaluator did. */
  const demonstrate = (goal: Formula, confirm: (ex: ExampleOrder, decision: TDecision, matched: string[]) => string | null): { example: ExampleOrder; evidence: string } | null | "unknown" => {
    let tries = 0;
    try {
      for (const s of solutions(goal, space, budget)) {
        if (++tries > 12) return null;
        // Building an order and evaluating it counts against the budget too.
        budget.used += exampleCost;
        if (budget.used > budget.limit) return "unknown";
        const ex = buildExample(space, s, context, budget);
        if (!ex || !exampleAgrees(space, s, ex, context)) continue;
        const ev = evaluate(compiled, ex.order, context, { allMatches: true, assignedWarehouseId: ex.assignedWarehouseId ?? defaultWarehouse() });
        const evidence = confirm(ex, ev.decision, ev.matchedRules ?? ev.decision.firedRules);
        if (evidence !== null) return { example: { order: ex.order, assignedWarehouseId: ex.assignedWarehouseId ?? defaultWarehouse() }, evidence };
      }
      return null;
    } catch (e) {
      if (e instanceof BudgetExceeded) return "unknown";
      throw e;
    }
  };
  const exampleCost = 500 + compiled.rules.length * 5;
  let stopped = false;
  /** A list longer than this helps nobody: past it the analysis stops and says so. */
  const enough = () => {
    if (findings.length >= MAX_FINDINGS) stopped = true;
    return stopped || budget.exhausted;
  };
  const defaultWarehouse = () => (afterWarehouse ? (options.arrivingWarehouses?.[0] ?? context.warehouses[0]?.id ?? null) : null);
  const sat = (f: Formula) => satisfiable(f, space, budget);

  // Dead rules, and rules whose channel refuses every order they admit.
  const alive = new Set<number>();
  for (const r of rules) {
    if (enough()) break;
    const s = sat(r.cond);
    if (s === "unknown") {
      incomplete.push(`whether ${label(r)} can match any order`);
      continue;
    }
    if (s) {
      alive.add(r.index);
      continue;
    }
    const core = unsatCore(space, r.cond, sat);
    const texts = core.map((c) => formulaText(space, c)).filter((t): t is string => t !== null);
    const nearGoal = core.length > 1 ? and(conjuncts(space, r.cond).filter((c) => c !== core[core.length - 1])) : null;
    const shown = nearGoal ? demonstrate(nearGoal, (_ex, _d, matched) => (matched.includes(r.name) ? null : `${label(r)} did not match this order`)) : null;
    const fromWarehouses =
      options.arrivingWarehouses && afterWarehouse && core.some((c) => mentionsFact(space, c, "assignedWarehouse"))
        ? ` (the published warehouse rules assign only ${options.arrivingWarehouses.map((id) => context.warehouses.find((w) => w.id === id)?.name || id).join(", ") || "no warehouse"})`
        : "";
    findings.push({
      kind: "dead",
      message: `${label(r)} can never match${fromWarehouses}: ${texts.length >= 2 ? `${texts.slice(0, -1).join(", ")} and ${texts[texts.length - 1]} cannot all hold` : texts.length === 1 ? `${texts[0]} holds for no order` : "its conditions contradict each other"}`,
      ruleNames: [r.name],
      nodeIds: r.nodeIds,
      example: shown && shown !== "unknown" ? shown.example : null,
      evidence: shown && shown !== "unknown" ? `${shown.evidence}; it passes every other condition but fails ${texts[texts.length - 1] ?? "the last one"}` : "no order satisfies these conditions",
    });
  }
  for (const r of rules) {
    if (enough()) break;
    if (!alive.has(r.index) || r.kind !== "assignChannel") continue;
    const lim = limits.get(String(r.params.channelId));
    if (!lim) continue;
    const s = sat(and([r.cond, lim]));
    if (s === "unknown") {
      incomplete.push(`whether ${label(r)} admits any order its channel can carry`);
      continue;
    }
    if (s) continue;
    const channelId = String(r.params.channelId);
    const channel = context.channels.find((c) => c.id === channelId)!;
    const shown = demonstrate(r.cond, (ex, _d, matched) => {
      if (!matched.includes(r.name)) return null;
      const frame = createFactFrame(ex.order, context, undefined, null);
      return ORDER_FACTS.fitsChannel.get(frame, { channelId }) === false ? `${label(r)} matched and assigned ${channel.name || channelId}, whose limits the order breaks` : null;
    });
    if (shown === null || shown === "unknown") {
      incomplete.push(`an example order for ${label(r)}, whose channel refuses every order it admits`);
      continue;
    }
    findings.push({
      kind: "channelExcluded",
      message: `${label(r)} assigns ${channel.name || channelId}, but every order it admits breaks that channel's limits (${limitsText(channel)})`,
      ruleNames: [r.name],
      nodeIds: r.nodeIds,
      example: shown.example,
      evidence: shown.evidence,
    });
  }

  // Shadowed rules: can match, never take effect. With hit policy first only the earlier rules that
  // can match together with it matter (keeps the question small in long rule lists and tables).
  for (const r of rules) {
    if (enough()) break;
    if (!alive.has(r.index) || r.effective === r.cond) continue;
    let question = r.effective;
    if (first && !r.fallback) {
      const overlaps = (o: RuleInfo) => budget.exhausted || sat(and([r.cond, o.cond])) !== false;
      const earlier = main.filter((o) => o.index < r.index && alive.has(o.index));
      // Rows of one decision table hiding each other are the table's own check (table-checks.ts): a row
      // is asked about here only when a rule outside its table can match together with it.
      if (r.table && !earlier.some((o) => !sameTable(o, r) && overlaps(o))) continue;
      const before = earlier.filter(overlaps);
      question = before.length ? and([r.cond, ...before.map((o) => not(o.cond))]) : r.cond;
      if (question === r.cond) continue;
    }
    const s = sat(question);
    if (s === "unknown") {
      incomplete.push(`whether ${label(r)} ever decides`);
      continue;
    }
    if (s) continue;
    const deciders = new Set<string>();
    const shown = demonstrate(r.cond, (_ex, decision, matched) => {
      if (r.fallback) {
        // A fallback's gate never passes while another rule matches: what shows it is the rule that did.
        const winner = decision.firedRules[0];
        if (decision.usedFallback || winner === undefined) return null;
        deciders.add(winner);
        const w = rules.find((x) => x.name === winner);
        return `the fallback did not run: ${w ? label(w) : winner} matched this order`;
      }
      if (!matched.includes(r.name)) return null;
      const mine = decision.actions.find((a) => a.ruleName === r.name);
      if (mine && mine.overriddenBy === undefined) return null;
      const winner = mine?.overriddenBy ?? decision.firedRules[0];
      if (!winner) return null;
      const w = rules.find((x) => x.name === winner);
      // Rows of one decision table hiding each other are the table's own check.
      if (w && sameTable(w, r)) return null;
      deciders.add(winner);
      return `${label(r)} matched, but ${w ? label(w) : winner} decided`;
    });
    if (shown === null || shown === "unknown") {
      incomplete.push(`an example order for ${label(r)}, which never decides`);
      continue;
    }
    const winner = rules.find((x) => deciders.has(x.name));
    findings.push({
      kind: "shadowed",
      message: `${label(r)} never decides: whenever it matches, ${r.fallback ? "another rule matches" : first ? "a rule before it matches first" : "a rule of higher priority overrides it"}${winner ? ` (for example ${label(winner)})` : ""}`,
      ruleNames: [r.name, ...deciders],
      nodeIds: [...new Set([...r.nodeIds, ...(winner?.nodeIds ?? [])])],
      example: shown.example,
      evidence: shown.evidence,
    });
  }

  // Overlaps: two rules that both take effect on one order with conflicting actions.
  if (!first) {
    for (let i = 0; i < rules.length; i++) {
      for (let j = i + 1; j < rules.length && !enough(); j++) {
        const a = rules[i]!;
        const b = rules[j]!;
        if (!alive.has(a.index) || !alive.has(b.index) || sameTable(a, b) || !conflictsAtEqualPriority(a, b)) continue;
        const goal = and([a.effective, b.effective]);
        const shown = demonstrate(goal, (_ex, decision) => {
          const c = decision.conflicts.find((k) => k.ruleNames.includes(a.name) && k.ruleNames.includes(b.name));
          return c ? `the decision reports a conflict: ${c.message}` : null;
        });
        if (shown === "unknown") {
          incomplete.push(`whether ${label(a)} and ${label(b)} overlap`);
          continue;
        }
        if (!shown) {
          if (sat(goal) === true) incomplete.push(`whether ${label(a)} and ${label(b)} overlap (no example order could be built)`);
          continue;
        }
        findings.push({
          kind: "overlap",
          message: `${label(a)} and ${label(b)} both fire on some orders at the same priority (${a.priority}) and disagree; give the one that should win a higher priority`,
          ruleNames: [a.name, b.name],
          nodeIds: [...new Set([...a.nodeIds, ...b.nodeIds])],
          example: shown.example,
          evidence: shown.evidence,
        });
      }
    }
  }

  // Gaps: orders a deciding stage leaves undecided.
  const must = MUST_DECIDE[compiled.stage];
  if (must && enough()) incomplete.push(`whether every order gets ${must.what} (not checked: the analysis stopped before it)`);
  else if (must) {
    const deciding = rules.filter((r) => (must.kinds as readonly string[]).includes(r.kind));
    if (deciding.length > 0) {
      // With hit policy first an order is decided when a deciding rule matches before any rule that is not.
      const others = main.filter((r) => !(must.kinds as readonly string[]).includes(r.kind));
      const decidedBy = (r: RuleInfo) => (r.fallback ? r.fires : and([r.cond, ...others.filter((o) => o.index < r.index).map((o) => not(o.cond))]));
      const goal = first ? and(deciding.map((r) => not(decidedBy(r)))) : and(deciding.map((r) => not(r.effective)));
      const shown = demonstrate(goal, (_ex, decision) => {
        const d = decision as unknown as Record<string, unknown>;
        if (d[must.slot] !== null || decision.holds.length > 0 || decision.intercept !== null) return null;
        return decision.firedRules.length ? `only ${decision.firedRules.join(", ")} fired, and none chose ${must.what}` : "no rule fired";
      });
      if (shown === "unknown") incomplete.push(`whether every order gets ${must.what}`);
      else if (!shown) {
        if (sat(goal) === true) incomplete.push(`whether every order gets ${must.what} (no example order could be built)`);
      } else {
        findings.push({
          kind: "gap",
          message: `Some orders get no ${must.what.replace(/^an? /, "")}: no rule decides orders like this one (${exampleText(shown.example, space, context)}). Add a rule or a fallback for them`,
          ruleNames: [],
          nodeIds: [],
          example: shown.example,
          evidence: shown.evidence,
        });
      }
    }
  }
  if (budget.exhausted && !stopped) incomplete.push("the rest of the rules: the analysis ran out of its work budget (a large ruleset; the questions above were not answered)");
  if (stopped) incomplete.push(`the rest of the rules: the analysis stops after ${MAX_FINDINGS} findings (fix those, and it checks on)`);
  return { findings, notAnalysed, incomplete };
}

function limitsText(ch: TEvaluationContext["channels"][number]): string {
  const parts = [`up to ${ch.maxWeightGrams.toLocaleString("en-US")} g`];
  if (ch.maxLengthCm !== null) parts.push(`longest side ${ch.maxLengthCm} cm`);
  if (ch.countries.length) parts.push(`to ${ch.countries.slice(0, 8).join(", ")}${ch.countries.length > 8 ? "…" : ""}`);
  if (!ch.batteryAllowed) parts.push("no batteries");
  if (!ch.liquidAllowed) parts.push("no liquids");
  if (!ch.hazmatAllowed) parts.push("no hazmat");
  return parts.join(", ");
}

function mentionsFact(space: RuleSpace, f: Formula, fact: string): boolean {
  if (f.k === "atom") return space.atoms[f.a]!.cond.fact === fact;
  if (f.k === "not") return mentionsFact(space, f.x, fact);
  if (f.k === "and" || f.k === "or") return f.xs.some((x) => mentionsFact(space, x, fact));
  return false;
}

/** The formula's top-level conditions (nested "all" flattened; a written-out condition stays whole). */
function conjuncts(space: RuleSpace, f: Formula): Formula[] {
  return f.k === "and" && !space.written.has(f) ? f.xs.flatMap((x) => conjuncts(space, x)) : [f];
}

/** A smallest set of the formula's conjuncts that still cannot hold together (deletion-based). */
function unsatCore(space: RuleSpace, f: Formula, sat: (f: Formula) => boolean | "unknown"): Formula[] {
  let core = conjuncts(space, f);
  for (let i = core.length - 1; i >= 0 && core.length > 1; i--) {
    const without = core.filter((_, k) => k !== i);
    if (sat(and(without)) === false) core = without;
  }
  return core;
}

function formulaText(space: RuleSpace, f: Formula): string | null {
  const written = space.written.get(f);
  if (written) return conditionText(written, false, space.context);
  if (f.k === "not" && space.written.has(f.x)) return conditionText(space.written.get(f.x)!, true, space.context);
  if (f.k === "atom") return conditionText(space.atoms[f.a]!.cond as TJreFactCondition, false);
  if (f.k === "not" && f.x.k === "atom") return conditionText(space.atoms[f.x.a]!.cond as TJreFactCondition, true);
  if (f.k === "and") {
    const parts = f.xs.map((x) => formulaText(space, x));
    return parts.every((p) => p !== null) ? parts.join(" and ") : null;
  }
  if (f.k === "or") {
    const parts = f.xs.map((x) => formulaText(space, x));
    return parts.every((p) => p !== null) ? `(${parts.join(" or ")})` : null;
  }
  return null;
}

function unmodelledReasons(space: RuleSpace, f: Formula, out: string[] = [], seen = new Set<Formula>()): string[] {
  if (seen.has(f)) return out;
  seen.add(f);
  if (f.k === "atom") {
    const a = space.atoms[f.a]!;
    if (a.unmodelled && !out.includes(a.unmodelled)) out.push(a.unmodelled);
    if (a.quantifier && space.lineSpace) unmodelledReasons(space.lineSpace, a.quantifier.line, out);
  } else if (f.k === "not") unmodelledReasons(space, f.x, out, seen);
  else if (f.k === "and" || f.k === "or") for (const x of f.xs) unmodelledReasons(space, x, out, seen);
  return out;
}

/** The example's facts that the rules test, in words: "Destination country ZA, Chargeable weight 2,001 g". */
function exampleText(ex: ExampleOrder, space: RuleSpace, context: TEvaluationContext): string {
  const frame = createFactFrame(ex.order, context, undefined, ex.assignedWarehouseId);
  const facts = [...new Set(space.vars.filter((v) => !v.free && Object.prototype.hasOwnProperty.call(ORDER_FACTS, v.fact)).map((v) => v.fact))].slice(0, 6);
  return facts
    .map((f) => {
      const def = ORDER_FACTS[f as keyof typeof ORDER_FACTS];
      const v = def.get(frame, space.vars.find((x) => x.fact === f)?.params);
      return `${def.label} ${Array.isArray(v) ? (v.length ? v.join(", ") : "none") : v === null ? "unknown" : typeof v === "number" ? `${v.toLocaleString("en-US")}${def.unit === "g" ? " g" : def.unit === "cm" ? " cm" : def.unit === "h" ? " h" : ""}` : String(v)}`;
    })
    .join(", ");
}

export { Budget, BudgetExceeded };
