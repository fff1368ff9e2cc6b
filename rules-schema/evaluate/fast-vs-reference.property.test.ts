/**
 * Differential test: the fast evaluator (generated JavaScript) against json-rules-engine (the
 * oracle), over random valid rule graphs, random contexts and well over 100,000 random orders.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type TCompiledRuleset, ZCompiledRuleset } from "../compile/compiled-schema";
import { compileGraph } from "../compile/compile-graph";
import { type TEvaluationContext, ZEvaluationContext } from "../context/context-schema";
import { ACTION_KINDS, NODE_KINDS, type TRuleGraph, type TRuleGraphInput, ZRuleGraph } from "../graph/graph-schema";
import { OPERATORS, OPERATOR_NAMES } from "../operators/operator-registry";
import { type TOrder, ZOrder } from "../order/order-schema";
import { arbContext, arbGraph, arbOrder } from "../testing/arbitraries";
import type { TEvaluation } from "./decision-schema";
import { evaluate } from "./evaluate";
import { evaluateReference } from "./evaluate-reference";

/** Fixed so CI is deterministic; fast-check prints seed and path of any counterexample. */
const SEED = 20_261_111;
const RULESETS = 500;
const ORDERS_PER_RULESET = 200;
const TRACE_EVERY = 10;
/** Rulesets with more rules than the fast evaluator puts in one generated function (40). */
const BIG_RULESETS = 10;
const BIG_ORDERS_PER_RULESET = 100;

interface Case {
  compiled: TCompiledRuleset;
  order: TOrder;
  context: TEvaluationContext;
}

/** Deep strict equality; on a mismatch, fails with a readable diff and the whole failing input. */
function assertSame(actual: unknown, expected: unknown, what: string, c: Case): void {
  if (isDeepStrictEqual(actual, expected)) return;
  const input = JSON.stringify({ rules: c.compiled.rules, hitPolicy: c.compiled.hitPolicy, order: c.order, context: c.context });
  expect(actual, `${what}\ninput: ${input}`).toStrictEqual(expected);
  throw new Error(`${what}: values differ only in ways toStrictEqual ignores\ninput: ${input}`);
}

