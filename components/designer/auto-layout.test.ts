import { describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { NODE_BOX, layoutNodes } from "./auto-layout";

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }) {
  return Math.abs(a.x - b.x) < NODE_BOX.width && Math.abs(a.y - b.y) < NODE_BOX.height;
}

describe("layoutNodes", () => {
  it("places every node, none on top of another, and each edge's target right of its source", () => {
    const b = new GraphBuilder("warehouseMatching", "first");
    const c1 = b.add("condition", cond("country", "equal", "US"));
    const c2 = b.add("condition", cond("totalWeightGrams", "greaterThan", 2000));
    const hold = b.add("hold", { priority: 100, reason: "Heavy" });
    const flag = b.add("flag", { priority: 100, code: "light" });
    b.link("start", c1, "next").link(c1, c2, "true").link(c2, hold, "true").link(c2, flag, "false");
    // Every node lands somewhere, starting from all at the origin.
    const graph = ZRuleGraph.parse(b.build());
    for (const n of graph.nodes) n.position = { x: 0, y: 0 };
    const pos = layoutNodes(graph);
    expect([...pos.keys()].sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    const all = [...pos.values()];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!)).toBe(false);
    for (const e of graph.edges) expect(pos.get(e.targetId)!.x).toBeGreaterThan(pos.get(e.sourceId)!.x);
  });

  it("ignores edges to missing nodes instead of failing", () => {
    const graph = ZRuleGraph.parse(new GraphBuilder("orderReview", "all").build());
    graph.edges.push({ id: "ghost", sourceId: "start", targetId: "gone", sourceHandle: "next" });
    expect(layoutNodes(graph).size).toBe(graph.nodes.length);
  });
});
