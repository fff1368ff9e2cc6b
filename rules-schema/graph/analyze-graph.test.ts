import { describe, expect, it } from "vitest";
import { GraphBuilder, cond, makeContext } from "../testing/factories";
import { validateGraph } from "./analyze-graph";
import type { TProblemCode } from "./problem-schema";

const ctx = makeContext();

type Case = [name: string, build: () => unknown, code: TProblemCode, nodeIds: string[]];

function chain(...conditions: ReturnType<typeof cond>[]) {
  const b = new GraphBuilder("orderReview", "all");
  let prev = "start";
  let handle: "next" | "true" = "next";
  for (const c of conditions) {
    const id = b.add("condition", c);
    b.link(prev, id, handle);
    prev = id;
    handle = "true";
  }
  return { b, last: prev };
}

const cases: Case[] = [
  ["no start node", () => ({ stage: "orderReview", hitPolicy: "all", nodes: [], edges: [] }), "missingStart", []],
  [
    "two start nodes",
    () => {
      const b = new GraphBuilder();
      b.nodes.push({ id: "start2", kind: "start", position: { x: 0, y: 0 }, data: {} });
      return b.build();
    },
    "multipleStarts",
    ["start", "start2"],
  ],
  [
    "dangling edge",
    () => {
      const b = new GraphBuilder();
      b.link("start", "ghost", "next");
      return b.build();
    },
    "danglingEdge",
    ["start"],
  ],
  [
    "a loop",
    () => {
      const { b, last } = chain(cond("country", "equal", "US"), cond("platform", "equal", "temu"));
      b.link(last, "n1", "false");
      return b.build();
    },
    "cycle",
    ["n1", "n2"],
  ],
  [
    "true edge out of an action",
    () => {
      const { b, last } = chain(cond("country", "equal", "US"));
      const a = b.add("flag", { code: "x" });
      const a2 = b.add("flag", { code: "y" });
      b.link(last, a).link(a, a2, "true");
      return b.build();
    },
    "invalidHandle",
    ["n2"],
  ],
  [
    "unreachable condition",
    () => {
      const { b } = chain();
      b.add("condition", cond("country", "equal", "US"));
      return b.build();
    },
    "unreachable",
    ["n1"],
  ],
  [
    "action with no path from start",
    () => {
      const { b } = chain(cond("country", "equal", "US"));
      b.add("hold", { reason: "x" });
      return b.build();
    },
    "actionUnreachable",
    ["n2"],
  ],
  [
    "condition leading nowhere",
    () => chain(cond("country", "equal", "US")).b.build(),
    "deadEnd",
    ["n1"],
  ],
  ["unknown fact", () => chain(cond("weightKg", "equal", 1)).b.build(), "unknownFact", ["n1"]],
  ["unknown operator", () => chain(cond("country", "matchesRegex", ".*")).b.build(), "unknownOperator", ["n1"]],
  ["operator not for the fact's type", () => chain(cond("country", "greaterThan", 3)).b.build(), "operatorFactMismatch", ["n1"]],
  ["number fact given a string", () => chain(cond("totalWeightGrams", "greaterThan", "2kg")).b.build(), "invalidValue", ["n1"]],
  ["country that is not an ISO code", () => chain(cond("country", "in", ["USA"])).b.build(), "invalidValue", ["n1"]],
  ["country code that is well-formed but not assigned", () => chain(cond("country", "in", ["US", "UK"])).b.build(), "invalidValue", ["n1"]],
  ["platform that does not exist", () => chain(cond("platform", "equal", "ebay")).b.build(), "invalidValue", ["n1"]],
  ["between with min above max", () => chain(cond("totalValue", "between", [10, 5])).b.build(), "invalidValue", ["n1"]],
  ["a negative weight", () => chain(cond("totalWeightGrams", "greaterThan", -2000)).b.build(), "invalidValue", ["n1"]],
  ["a negative length in a range", () => chain(cond("largestDimensionCm", "between", [-5, 10])).b.build(), "invalidValue", ["n1"]],
  ["a negative count in a list", () => chain(cond("lineCount", "in", [1, -1])).b.build(), "invalidValue", ["n1"]],
  ["parameterised fact without its warehouse", () => chain(cond("inStockAt", "equal", true)).b.build(), "invalidParams", ["n1"]],
  ["warehouse missing from master data", () => chain(cond("inStockAt", "equal", true, { warehouseId: "wh-xx" })).b.build(), "unknownWarehouse", ["n1"]],
  [
    "action referencing a missing channel",
    () => {
      const { b, last } = chain(cond("country", "equal", "US"));
      b.link(last, b.add("assignChannel", { channelId: "ch-nope" }));
      return b.build();
    },
    "unknownChannel",
    ["n2"],
  ],
  [
    "line fact outside a quantifier",
    () => chain(cond("line.hasBattery", "equal", true)).b.build(),
    "lineFactOutsideQuantifier",
    ["n1"],
  ],
  [
    "order fact inside a quantifier",
    () => {
      const b = new GraphBuilder();
      const q = b.add("lineQuantifier", { quantifier: "any" });
      b.link("start", q, "next").link(q, b.add("condition", cond("country", "equal", "US")), "member");
      return b.build();
    },
    "orderFactInsideQuantifier",
    ["n2"],
  ],
  [
    "group with no members",
    () => {
      const b = new GraphBuilder();
      const g = b.add("any");
      b.link("start", g, "next").link(g, b.add("flag", { code: "x" }));
      return b.build();
    },
    "missingMember",
    ["n1"],
  ],
  [
    "not with two members",
    () => {
      const b = new GraphBuilder();
      const g = b.add("not");
      b.link("start", g, "next")
        .link(g, b.add("condition", cond("country", "equal", "US")), "member")
        .link(g, b.add("condition", cond("country", "equal", "CA")), "member");
      return b.build();
    },
    "tooManyMembers",
    ["n1"],
  ],
  [
    "member that also branches",
    () => {
      const b = new GraphBuilder();
      const g = b.add("all");
      const m = b.add("condition", cond("country", "equal", "US"));
      b.link("start", g, "next").link(g, m, "member").link(m, b.add("flag", { code: "x" }));
      return b.build();
    },
    "memberMisuse",
    ["n2"],
  ],
  [
    "node with a broken field",
    () => {
      const b = new GraphBuilder();
      const a = b.add("hold", { reason: "" });
      b.link("start", a, "next");
      return b.build();
    },
    "invalidNode",
    ["n1"],
  ],
  ["not a graph at all", () => "hello", "invalidGraph", []],
];

