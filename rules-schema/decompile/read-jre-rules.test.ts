/**
 * Reading json-rules-engine files as json-rules-engine reads them: priorities, event params, operator
 * decorators, empty groups, order paths; every problem names the user's rule and field.
 */
import { analyzeGraphRules } from "../analysis/analysis-problems";
import { Rule } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import { evaluate, parseCompiledRuleset } from "../evaluate/evaluate";
import { ACTION_PRIORITY_DEFAULT, isActionKind, type TGraphNode } from "../graph/graph-schema";
import { makeContext, makeOrder } from "../testing/factories";
import { decompileRules } from "./decompile-rules";
import { humanPath } from "./read-jre-rules";

const flag = (code: string, priority?: unknown, conditions: unknown = { all: [{ fact: "country", operator: "equal", value: "US" }] }) => ({
  ...(priority === undefined ? {} : { priority }),
  conditions,
  event: { type: "flag", params: { code } },
});

const actions = (nodes: readonly TGraphNode[]) => nodes.filter((n) => isActionKind(n.kind)) as (TGraphNode & { data: { priority: number } })[];

function decompiled(input: unknown, options: Parameters<typeof decompileRules>[1] = {}) {
  const d = decompileRules(input, options);
  if (!d.ok) throw new Error(JSON.stringify(d.problems));
  return d;
}

describe("priorities as json-rules-engine reads them", () => {
  it.each([
    [0, 1, /priority 0 runs as 1/],
    [null, 1, null],
    [2.5, 2, /reads priority 2.5 as 2/],
    ["10", 10, null],
    [" 7 ", 7, null],
  ])("priority %j runs as %i, like new Rule() in json-rules-engine", (given, expected, warning) => {
    // The real engine agrees with the table.
    expect(new Rule({ priority: given as number, conditions: { all: [] }, event: { type: "x" } }).priority).toBe(expected);
    const d = decompiled([flag("a", given), flag("b", 5)]);
    const [a, b] = actions(d.graph.nodes);
    expect(a!.data.priority < b!.data.priority).toBe(expected < 5);
    const warned = d.problems.find((p) => p.field === "0.priority");
    if (warning) expect(warned?.message).toMatch(warning);
    else expect(warned).toBeUndefined();
  });

  it.each([
    ["0", /refused by json-rules-engine: it must be greater than zero/],
    [-3, /must be greater than zero/],
    ["abc", /is not a positive number/],
    [1e21, /is not a positive number|too large/],
    [true, /is not a positive number/],
  ])("priority %j is refused with a message naming the rule", (given, message) => {
    const d = decompileRules([flag("ok"), flag("bad", given)]);
    const p = d.problems.find((x) => x.severity === "error");
    expect(p?.field).toBe("1.priority");
    expect(p?.message).toMatch(/^rules\[1\]\.priority: /);
    expect(p?.message).toMatch(message);
  });

  it("keeps relative order with no ties whatever the values (9,999 vs 10,000 vs 20,000)", () => {
    const d = decompiled([flag("a", 9999), flag("b", 10000), flag("c", 20000), flag("d"), flag("e", 9999)]);
    const p = actions(d.graph.nodes).map((n) => n.data.priority);
    expect(p[3]! < p[0]! && p[0]! < p[1]! && p[1]! < p[2]!).toBe(true);
    expect(p[4]).toBe(p[0]);
    expect(new Set(p).size).toBe(4);
    expect(d.problems.some((x) => /rescaled .* keeping their order/.test(x.message) && x.severity === "warning")).toBe(true);
  });

  it("leaves priorities that fit unchanged and shifts the default 1 by one", () => {
    expect(actions(decompiled([flag("a", 3), flag("b", 10000)]).graph.nodes).map((n) => n.data.priority)).toEqual([3, 10000]);
    expect(actions(decompiled([flag("a"), flag("b", 50)]).graph.nodes).map((n) => n.data.priority)).toEqual([2, 51]);
  });
});

