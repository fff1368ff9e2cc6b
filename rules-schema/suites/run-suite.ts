import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TEvaluationContext } from "../context/context-schema";
import { actionEffect, KINDS_BY_RANK } from "../actions/decision-slots";
import type { TDecision, TTrace } from "../evaluate/decision-schema";
import { evaluate } from "../evaluate/evaluate";
import { EXPECTABLE, type TTestCase, type TTestSuite } from "./suite-schema";

/** One checked field of a case that came out otherwise. */
export interface CaseDiff {
  field: string;
  label: string;
  expected: unknown;
  actual: unknown;
}

export interface CaseResult {
  id: string;
  name: string;
  passed: boolean;
  diffs: CaseDiff[];
  /** The fields the case checks, with what came out. */
  actual: Record<string, unknown>;
  firedRules: string[];
  /** Null when the evaluation failed. */
  decision: TDecision | null;
  trace?: TTrace | undefined;
  /** Evaluation failed (a bug): the message. */
  error?: string;
}

export interface SuiteRun {
  total: number;
  passed: number;
  failed: number;
  cases: CaseResult[];
  /** Rules of the ruleset that no case fired (decision table rules name their rows). */
  notExercised: string[];
}

/** The outcome fields of a decision, in the simulator's vocabulary (`decided` and one field per action kind). */
export function outcomeOf(decision: TDecision): Record<string, unknown> {
  const out: Record<string, unknown> = { decided: decision.firedRules.length > 0 };
  const d = decision as unknown as Record<string, unknown>;
  for (const k of KINDS_BY_RANK) {
    const e = actionEffect(k);
    out[e.outcome.key] = (e.outcome.from as (slot: unknown) => unknown)(d[e.slot.key]);
  }
  return out;
}

const sorted = (xs: unknown) => (Array.isArray(xs) ? [...xs].map(String).sort() : xs);
const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = {
  value: (a, b) => a === b,
  set: (a, b) => JSON.stringify([...new Set(sorted(a) as string[])]) === JSON.stringify([...new Set(sorted(b) as string[])]),
  multiset: (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)),
  json: (a, b) => JSON.stringify(a) === JSON.stringify(b),
};

/** Checks one case's expectations against an outcome: the fields that differ (holds as a multiset, tags and flags as sets). */
export function checkExpectations(expect: TTestCase["expect"], actual: Record<string, unknown>): CaseDiff[] {
  const diffs: CaseDiff[] = [];
  if (expect.decided !== undefined && expect.decided !== actual.decided) diffs.push({ field: "decided", label: "Decided", expected: expect.decided, actual: actual.decided });
  for (const f of EXPECTABLE) {
    const want = (expect as Record<string, unknown>)[f.key];
    if (want === undefined) continue;
    if (!COMPARE[f.compare]!(want, actual[f.key])) diffs.push({ field: f.key, label: f.label, expected: want, actual: actual[f.key] });
  }
  return diffs;
}

/**
 * Runs a suite against a compiled ruleset with the same evaluator as everything else: each case's
 * order, with its stock overrides, decided and compared with what it expects. `trace`: keep each
 * case's trace (the designer shows it on the graph).
 */
export function runSuite(
  compiled: TCompiledRuleset,
  suite: Pick<TTestSuite, "cases">,
  context: TEvaluationContext,
  options: {
    trace?: boolean;
    /** Per order: the warehouse earlier stages assign (logistics and auto-processing see it, as live). */
    assignedWarehouseOf?: (order: TTestCase["order"], context: TEvaluationContext) => string | null;
  } = {},
): SuiteRun {
  const cases: CaseResult[] = [];
  const fired = new Set<string>();
  for (const c of suite.cases) {
    const ctx = c.inventory ? { ...context, inventory: { ...context.inventory, ...c.inventory } } : context;
    try {
      const assignedWarehouseId = c.assignedWarehouseId ?? options.assignedWarehouseOf?.(c.order, ctx) ?? null;
      const ev = evaluate(compiled, c.order, ctx, { trace: options.trace === true, assignedWarehouseId });
      for (const r of ev.decision.firedRules) fired.add(r);
      const all = outcomeOf(ev.decision);
      const diffs = checkExpectations(c.expect, all);
      const actual = Object.fromEntries(Object.keys(c.expect).filter((k) => (c.expect as Record<string, unknown>)[k] !== undefined).map((k) => [k, all[k]]));
      cases.push({ id: c.id, name: c.name, passed: diffs.length === 0, diffs, actual, firedRules: ev.decision.firedRules, decision: ev.decision, trace: ev.trace ?? undefined });
    } catch (err) {
      cases.push({ id: c.id, name: c.name, passed: false, diffs: [], actual: {}, firedRules: [], decision: null, error: (err as Error).message });
    }
  }
  const passed = cases.filter((c) => c.passed).length;
  const notExercised = [...new Set(compiled.rules.map((r) => r.name ?? ""))].filter((n) => n !== "" && !fired.has(n));
  return { total: cases.length, passed, failed: cases.length - passed, cases, notExercised };
}
