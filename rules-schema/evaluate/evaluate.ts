import { type TCompiledRuleset, type TJreCondition, ZCompiledRuleset } from "../compile/compiled-schema";
import { FALLBACK_PRIORITY } from "../compile/compile-graph";
import { LINES_FACT } from "../facts/fact-catalog";
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
  /** The warehouse an earlier pipeline stage assigned, read by the "Assigned warehouse" fact (evaluatePipeline passes it). */
  assignedWarehouseId?: string | null;
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
  errors.push(...orderAndShapeErrors(c));
  if (errors.length === 0) {
    try {
      prepareEvaluator(c);
    } catch (e) {
      errors.push({ path: "rules", message: (e as Error).message });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, compiled: c };
}

/** Every fact condition of a condition tree (line-item sub-conditions included), with its path. */
function* factConditions(c: TJreCondition, path: string): Generator<{ c: TJreCondition & { fact: string }; path: string }> {
  if ("all" in c) for (const [i, m] of c.all.entries()) yield* factConditions(m, `${path}.all.${i}`);
  else if ("any" in c) for (const [i, m] of c.any.entries()) yield* factConditions(m, `${path}.any.${i}`);
  else if ("not" in c) yield* factConditions(c.not, `${path}.not`);
  else {
    yield { c, path };
    const v = c.value;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && ("all" in v || "any" in v || "not" in v || "fact" in v) && c.fact === LINES_FACT)
      yield* factConditions(v as TJreCondition, `${path}.value`);
  }
}

/**
 * What the evaluators rely on and a hand-edited compiled file may break: rules in evaluation order
 * (priority high to low, fallback rules last), manifest priorities that agree with the rules, and no
 * `path` on a fact (Switchyard facts are plain values; json-rules-engine would apply a path the fast
 * evaluator cannot, so the two would disagree).
 */
function orderAndShapeErrors(c: TCompiledRuleset): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  let seenFallback = false;
  let previous = Number.POSITIVE_INFINITY;
  c.rules.forEach((r, i) => {
    const meta = c.manifest.rules[i];
    const priority = r.priority ?? 1;
    if (meta?.fallback) {
      seenFallback = true;
      if (priority !== FALLBACK_PRIORITY) errors.push({ path: `rules.${i}.priority`, message: `a fallback rule runs at priority ${FALLBACK_PRIORITY}, not ${priority}` });
    } else {
      if (seenFallback) errors.push({ path: `rules.${i}`, message: "a rule after the fallback rules: fallback rules come last" });
      if (meta && meta.priority !== priority) errors.push({ path: `rules.${i}.priority`, message: `priority ${priority} differs from the manifest's ${meta.priority}` });
      if (priority > previous)
        errors.push({ path: `rules.${i}.priority`, message: `rules must be sorted by priority, highest first: rule ${i} has priority ${priority} after one of ${previous}` });
      previous = priority;
    }
    for (const { c: cond, path } of factConditions(r.conditions, `rules.${i}.conditions`)) {
      if ((cond as { path?: unknown }).path !== undefined)
        errors.push({ path: `${path}.path`, message: `fact "${cond.fact}" is read with path ${JSON.stringify((cond as { path?: unknown }).path)}: compiled rulesets read facts whole (decompile and recompile the rules to map order paths onto facts)` });
    }
  });
  return errors;
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
  const frame = createFactFrame(order, context, options.derived, options.assignedWarehouseId ?? null);
  if (options.trace) return evaluateTraced(compiled, frame, order);
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
  const decision = reduceDecisions(compiled, matched, order);
  // With hit policy `all` every matched rule fired (but the later rows of a first-hit decision table), so the lists are mostly the same.
  const matchedRules = stop ? null : compiled.hitPolicy === "all" && decision.firedRules.length === matched.length ? decision.firedRules : ruleNames(compiled, matched);
  return { decision, matchedRules, trace: null };
}

function evaluateTraced(compiled: TCompiledRuleset, frame: EvalFrame, order: TOrder): TEvaluation {
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
  const decision = reduceDecisions(compiled, matched, order);
  return { decision, matchedRules: ruleNames(compiled, matched), trace: { engine: "fast", rules: buildTrace(compiled, trees, flags, new Set(decision.firedRules)) } };
}
