import type { TJreCondition } from "../compile/compiled-schema";
import { getOperator } from "../operators/operator-registry";

/** Resolves a fact (with params) to its value. */
export type FactResolver = (fact: string, params: Record<string, unknown> | undefined) => unknown;

/** A condition tree annotated the way json-rules-engine annotates its results. */
export interface EvaluatedCondition {
  all?: EvaluatedCondition[];
  any?: EvaluatedCondition[];
  not?: EvaluatedCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  params?: Record<string, unknown>;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

export type OperatorFn = (factValue: unknown, value: unknown) => boolean;

const isFactRef = (v: unknown): v is { fact: string; params?: Record<string, unknown> } =>
  v !== null && typeof v === "object" && Object.prototype.hasOwnProperty.call(v, "fact");

/** Operator lookup for the interpreter: registry operators plus the line-item quantifiers. */
export function lookupOperator(name: string): OperatorFn | undefined {
  const op = getOperator(name);
  if (op) return op.evaluate;
  if (name === "someLine" || name === "everyLine" || name === "noLine") return QUANTIFIER_FNS[name];
  return undefined;
}

/**
 * Evaluates a json-rules-engine condition tree with json-rules-engine's semantics (empty all/any are
 * true; every member is evaluated). With `annotate`, returns a copy carrying result / factResult /
 * valueResult like json-rules-engine's rule results.
 */
export function interpretCondition(cond: TJreCondition, resolve: FactResolver): boolean {
  if ("all" in cond) {
    let ok = true;
    for (const c of cond.all) if (!interpretCondition(c, resolve)) ok = false;
    return ok;
  }
  if ("any" in cond) {
    if (cond.any.length === 0) return true;
    let ok = false;
    for (const c of cond.any) if (interpretCondition(c, resolve)) ok = true;
    return ok;
  }
  if ("not" in cond) return !interpretCondition(cond.not, resolve);
  const op = lookupOperator(cond.operator);
  if (!op) throw new Error(`Unknown operator: ${cond.operator}`);
  const right = isFactRef(cond.value) ? resolve(cond.value.fact, cond.value.params) : cond.value;
  return op(resolve(cond.fact, cond.params), right);
}

export function annotateCondition(cond: TJreCondition, resolve: FactResolver): EvaluatedCondition {
  if ("all" in cond) {
    const all = cond.all.map((c) => annotateCondition(c, resolve));
    return { all, result: all.every((c) => c.result === true) };
  }
  if ("any" in cond) {
    const any = cond.any.map((c) => annotateCondition(c, resolve));
    return { any, result: any.length === 0 || any.some((c) => c.result === true) };
  }
  if ("not" in cond) {
    const not = annotateCondition(cond.not, resolve);
    return { not, result: not.result !== true };
  }
  const op = lookupOperator(cond.operator);
  if (!op) throw new Error(`Unknown operator: ${cond.operator}`);
  const valueResult = isFactRef(cond.value) ? resolve(cond.value.fact, cond.value.params) : cond.value;
  const factResult = resolve(cond.fact, cond.params);
  const out: EvaluatedCondition = { fact: cond.fact, operator: cond.operator, value: cond.value, factResult, valueResult, result: op(factResult, valueResult) };
  if (cond.params) out.params = cond.params;
  return out;
}

import { LINE_FACTS, type TLineFactId } from "../facts/fact-catalog";
import type { TLineFacts } from "../order/derive-order-facts";

export function resolveLineFact(line: TLineFacts): FactResolver {
  return (fact) => (Object.prototype.hasOwnProperty.call(LINE_FACTS, fact) ? LINE_FACTS[fact as TLineFactId].get(line) : undefined);
}

function lineMatches(line: unknown, sub: unknown): boolean {
  if (line === null || typeof line !== "object" || sub === null || typeof sub !== "object") return false;
  return interpretCondition(sub as TJreCondition, resolveLineFact(line as TLineFacts));
}

/** How many lines satisfy a quantifier's sub-condition (for traces). */
export function countMatchingLines(lines: unknown, sub: unknown): { lines: number; matching: number } {
  if (!Array.isArray(lines)) return { lines: 0, matching: 0 };
  let matching = 0;
  for (const l of lines) if (lineMatches(l, sub)) matching++;
  return { lines: lines.length, matching };
}

/** The line-item quantifier operators: the fact is the order's lines, the value a condition on one line. */
export const QUANTIFIER_FNS: Record<"someLine" | "everyLine" | "noLine", OperatorFn> = {
  someLine: (lines, sub) => Array.isArray(lines) && lines.some((l) => lineMatches(l, sub)),
  everyLine: (lines, sub) => Array.isArray(lines) && lines.every((l) => lineMatches(l, sub)),
  noLine: (lines, sub) => Array.isArray(lines) && !lines.some((l) => lineMatches(l, sub)),
};
