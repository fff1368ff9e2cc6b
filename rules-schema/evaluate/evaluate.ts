import { type TCompiledRuleset, ZCompiledRuleset } from "../compile/compiled-schema";
import { type TEvaluationContext, EMPTY_CONTEXT } from "../context/context-schema";
import { createFactFrame } from "../facts/fact-frame";
import type { TOrder } from "../order/order-schema";
import type { TDerivedFacts } from "../order/derive-order-facts";
import { buildTrace } from "./build-trace";
import { type FastEvaluator, buildFastEvaluator } from "./build-fast-evaluator";
import type { TEvaluation } from "./decision-schema";
import { annotateCondition } from "./interpret-condition";
import { reduceDecisions, ruleNames } from "./reduce-decisions";
import { type EvalFrame, orderFactResolver } from "./resolve-order-fact";

export interface EvaluateOptions {
  /** Return a trace: every rule, matched or not, and every condition's actual vs expected value. */
  trace?: boolean;
  /**
   * With hit policy `first`, keep evaluating after the deciding rule so `matchedRules` lists every
   * matching rule (the simulator uses it to find rules that disagree). Decisions are the same.
   */
  allMatches?: boolean;
  /**
   * The order's derived facts, `deriveOrderFacts(order, context.now)`, when the caller evaluates the
   * same order several times (the stages of a pipeline, the two sides of a simulation).
   */
  derived?: TDerivedFacts;
}

const prepared = new WeakMap<TCompiledRuleset, FastEvaluator>();

/** The fast evaluator of a compiled ruleset, built once per compiled object. */
export function prepareEvaluator(compiled: TCompiledRuleset): FastEvaluator {
  let fast = prepared.get(compiled);
  if (!fast) {
    fast = buildFastEvaluator(compiled);
    prepared.set(compiled, fast);
  }
  return fast;
}

/** Checks a compiled ruleset from outside (file, database, API) before it is evaluated. */
export function parseCompiledRuleset(input: unknown):
  | { ok: true; compiled: TCompiledRuleset }
  | { ok: false; errors: { path: string; message: string }[] } {
  const parsed = ZCompiledRuleset.safeParse(input);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  const c = parsed.data;
  const errors: { path: string; message: string }[] = [];
  if (c.rules.length !== c.manifest.rules.length) errors.push({ path: "manifest.rules", message: "manifest and rules differ in length" });
  const names = new Set<string>();
  c.rules.forEach((r, i) => {
    if (r.name === undefined || r.name !== c.manifest.rules[i]?.name) errors.push({ path: `rules.${i}.name`, message: "rule name does not match the manifest" });
    if (r.name !== undefined && names.has(r.name)) errors.push({ path: `rules.${i}.name`, message: `duplicate rule name "${r.name}"` });
    if (r.name !== undefined) names.add(r.name);
  });
  if (errors.length === 0) {
    try {
      prepareEvaluator(c);
    } catch (e) {
      errors.push({ path: "rules", message: (e as Error).message });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, compiled: c };
}

/**
 * Evaluates one order against a compiled ruleset with the fast evaluator. The single definition of
 * evaluation used by the editor's test panel, the simulator, the router and the API;
 * `evaluateReference` runs the same rules through json-rules-engine.
 */
export function evaluate(
  compiled: TCompiledRuleset,
  order: TOrder,
  context: TEvaluationContext = EMPTY_CONTEXT,
  options: EvaluateOptions = {},
): TEvaluation {
  const frame = createFactFrame(order, context, options.derived);
  if (options.trace) return evaluateTraced(compiled, frame);
  const fast = prepareEvaluator(compiled);
  const matched: number[] = [];
  const stop = compiled.hitPolicy === "first" && !options.allMatches;
  for (const chunk of fast.main) {
    chunk(frame, matched, stop);
    if (stop && matched.length) break;
  }
  if (matched.length === 0 || !stop) {
    frame.matchedCount = matched.length;
    for (const chunk of fast.fallback) {
      chunk(frame, matched, stop);
      if (stop && matched.length) break;
    }
  }
  const decision = reduceDecisions(compiled, matched);
  // With hit policy `all` every matched rule fired, so the two lists are the same.
  const matchedRules = stop ? null : compiled.hitPolicy === "all" ? decision.firedRules : ruleNames(compiled, matched);
  return { decision, matchedRules, trace: null };
}

function evaluateTraced(compiled: TCompiledRuleset, frame: EvalFrame): TEvaluation {
  const resolve = orderFactResolver(frame);
  const trees = [];
  const flags: boolean[] = [];
  const fallback = compiled.manifest.rules.map((m) => m.fallback);
  // Non-fallback rules first, then the fallback rules with the gate's count known.
  for (let i = 0; i < compiled.rules.length; i++) {
    if (fallback[i]) continue;
    trees[i] = annotateCondition(compiled.rules[i]!.conditions, resolve);
    flags[i] = trees[i]!.result === true;
  }
  frame.matchedCount = flags.filter(Boolean).length;
  for (let i = 0; i < compiled.rules.length; i++) {
    if (!fallback[i]) continue;
    trees[i] = annotateCondition(compiled.rules[i]!.conditions, resolve);
    flags[i] = trees[i]!.result === true;
  }
  const matched = flags.flatMap((m, i) => (m ? [i] : []));
  const decision = reduceDecisions(compiled, matched);
  return { decision, matchedRules: ruleNames(compiled, matched), trace: { engine: "fast", rules: buildTrace(compiled, trees, flags, new Set(decision.firedRules)) } };
}
