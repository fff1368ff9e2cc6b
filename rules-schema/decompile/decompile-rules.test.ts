import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TJreRule } from "../compile/compiled-schema";
import { evaluate } from "../evaluate/evaluate";
import { runJsonRules } from "../evaluate/evaluate-reference";
import { validateGraph } from "../graph/analyze-graph";
import { GraphBuilder, cond, makeContext, makeLine, makeOrder } from "../testing/factories";
import { canonicalJson } from "../util/canonical-json";
import { decompileRules } from "./decompile-rules";

const ctx = makeContext();

/** json-rules-engine's documented rule shapes, written with Switchyard facts and actions. */
const documented: Record<string, TJreRule[]> = {
  "nested all / any / not": [
    {
      conditions: {
        all: [
          { any: [{ fact: "country", operator: "equal", value: "US" }, { fact: "country", operator: "in", value: ["CA", "MX"] }] },
          { not: { fact: "hasBattery", operator: "equal", value: true } },
          { all: [{ fact: "totalWeightGrams", operator: "lessThan", value: 2000 }, { not: { any: [{ fact: "tags", operator: "contains", value: "fragile" }, { fact: "addressValid", operator: "equal", value: false }] } }] },
        ],
      },
      event: { type: "assignChannel", params: { channelId: "ch-usps" } },
    },
  ],
  "top-level any with nested all (the README basketball shape)": [
    {
      conditions: {
        any: [
          { all: [{ fact: "hoursToDeadline", operator: "lessThanInclusive", value: 12 }, { fact: "platform", operator: "equal", value: "temu" }] },
          { all: [{ fact: "hoursToDeadline", operator: "lessThanInclusive", value: 6 }, { fact: "platform", operator: "notEqual", value: "temu" }] },
        ],
      },
      event: { type: "setPriority", params: { level: "urgent" } },
    },
  ],
  "top-level any of plain conditions": [
    {
      conditions: { any: [{ fact: "cancellationRequested", operator: "equal", value: true }, { fact: "refundRequested", operator: "equal", value: true }] },
      event: { type: "intercept", params: { reason: "Buyer asked to cancel or refund" } },
    },
  ],
  "top-level not": [{ conditions: { not: { fact: "addressValid", operator: "equal", value: true } }, event: { type: "hold", params: { reason: "Invalid address" } } }],
  "fact compared with another fact": [
    {
      conditions: { all: [{ fact: "volumetricWeightGrams", operator: "greaterThan", value: { fact: "totalWeightGrams" } }] },
      event: { type: "flag", params: { code: "bulky" } },
    },
  ],
  "custom operators and fact params": [
    {
      conditions: {
        all: [
          { fact: "postalCode", operator: "postalCodeIn", value: { prefixes: ["9"], ranges: [{ from: "10000", to: "14999" }] } },
          { fact: "inStockAt", operator: "equal", value: true, params: { warehouseId: "wh-la" } },
          { fact: "skus", operator: "anyStartsWith", value: ["SKU-"] },
        ],
      },
      event: { type: "assignWarehouse", params: { warehouseId: "wh-la" } },
    },
  ],
  "priorities, named and prioritised conditions": [
    { name: "vip", priority: 10, conditions: { all: [{ fact: "tags", operator: "contains", value: "vip", name: "is vip", priority: 5 }] }, event: { type: "addTag", params: { tag: "priority-pack" } } },
    { priority: 3, conditions: { all: [{ fact: "totalValue", operator: "greaterThan", value: 20 }] }, event: { type: "addTag", params: { tag: "high-value" } } },
    { conditions: { all: [] }, event: { type: "addTag", params: { tag: "seen" } } },
  ],
  "line-item quantifier": [
    {
      conditions: { all: [{ fact: "lines", operator: "someLine", value: { all: [{ fact: "line.hasBattery", operator: "equal", value: true }, { fact: "line.quantity", operator: "greaterThan", value: 1 }] } }] },
      event: { type: "splitPackage", params: { strategy: "maxWeight", maxWeightGrams: 2000, channelId: null } },
    },
  ],
};

