/**
 * Test and benchmark fixtures for the simulator: a seller's master data with rate cards, and a
 * terse way to write small compiled rulesets.
 */
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { type TEvaluationContext, type TEvaluationContextInput, ZEvaluationContext } from "../context/context-schema";
import type { TActionKind, TConditionData, TGraphEdge, TGraphNodeInput, THitPolicy, TStage } from "../graph/graph-schema";
import { CALENDAR_LA, CALENDAR_SZ } from "../testing/factories";

/** USPS from Los Angeles: US only, flat bands up to 9 kg, rounded up to 10 g. */
export const RATE_CARD_USPS = {
  currency: "USD",
  roundUpGrams: 10,
  zones: [
    { code: "west", countries: ["US"], postalPrefixes: ["9"] },
    { code: "us", countries: ["US"] },
  ],
  bands: [
    { zone: "west", upToGrams: 500, fixed: 4.1 },
    { zone: "west", upToGrams: 2000, fixed: 7.35 },
    { zone: "west", upToGrams: 9000, fixed: 15.2 },
    { zone: "us", upToGrams: 500, fixed: 5.2 },
    { zone: "us", upToGrams: 2000, fixed: 9.95 },
    { zone: "us", upToGrams: 9000, fixed: 19.4 },
  ],
};

/** China Post air mail from Shenzhen: per kilogram plus a registration fee, up to 2 kg, some countries. */
export const RATE_CARD_POST = {
  currency: "CNY",
  roundUpGrams: 1,
  zones: [
    { code: "z1", countries: ["US", "CA"] },
    { code: "z2", countries: ["DE", "GB", "FR"] },
  ],
  bands: [
    { zone: "z1", upToGrams: 2000, fixed: 18, perKg: 90 },
    { zone: "z2", upToGrams: 2000, fixed: 20, perKg: 75.5 },
  ],
};

/**
 * A small cross-border seller: a Los Angeles 3PL and the Shenzhen warehouse; USPS (US, 9 kg, priced),
 * China Post (2 kg, priced in CNY) and a 30 kg line without a price list.
 */
export function sellerContext(overrides: Partial<TEvaluationContextInput> = {}): TEvaluationContext {
  return ZEvaluationContext.parse({
    warehouses: [
      { id: "wh-la", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar: CALENDAR_LA },
      { id: "wh-sz", name: "Shenzhen", kind: "own", country: "CN", calendar: CALENDAR_SZ },
    ],
    channels: [
      { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, countries: ["US"], batteryAllowed: true, rateCard: RATE_CARD_USPS },
      { id: "ch-post", name: "China Post registered air mail", maxWeightGrams: 2000, rateCard: RATE_CARD_POST },
      { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30000 },
    ],
    inventory: { "wh-la": { "W-1": 10 }, "wh-sz": { "W-1": 100 } },
    ...overrides,
  });
}

/** One rule: its action node id (the rule is named `rule:<id>`), the tests on its path (all must hold), its action. */
export interface RuleSpec {
  id: string;
  when?: TConditionData[];
  then: TActionKind;
  data?: Record<string, unknown>;
}

/** A condition: `fact operator value` with optional fact params. */
export function when(fact: string, operator: string, value: unknown, params?: Record<string, unknown>): TConditionData {
  return params ? { fact, params, operator, operand: { type: "value", value } } : { fact, operator, operand: { type: "value", value } };
}

/**
 * Compiles independent rules (start → tests → action) into a ruleset. Rules keep the listed
 * order (same priority, laid out top to bottom), so with hit policy `first` the first match decides.
 */
export function compileRules(stage: TStage, hitPolicy: THitPolicy, rules: readonly RuleSpec[], context?: TEvaluationContext): TCompiledRuleset {
  const nodes: TGraphNodeInput[] = [{ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} }];
  const edges: TGraphEdge[] = [];
  rules.forEach((rule, r) => {
    let previous = "start";
    let handle: TGraphEdge["sourceHandle"] = "next";
    (rule.when ?? []).forEach((condition, c) => {
      const id = `${rule.id}-if${c + 1}`;
      nodes.push({ id, kind: "condition", position: { x: 200 * (c + 1), y: 100 * (r + 1) }, data: condition } as TGraphNodeInput);
      edges.push({ id: `${id}-in`, sourceId: previous, targetId: id, sourceHandle: handle });
      previous = id;
      handle = "true";
    });
    nodes.push({ id: rule.id, kind: rule.then, position: { x: 200 * ((rule.when?.length ?? 0) + 1), y: 100 * (r + 1) }, data: rule.data ?? {} } as TGraphNodeInput);
    edges.push({ id: `${rule.id}-in`, sourceId: previous, targetId: rule.id, sourceHandle: handle });
  });
  const result = compileGraph({ stage, hitPolicy, nodes, edges }, context ? { context } : {});
  if (!result.ok) throw new Error(`fixture ruleset does not compile: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.compiled;
}
