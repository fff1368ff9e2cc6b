import { describe, expect, it } from "vitest";
import { diffGraphs } from "@/rules-schema/graph/diff-graphs";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { REMOVED_EDGE_PREFIX, diffOverlay } from "./diff-overlay";

/** start → n1 (country = US) → n2 (flag "us"), edges e1, e2. */
function base(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  const f = b.add("flag", { code: "us" });
  b.link("start", c, "next").link(c, f, "true");
  return ZRuleGraph.parse(b.build());
}

type Case = [name: string, edit: (g: TRuleGraph) => void, nodes: Record<string, string>, edges: Record<string, string>, canvas: { nodes: string[]; edges: string[] }];

const cases: Case[] = [
  ["nothing changed", () => {}, {}, {}, { nodes: ["start", "n1", "n2"], edges: ["e1", "e2"] }],
  [
    "a node and its edge added",
    (g) => {
      g.nodes.push({ id: "n3", kind: "hold", position: { x: 5, y: 5 }, data: { priority: 100, reason: "check" } });
      g.edges.push({ id: "e3", sourceId: "n1", targetId: "n3", sourceHandle: "false" });
    },
    { n3: "added" },
    { e3: "added" },
    { nodes: ["start", "n1", "n2", "n3"], edges: ["e1", "e2", "e3"] },
  ],
  [
    "a node and its edge removed stay on the canvas, marked",
    (g) => {
      g.nodes = g.nodes.filter((n) => n.id !== "n2");
      g.edges = g.edges.filter((e) => e.id !== "e2");
    },
    { n2: "removed" },
    { [`${REMOVED_EDGE_PREFIX}e2`]: "removed" },
    { nodes: ["start", "n1", "n2"], edges: ["e1", `${REMOVED_EDGE_PREFIX}e2`] },
  ],
  [
    "changed and moved nodes",
    (g) => {
      const n1 = g.nodes.find((n) => n.id === "n1")!;
      if (n1.kind === "condition") n1.data.operand = { type: "value", value: "CA" };
      g.nodes.find((n) => n.id === "n2")!.position = { x: 900, y: 40 };
    },
    { n1: "changed", n2: "moved" },
    {},
    { nodes: ["start", "n1", "n2"], edges: ["e1", "e2"] },
  ],
  [
    "an edge re-pointed under the same id shows both, with unique ids",
    (g) => {
      g.edges.find((e) => e.id === "e2")!.sourceHandle = "false";
    },
    {},
    { e2: "added", [`${REMOVED_EDGE_PREFIX}e2`]: "removed" },
    { nodes: ["start", "n1", "n2"], edges: ["e1", "e2", `${REMOVED_EDGE_PREFIX}e2`] },
  ],
];

describe("diffOverlay", () => {
  it.each(cases)("%s", (_name, edit, nodes, edges, canvas) => {
    const from = base();
    const to = structuredClone(from);
    edit(to);
    const overlay = diffOverlay(to, diffGraphs(from, to));
    expect(Object.fromEntries(overlay.nodeMarks)).toEqual(nodes);
    expect(Object.fromEntries(overlay.edgeMarks)).toEqual(edges);
    expect({ nodes: overlay.graph.nodes.map((n) => n.id), edges: overlay.graph.edges.map((e) => e.id) }).toEqual(canvas);
  });

  it("shows a removed node at its old position", () => {
    const from = base();
    const to = { ...from, nodes: from.nodes.filter((n) => n.id !== "n2"), edges: from.edges.filter((e) => e.id !== "e2") };
    const overlay = diffOverlay(to, diffGraphs(from, to));
    expect(overlay.graph.nodes.find((n) => n.id === "n2")!.position).toEqual(from.nodes.find((n) => n.id === "n2")!.position);
  });
});