const orders = [
  makeOrder(),
  makeOrder({ shippingAddress: { country: "CA", postalCode: "12345" }, platform: "temu", shipByDeadline: "2026-11-20T16:00:00Z" }),
  makeOrder({ shippingAddress: { country: "DE", postalCode: "10115", addressValid: false }, tags: ["vip", "fragile"], totalValue: 99 }),
  makeOrder({ lines: [makeLine({ hasBattery: true, quantity: 2, dimensionsCm: { length: 40, width: 30, height: 20 } })], cancellationRequested: true }),
  makeOrder({ refundRequested: true, shipByDeadline: "2026-11-20T10:00:00Z", lines: [makeLine({ weightGrams: 2500 })] }),
];

const key = (e: { type: string; params?: Record<string, unknown> | undefined }) => canonicalJson([e.type, e.params ?? {}]);

describe("decompileRules", () => {
  it.each(Object.entries(documented))("%s: compile(decompile(x)) decides as x does", async (_name, rules) => {
    const d = decompileRules(rules);
    expect(d.ok, JSON.stringify(d.problems)).toBe(true);
    if (!d.ok) return;
    expect(validateGraph(d.graph, { context: ctx }).filter((p) => p.severity === "error")).toEqual([]);
    const c = compileGraph(d.graph, { context: ctx });
    if (!c.ok) throw new Error(JSON.stringify(c.problems));
    for (const order of orders) {
      const expected = (await runJsonRules(rules, order, ctx)).map(key).sort();
      const actual = evaluate(c.compiled, order, ctx).decision.actions.map((a) => key(a)).sort();
      expect(actual).toEqual(expected);
    }
  });

  it("keeps the priority order of rules", () => {
    const d = decompileRules(documented["priorities, named and prioritised conditions"]!, { hitPolicy: "first" });
    if (!d.ok) throw new Error("decompile failed");
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error(JSON.stringify(c.problems));
    expect(c.compiled.rules.map((r) => r.event.params?.tag)).toEqual(["priority-pack", "high-value", "seen"]);
    expect(evaluate(c.compiled, makeOrder({ tags: ["vip"] }), ctx).decision.tags).toEqual(["priority-pack"]);
  });

  it("keeps which rule wins among equal priorities after re-layout", () => {
    // Found by the fuzz test: the layout used to reorder tied actions on the canvas.
    const b = new GraphBuilder("orderReview", "first");
    const c1 = b.add("condition", cond("platform", "equal", "shopify"), { x: 100, y: 0 });
    const c2 = b.add("condition", cond("country", "equal", "DE"), { x: 200, y: 0 });
    const x = b.add("flag", { code: "x" }, { x: 300, y: 0 });
    const y = b.add("flag", { code: "y" }, { x: 300, y: 100 });
    const z = b.add("flag", { code: "z" }, { x: 300, y: 200 });
    b.link("start", c1, "next").link(c1, c2).link(c2, x).link("start", y, "next").link(c1, z);
    const original = compileGraph(b.build());
    if (!original.ok) throw new Error("compile failed");
    const d = decompileRules(original.compiled);
    if (!d.ok) throw new Error("decompile failed");
    const again = compileGraph(d.graph);
    if (!again.ok) throw new Error("recompile failed");
    const order = makeOrder({ platform: "shopify" });
    expect(evaluate(original.compiled, order, ctx).decision.flags).toEqual(["y"]);
    expect(evaluate(again.compiled, order, ctx).decision.flags).toEqual(["y"]);
  });

  it("shares leading conditions between rules", () => {
    const rules: TJreRule[] = [
      { conditions: { all: [{ fact: "country", operator: "equal", value: "US" }, { fact: "hasBattery", operator: "equal", value: true }] }, event: { type: "assignChannel", params: { channelId: "ch-usps" } } },
      { conditions: { all: [{ fact: "country", operator: "equal", value: "US" }, { not: { fact: "hasBattery", operator: "equal", value: true } }] }, event: { type: "assignChannel", params: { channelId: "ch-post" } } },
    ];
    const d = decompileRules(rules);
    if (!d.ok) throw new Error("decompile failed");
    expect(d.graph.nodes.filter((n) => n.kind === "condition")).toHaveLength(2);
    expect(d.graph.edges.map((e) => e.sourceHandle).sort()).toEqual(["false", "next", "true", "true"]);
  });

  it("round-trips a compiled Switchyard ruleset with its stage, hit policy and fallback", () => {
    const b = new GraphBuilder("warehouseMatching", "first");
    const c1 = b.add("condition", cond("country", "equal", "US"));
    const la = b.add("assignWarehouse", { warehouseId: "wh-la", priority: 300 });
    const fb = b.add("fallback");
    b.link("start", c1, "next").link(c1, la).link(fb, b.add("assignWarehouse", { warehouseId: "wh-sz" }), "next");
    const first = compileGraph(b.build());
    if (!first.ok) throw new Error("compile failed");
    const d = decompileRules(first.compiled);
    if (!d.ok) throw new Error("decompile failed");
    expect([d.graph.stage, d.graph.hitPolicy]).toEqual(["warehouseMatching", "first"]);
    expect(d.graph.nodes.filter((n) => n.kind === "fallback")).toHaveLength(1);
    const second = compileGraph(d.graph);
    if (!second.ok) throw new Error("recompile failed");
    const unnamed = (rules: TJreRule[]) => rules.map(({ name: _name, ...r }) => r);
    expect(unnamed(second.compiled.rules)).toEqual(unnamed(first.compiled.rules));
    // A second round trip changes nothing at all.
    const again = decompileRules(second.compiled);
    if (!again.ok) throw new Error("decompile failed");
    const third = compileGraph(again.graph);
    expect(third.ok && third.compiled.manifest.contentHash).toBe(second.compiled.manifest.contentHash);
  });

  it("lays nodes out left to right without overlaps", () => {
    const d = decompileRules(Object.values(documented).flat());
    if (!d.ok) throw new Error("decompile failed");
    const spots = d.graph.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    const start = d.graph.nodes.find((n) => n.kind === "start")!;
    for (const e of d.graph.edges.filter((e) => e.sourceHandle !== "member")) {
      const s = d.graph.nodes.find((n) => n.id === e.sourceId)!;
      const t = d.graph.nodes.find((n) => n.id === e.targetId)!;
      expect(t.position.x, `${e.sourceId}→${e.targetId}`).toBeGreaterThan(s.position.x);
    }
    expect(start.position.x).toBe(0);
  });

  it.each([
    ["not JSON rules", { hello: 1 }, "invalidGraph"],
    ["an unknown event type", [{ conditions: { all: [] }, event: { type: "sendEmail" } }], "invalidNode"],
    ["event params of the wrong type", [{ conditions: { all: [] }, event: { type: "assignWarehouse", params: { warehouseId: 7 } } }], "invalidNode"],
    ["a fact path that is no Switchyard fact", [{ conditions: { all: [{ fact: "order", path: "$.customer.email", operator: "equal", value: "a@b.c" }] }, event: { type: "flag", params: { code: "x" } } }], "invalidNode"],
  ])("reports %s with a field path", (_name, input, code) => {
    const d = decompileRules(input);
    const problems = d.problems;
    expect(problems.some((p) => p.code === code && (p.field ?? "").length > 0)).toBe(true);
    if (d.ok) expect(d.graph.nodes.filter((n) => n.kind !== "start")).toEqual([]);
  });
});

describe("rule files checked against the organization's master data", () => {
  it("names a warehouse that does not exist, an unknown fact and a weight written as text, each at its rule", () => {
    const rules = [
      { conditions: { all: [{ fact: "country", operator: "equal", value: "US" }] }, event: { type: "assignWarehouse", params: { warehouseId: "wh-gone" } } },
      { conditions: { all: [{ fact: "parcelColour", operator: "equal", value: "red" }] }, event: { type: "hold", params: { reason: "colour" } } },
      { conditions: { all: [{ fact: "totalWeightGrams", operator: "greaterThan", value: "2kg" }] }, event: { type: "flag", params: { code: "heavy" } } },
    ];
    const d = decompileRules(rules, { stage: "warehouseMatching", hitPolicy: "all", context: makeContext() });
    const byCode = (code: string) => d.problems.filter((p) => p.code === code);
    expect(byCode("unknownWarehouse").length).toBeGreaterThan(0);
    expect(byCode("unknownFact").length).toBeGreaterThan(0);
    expect(byCode("invalidValue").length).toBeGreaterThan(0);
    expect(d.problems.filter((p) => p.severity === "error").length).toBeGreaterThanOrEqual(3);
  });
});