describe("arbitraries", () => {
  it("produce orders valid under ZOrder, already in parsed form", () => {
    for (const order of fc.sample(arbOrder(), { seed: SEED, numRuns: 3000 })) {
      const parsed = ZOrder.safeParse(order);
      expect(parsed.success, JSON.stringify(order)).toBe(true);
      expect(parsed.data).toStrictEqual(order);
    }
  });

  it("produce contexts valid under ZEvaluationContext, already in parsed form", () => {
    for (const context of fc.sample(arbContext(), { seed: SEED, numRuns: 300 })) {
      const parsed = ZEvaluationContext.safeParse(context);
      expect(parsed.success, JSON.stringify(context)).toBe(true);
      expect(parsed.data).toStrictEqual(context);
    }
  });

  it("produce graphs that compile (≥ 90%) and exercise every node kind, operator, handle and policy", () => {
    const graphs = fc.sample(arbGraph(), { seed: SEED, numRuns: 1000 });
    let compiled = 0;
    const kinds = new Set<string>();
    const quantifiers = new Set<string>();
    const literalOps = new Set<string>();
    const factOperandOps = new Set<string>();
    const handles = new Set<string>();
    const policies = new Set<string>();
    const params = new Set<string>();
    let fanOut = 0;
    let multiPath = 0;
    let withFallback = 0;
    for (const input of graphs) {
      const graph: TRuleGraph = ZRuleGraph.parse(input);
      if (compileGraph(input).ok) compiled++;
      policies.add(graph.hitPolicy);
      const outCount = new Map<string, number>();
      const inCount = new Map<string, number>();
      for (const e of graph.edges) {
        handles.add(e.sourceHandle);
        if (e.sourceHandle === "member") continue;
        outCount.set(e.sourceId, (outCount.get(e.sourceId) ?? 0) + 1);
        inCount.set(e.targetId, (inCount.get(e.targetId) ?? 0) + 1);
      }
      if ([...outCount.values()].some((n) => n > 1)) fanOut++;
      for (const n of graph.nodes) {
        kinds.add(n.kind);
        if (n.kind === "fallback") withFallback++;
        if (n.kind === "lineQuantifier") quantifiers.add(n.data.quantifier);
        if ((ACTION_KINDS as readonly string[]).includes(n.kind) && (inCount.get(n.id) ?? 0) > 1) multiPath++;
        if (n.kind === "condition") {
          (n.data.operand.type === "fact" ? factOperandOps : literalOps).add(n.data.operator);
          for (const k of Object.keys(n.data.params ?? {})) params.add(k);
        }
      }
    }
    expect(compiled / graphs.length).toBeGreaterThanOrEqual(0.9);
    expect([...kinds].sort()).toEqual([...NODE_KINDS].sort());
    expect([...quantifiers].sort()).toEqual(["all", "any", "none"]);
    expect([...literalOps].sort()).toEqual([...OPERATOR_NAMES].sort());
    expect([...factOperandOps].sort()).toEqual(OPERATOR_NAMES.filter((n) => OPERATORS[n].allowsFactOperand).sort());
    expect([...handles].sort()).toEqual(["false", "member", "next", "true"]);
    expect([...policies].sort()).toEqual(["all", "first"]);
    expect([...params].sort()).toEqual(["channelId", "hours", "warehouseId"]);
    expect(fanOut).toBeGreaterThan(100);
    expect(multiPath).toBeGreaterThan(100);
    expect(withFallback).toBeGreaterThan(100);
  });

  it("produce graphs whose warehouse and channel references exist in a complete context", () => {
    const [context] = fc.sample(arbContext({ complete: true }), { seed: SEED, numRuns: 1 });
    for (const graph of fc.sample(arbGraph(), { seed: SEED + 5, numRuns: 300 })) {
      const r = compileGraph(graph, { context });
      expect(r.ok, JSON.stringify(r.problems)).toBe(true);
      expect(r.problems.filter((p) => p.code === "unknownWarehouse" || p.code === "unknownChannel")).toEqual([]);
    }
  });
});

interface Stats {
  orders: number;
  traced: number;
  anyMatch: number;
  conflicts: number;
  fallbacks: number;
  /** operator → condition results seen in traces (quantifiers apart). */
  outcomes: Map<string, Set<boolean>>;
  quantifierOutcomes: Map<string, Set<boolean>>;
}

const newStats = (): Stats => ({ orders: 0, traced: 0, anyMatch: 0, conflicts: 0, fallbacks: 0, outcomes: new Map(), quantifierOutcomes: new Map() });

const ASSIGNED_WAREHOUSES = [null, "WH-SZ", "WH-LA", null, "WH-BER", "WH-NOWHERE"] as const;