describe("validateGraph", () => {
  it.each(cases)("%s", (_name, build, code, nodeIds) => {
    const problems = validateGraph(build(), { context: ctx });
    const hit = problems.find((p) => p.code === code);
    expect(hit, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(hit!.nodeIds).toEqual(nodeIds);
    expect(hit!.message.length).toBeGreaterThan(5);
  });

  it("reports nothing for a sound graph", () => {
    const { b, last } = chain(cond("country", "equal", "US"), cond("inStockAt", "equal", true, { warehouseId: "wh-la" }));
    b.stage = "warehouseMatching";
    b.link(last, b.add("assignWarehouse", { warehouseId: "wh-la" }));
    expect(validateGraph(b.build(), { context: ctx })).toEqual([]);
  });

  it("names the field of a node-level problem", () => {
    const problems = validateGraph(chain(cond("totalWeightGrams", "greaterThan", "2kg")).b.build());
    expect(problems.find((p) => p.code === "invalidValue")?.field).toBe("data.operand.value");
  });

  it("reports every broken node, not only the first", () => {
    const b = new GraphBuilder();
    const a = b.add("hold", { reason: "" });
    const c = b.add("flag", { code: "Bad Code" });
    b.link("start", a, "next").link("start", c, "next");
    const ids = validateGraph(b.build()).filter((p) => p.code === "invalidNode").flatMap((p) => p.nodeIds);
    expect(ids).toEqual([a, c]);
  });

  it("warns about an action outside its usual stage without refusing it", () => {
    const { b, last } = chain(cond("country", "equal", "US"));
    b.stage = "orderReview";
    b.link(last, b.add("assignChannel", { channelId: "ch-usps" }));
    const p = validateGraph(b.build(), { context: ctx }).find((x) => x.code === "actionNotInStage");
    expect(p?.severity).toBe("warning");
  });
});

describe("graphs whose paths multiply", () => {
  /** n conditions, each with both outputs wired to the next (2^n paths); the last one's outputs lead to a flag when `action`. */
  function ladder(n: number, action: boolean) {
    const b = new GraphBuilder("orderReview", "all");
    const ids = Array.from({ length: n }, (_v, i) => b.add("condition", cond("totalValue", "greaterThan", i)));
    b.link("start", ids[0]!, "next");
    for (let i = 0; i + 1 < n; i++) b.link(ids[i]!, ids[i + 1]!, "true").link(ids[i]!, ids[i + 1]!, "false");
    if (action) {
      const flag = b.add("flag", { code: "x" });
      b.link(ids[n - 1]!, flag, "true").link(ids[n - 1]!, flag, "false");
    }
    return { graph: b.build(), ids };
  }

  it("refuses 2^26 paths to an action with a problem that names where the paths multiply", () => {
    const { graph, ids } = ladder(26, true);
    const problems = validateGraph(graph);
    const p = problems.find((x) => x.code === "tooManyPaths");
    expect(p?.severity).toBe("error");
    expect(p?.message).toMatch(/More than 5,000 paths/);
    expect(p?.nodeIds.length).toBeGreaterThan(0);
    expect(p?.nodeIds.every((id) => ids.includes(id) || graph.nodes.some((n) => n.id === id && n.kind === "flag"))).toBe(true);
  });

  it("does not enumerate branches that lead to no action (200 conditions wired both ways, no action)", () => {
    const { graph } = ladder(200, false);
    const problems = validateGraph(graph);
    expect(problems.map((p) => p.code)).not.toContain("tooManyPaths");
    expect(problems.some((p) => p.code === "deadEnd")).toBe(true);
  });

  it("accepts a 5,000-condition chain (no recursion limit) and compiles it", () => {
    const b = new GraphBuilder("orderReview", "all");
    let prev = "start";
    let handle: "next" | "true" = "next";
    for (let i = 0; i < 4_990; i++) {
      const id = b.add("condition", cond("totalValue", "greaterThan", i));
      b.link(prev, id, handle);
      prev = id;
      handle = "true";
    }
    b.link(prev, b.add("flag", { code: "deep" }), "true");
    expect(validateGraph(b.build()).filter((p) => p.severity === "error")).toEqual([]);
  });

  it("refuses groups nested deeper than the limit with a problem, never a stack overflow", () => {
    const b = new GraphBuilder("orderReview", "all");
    let parent = b.add("not");
    b.link("start", parent, "next").link(parent, b.add("flag", { code: "x" }), "true");
    for (let i = 0; i < 3_000; i++) {
      const child = b.add("not");
      b.link(parent, child, "member");
      parent = child;
    }
    b.link(parent, b.add("condition", cond("country", "equal", "US")), "member");
    expect(validateGraph(b.build()).map((p) => p.code)).toContain("nestingTooDeep");
  });
});

it("refuses paths that together repeat more tests than compiled rules may hold (1,000 conditions, an action off each)", () => {
  const b = new GraphBuilder("orderReview", "all");
  let prev = "start";
  let handle: "next" | "true" = "next";
  for (let i = 0; i < 1_000; i++) {
    const id = b.add("condition", cond("totalValue", "greaterThan", i));
    b.link(prev, id, handle).link(id, b.add("flag", { code: `f${i}` }), "false");
    prev = id;
    handle = "true";
  }
  const p = validateGraph(b.build()).find((x) => x.code === "tooManyPaths");
  expect(p?.message).toMatch(/more than 50,000 tests/);
});

describe("quantities below zero", () => {
  it("names what cannot be negative, and still accepts negative hours to a deadline (a late order)", () => {
    const weight = validateGraph(chain(cond("totalWeightGrams", "greaterThan", -2000)).b.build()).find((p) => p.code === "invalidValue");
    expect(weight?.message).toBe("A weight cannot be below zero (-2000)");
    expect(weight?.field).toBe("data.operand.value");
    const late = validateGraph(chain(cond("hoursToDeadline", "lessThan", -4)).b.build());
    expect(late.map((p) => p.code)).not.toContain("invalidValue");
  });
});

describe("channel assignments and the warehouses they collect from", () => {
  /** China Post collects only in Shenzhen; USPS has no origin set (any warehouse). */
  const origins = makeContext({
    channels: [
      { id: "ch-usps", name: "USPS Ground Advantage", carrier: "USPS", maxWeightGrams: 9000, countries: ["US"] },
      { id: "ch-post", name: "China Post registered air mail", carrier: "China Post", maxWeightGrams: 2000, originWarehouseIds: ["wh-sz"] },
    ],
  });
  /** start → [test] → assign China Post, in the logistics stage. */
  function toPost(test: ReturnType<typeof cond> | null, stage: "logisticsMatching" | "warehouseMatching" = "logisticsMatching") {
    const b = new GraphBuilder(stage, "first");
    const ship = b.add("assignChannel", { channelId: "ch-post" });
    if (test) {
      const c = b.add("condition", test);
      b.link("start", c, "next").link(c, ship, "true");
    } else b.link("start", ship, "next");
    return { graph: b.build(), ship };
  }
  const originProblem = (g: unknown) => validateGraph(g, { context: origins }).find((p) => p.code === "channelOrigin");

  it("warns when orders from a warehouse the channel does not collect from can reach it", () => {
    const { graph, ship } = toPost(null);
    const p = originProblem(graph);
    expect(p).toMatchObject({ severity: "warning", nodeIds: [ship], field: "data.channelId" });
    expect(p?.message).toBe(
      "Orders from Los Angeles can reach China Post registered air mail, which collects only from Shenzhen: they would get no channel. Test “Fits channel limits” or “Assigned warehouse” before it",
    );
  });

  it("is an error when no warehouse on the path can use the channel", () => {
    const p = originProblem(toPost(cond("assignedWarehouse", "equal", "wh-la")).graph);
    expect(p?.severity).toBe("error");
    expect(p?.message).toBe("No warehouse that reaches this action ships with China Post registered air mail: it collects only from Shenzhen");
  });

  it("is satisfied by a test of the assigned warehouse or of the channel's fit, and does not apply before logistics matching", () => {
    expect(originProblem(toPost(cond("assignedWarehouse", "in", ["wh-sz"])).graph)).toBeUndefined();
    expect(originProblem(toPost(cond("assignedWarehouse", "notEqual", "wh-la")).graph)).toBeUndefined();
    expect(originProblem(toPost(cond("fitsChannel", "equal", true, { channelId: "ch-post" })).graph)).toBeUndefined();
    expect(originProblem(toPost(null, "warehouseMatching").graph)).toBeUndefined();
  });

  it("refuses an assigned-warehouse test naming a warehouse that does not exist", () => {
    const problems = validateGraph(toPost(cond("assignedWarehouse", "equal", "wh-gone")).graph, { context: origins });
    expect(problems.find((p) => p.code === "unknownWarehouse")?.message).toBe('Warehouse "wh-gone" does not exist');
  });
});
