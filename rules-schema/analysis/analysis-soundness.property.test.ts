import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import type { TEvaluationContext } from "../context/context-schema";
import { evaluate } from "../evaluate/evaluate";
import { STAGES, type TStage } from "../graph/graph-schema";
import type { TOrder } from "../order/order-schema";
import { arbContext, arbGraph, arbOrder } from "../testing/arbitraries";
import { analyzeRuleset } from "./analyze-ruleset";

/**
 * Soundness on random rulesets, random master data and random orders: whatever the analysis claims
 * for every order ("can never match", "never decides", no gap) holds on each order sampled, and every
 * example order it gives shows what it says. (The planted-bug suite checks that it finds things.)
 */
const SEED = 20_261_203;
const RULESETS = 250;
const ORDERS = 150;

function effectiveOn(compiled: TCompiledRuleset, order: TOrder, context: TEvaluationContext, ruleName: string, assignedWarehouseId: string | null): boolean {
  const ev = evaluate(compiled, order, context, { allMatches: true, assignedWarehouseId });
  const a = ev.decision.actions.find((x) => x.ruleName === ruleName);
  return a !== undefined && a.overriddenBy === undefined && ev.decision.firedRules.includes(ruleName);
}

describe("rule analysis soundness", () => {
  it(`holds on ${RULESETS} random rulesets × ${ORDERS} random orders`, () => {
    const stats = { analysed: 0, dead: 0, shadowed: 0, noGap: 0, gaps: 0, overlaps: 0, channel: 0, examples: 0 };
    const contexts = fc.sample(arbContext({ complete: true }), { seed: SEED, numRuns: RULESETS });
    const graphs = fc.sample(arbGraph({ maxActions: 8, maxTests: 8, tables: 0.15 }), { seed: SEED + 1, numRuns: RULESETS });
    const stages: TStage[] = ["warehouseMatching", "logisticsMatching"];
    graphs.forEach((input, k) => {
      const context = contexts[k]!;
      // Half of them in the deciding stages, where gaps are checked.
      const graph = k % 2 === 0 ? { ...(input as object), stage: stages[(k / 2) % 2]! } : input;
      const c = compileGraph(graph, { context });
      if (!c.ok) return;
      const compiled = c.compiled;
      const analysis = analyzeRuleset(compiled, context, { budget: 200_000 });
      stats.analysed++;
      const afterWarehouse = STAGES.indexOf(compiled.stage) > STAGES.indexOf("warehouseMatching");
      const orders = fc.sample(arbOrder({ maxLines: 3 }), { seed: SEED + 100 + k, numRuns: ORDERS });
      const input2 = (o: TOrder, i: number) => (afterWarehouse ? context.warehouses[i % Math.max(1, context.warehouses.length)]?.id ?? null : null);

      for (const f of analysis.findings) {
        const subject = f.ruleNames[0];
        if (f.kind === "dead") {
          stats.dead++;
          orders.forEach((o, i) => {
            const ev = evaluate(compiled, o, context, { allMatches: true, assignedWarehouseId: input2(o, i) });
            expect((ev.matchedRules ?? []).includes(subject!), `${f.message} but it matched ${JSON.stringify(o)}`).toBe(false);
          });
        }
        if (f.kind === "shadowed") {
          stats.shadowed++;
          orders.forEach((o, i) => expect(effectiveOn(compiled, o, context, subject!, input2(o, i)), `${f.message} but it decided ${JSON.stringify(o)}`).toBe(false));
        }
        if (f.kind === "gap") stats.gaps++;
        if (f.kind === "overlap") stats.overlaps++;
        if (f.kind === "channelExcluded") stats.channel++;
        if (f.example) {
          stats.examples++;
          const ev = evaluate(compiled, f.example.order, context, { allMatches: true, assignedWarehouseId: f.example.assignedWarehouseId });
          if (f.kind === "overlap") expect(ev.decision.conflicts.length, f.message).toBeGreaterThan(0);
          if (f.kind === "gap") expect(compiled.stage === "warehouseMatching" ? ev.decision.warehouseId : ev.decision.channelId, f.message).toBeNull();
        }
      }
      // No gap reported and nothing left open about it: every order is decided.
      const deciding = compiled.stage === "warehouseMatching" || compiled.stage === "logisticsMatching";
      const decidingKinds = [compiled.stage === "warehouseMatching" ? "assignWarehouse" : "assignChannel", "hold", "intercept"];
      const decidesAny = compiled.rules.some((r) => decidingKinds.includes(r.event.type));
      if (deciding && decidesAny && !analysis.findings.some((f) => f.kind === "gap") && !analysis.incomplete.some((q) => q.startsWith("whether every order"))) {
        stats.noGap++;
        orders.forEach((o, i) => {
          const d = evaluate(compiled, o, context, { assignedWarehouseId: input2(o, i) }).decision;
          const slot = compiled.stage === "warehouseMatching" ? d.warehouseId : d.channelId;
          expect(slot !== null || d.holds.length > 0 || d.intercept !== null, `no gap reported, but this order is undecided: ${JSON.stringify(o)}\nrules: ${JSON.stringify(compiled.rules)}\nassigned: ${input2(o, i)}\ndecision: ${JSON.stringify(d)}\ncontext: ${JSON.stringify(context)}\nanalysis: ${JSON.stringify(analysis)}`).toBe(true);
        });
      }
    });
    console.log(`analysis soundness: ${JSON.stringify(stats)}`);
    expect(stats.analysed).toBeGreaterThan(RULESETS * 0.8);
    expect(stats.dead + stats.shadowed).toBeGreaterThan(0);
    expect(stats.noGap).toBeGreaterThan(0);
  }, 600_000);
});