/** Evaluates every order both ways (and traced, every TRACE_EVERY-th) and asserts they agree. */
async function checkOrders(compiled: TCompiledRuleset, context: TEvaluationContext, orders: readonly TOrder[], stats: Stats): Promise<void> {
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    // Orders as a later pipeline stage sees them, in turn with no, a known and an unknown assigned warehouse.
    const assignedWarehouseId = ASSIGNED_WAREHOUSES[i % ASSIGNED_WAREHOUSES.length] ?? null;
    const c: Case = { compiled, order, context };
    const ref = await evaluateReference(compiled, order, context, { allMatches: true, assignedWarehouseId });
    const fastAll = evaluate(compiled, order, context, { allMatches: true, assignedWarehouseId });
    const fast = evaluate(compiled, order, context, { assignedWarehouseId });
    stats.orders++;

    // With allMatches, decision and every matching rule agree.
    assertSame(fastAll, ref, "evaluate(…, {allMatches: true}) ≠ evaluateReference(…, {allMatches: true})", c);
    // By default the same decision; under `first` the fast path stops at the deciding rule and
    // does not list the matching rules.
    assertSame(fast.decision, ref.decision, "evaluate(…).decision ≠ evaluateReference(…).decision", c);
    assertSame(fast.matchedRules, compiled.hitPolicy === "first" ? null : ref.matchedRules, "evaluate(…).matchedRules", c);
    expect(fast.trace).toBeNull();

    if (ref.matchedRules!.length > 0) stats.anyMatch++;
    if (ref.decision.conflicts.length > 0) stats.conflicts++;
    if (ref.decision.usedFallback) stats.fallbacks++;

    if (i % TRACE_EVERY !== 0) continue;
    stats.traced++;
    assertSame(await evaluateReference(compiled, order, context, { assignedWarehouseId }), fast, "evaluateReference(…) ≠ evaluate(…)", c);
    const fastT: TEvaluation = evaluate(compiled, order, context, { trace: true, assignedWarehouseId });
    const refT: TEvaluation = await evaluateReference(compiled, order, context, { trace: true, assignedWarehouseId });
    assertSame(fastT.decision, fast.decision, "evaluate(…, {trace: true}).decision ≠ evaluate(…).decision", c);
    assertSame(fastT.decision, ref.decision, "evaluate(…, {trace: true}).decision ≠ evaluateReference(…).decision", c);
    assertSame(fastT.matchedRules, ref.matchedRules, "evaluate(…, {trace: true}).matchedRules", c);
    assertSame(refT.decision, ref.decision, "evaluateReference with and without trace decide differently", c);
    assertSame(refT.matchedRules, ref.matchedRules, "evaluateReference(…, {trace: true}).matchedRules", c);
    expect(fastT.trace?.engine).toBe("fast");
    expect(refT.trace?.engine).toBe("reference");
    const fr = fastT.trace!.rules;
    const rr = refT.trace!.rules;
    assertSame([fr.length, rr.length], [compiled.rules.length, compiled.rules.length], "trace has one entry per rule", c);
    for (let r = 0; r < fr.length; r++) {
      const a = fr[r]!;
      const b = rr[r]!;
      assertSame([a.name, a.matched, a.fired], [b.name, b.matched, b.fired], `rule ${a.name}: matched/fired differ`, c);
      assertSame(a.matched, ref.matchedRules!.includes(a.name), `rule ${a.name}: trace.matched disagrees with the decision`, c);
      assertSame(a.fired, ref.decision.firedRules.includes(a.name), `rule ${a.name}: trace.fired disagrees with the decision`, c);
      assertSame(a.conditions.length, b.conditions.length, `rule ${a.name}: condition count differs`, c);
      for (let k = 0; k < a.conditions.length; k++) {
        const x = a.conditions[k]!;
        const y = b.conditions[k]!;
        const at = `rule ${a.name}, condition ${x.path} (${x.nodeId ?? x.role})`;
        assertSame([x.result, x.actual, x.expected], [y.result, y.actual, y.expected], `${at}: result/actual/expected differ`, c);
        assertSame(x, y, `${at}: trace entries differ`, c);
        if (x.operator && typeof x.result === "boolean") {
          const m = x.role === "quantifier" ? stats.quantifierOutcomes : stats.outcomes;
          if (!m.has(x.operator)) m.set(x.operator, new Set());
          m.get(x.operator)!.add(x.result);
        }
      }
    }
  }
}

/** A property over (graph, context, seed of the orders); graphs the compiler refuses are skipped. */
const differential = (graphs: fc.Arbitrary<unknown>, ordersPerRuleset: number, stats: Stats, onCompiled?: (c: TCompiledRuleset) => void) =>
  fc.asyncProperty(graphs, arbContext(), fc.integer({ min: 0, max: 0x7fffffff }), async (graph, context, orderSeed) => {
    const result = compileGraph(graph);
    fc.pre(result.ok);
    if (!result.ok) return;
    onCompiled?.(result.compiled);
    await checkOrders(result.compiled, context, fc.sample(arbOrder(), { seed: orderSeed, numRuns: ordersPerRuleset }), stats);
  });

