import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import { GraphBuilder, makeContext, makeLine, makeOrder } from "../testing/factories";
import { xmlText } from "./junit";
import { runSuite } from "./run-suite";
import { ZTestSuite } from "./suite-schema";

const context = makeContext({
  warehouses: [{ id: "wh-sz", name: "Shenzhen", country: "CN", calendar: { timeZone: "Asia/Shanghai" } }],
  inventory: { "wh-sz": { "W-1": 0 } },
  channels: [{ id: "ch-a", name: "A", maxWeightGrams: 30_000 }],
});

/** Battery → two holds and a tag; a decision table assigns channels by country; stock at Shenzhen tags "in-stock". */
function compiled() {
  const b = new GraphBuilder("logisticsMatching", "all");
  const bat = b.add("condition", { fact: "hasBattery", operator: "equal", operand: { type: "value", value: true } });
  b.link("start", bat, "next");
  for (const reason of ["Battery", "MSDS"]) b.link(bat, b.add("hold", { reason, priority: 50 }), "true");
  b.link(bat, b.add("addTag", { tag: "battery", priority: 50 }), "true");
  const stock = b.add("condition", { fact: "inStockAt", params: { warehouseId: "wh-sz" }, operator: "equal", operand: { type: "value", value: true } });
  b.link("start", stock, "next");
  b.link(stock, b.add("addTag", { tag: "in-stock", priority: 50 }), "true");
  const t = b.add("decisionTable", {
    priority: 100,
    conditions: [{ id: "country", fact: "country", operator: "in" }],
    actions: [{ id: "ch", kind: "assignChannel" }],
    rows: [
      { id: "de", cells: { country: ["DE"] }, actions: { ch: { channelId: "ch-a" } } },
      { id: "us", cells: { country: ["US"] }, actions: { ch: { channelId: "ch-a" } } },
    ],
  });
  b.link("start", t, "next");
  const r = compileGraph(b.build(), { context });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.compiled;
}

const suite = ZTestSuite.parse({
  format: "switchyard.suite/v1",
  cases: [
    {
      id: "bat",
      name: "battery to Germany",
      order: makeOrder({ shippingAddress: { country: "DE" }, lines: [makeLine({ hasBattery: true, warehouseSku: "W-1" })] }),
      // Holds as a multiset of reasons (any order), tags as a set.
      expect: { holds: ["MSDS", "Battery"], tags: ["battery"], channelId: "ch-a", decided: true },
    },
    {
      id: "stock",
      name: "in stock when the case says so",
      order: makeOrder({ shippingAddress: { country: "FR" }, lines: [makeLine({ warehouseSku: "W-1", quantity: 1 })] }),
      inventory: { "wh-sz": { "W-1": 5 } },
      expect: { tags: ["in-stock"], channelId: null },
    },
    { id: "wrong", name: "wrong expectation", order: makeOrder({ shippingAddress: { country: "FR" } }), expect: { holds: ["Battery"], decided: true } },
  ],
});

describe("test suites", () => {
  it("passes cases whose checked fields come out as expected (multisets, sets, stock overrides), and says what differs in a failing one", () => {
    const run = runSuite(compiled(), suite, context);
    expect(run.cases.map((c) => [c.id, c.passed])).toEqual([
      ["bat", true],
      ["stock", true],
      ["wrong", false],
    ]);
    expect(run.cases[2]!.diffs).toEqual([
      { field: "decided", label: "Decided", expected: true, actual: false },
      { field: "holds", label: "Holds", expected: ["Battery"], actual: [] },
    ]);
    expect([run.total, run.passed, run.failed]).toEqual([3, 2, 1]);
    // Only what a case checks is reported as its actual outcome.
    expect(run.cases[1]!.actual).toEqual({ tags: ["in-stock"], channelId: null });
  });

  it("names the rules and decision table rows no case fired (coverage)", () => {
    const run = runSuite(compiled(), suite, context);
    expect(run.notExercised).toEqual([expect.stringMatching(/^rule:n\d+:us$/)]);
  });

  it("refuses suites with an empty expectation, an unknown field or duplicate ids", () => {
    const base = { format: "switchyard.suite/v1", cases: [{ id: "a", name: "a", order: makeOrder({}), expect: { warehouseId: "x" } }] };
    expect(ZTestSuite.safeParse(base).success).toBe(true);
    expect(ZTestSuite.safeParse({ ...base, cases: [{ ...base.cases[0], expect: {} }] }).success).toBe(false);
    expect(ZTestSuite.safeParse({ ...base, cases: [{ ...base.cases[0], expect: { warehouse: "x" } }] }).success).toBe(false);
    expect(ZTestSuite.safeParse({ ...base, cases: [base.cases[0], base.cases[0]] }).error?.issues[0]?.message).toBe('two cases share the id "a"');
  });

  it("writes text XML can hold", () => {
    expect(xmlText('a<b>&"c\'\u0000\u0007d\uD800')).toBe("a&lt;b&gt;&amp;&quot;c&apos;d");
  });
});

describe("expectationFromSide", () => {
  it("keeps decided and the fields the stage's actions set, nothing of other stages", async () => {
    const { expectationFromSide, expectableInStage, ZExpectedOutcome } = await import("./suite-schema");
    const side = { decided: true, warehouseId: "wh-la", channelId: "ch-usps", holds: [], intercept: false, tags: ["vip"], flags: [], packages: 1 };
    const e = expectationFromSide(side, "logisticsMatching");
    expect(e.decided).toBe(true);
    expect(e.channelId).toBe("ch-usps");
    expect(e).not.toHaveProperty("warehouseId");
    expect(e).not.toHaveProperty("packages");
    expect(expectableInStage("warehouseMatching")).toContain("warehouseId");
    expect(expectableInStage("warehouseMatching")).not.toContain("channelId");
    expect(ZExpectedOutcome.safeParse(e).success).toBe(true);
  });
});
