/**
 * Differential test on rule files the team did not generate: hand-written json-rules-engine files
 * (rules-schema/testing/jre-rule-files, written as json-rules-engine's documentation shows them) go
 * through decompile → compile → evaluate, and must fire exactly the events the real json-rules-engine
 * fires on the original file — on thousands of random orders, through the fast evaluator and through
 * json-rules-engine running the compiled rules.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset, TJreEvent, TJreRule } from "../compile/compiled-schema";
import type { TEvaluationContext } from "../context/context-schema";
import { evaluate } from "../evaluate/evaluate";
import { evaluateReference, runJsonRules } from "../evaluate/evaluate-reference";
import type { TDecision } from "../evaluate/decision-schema";
import { type THitPolicy, isActionKind } from "../graph/graph-schema";
import { actionFieldNames } from "../graph/node-kinds";
import type { TOrder } from "../order/order-schema";
import { arbContext, arbOrder } from "../testing/arbitraries";
import { canonicalJson } from "../util/canonical-json";
import { decompileRules } from "./decompile-rules";

const DIR = path.join(import.meta.dirname, "../testing/jre-rule-files");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const SEED = 20_261_202;
/** Orders per file (each evaluated by json-rules-engine on the original file and on the compiled rules, and by the fast evaluator under both hit policies). */
const ORDERS = 2000;

const rulesOf = (doc: unknown): TJreRule[] => (Array.isArray(doc) ? doc : (doc as { rules: TJreRule[] }).rules) as TJreRule[];

/** An event as the decision lists it; params compared on the keys the file gave (ours may add the action's defaults). */
function sameEvent(ours: { type: string; params: Record<string, unknown> }, theirs: TJreEvent): boolean {
  if (ours.type !== theirs.type) return false;
  const given = theirs.params ?? {};
  for (const [k, v] of Object.entries(given)) if (canonicalJson(ours.params[k]) !== canonicalJson(v)) return false;
  const own = isActionKind(ours.type) ? actionFieldNames(ours.type) : new Set<string>();
  return Object.keys(ours.params).every((k) => k in given || own.has(k));
}

function expectSameEvents(decision: TDecision, expected: TJreEvent[], what: string): void {
  const ours = decision.actions.map((a) => ({ type: a.type, params: a.params }));
  const ok = ours.length === expected.length && ours.every((e, i) => sameEvent(e, expected[i]!));
  if (!ok) expect({ what, ours }).toEqual({ what, ours: expected });
}

interface Prepared {
  file: string;
  original: TJreRule[];
  compiled: Record<THitPolicy, TCompiledRuleset>;
}

function prepare(file: string): Prepared {
  const doc = JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as unknown;
  const compiled = {} as Record<THitPolicy, TCompiledRuleset>;
  for (const hitPolicy of ["all", "first"] as const) {
    const d = decompileRules(doc, { stage: "autoProcessing", hitPolicy });
    expect(d.ok, file).toBe(true);
    if (!d.ok) throw new Error("not decompiled");
    const errors = d.problems.filter((p) => p.severity === "error");
    expect(errors, `${file} (${hitPolicy})`).toEqual([]);
    // Every warning names a place in the user's file, never a generated node id.
    for (const p of d.problems) expect(p.message, file).not.toMatch(/\bn\d+\b/);
    // Every rule of the file becomes one action (none dropped silently).
    expect(d.graph.nodes.filter((n) => isActionKind(n.kind)), file).toHaveLength(rulesOf(doc).length);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error(`${file}: ${JSON.stringify(c.problems)}`);
    compiled[hitPolicy] = c.compiled;
  }
  return { file, original: rulesOf(doc), compiled };
}

describe("hand-written json-rules-engine files: decompile → compile → evaluate = json-rules-engine on the file", () => {
  it("has the files", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  const orders = fc.sample(arbOrder(), { seed: SEED, numRuns: ORDERS });
  const contexts = fc.sample(arbContext({ complete: true }), { seed: SEED + 1, numRuns: 20 });

  it.each(FILES)("%s fires the same events (hit policies all and first, fast and reference)", async (file) => {
    const p = prepare(file);
    let fired = 0;
    let firstDiffers = 0;
    for (let i = 0; i < orders.length; i++) {
      const order: TOrder = orders[i]!;
      const context: TEvaluationContext = contexts[i % contexts.length]!;
      const expected = await runJsonRules(p.original, order, context);
      fired += expected.length;
      const where = `${file}, order ${i}: ${JSON.stringify(order)}`;
      // Hit policy all: every matching rule fires, as in json-rules-engine.
      expectSameEvents(evaluate(p.compiled.all, order, context).decision, expected, `fast/all ${where}`);
      expectSameEvents((await evaluateReference(p.compiled.all, order, context)).decision, expected, `reference/all ${where}`);
      // Hit policy first: the highest-priority matching rule (file order among equals) alone.
      const first = expected.slice(0, 1);
      expectSameEvents(evaluate(p.compiled.first, order, context).decision, first, `fast/first ${where}`);
      expectSameEvents((await evaluateReference(p.compiled.first, order, context)).decision, first, `reference/first ${where}`);
      if (expected.length > 1) firstDiffers++;
    }
    // The orders exercise the file: rules fire, and often several at once.
    expect(fired, file).toBeGreaterThan(ORDERS / 4);
    expect(firstDiffers, file).toBeGreaterThan(0);
  });
});