describe("event params and names are kept", () => {
  const file = [
    {
      name: "Hold odd addresses",
      priority: 3,
      conditions: { all: [{ fact: "addressValid", operator: "equal", value: false }] },
      event: { type: "hold", params: { reason: "  Check the address (manual)  ", message: "Call the buyer", ticket: { queue: "addr", sla: 4 } } },
    },
  ];

  it("keeps unused params on the action, compiles them back into the event, and carries them into the decision and the trace", () => {
    const d = decompiled(file);
    const hold = actions(d.graph.nodes)[0]!;
    expect(hold.label).toBe("Hold odd addresses");
    expect(hold.data).toMatchObject({ reason: "  Check the address (manual)  ", extraParams: { message: "Call the buyer", ticket: { queue: "addr", sla: 4 } } });
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    expect(c.compiled.rules[0]!.event).toEqual(file[0]!.event);
    const order = makeOrder({ shippingAddress: { country: "US", region: "CA", city: "LA", postalCode: "90001", addressValid: false } });
    const e = evaluate(c.compiled, order, makeContext(), { trace: true });
    expect(e.decision.holds).toEqual([{ reason: "  Check the address (manual)  ", ruleName: c.compiled.rules[0]!.name }]);
    expect(e.decision.actions[0]!.params).toEqual(file[0]!.event.params);
    expect(e.trace!.rules[0]!.event).toEqual({ type: "hold", params: file[0]!.event.params });
  });

  it("keeps a param named like the action's priority as a param (the rule's priority stays the rule's)", () => {
    const d = decompiled([{ priority: 7, conditions: { all: [] }, event: { type: "addTag", params: { tag: "x", priority: "high" } } }]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    expect(c.compiled.rules[0]!.event.params).toEqual({ tag: "x", priority: "high" });
    expect(c.compiled.rules[0]!.priority).toBe(7);
  });

  it("warns, naming rule and field, about every key json-rules-engine ignores", () => {
    const d = decompiled([{ ...flag("a"), onSuccess: "x", event: { type: "flag", params: { code: "a" }, extra: 1 } }]);
    const fields = d.problems.filter((p) => p.severity === "warning").map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["0.onSuccess", "0.event.extra"]));
  });
});

describe("problems name the user's rule, never a generated node id", () => {
  it("names the condition of an unknown fact and a bad value as rules[i].conditions…", () => {
    const d = decompileRules({
      rules: [
        flag("ok"),
        flag("ok2"),
        { conditions: { all: [{ fact: "country", operator: "equal", value: "US" }, { fact: "colour", operator: "equal", value: "red" }] }, event: { type: "flag", params: { code: "c" } } },
        { conditions: { any: [{ fact: "country", operator: "in", value: "US" }] }, event: { type: "flag", params: { code: "d" } } },
      ],
    });
    const errors = d.problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => p.field)).toEqual(["rules.2.conditions.all.1.fact", "rules.3.conditions.any.0.value"]);
    expect(errors[0]!.message).toMatch(/^rules\[2\]\.conditions\.all\[1\]\.fact: Unknown fact "colour"/);
    expect(errors[1]!.message).toMatch(/^rules\[3\]\.conditions\.any\[0\]\.value: /);
    for (const p of d.problems) expect(p.message).not.toMatch(/\bn\d+\b/);
  });

  it("names a bad event param", () => {
    const d = decompileRules([flag("ok"), { conditions: { all: [] }, event: { type: "assignWarehouse", params: { warehouseId: 7 } } }]);
    expect(d.problems.find((p) => p.severity === "error")).toMatchObject({ field: "1.event.params.warehouseId", message: expect.stringMatching(/^rules\[1\]\.event\.params\.warehouseId: /) });
  });

  it("writes paths the way a person reads them", () => {
    expect(humanPath("rules.3.conditions.all.1.value")).toBe("rules[3].conditions.all[1].value");
    expect(humanPath("3.conditions.any.0")).toBe("rules[3].conditions.any[0]");
    expect(humanPath("conditions.all.0")).toBe("conditions.all[0]");
  });
});

