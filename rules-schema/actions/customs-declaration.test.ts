import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { decompileRules } from "../decompile/decompile-rules";
import { evaluate } from "../evaluate/evaluate";
import { evaluatePipeline } from "../evaluate/evaluate-pipeline";
import { evaluateReference } from "../evaluate/evaluate-reference";
import { ACTION_DATA_SCHEMAS, ZGraphNode } from "../graph/graph-schema";
import { ZOrderLine } from "../order/order-schema";
import { createSimulator } from "../simulate/create-simulator";
import { ZSideOutcome } from "../simulate/simulation-schema";
import { GraphBuilder, cond, makeContext, makeLine, makeOrder } from "../testing/factories";
import { decisionRows } from "./decision-slots";

const context = makeContext();
const names = { warehouse: (id: string) => id, channel: (id: string) => id };

/** start → (country US) → customs declaration [+ more actions on the same path]. */
function customsRuleset(data: Record<string, unknown>, extra: { kind: string; data: Record<string, unknown> }[] = [], stage: "autoProcessing" | "logisticsMatching" = "autoProcessing"): TCompiledRuleset {
  const b = new GraphBuilder(stage, "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  b.link("start", c, "next").link(c, b.add("customsDeclaration", data), "true");
  for (const x of extra) b.link(c, b.add(x.kind, x.data), "true");
  const r = compileGraph(b.build(), { context });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.compiled;
}

const twoLines = makeOrder({
  totalValue: 100,
  lines: [makeLine({ platformSku: "P-1", warehouseSku: "W-1", quantity: 2, unitPrice: 30, hsCode: "8517.62.00" }), makeLine({ platformSku: "P-2", warehouseSku: "W-2", quantity: 1, unitPrice: 40, hsCode: null })],
});

describe("customs declaration", () => {
  it("declares a share of the order value up to the cap, split over the lines by value, with each line's HS code", () => {
    const d = evaluate(customsRuleset({ priority: 100, valueMode: "share", sharePercent: 30, capAmount: 20 }), twoLines, context).decision;
    expect(d.customs).toEqual({
      declaredValue: 20,
      currency: "USD",
      basis: "share",
      capped: true,
      lines: [
        { sku: "W-1", quantity: 2, hsCode: "85176200", declaredValue: 12 },
        { sku: "W-2", quantity: 1, hsCode: null, declaredValue: 8 },
      ],
      missingHsCode: ["W-2"],
      ruleName: expect.any(String),
    });
    expect(decisionRows(d, names)).toEqual([
      ["Customs value", "20.00 USD (share of the order value, capped)"],
      ["HS codes", "W-1 85176200"],
      ["HS code missing", "W-2"],
    ]);
  });

  it("declares a fixed amount in its own currency and fills missing HS codes from the fallback", () => {
    const d = evaluate(customsRuleset({ priority: 100, valueMode: "fixed", amount: 15, currency: "EUR", fallbackHsCode: "9405.42" }), twoLines, context).decision;
    expect(d.customs).toMatchObject({ declaredValue: 15, currency: "EUR", basis: "fixed", capped: false, missingHsCode: [] });
    expect(d.customs!.lines.map((l) => [l.hsCode, l.declaredValue])).toEqual([
      ["85176200", 9],
      ["940542", 6],
    ]);
    // The cents that do not divide evenly go to the last line: the parts always add up.
    const odd = evaluate(customsRuleset({ priority: 100, valueMode: "fixed", amount: 10 }), makeOrder({ lines: [makeLine({ platformSku: "A" }), makeLine({ platformSku: "B" }), makeLine({ platformSku: "C" })] }), context).decision.customs!;
    expect(odd.currency).toBe("USD");
    expect(odd.lines.map((l) => l.declaredValue)).toEqual([3.33, 3.33, 3.34]);
  });

  it("decides the same with the fast evaluator and with json-rules-engine", async () => {
    const compiled = customsRuleset({ priority: 100, valueMode: "share", sharePercent: 50, capAmount: null, fallbackHsCode: "392690" }, [{ kind: "requestTracking", data: { priority: 100 } }]);
    const fast = evaluate(compiled, twoLines, context, { trace: true });
    const reference = await evaluateReference(compiled, twoLines, context, { trace: true });
    expect(fast.decision).toEqual(reference.decision);
    expect(fast.decision.customs).toMatchObject({ declaredValue: 50, capped: false });
    expect(fast.trace!.rules.find((r) => r.event?.type === "customsDeclaration")?.fired).toBe(true);
  });

  it("refuses bad data with messages a person understands", () => {
    const schema = ACTION_DATA_SCHEMAS.customsDeclaration;
    const issues = (data: unknown) => (schema.safeParse(data).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ priority: 100, valueMode: "fixed" })).toEqual(["amount: set the amount to declare"]);
    expect(issues({ priority: 100, valueMode: "share" })).toEqual(["sharePercent: set the share of the order value to declare"]);
    expect(issues({ priority: 100, valueMode: "share", sharePercent: 20, currency: "EUR" })).toEqual(["currency: a share is declared in the order's currency: leave the currency empty"]);
    expect(issues({ priority: 100, valueMode: "fixed", amount: 5, fallbackHsCode: "85AB" })).toEqual(["fallbackHsCode: an HS code has 6 to 10 digits, e.g. 8517.62 or 85176200"]);
    expect(issues({ priority: 100, valueMode: "share", sharePercent: 120 })).toHaveLength(1);
    expect(schema.parse({ priority: 100, valueMode: "fixed", amount: 5, fallbackHsCode: " 8517.62 " }).fallbackHsCode).toBe("851762");
    expect(ZOrderLine.parse({ platformSku: "X", quantity: 1, unitPrice: 1, weightGrams: 1, hsCode: "" }).hsCode).toBeNull();
    expect(ZGraphNode.safeParse({ id: "c", kind: "customsDeclaration", data: { priority: 100, valueMode: "bribe" } }).success).toBe(false);
  });

  it("is flagged outside the logistics and auto-processing stages", () => {
    const b = new GraphBuilder("warehouseMatching", "all");
    b.link("start", b.add("customsDeclaration", { priority: 100, valueMode: "fixed", amount: 5 }), "next");
    expect(compileGraph(b.build()).problems).toContainEqual(expect.objectContaining({ code: "actionNotInStage", severity: "warning", message: "Customs declaration is not usually part of this stage" }));
    const ok = new GraphBuilder("logisticsMatching", "all");
    ok.link("start", ok.add("customsDeclaration", { priority: 100, valueMode: "fixed", amount: 5 }), "next");
    expect(compileGraph(ok.build()).problems.filter((p) => p.code === "actionNotInStage")).toEqual([]);
  });
});

