import { describe, expect, it } from "vitest";
import { GraphBuilder, cond } from "../testing/factories";
import { diffGraphs, diffSummary } from "./diff-graphs";
import { type TRuleGraph, ZRuleGraph } from "./graph-schema";

/** start → n1 (country = US) → n2 (flag "us"), edges e1, e2. */
function base(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  const f = b.add("flag", { code: "us" });
  b.link("start", c, "next").link(c, f, "true");
  return ZRuleGraph.parse(b.build());
}

type Edit = (g: TRuleGraph) => void;
const node = (g: TRuleGraph, id: string) => g.nodes.find((n) => n.id === id)!;

type Case = [name: string, edit: Edit, expected: ReturnType<typeof diffSummary>, ids: { added?: string[]; removed?: string[]; changed?: [string, string[]][]; moved?: string[]; edgesAdded?: string[]; edgesRemoved?: string[] }];
const none = { nodesAdded: 0, nodesRemoved: 0, nodesChanged: 0, nodesMoved: 0, edgesAdded: 0, edgesRemoved: 0, settingsChanged: 0 };

const cases: Case[] = [
  ["nothing", () => {}, none, {}],
  [
    "a node and its edge added",
    (g) => {
      g.nodes.push({ id: "n3", kind: "hold", position: { x: 5, y: 5 }, data: { priority: 100, reason: "check" } });
      g.edges.push({ id: "e3", sourceId: "n1", targetId: "n3", sourceHandle: "false" });
    },
    { ...none, nodesAdded: 1, edgesAdded: 1 },
    { added: ["n3"], edgesAdded: ["e3"] },
  ],
  [
    "a node and its edge removed",
    (g) => {
      g.nodes = g.nodes.filter((n) => n.id !== "n2");
      g.edges = g.edges.filter((e) => e.id !== "e2");
    },
    { ...none, nodesRemoved: 1, edgesRemoved: 1 },
    { removed: ["n2"], edgesRemoved: ["e2"] },
  ],
  [
    "condition data changed",
    (g) => {
      const n = node(g, "n1");
      if (n.kind === "condition") n.data.operand = { type: "value", value: "CA" };
    },
    { ...none, nodesChanged: 1 },
    { changed: [["n1", ["data"]]] },
  ],
  ["label changed", (g) => void (node(g, "n2").label = "US orders"), { ...none, nodesChanged: 1 }, { changed: [["n2", ["label"]]] }],
  ["position only", (g) => void (node(g, "n1").position = { x: 999, y: 1 }), { ...none, nodesMoved: 1 }, { moved: ["n1"] }],
  [
    "kind changed (same id) and moved",
    (g) => {
      const i = g.nodes.findIndex((n) => n.id === "n2");
      g.nodes[i] = { id: "n2", kind: "hold", position: { x: 1, y: 1 }, data: { priority: 100, reason: "r" } };
    },
    { ...none, nodesChanged: 1 },
    { changed: [["n2", ["kind", "data", "position"]]] },
  ],
  [
    "edge rewired under the same id",
    (g) => void (g.edges[1]!.sourceHandle = "false"),
    { ...none, edgesAdded: 1, edgesRemoved: 1 },
    { edgesAdded: ["e2"], edgesRemoved: ["e2"] },
  ],
  ["hit policy changed", (g) => void (g.hitPolicy = "first"), { ...none, settingsChanged: 1 }, {}],
  [
    "data key order does not count as a change",
    (g) => {
      const n = node(g, "n2");
      if (n.kind === "flag") n.data = { code: n.data.code, priority: n.data.priority };
    },
    none,
    {},
  ],
];

describe("diffGraphs", () => {
  it.each(cases)("%s", (_name, edit, expected, ids) => {
    const from = base();
    const to = structuredClone(from);
    edit(to);
    const d = diffGraphs(from, to);
    expect(diffSummary(d)).toEqual(expected);
    expect(d.identical).toBe(Object.values(expected).every((v) => v === 0));
    expect(d.nodes.added.map((n) => n.id)).toEqual(ids.added ?? []);
    expect(d.nodes.removed.map((n) => n.id)).toEqual(ids.removed ?? []);
    expect(d.nodes.changed.map((c) => [c.id, c.fields])).toEqual(ids.changed ?? []);
    expect(d.nodes.moved.map((m) => m.id)).toEqual(ids.moved ?? []);
    expect(d.edges.added.map((e) => e.id)).toEqual(ids.edgesAdded ?? []);
    expect(d.edges.removed.map((e) => e.id)).toEqual(ids.edgesRemoved ?? []);
  });

  it("is symmetric: swapping the sides swaps added and removed", () => {
    const from = base();
    const to = structuredClone(from);
    to.nodes.push({ id: "n9", kind: "addTag", position: { x: 0, y: 0 }, data: { priority: 100, tag: "x" } });
    to.edges.pop();
    const forward = diffGraphs(from, to);
    const back = diffGraphs(to, from);
    expect([forward.nodes.added.map((n) => n.id), back.nodes.removed.map((n) => n.id)]).toEqual([["n9"], ["n9"]]);
    expect([forward.edges.removed.map((e) => e.id), back.edges.added.map((e) => e.id)]).toEqual([["e2"], ["e2"]]);
  });

  it("reports moves with both positions and setting changes with both values", () => {
    const from = base();
    const to = structuredClone(from);
    node(to, "n1").position = { x: 7, y: 8 };
    to.hitPolicy = "first";
    const d = diffGraphs(from, to);
    expect(d.nodes.moved).toEqual([{ id: "n1", from: node(from, "n1").position, to: { x: 7, y: 8 } }]);
    expect(d.settings).toEqual([{ field: "hitPolicy", from: "all", to: "first" }]);
  });
});
