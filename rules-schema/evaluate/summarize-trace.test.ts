import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TOrder } from "../order/order-schema";
import { GraphBuilder, cond, makeContext, makeLine, makeOrder } from "../testing/factories";
import type { TRuleGraphInput } from "../graph/graph-schema";
import type { TConditionTrace, TRuleTrace, TTrace } from "./decision-schema";
import { evaluate } from "./evaluate";
import { evaluateReference } from "./evaluate-reference";
import { type TTraceSummary, summarizeTrace } from "./summarize-trace";

const us = makeOrder();
const de = makeOrder({ shippingAddress: { country: "DE" } });
const bigUs = makeOrder({ totalValue: 500 });
const battery = makeOrder({ lines: [makeLine(), makeLine({ platformSku: "BAT-1", hasBattery: true }), makeLine({ platformSku: "BAT-2", hasBattery: true })] });

/** start → n1 (country = US) —false→ n2 hold: the hold fires for orders outside the US. */
function falseEdge(): TRuleGraphInput {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  const h = b.add("hold", { reason: "Outside the US" });
  b.link("start", c, "next").link(c, h, "false");
  return b.build();
}

/** start → n1 (country = US) → n2 (total > 100) → n3 LA (true) / n4 SZ (false); n5 fallback → n6 SZ. */
function sharedPrefix(): TRuleGraphInput {
  const b = new GraphBuilder("warehouseMatching", "first");
  const country = b.add("condition", cond("country", "equal", "US"));
  const total = b.add("condition", cond("totalValue", "greaterThan", 100));
  const la = b.add("assignWarehouse", { warehouseId: "wh-la", priority: 200 });
  const sz = b.add("assignWarehouse", { warehouseId: "wh-sz", priority: 100 });
  const fb = b.add("fallback");
  const fbSz = b.add("assignWarehouse", { warehouseId: "wh-sz" });
  b.link("start", country, "next").link(country, total, "true").link(total, la, "true").link(total, sz, "false").link(fb, fbSz, "next");
  return b.build();
}

/** start → n1 any line (n2 line has a battery) → n3 flag; n4 all-group (n5 platform = shopify) → n6 tag. */
function quantifierAndGroup(): TRuleGraphInput {
  const b = new GraphBuilder("orderReview", "all");
  const q = b.add("lineQuantifier", { quantifier: "any" });
  b.link(q, b.add("condition", cond("line.hasBattery", "equal", true)), "member");
  const flag = b.add("flag", { code: "battery" });
  const g = b.add("all");
  b.link(g, b.add("condition", cond("platform", "equal", "shopify")), "member");
  const tag = b.add("addTag", { tag: "shopify" });
  b.link("start", q, "next").link(q, flag, "true").link("start", g, "next").link(g, tag, "true");
  return b.build();
}

function summaryOf(graph: TRuleGraphInput, order: TOrder): TTraceSummary {
  const built = compileGraph(graph, { context: makeContext() });
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return summarizeTrace(evaluate(built.compiled, order, makeContext(), { trace: true }).trace!);
}

