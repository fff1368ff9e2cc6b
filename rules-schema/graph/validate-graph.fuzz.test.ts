/**
 * Fuzz test of validation and compilation: 10,000 random, mostly malformed graphs (mutated valid
 * graphs and random JSON). Nothing may throw; problems are typed; whatever compiles is a valid,
 * deterministic json-rules-engine ruleset that decompiles into a graph deciding the same.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { ZCompiledRuleset } from "../compile/compiled-schema";
import { compileGraph } from "../compile/compile-graph";
import type { TEvaluationContext } from "../context/context-schema";
import { decompileRules } from "../decompile/decompile-rules";
import type { TDecision } from "../evaluate/decision-schema";
import { evaluate, parseCompiledRuleset } from "../evaluate/evaluate";
import { createReferenceEngine, evaluateReference } from "../evaluate/evaluate-reference";
import { LINE_FACT_IDS, ORDER_FACT_IDS } from "../facts/fact-catalog";
import { OPERATOR_NAMES } from "../operators/operator-registry";
import type { TOrder } from "../order/order-schema";
import { CHANNEL_IDS, WAREHOUSE_IDS, arbContext, arbGraph, arbOrder, fromGen } from "../testing/arbitraries";
import { ACTION_KINDS, EDGE_HANDLES, NODE_KINDS, STAGES } from "./graph-schema";
import { analyzeGraph, validateGraph } from "./analyze-graph";
import { ZProblem } from "./problem-schema";

const SEED = 424_242;
const CASES = 10_000;
const ORDERS = fc.sample(arbOrder(), { seed: SEED, numRuns: 400 });
const CONTEXTS = fc.sample(arbContext(), { seed: SEED, numRuns: 20 });

type Json = unknown;
type Gen = fc.GeneratorValue;

class Draw {
  constructor(readonly g: Gen) {}
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }
  json(): Json {
    return this.g(fc.jsonValue, { maxDepth: 2 });
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every (container, key) slot in a JSON tree. */
function slots(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 8) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push([v, i]);
        walk(x, depth + 1);
      });
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) {
        out.push([v, k]);
        walk(v[k], depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** Sets an own property, even "__proto__" (plain assignment would change the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const WEIRD_STRINGS = ["", " ", "nope", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "$frame", "lines", "matchedRuleCount", "a".repeat(150), "id with spaces", "ünïcödé", "0"];
const WEIRD_SCALARS: unknown[] = [null, 0, -1, 1.5, 1e308, -0, true, false, "", "x", [], {}, [null], { fact: "platform" }, { fact: "__proto__" }];

interface Graphish {
  nodes?: unknown;
  edges?: unknown;
  [k: string]: unknown;
}

const nodesOf = (g: Graphish): Record<string, unknown>[] => (Array.isArray(g.nodes) ? g.nodes.filter(isObj) : []);
const edgesOf = (g: Graphish): Record<string, unknown>[] => (Array.isArray(g.edges) ? g.edges.filter(isObj) : []);
const conditionsOf = (g: Graphish) => nodesOf(g).filter((n) => n.kind === "condition" && isObj(n.data));
const nodeIds = (g: Graphish) => nodesOf(g).map((n) => n.id);

/** One random corruption of a graph, in place. */
function mutate(d: Draw, graph: Graphish): void {
  const nodes = Array.isArray(graph.nodes) ? graph.nodes : null;
  const edges = Array.isArray(graph.edges) ? graph.edges : null;
  const anyId = () => (d.chance(0.8) && nodeIds(graph).length ? d.pick(nodeIds(graph)) : d.pick(["ghost", "start", "fallback", "", "__proto__"]));
  switch (d.int(0, 20)) {
    case 0: // delete a node
      if (nodes?.length) nodes.splice(d.int(0, nodes.length - 1), 1);
      break;
    case 1: {
      // duplicate a node, same id or a new one
      if (!nodes?.length) break;
      const copy = structuredClone(d.pick(nodes));
      if (isObj(copy) && d.chance(0.5)) copy.id = `dup${d.int(0, 9)}`;
      nodes.splice(d.int(0, nodes.length), 0, copy);
      break;
    }
    case 2: // delete an edge
      if (edges?.length) edges.splice(d.int(0, edges.length - 1), 1);
      break;
    case 3: {
      // duplicate an edge, same id or a new one
      if (!edges?.length) break;
      const copy = structuredClone(d.pick(edges));
      if (isObj(copy) && d.chance(0.6)) copy.id = `edup${d.int(0, 9)}`;
      edges.push(copy);
      break;
    }
    case 4: {
      // dangling edge
      const e = edges?.length ? d.pick(edgesOf(graph)) : undefined;
      if (e) e[d.chance(0.5) ? "sourceId" : "targetId"] = d.pick(["ghost", "n999", "", "__proto__", "constructor"]);
      break;
    }
    case 5: {
      // wrong handle
      const e = edgesOf(graph).length ? d.pick(edgesOf(graph)) : undefined;
      if (e) e.sourceHandle = d.pick([...EDGE_HANDLES, "yes", "", null, 1, "True"]);
      break;
    }
    case 6: // extra edge anywhere: cycles, self-loops, members of anything, edges into entries
      edges?.push({ id: `ex${d.int(0, 99)}`, sourceId: anyId(), targetId: anyId(), sourceHandle: d.pick(EDGE_HANDLES) });
      break;
    case 7: {
      // wrong value type on a condition
      const c = conditionsOf(graph);
      if (!c.length) break;
      const data = d.pick(c).data as Record<string, unknown>;
      data.operand = d.chance(0.7) ? { type: "value", value: d.chance(0.5) ? d.json() : d.pick(WEIRD_SCALARS) } : d.pick([d.json(), null, { type: "fact" }, { type: "fact", fact: d.pick([...ORDER_FACT_IDS, ...LINE_FACT_IDS, ...WEIRD_STRINGS]) }, { type: "fact", fact: "inStockAt", params: d.json() }]);
      break;
    }
    case 8: {
      // unknown or misplaced facts and operators
      const c = conditionsOf(graph);
      if (!c.length) break;
      const data = d.pick(c).data as Record<string, unknown>;
      if (d.chance(0.5)) data.fact = d.pick([...WEIRD_STRINGS, ...LINE_FACT_IDS, ...ORDER_FACT_IDS]);
      else data.operator = d.pick([...WEIRD_STRINGS, "someLine", "everyLine", "noLine", "EQUAL", "equal ", ...OPERATOR_NAMES]);
      break;
    }
    case 9: {
      // a random scalar or JSON value in a random place
      const s = slots(graph);
      if (!s.length) break;
      const [container, key] = d.pick(s);
      (container as Record<string | number, unknown>)[key] = d.chance(0.5) ? d.pick(WEIRD_SCALARS) : d.json();
      break;
    }
    case 10: {
      // a missing field
      const s = slots(graph).filter(([c]) => !Array.isArray(c));
      if (!s.length) break;
      const [container, key] = d.pick(s);
      delete (container as Record<string, unknown>)[key as string];
      break;
    }
    case 11: {
      // another kind, keeping the data
      const n = nodesOf(graph);
      if (n.length) d.pick(n).kind = d.pick([...NODE_KINDS, "Condition", "", "unknown"]);
      break;
    }
    case 12: {
      // bad action data
      const actions = nodesOf(graph).filter((n) => (ACTION_KINDS as readonly string[]).includes(n.kind as string) && isObj(n.data));
      if (!actions.length) break;
      const data = d.pick(actions).data as Record<string, unknown>;
      const field = d.pick(["priority", "warehouseId", "channelId", "reason", "code", "tag", "level", "strategy", "maxWeightGrams", "withinHours", "extra"]);
      data[field] = d.pick([0, 1, 2, 10_000, 10_001, 1.5, -3, "100", "", "   ", null, "Bad Code", "urgent", "maxWeight", 1e9, ...WAREHOUSE_IDS, ...CHANNEL_IDS]);
      break;
    }
    case 13: {
      // params: missing, extra, wrong type, unknown warehouse / channel
      const c = conditionsOf(graph);
      if (!c.length) break;
      const data = d.pick(c).data as Record<string, unknown>;
      data.params = d.pick<unknown>([undefined, null, {}, { warehouseId: 5 }, { warehouseId: "WH-NOWHERE" }, { channelId: "" }, { hours: 0 }, { hours: -1 }, { hours: 1e6 }, { hours: "24" }, { x: 1 }, d.json()]);
      if (isObj(data.params) && d.chance(0.2)) setOwn(data.params, "__proto__", { warehouseId: "WH-SZ" });
      break;
    }
    case 14: {
      // a fact operand where none is allowed, or of another type / scope
      const c = conditionsOf(graph);
      if (!c.length) break;
      const data = d.pick(c).data as Record<string, unknown>;
      const fact = d.pick([...ORDER_FACT_IDS, ...LINE_FACT_IDS]);
      data.operand = d.chance(0.7) ? { type: "fact", fact } : { type: "fact", fact, params: d.pick([{ warehouseId: "WH-SZ" }, { channelId: "CH-DHL" }, { hours: 24 }, {}]) };
      break;
    }
    case 15: // graph header
      graph[d.pick(["stage", "hitPolicy", "schemaVersion", "name", "nodes", "edges"])] = d.pick<unknown>([...STAGES, "first", "all", "any", 2, 1, null, "", [], {}, "x".repeat(300)]);
      break;
    case 16: {
      // invalid or colliding ids
      const n = nodesOf(graph);
      if (n.length) d.pick(n).id = d.pick([...WEIRD_STRINGS, ...nodeIds(graph)]);
      break;
    }
    case 17: {
      // an own "__proto__" key in a random object
      const objs = slots(graph)
        .map(([c, k]) => (c as Record<string | number, unknown>)[k])
        .filter(isObj);
      if (objs.length) setOwn(d.pick(objs), "__proto__", d.chance(0.5) ? d.json() : { polluted: true });
      break;
    }
    case 18: {
      // a group member that is itself in the flow, or a member edge to an action
      const n = nodesOf(graph);
      if (n.length < 2) break;
      edges?.push({ id: `m${d.int(0, 99)}`, sourceId: d.pick(n).id, targetId: d.pick(n).id, sourceHandle: "member" });
      break;
    }
    case 20: {
      // a loop with valid handles: a test's successor leads back to it
      const tests = new Set(nodesOf(graph).filter((n) => ["condition", "all", "any", "not", "lineQuantifier"].includes(n.kind as string)).map((n) => n.id));
      const flow = edgesOf(graph).filter((e) => e.sourceHandle !== "member" && tests.has(e.targetId));
      if (!flow.length) break;
      const e = d.pick(flow);
      edges?.push({ id: `loop${d.int(0, 99)}`, sourceId: e.targetId, targetId: e.sourceId, sourceHandle: d.pick(["true", "false"]) });
      break;
    }
    default: {
      // non-finite numbers where numbers go
      const s = slots(graph).filter(([c, k]) => typeof (c as Record<string | number, unknown>)[k] === "number");
      if (s.length) {
        const [container, key] = d.pick(s);
        (container as Record<string | number, unknown>)[key] = d.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2]);
      }
    }
  }
}

/** A random input for validateGraph: mostly mutated valid graphs, some untouched, some random JSON. */
const arbInput: fc.Arbitrary<unknown> = fromGen((g) => {
  const d = new Draw(g);
  const r = d.int(0, 99);
  if (r < 4) return d.g(fc.jsonValue, { maxDepth: 4 });
  if (r < 6) return d.g(fc.anything, { maxDepth: 3 });
  const graph = structuredClone(d.g(arbGraph, { maxActions: 8 })) as Graphish;
  if (r < 20) return graph;
  const m = d.int(0, 99);
  const n = m < 60 ? 1 : m < 85 ? 2 : d.int(3, 4);
  for (let i = 0; i < n; i++) mutate(d, graph);
  return graph;
});

/** A decision with rule and node names left out: they change when a graph is decompiled. */
function comparable(d: TDecision) {
  return {
    warehouseId: d.warehouseId,
    channelId: d.channelId,
    holds: d.holds.map((h) => h.reason),
    flags: d.flags,
    intercept: d.intercept?.reason ?? null,
    split: d.split && { strategy: d.split.strategy, maxWeightGrams: d.split.maxWeightGrams, channelId: d.split.channelId },
    merge: d.merge?.withinHours ?? null,
    pushToWarehouse: d.pushToWarehouse,
    requestTracking: d.requestTracking,
    tags: d.tags,
    priorityLevel: d.priorityLevel,
    actions: d.actions.map((a) => ({ type: a.type, params: a.params })),
    usedFallback: d.usedFallback,
    conflicts: d.conflicts.map((c) => c.subject),
  };
}

function expectProblemsTyped(problems: unknown, where: string): void {
  expect(Array.isArray(problems), where).toBe(true);
  for (const p of problems as unknown[]) {
    const parsed = ZProblem.safeParse(p);
    if (!parsed.success) expect.fail(`${where}: problem does not parse with ZProblem: ${JSON.stringify(p)} (${parsed.error.message})`);
  }
}

describe("validateGraph / compileGraph fuzz", () => {
  it(`never throw on ${CASES} random, mostly malformed graphs; what compiles is sound`, async () => {
    const stats = { compiled: 0, valid: 0, roundTrips: 0, ordersCompared: 0, codes: new Map<string, number>() };
    await fc.assert(
      fc.asyncProperty(arbInput, fc.nat(), async (input, pick) => {
        const context: TEvaluationContext = CONTEXTS[pick % CONTEXTS.length]!;
        const problems = validateGraph(input);
        expectProblemsTyped(problems, "validateGraph");
        expectProblemsTyped(validateGraph(input, { context }), "validateGraph with context");
        expectProblemsTyped(analyzeGraph(input, { maxPaths: 3 }).problems, "analyzeGraph with maxPaths 3");
        for (const p of problems) stats.codes.set(p.code, (stats.codes.get(p.code) ?? 0) + 1);
        expectProblemsTyped(decompileRules(input).problems, "decompileRules of the raw input");

        const first = compileGraph(input);
        const second = compileGraph(input);
        expectProblemsTyped(first.problems, "compileGraph");
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        expect(first.ok).toBe(!problems.some((p) => p.severity === "error"));
        if (!first.ok) return;
        stats.compiled++;
        const compiled = first.compiled;

        const parsed = ZCompiledRuleset.safeParse(compiled);
        if (!parsed.success) expect.fail(`compiled ruleset does not parse: ${parsed.error.message}\n${JSON.stringify(compiled)}`);
        expect(parseCompiledRuleset(compiled)).toEqual({ ok: true, compiled });
        expect(() => new Engine(structuredClone(compiled.rules) as never)).not.toThrow();
        expect(() => createReferenceEngine(compiled)).not.toThrow();

        // Evaluation of whatever compiles never throws and both engines agree.
        const orders: TOrder[] = [0, 1, 2].map((k) => ORDERS[(pick + k * 131) % ORDERS.length]!);
        for (const order of orders) {
          const fast = evaluate(compiled, order, context, { allMatches: true });
          const ref = await evaluateReference(compiled, order, context, { allMatches: true });
          expect(fast, JSON.stringify({ rules: compiled.rules, order })).toEqual(ref);
        }

        // Decompile, recompile: the same decisions (names aside).
        const back = decompileRules(compiled);
        expectProblemsTyped(back.problems, "decompileRules");
        if (!back.ok) expect.fail(`decompileRules refused a compiled ruleset: ${JSON.stringify(back.problems)}\n${JSON.stringify(compiled)}`);
        expect(back.problems.filter((p) => p.severity === "error"), JSON.stringify(compiled)).toEqual([]);
        const again = compileGraph(back.graph);
        if (!again.ok)
          expect.fail(`the decompiled graph does not compile: ${JSON.stringify(again.problems.filter((p) => p.severity === "error"))}\noriginal: ${JSON.stringify(input)}\ndecompiled: ${JSON.stringify(back.graph)}`);
        expect(again.compiled.hitPolicy).toBe(compiled.hitPolicy);
        expect(again.compiled.stage).toBe(compiled.stage);
        stats.roundTrips++;
        for (const order of orders) {
          const a = comparable(evaluate(compiled, order, context).decision);
          const b = comparable(evaluate(again.compiled, order, context).decision);
          if (JSON.stringify(a) !== JSON.stringify(b))
            expect(b, `decompiled graph decides differently\noriginal: ${JSON.stringify(input)}\ndecompiled: ${JSON.stringify(back.graph)}\norder: ${JSON.stringify(order)}`).toEqual(a);
          stats.ordersCompared++;
        }
      }),
      { seed: SEED, numRuns: CASES },
    );
    console.log(
      `validate-graph fuzz: ${CASES} inputs, ${stats.compiled} compiled, ${stats.roundTrips} decompile round trips, ${stats.ordersCompared} decisions compared; problem codes: ${[...stats.codes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(", ")}`,
    );
    // Both sides of the fuzzer are exercised: plenty of broken graphs, plenty that still compile.
    expect(stats.compiled).toBeGreaterThan(CASES * 0.2);
    expect(stats.compiled).toBeLessThan(CASES * 0.85);
    for (const code of ["invalidGraph", "invalidNode", "invalidEdge", "duplicateId", "danglingEdge", "invalidHandle", "cycle", "unknownFact", "unknownOperator", "invalidValue", "invalidParams", "memberMisuse"])
      expect([code, (stats.codes.get(code) ?? 0) > 0]).toEqual([code, true]);
  }, 600_000); // sized by count (CASES); the timeout holds at 10× a quiet machine
});