describe("json-rules-engine 7 forms", () => {
  it("rewrites not:, swap:, someFact: and someValue: where the meaning is exactly the same", () => {
    const d = decompiled([
      {
        conditions: {
          all: [
            { fact: "country", operator: "not:equal", value: "US" },
            { fact: "tags", operator: "swap:in", value: "vip" },
            { fact: "riskFlags", operator: "someFact:equal", value: "vpn" },
            { fact: "currency", operator: "someValue:equal", value: ["EUR", "GBP"] },
            { fact: "totalValue", operator: "swap:lessThan", value: 10 },
          ],
        },
        event: { type: "flag", params: { code: "x" } },
      },
    ]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    expect(c.compiled.rules[0]!.conditions).toEqual({
      all: [
        { not: { fact: "country", operator: "equal", value: "US" } },
        { fact: "tags", operator: "contains", value: "vip" },
        { fact: "riskFlags", operator: "contains", value: "vpn" },
        { fact: "currency", operator: "in", value: ["EUR", "GBP"] },
        { fact: "totalValue", operator: "greaterThan", value: 10 },
      ],
    });
  });

  it.each([
    ["everyFact:in", "tags", ["a"]],
    ["swap:lessThan", "hoursToDeadline", 5],
    ["swap:in", "country", "US"],
    ["bogus:equal", "country", "US"],
  ])("refuses %s on %s with a message that names the rule", (operator, fact, value) => {
    const d = decompileRules([flag("ok"), { conditions: { all: [{ fact, operator, value }] }, event: { type: "flag", params: { code: "x" } } }]);
    const p = d.problems.find((x) => x.severity === "error");
    expect(p).toMatchObject({ field: "1.conditions.all.0.operator", message: expect.stringMatching(/^rules\[1\]\.conditions\.all\[0\]\.operator: operator /) });
  });

  it("reads an empty any as true (as json-rules-engine does) and says so", () => {
    const d = decompiled([{ conditions: { any: [] }, event: { type: "flag", params: { code: "always" } } }]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    expect(evaluate(c.compiled, makeOrder()).decision.flags).toEqual(["always"]);
    expect(d.problems.find((p) => p.field === "0.conditions.any")?.message).toMatch(/always true in json-rules-engine/);
  });

  it("drops a rule that can never fire, with a warning naming it", () => {
    const d = decompiled([flag("ok"), { conditions: { all: [{ not: { any: [] } }] }, event: { type: "flag", params: { code: "never" } } }]);
    expect(actions(d.graph.nodes)).toHaveLength(1);
    expect(d.problems.find((p) => p.field === "1.conditions")).toMatchObject({ severity: "warning", message: expect.stringMatching(/never/) });
  });

  it("refuses a shared-condition reference and a fact reference as a line condition, naming where", () => {
    const d = decompileRules([
      { conditions: { all: [{ condition: "isVip" }] }, event: { type: "flag", params: { code: "x" } } },
      { conditions: { all: [{ fact: "lines", operator: "someLine", value: { fact: "line.hasBattery", operator: "equal", value: true } }] }, event: { type: "flag", params: { code: "y" } } },
    ]);
    expect(d.problems.filter((p) => p.severity === "error").map((p) => p.field)).toEqual(["0.conditions.all.0.condition", "1.conditions.all.0.value"]);
  });

  it("maps a path into the order onto the fact it reads, and refuses other paths", () => {
    const d = decompiled([{ conditions: { all: [{ fact: "order", path: "$.shippingAddress.country", operator: "equal", value: "US" }] }, event: { type: "flag", params: { code: "x" } } }]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    expect(c.compiled.rules[0]!.conditions).toEqual({ all: [{ fact: "country", operator: "equal", value: "US" }] });
    const bad = decompileRules([{ conditions: { all: [{ fact: "customer", path: "$.email", operator: "equal", value: "x" }] }, event: { type: "flag", params: { code: "x" } } }]);
    expect(bad.problems[0]).toMatchObject({ severity: "error", field: "0.conditions.all.0.path" });
  });
});

describe("priority overrides are accepted", () => {
  const general = { conditions: { all: [{ fact: "country", operator: "equal", value: "US" }] }, event: { type: "assignChannel", params: { channelId: "ch-usps" } } };
  const exception = {
    priority: 10,
    conditions: { all: [{ fact: "country", operator: "equal", value: "US" }, { fact: "hasBattery", operator: "equal", value: true }] },
    event: { type: "assignChannel", params: { channelId: "ch-post" } },
  };
  it.each(["first", "all"] as const)("a general rule plus a higher-priority exception compiles and the exception decides (hit policy %s)", (hitPolicy) => {
    const d = decompiled([general, exception], { stage: "logisticsMatching", hitPolicy, context: makeContext() });
    expect(d.problems.filter((p) => p.severity === "error")).toEqual([]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error(JSON.stringify(c.problems));
    const battery = makeOrder({ lines: [{ platformSku: "B", warehouseSku: "W-1", quantity: 1, unitPrice: 5, weightGrams: 100, hasBattery: true }] });
    expect(evaluate(c.compiled, battery).decision).toMatchObject({ channelId: "ch-post", conflicts: [] });
    expect(evaluate(c.compiled, makeOrder()).decision).toMatchObject({ channelId: "ch-usps", conflicts: [] });
  });

  it("push everything, hold bad addresses (hit policy all): the hold overrides the push on bad addresses", () => {
    const d = decompiled(
      [
        { conditions: { all: [] }, event: { type: "pushToWarehouse" } },
        { priority: 10, conditions: { all: [{ fact: "addressValid", operator: "equal", value: false }] }, event: { type: "hold", params: { reason: "Bad address" } } },
      ],
      { stage: "autoProcessing" },
    );
    // The general rule plus a higher-priority exception is the common pattern: no warning at all.
    expect(d.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(analyzeGraphRules(d.graph).problems).toEqual([]);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    const bad = evaluate(c.compiled, makeOrder({ shippingAddress: { country: "US", region: "", city: "", postalCode: "", addressValid: false } })).decision;
    expect(bad).toMatchObject({ pushToWarehouse: false, holds: [{ reason: "Bad address" }], conflicts: [] });
    expect(bad.actions.map((a) => [a.type, a.overriddenBy ?? null])).toEqual([
      ["hold", null],
      ["pushToWarehouse", c.compiled.rules[0]!.name],
    ]);
    expect(evaluate(c.compiled, makeOrder()).decision).toMatchObject({ pushToWarehouse: true, holds: [] });
  });

  it("at equal priority (json-rules-engine's default 1) both take effect and the decision reports the conflict; the validator warns, it does not refuse", () => {
    const d = decompiled([
      { conditions: { all: [] }, event: { type: "pushToWarehouse" } },
      { conditions: { all: [{ fact: "addressValid", operator: "equal", value: false }] }, event: { type: "hold", params: { reason: "Bad address" } } },
    ]);
    expect(d.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(analyzeGraphRules(d.graph).problems.find((p) => p.code === "ruleOverlap")).toMatchObject({ severity: "warning", example: { evidence: expect.stringContaining("conflict") } });
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    const bad = evaluate(c.compiled, makeOrder({ shippingAddress: { country: "US", region: "", city: "", postalCode: "", addressValid: false } })).decision;
    expect(bad).toMatchObject({ pushToWarehouse: true, conflicts: [{ subject: "hold" }] });
  });
});

describe("compiled files given to evaluate are checked", () => {
  const compiledOf = (rules: unknown[]) => {
    const d = decompiled(rules);
    const c = compileGraph(d.graph);
    if (!c.ok) throw new Error("not compiled");
    return c.compiled;
  };

  it("accepts what the compiler writes", () => {
    expect(parseCompiledRuleset(compiledOf([flag("a", 5), flag("b", 9)])).ok).toBe(true);
  });

  it("refuses rules out of priority order", () => {
    const c = compiledOf([flag("a", 5), flag("b", 9)]);
    const swapped = { ...c, rules: [c.rules[1], c.rules[0]], manifest: { ...c.manifest, rules: [c.manifest.rules[1], c.manifest.rules[0]] } };
    const r = parseCompiledRuleset(swapped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: "rules.1.priority", message: expect.stringMatching(/sorted by priority, highest first/) });
  });

  it("refuses a fact read with a path (the fast evaluator could not follow it)", () => {
    const c = compiledOf([flag("a")]);
    const withPath = structuredClone(c) as unknown as { rules: { conditions: { all: Record<string, unknown>[] } }[] };
    withPath.rules[0]!.conditions.all[0]!.path = "$.x";
    const r = parseCompiledRuleset(withPath);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: "rules.0.conditions.all.0.path" });
  });

  it("refuses a decorated operator with a message that says what to do", () => {
    const c = compiledOf([flag("a")]);
    const decorated = structuredClone(c) as unknown as { rules: { conditions: { all: Record<string, unknown>[] } }[] };
    decorated.rules[0]!.conditions.all[0]!.operator = "not:equal";
    const r = parseCompiledRuleset(decorated);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/decorators are not part of compiled rulesets/);
  });
});

it("default priority of a designer action is unchanged", () => {
  expect(ACTION_PRIORITY_DEFAULT).toBe(100);
});

describe("hostile rule files", () => {
  it("refuses conditions nested 10,000 deep with a problem naming the place, never a stack overflow", () => {
    let c: unknown = { fact: "country", operator: "equal", value: "US" };
    for (let i = 0; i < 10_000; i++) c = { all: [c] };
    const d = decompileRules([{ conditions: c, event: { type: "flag", params: { code: "x" } } }]);
    const p = d.problems.find((x) => x.severity === "error");
    expect(p?.message).toMatch(/nested more than 64 deep/);
    expect(p?.field).toMatch(/^0\.conditions(\.all\.0)+$/);
  });

  it("refuses more rules than a canvas can hold, and non-rules, with one problem each", () => {
    expect(decompileRules({ rules: "x" }).problems[0]!.message).toMatch(/"rules" must be an array/);
    expect(decompileRules(Array.from({ length: 5_001 }, () => flag("x"))).problems[0]!.message).toMatch(/at most 5,000/);
    const d = decompileRules([null, 7, "rule", flag("ok")]);
    expect(d.problems.filter((p) => p.severity === "error").map((p) => p.field)).toEqual(["0", "1", "2"]);
  });
});