const report = (label: string, rulesets: number, s: Stats, started: number) =>
  console.log(
    `${label}: ${rulesets} rulesets, ${s.orders} orders (${s.traced} traced) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `some rule matched ${((100 * s.anyMatch) / s.orders).toFixed(1)}%, conflicts ${s.conflicts}, fallback decided ${s.fallbacks}`,
  );

describe("fast evaluator vs json-rules-engine", () => {
  it(`agrees on ${RULESETS} random rulesets × ${ORDERS_PER_RULESET} random orders`, async () => {
    const started = performance.now();
    const stats = newStats();
    await fc.assert(differential(arbGraph(), ORDERS_PER_RULESET, stats), { seed: SEED, numRuns: RULESETS });
    report("fast-vs-reference", RULESETS, stats, started);

    expect(stats.orders).toBeGreaterThanOrEqual(100_000);
    // The generated conditions are neither always true nor always false.
    for (const op of OPERATOR_NAMES) expect([op, [...(stats.outcomes.get(op) ?? [])].sort()]).toEqual([op, [false, true]]);
    for (const q of ["someLine", "everyLine", "noLine"]) expect([q, [...(stats.quantifierOutcomes.get(q) ?? [])].sort()]).toEqual([q, [false, true]]);
    expect(stats.anyMatch / stats.orders).toBeGreaterThan(0.3);
    expect(stats.conflicts).toBeGreaterThan(0);
    expect(stats.fallbacks).toBeGreaterThan(0);
  }, 600_000); // ~45 s on a quiet 2-core machine: holds at 10× slower

  // Large rulesets span several generated functions: many ordinary rules, or many fallback rules
  // (almost everything behind the fallback, so that it decides now and then).
  it.each([
    { label: "main", options: { fallback: 0.3, fallbackShare: 0.05 }, seed: SEED + 2 },
    // A seed whose graphs leave orders to the fallback (most generated graphs have an ordinary rule that matches every order);
    // without decision tables, which the seed was picked before (the random rulesets above have them).
    { label: "fallback", options: { fallback: 1, fallbackShare: 0.97, tables: 0 }, seed: SEED + 7 },
  ])(`agrees on ${BIG_RULESETS} large rulesets (over 40 $label rules) × ${BIG_ORDERS_PER_RULESET} orders`, async ({ label, options, seed }) => {
    const started = performance.now();
    const stats = newStats();
    const startsWithAction = (g: TRuleGraphInput) =>
      g.edges.some((e) => e.sourceId === "start" && g.nodes.some((n) => n.id === e.targetId && (ACTION_KINDS as readonly string[]).includes(n.kind)));
    // For the fallback to decide, no ordinary rule may match every order.
    const big = arbGraph({ minActions: 45, maxActions: 100, maxTests: 30, ...options }).filter((g) => label === "main" || !startsWithAction(g));
    let large = 0;
    const count = (c: TCompiledRuleset) => {
      const fallback = c.manifest.rules.filter((r) => r.fallback).length;
      if ((label === "main" ? c.rules.length - fallback : fallback) > 40) large++;
    };
    await fc.assert(differential(big, BIG_ORDERS_PER_RULESET, stats, count), { seed, numRuns: BIG_RULESETS });
    report(`fast-vs-reference (large, ${label})`, BIG_RULESETS, stats, started);
    expect(stats.orders).toBe(BIG_RULESETS * BIG_ORDERS_PER_RULESET);
    expect(large).toBeGreaterThan(BIG_RULESETS / 2);
    if (label === "fallback") expect(stats.fallbacks).toBeGreaterThan(0);
  }, 600_000);

  it("compiled rulesets round-trip through ZCompiledRuleset", () => {
    for (const graph of fc.sample(arbGraph(), { seed: SEED + 1, numRuns: 200 })) {
      const r = compileGraph(graph);
      if (r.ok) expect(ZCompiledRuleset.parse(r.compiled)).toStrictEqual(r.compiled);
    }
  });
});
