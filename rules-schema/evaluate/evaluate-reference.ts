import { Engine, type RuleResult } from "json-rules-engine";
import type { TCompiledRuleset, TJreEvent, TJreRule } from "../compile/compiled-schema";
import { type TEvaluationContext, EMPTY_CONTEXT } from "../context/context-schema";
import { LINES_FACT, MATCHED_RULE_COUNT_FACT, ORDER_FACTS } from "../facts/fact-catalog";
import { createFactFrame } from "../facts/fact-frame";
import { OPERATORS } from "../operators/operator-registry";
import type { TOrder } from "../order/order-schema";
import { FALLBACK_PRIORITY } from "../compile/compile-graph";
import { buildTrace } from "./build-trace";
import type { TEvaluation } from "./decision-schema";
import { type EvaluatedCondition, QUANTIFIER_FNS } from "./interpret-condition";
import { reduceDecisions, ruleNames } from "./reduce-decisions";
import { safePathResolver } from "./safe-path-resolver";
import { ORDER_OBJECT_FACT } from "../decompile/read-jre-rules";
import type { EvaluateOptions } from "./evaluate";
import type { FactFrame } from "../facts/fact-frame";

const FRAME_FACT = "$frame";
const engines = new WeakMap<TCompiledRuleset, Engine>();

/** A json-rules-engine Engine loaded with a compiled ruleset, our facts and our operators. */
export function createReferenceEngine(compiled: TCompiledRuleset): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: safePathResolver });
  for (const [name, op] of Object.entries(OPERATORS)) if (!op.builtIn) engine.addOperator(name, op.evaluate);
  for (const [name, fn] of Object.entries(QUANTIFIER_FNS)) engine.addOperator(name, fn);
  const frameOf = (almanac: { factValue: (id: string) => Promise<unknown> }) => almanac.factValue(FRAME_FACT) as Promise<FactFrame>;
  for (const [id, def] of Object.entries(ORDER_FACTS)) {
    engine.addFact(id, (params, almanac) => frameOf(almanac).then((f) => def.get(f, params as Record<string, unknown> | undefined)));
  }
  engine.addFact(LINES_FACT, (_p, almanac) => frameOf(almanac).then((f) => f.derived.lines));
  // The whole order, for rule files that read it with a path (`{ "fact": "order", "path": "$.shippingAddress.country" }`);
  // the decompiler maps those paths onto the facts they read.
  engine.addFact(ORDER_OBJECT_FACT, (_p, almanac) => frameOf(almanac).then((f) => f.order));
  // Counts rules matched at priorities above the fallback's; they have all finished when fallbacks run.
  engine.addFact(
    MATCHED_RULE_COUNT_FACT,
    (_p, almanac) => (almanac as unknown as { getResults: () => RuleResult[] }).getResults().filter((r) => r.result && (r.priority ?? 1) > FALLBACK_PRIORITY).length,
    { cache: false },
  );
  for (const rule of compiled.rules) engine.addRule(structuredClone(rule) as never);
  return engine;
}

type ConditionInstance = Record<string, unknown>;

/** Copies json-rules-engine's evaluated Condition instances into plain trees. */
function toTree(c: ConditionInstance | undefined): EvaluatedCondition {
  if (!c) return {};
  const out: EvaluatedCondition = {};
  if (Array.isArray(c.all)) out.all = (c.all as ConditionInstance[]).map(toTree);
  else if (Array.isArray(c.any)) out.any = (c.any as ConditionInstance[]).map(toTree);
  else if (c.not && typeof c.not === "object") out.not = toTree(c.not as ConditionInstance);
  else {
    out.fact = c.fact as string;
    out.operator = c.operator as string;
    out.value = c.value;
    if (c.params) out.params = c.params as Record<string, unknown>;
    if ("factResult" in c) out.factResult = c.factResult;
    if ("valueResult" in c) out.valueResult = c.valueResult;
  }
  if (typeof c.result === "boolean") out.result = c.result;
  return out;
}

/**
 * Evaluates with the real json-rules-engine: the oracle the fast evaluator is tested against.
 */
export async function evaluateReference(
  compiled: TCompiledRuleset,
  order: TOrder,
  context: TEvaluationContext = EMPTY_CONTEXT,
  options: EvaluateOptions = {},
): Promise<TEvaluation> {
  let engine = engines.get(compiled);
  if (!engine) {
    engine = createReferenceEngine(compiled);
    engines.set(compiled, engine);
  }
  const frame = createFactFrame(order, context, undefined, options.assignedWarehouseId ?? null);
  const { results, failureResults } = await engine.run({ [FRAME_FACT]: frame });
  const byName = new Map<string, RuleResult>();
  for (const r of [...results, ...failureResults]) byName.set(r.name as string, r);
  const matchedFlags = compiled.rules.map((r) => byName.get(r.name as string)?.result === true);
  const matched = matchedFlags.flatMap((m, i) => (m ? [i] : []));
  const decision = reduceDecisions(compiled, matched, order);
  const listAll = options.trace || options.allMatches || compiled.hitPolicy === "all";
  const matchedRules = listAll ? ruleNames(compiled, matched) : null;
  if (!options.trace) return { decision, matchedRules, trace: null };
  const trees = compiled.rules.map((r) => toTree(byName.get(r.name as string)?.conditions as unknown as ConditionInstance));
  return { decision, matchedRules, trace: { engine: "reference", rules: buildTrace(compiled, trees, matchedFlags, new Set(decision.firedRules)) } };
}

/**
 * Runs plain json-rules-engine rules (not necessarily compiled by Switchyard) against an order with
 * Switchyard's facts and operators. Returns the events of the matching rules, highest priority first.
 */
export async function runJsonRules(rules: readonly TJreRule[], order: TOrder, context: TEvaluationContext = EMPTY_CONTEXT): Promise<TJreEvent[]> {
  const named = rules.map((r, i) => ({ ...r, name: `#${i}` }));
  const engine = createReferenceEngine({ rules: named } as unknown as TCompiledRuleset);
  const { results } = await engine.run({ [FRAME_FACT]: createFactFrame(order, context) });
  const order_ = new Map(named.map((r, i) => [r.name, i]));
  return results
    .map((r) => ({ r, i: order_.get(r.name as string) ?? 0 }))
    .sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i)
    .map(({ r }) => r.event as TJreEvent);
}
