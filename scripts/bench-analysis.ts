/**
 * npm run bench:analysis
 *
 * What the rule analysis (rules-schema/analysis) costs where the designer and `switchyard validate`
 * run it: every rule template built on the demo-like master data, 300 random rulesets (up to 8
 * actions and 8 tests, decision tables included), a 100-rule first-hit chain of weight bands, and
 * decision tables of 200 and 1,000 rows (past the work budget some questions stay open, and are listed). Prints the time per ruleset (p50 / p95 / max), findings and questions
 * left open by the work budget, and, as the LAST line, one JSON object.
 */
import { loadavg } from "node:os";
import fc from "fast-check";
import { analyzeRuleset } from "../rules-schema/analysis/analyze-ruleset";
import { compileGraph } from "../rules-schema/compile/compile-graph";
import type { TCompiledRuleset } from "../rules-schema/compile/compiled-schema";
import type { TEvaluationContext } from "../rules-schema/context/context-schema";
import { RULE_TEMPLATE_IDS, buildRuleTemplate } from "../rules-schema/templates/rule-templates";
import { arbContext, arbGraph } from "../rules-schema/testing/arbitraries";
import { GraphBuilder, cond, makeContext } from "../rules-schema/testing/factories";

const ctx = makeContext();
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (x: number) => Math.round(x * 10) / 10;

function measure(label: string, items: { compiled: TCompiledRuleset; context: TEvaluationContext }[]) {
  const times: number[] = [];
  let findings = 0;
  let incomplete = 0;
  for (const { compiled, context } of items) {
    const t = performance.now();
    const a = analyzeRuleset(compiled, context);
    times.push(performance.now() - t);
    findings += a.findings.length;
    if (a.incomplete.length) incomplete++;
  }
  times.sort((a, b) => a - b);
  const r = { label, rulesets: items.length, p50Ms: round(pct(times, 0.5)), p95Ms: round(pct(times, 0.95)), maxMs: round(times[times.length - 1] ?? 0), findings, incomplete };
  console.log(`${label}: ${r.rulesets} rulesets, p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms; ${findings} findings; ${incomplete} with questions left open`);
  return r;
}

const compile = (g: unknown, context: TEvaluationContext) => {
  const c = compileGraph(g, { context });
  return c.ok ? [{ compiled: c.compiled, context }] : [];
};

// Warm up the JIT on a few rulesets first.
const contexts = fc.sample(arbContext({ complete: true }), { seed: 7, numRuns: 300 });
const graphs = fc.sample(arbGraph({ maxActions: 8, maxTests: 8, tables: 0.15 }), { seed: 8, numRuns: 300 });
const random = graphs.flatMap((g, k) => compile(g, contexts[k]!));
measure("warm-up", random.slice(0, 30));

const templates = RULE_TEMPLATE_IDS.flatMap((id) => {
  const t = buildRuleTemplate(id, ctx);
  return t.ok ? compile(t.graph, ctx) : [];
});

function bands(n: number) {
  const b = new GraphBuilder("logisticsMatching", "first");
  for (let i = 0; i < n; i++) {
    const c = b.add("condition", cond("chargeableWeightGrams", "lessThanInclusive", (i + 1) * 100), { x: 0, y: i * 100 });
    const a = b.add("assignChannel", { channelId: i % 2 ? "ch-usps" : "ch-post", priority: 50 }, { x: 200, y: i * 100 });
    b.link("start", c, "next").link(c, a, "true");
  }
  return b.build();
}
function table(rows: number) {
  const countries = ["US", "DE", "FR", "GB", "CA", "AU", "JP", "NL", "ES", "IT"];
  const b = new GraphBuilder("logisticsMatching", "first");
  const id = b.add("decisionTable", {
    hitPolicy: "first",
    priority: 50,
    conditions: [
      { id: "c", fact: "country", operator: "in" },
      { id: "w", fact: "chargeableWeightGrams", operator: "between" },
    ],
    actions: [{ id: "a", kind: "assignChannel" }],
    rows: Array.from({ length: rows }, (_v, i) => ({ id: `r${i}`, cells: { c: [countries[i % countries.length]], w: [Math.floor(i / countries.length) * 100, Math.floor(i / countries.length) * 100 + 99] }, actions: { a: { channelId: i % 3 ? "ch-post" : "ch-usps" } } })),
  });
  b.link("start", id, "next");
  return b.build();
}

const results = [
  measure("rule templates", templates),
  measure("random rulesets", random),
  measure("100 weight bands (first hit)", compile(bands(100), ctx)),
  measure("decision table, 200 rows", compile(table(200), ctx)),
  measure("decision table, 1,000 rows", compile(table(1000), ctx)),
];
const [l1, l5, l15] = loadavg();
console.log(`load average ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)}`);
console.log(JSON.stringify({ bench: "analysis", load1: round(l1!), results }));