describe("summarizeTrace on evaluated graphs", () => {
  it.each([
    ["a false edge reports the test's own result (US order: true, hold not fired)", falseEdge(), us, { nodeResults: [{ nodeId: "n1", result: true, actual: "US", expected: "US" }], firedNodeIds: [] }],
    ["a false edge reports the test's own result (DE order: false, hold fired)", falseEdge(), de, { nodeResults: [{ nodeId: "n1", result: false, actual: "DE", expected: "US" }], firedNodeIds: ["n2"] }],
    [
      "a shared prefix is reported once; the fired rule decides",
      sharedPrefix(),
      bigUs,
      {
        nodeResults: [
          { nodeId: "n1", result: true, actual: "US", expected: "US" },
          { nodeId: "n2", result: true, actual: 500, expected: 100 },
        ],
        firedNodeIds: ["n3"],
      },
    ],
    [
      "a cheap US order takes the false branch of the shared test",
      sharedPrefix(),
      us,
      {
        nodeResults: [
          { nodeId: "n1", result: true, actual: "US", expected: "US" },
          { nodeId: "n2", result: false, actual: 25, expected: 100 },
        ],
        firedNodeIds: ["n4"],
      },
    ],
    [
      "only the fallback fires when nothing else matched",
      sharedPrefix(),
      de,
      {
        nodeResults: [
          { nodeId: "n1", result: false, actual: "DE", expected: "US" },
          { nodeId: "n2", result: false, actual: 25, expected: 100 },
        ],
        firedNodeIds: ["n6"],
      },
    ],
    [
      "a line quantifier reports matching lines; its member tests have no entry of their own",
      quantifierAndGroup(),
      battery,
      {
        nodeResults: [
          { nodeId: "n1", result: true, actual: { lines: 3, matching: 2 } },
          { nodeId: "n4", result: true },
          { nodeId: "n5", result: true, actual: "shopify", expected: "shopify" },
        ],
        firedNodeIds: ["n3", "n6"],
      },
    ],
  ] as const)("%s", (_name, graph, order, expected) => {
    expect(summaryOf(graph, order)).toEqual(expected);
  });

  it("gives the same summary for the fast evaluator's trace and json-rules-engine's", async () => {
    for (const [graph, order] of [
      [sharedPrefix(), bigUs],
      [falseEdge(), de],
      [quantifierAndGroup(), battery],
    ] as const) {
      const built = compileGraph(graph, { context: makeContext() });
      if (!built.ok) throw new Error("does not compile");
      const fast = evaluate(built.compiled, order, makeContext(), { trace: true });
      const reference = await evaluateReference(built.compiled, order, makeContext(), { trace: true });
      expect(summarizeTrace(reference.trace!)).toEqual(summarizeTrace(fast.trace!));
    }
  });
});

describe("summarizeTrace ordering rules", () => {
  const c = (nodeId: string | null, result: boolean | null, extra: Partial<TConditionTrace> = {}): TConditionTrace => ({
    path: "all.0",
    nodeId,
    role: "condition",
    negated: false,
    result,
    ...extra,
  });
  const rule = (nodeId: string, state: "fired" | "matched" | "failed", conditions: TConditionTrace[]): TRuleTrace => ({
    name: `rule:${nodeId}`,
    nodeId,
    matched: state !== "failed",
    fired: state === "fired",
    firstFailedNodeId: null,
    conditions,
  });
  const trace = (rules: TRuleTrace[]): TTrace => ({ engine: "fast", rules });

  it.each([
    [
      "the fired rule's occurrence wins over an earlier rule's",
      trace([rule("a1", "failed", [c("n1", false, { actual: 1 })]), rule("a2", "fired", [c("n1", true, { actual: 2 })])]),
      { nodeResults: [{ nodeId: "n1", result: true, actual: 2 }], firedNodeIds: ["a2"] },
    ],
    [
      "a matched rule that did not fire comes before a failed one",
      trace([rule("a1", "failed", [c("n1", false, { actual: 1 })]), rule("a2", "matched", [c("n1", true, { actual: 2 })]), rule("a3", "fired", [])]),
      { nodeResults: [{ nodeId: "n1", result: true, actual: 2 }], firedNodeIds: ["a3"] },
    ],
    [
      "an evaluated occurrence replaces one that was not evaluated, keeping its place",
      trace([rule("a1", "fired", [c("n1", null), c("n2", true)]), rule("a2", "failed", [c("n1", false, { actual: 0, expected: 5 })])]),
      {
        nodeResults: [
          { nodeId: "n1", result: false, actual: 0, expected: 5 },
          { nodeId: "n2", result: true },
        ],
        firedNodeIds: ["a1"],
      },
    ],
    [
      "negations, path wrappers and the fallback gate are not node results",
      trace([
        rule("a1", "fired", [
          c(null, true, { role: "gate" }),
          c(null, true, { role: "path" }),
          c("n1", true, { role: "negation", negated: true }),
          c("n1", false, { path: "all.0.not", actual: "DE", expected: "US" }),
        ]),
      ]),
      { nodeResults: [{ nodeId: "n1", result: false, actual: "DE", expected: "US" }], firedNodeIds: ["a1"] },
    ],
    ["an empty trace gives nothing", trace([]), { nodeResults: [], firedNodeIds: [] }],
  ])("%s", (_name, input, expected) => {
    expect(summarizeTrace(input)).toEqual(expected);
  });
});