describe("customs declaration from a json-rules-engine file", () => {
  const file = [
    { name: "declare-low", priority: 10, conditions: { all: [{ fact: "country", operator: "equal", value: "US" }] }, event: { type: "customsDeclaration", params: { valueMode: "fixed", amount: 10, source: "erp" } } },
    { name: "declare-high", priority: 50, conditions: { all: [{ fact: "country", operator: "equal", value: "US" }] }, event: { type: "customsDeclaration", params: { valueMode: "share", sharePercent: 40 } } },
  ];

  it("imports as customs declaration nodes, keeping params it does not use, and the higher priority wins", () => {
    const r = decompileRules(file, { stage: "autoProcessing", hitPolicy: "all" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const nodes = r.graph.nodes.filter((n) => n.kind === "customsDeclaration");
    expect(nodes).toHaveLength(2);
    expect(nodes.some((n) => (n.data as { extraParams?: Record<string, unknown> }).extraParams?.source === "erp")).toBe(true);
    const compiled = compileGraph(r.graph);
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const d = evaluate(compiled.compiled, twoLines, context).decision;
    expect(d.customs).toMatchObject({ declaredValue: 40, basis: "share" });
    expect(d.actions.find((a) => a.ruleName === d.customs!.ruleName)?.params.sharePercent).toBe(40);
    const low = d.actions.find((a) => a.params.amount === 10);
    expect(low?.overriddenBy).toBe(d.customs!.ruleName);
    expect(d.conflicts).toEqual([]);
  });

  it("reports two different declarations at the same priority as a conflict on customs", () => {
    const same = file.map((r) => ({ ...r, priority: 30 }));
    const r = decompileRules(same, { stage: "autoProcessing", hitPolicy: "all" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const compiled = compileGraph(r.graph);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const d = evaluate(compiled.compiled, twoLines, context).decision;
    expect(d.conflicts.map((c) => c.subject)).toEqual(["customs"]);
  });
});

describe("customs declaration across stages and in the simulator", () => {
  it("the first stage that declares customs decides it", () => {
    const logistics = customsRuleset({ priority: 100, valueMode: "fixed", amount: 5 }, [], "logisticsMatching");
    const auto = customsRuleset({ priority: 100, valueMode: "fixed", amount: 9 });
    const { decision } = evaluatePipeline(
      [
        { stage: "autoProcessing", compiled: auto },
        { stage: "logisticsMatching", compiled: logistics },
      ],
      twoLines,
      context,
    );
    expect(decision.customs?.declaredValue).toBe(5);
  });

  it("counts a changed declaration as a 'customs' change and says what each side declares", () => {
    const baseline = customsRuleset({ priority: 100, valueMode: "fixed", amount: 5 });
    const candidate = customsRuleset({ priority: 100, valueMode: "share", sharePercent: 30, capAmount: 20 });
    const sim = createSimulator({ stage: "autoProcessing", candidate, baseline, others: [] });
    const cmp = sim.compare(twoLines, context);
    expect(cmp.changes).toContain("customs");
    expect(cmp.baseline.customs).toEqual({ declaredValue: 5, currency: "USD", hsCodes: ["85176200"], missingHsCode: 1 });
    expect(cmp.candidate.customs).toEqual({ declaredValue: 20, currency: "USD", hsCodes: ["85176200"], missingHsCode: 1 });
    // Same declaration on both sides: no change.
    expect(createSimulator({ stage: "autoProcessing", candidate, baseline: candidate, others: [] }).compare(twoLines, context).changes).not.toContain("customs");
    // Outcomes stored before the action existed read back without it.
    const { customs: _gone, ...old } = cmp.baseline;
    expect(ZSideOutcome.parse(old).customs).toBeNull();
  });
});
