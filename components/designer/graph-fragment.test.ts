import { describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { copyFragment, parseFragment, pasteFragment } from "./graph-fragment";

function sample() {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("cancellationRequested", "equal", true));
  const i = b.add("intercept", { priority: 100, reason: "Buyer cancelled" });
  const f = b.add("fallback", {});
  const h = b.add("hold", { priority: 100, reason: "Check" });
  b.link("start", c, "next").link(c, i, "true").link(f, h, "next");
  return { graph: ZRuleGraph.parse(b.build()), c, i, f, h };
}

let counter = 0;
const ids = (prefix: string) => `${prefix}-${++counter}`;

describe("copy and paste of a selection", () => {
  it("copies the selected nodes with the edges between them, never Start", () => {
    const { graph, c, i } = sample();
    const frag = copyFragment(graph, new Set(["start", c, i]));
    expect(frag.nodes.map((n) => n.id)).toEqual([c, i]);
    expect(frag.edges.map((e) => [e.sourceId, e.targetId])).toEqual([[c, i]]);
  });

  it("pastes a copy with fresh ids, offset, and its edge rewired to the copies", () => {
    const { graph, c, i } = sample();
    const frag = copyFragment(graph, new Set([c, i]));
    const out = pasteFragment(frag, graph, { x: 40, y: 40 }, ids);
    expect(out.nodes).toHaveLength(2);
    expect(out.nodes.every((n) => !graph.nodes.some((g) => g.id === n.id))).toBe(true);
    const original = graph.nodes.find((n) => n.id === c)!;
    const copy = out.nodes.find((n) => n.kind === "condition")!;
    expect(copy.position).toEqual({ x: original.position.x + 40, y: original.position.y + 40 });
    expect(copy.data).toEqual(original.data);
    expect(out.edges).toEqual([{ id: expect.any(String), sourceId: copy.id, targetId: out.nodes.find((n) => n.kind === "intercept")!.id, sourceHandle: "true" }]);
    // Twice gives two distinct copies.
    const again = pasteFragment(frag, { nodes: [...graph.nodes, ...out.nodes] }, { x: 80, y: 80 }, ids);
    expect(again.nodes.some((n) => out.nodes.some((o) => o.id === n.id))).toBe(false);
  });

  it("drops a pasted Fallback when the graph already has one", () => {
    const { graph, f, h } = sample();
    const out = pasteFragment(copyFragment(graph, new Set([f, h])), graph, { x: 0, y: 0 }, ids);
    expect(out.nodes.map((n) => n.kind)).toEqual(["hold"]);
    expect(out.edges).toEqual([]);
  });

  it.each([null, "", "hello", "{}", JSON.stringify({ format: "switchyard.fragment/v1", nodes: [{ id: "x" }], edges: [] })])("ignores clipboard text %j that is not a fragment", (text) => {
    expect(parseFragment(text)).toBeNull();
  });

  it("reads back what copy wrote", () => {
    const { graph, c } = sample();
    const frag = copyFragment(graph, new Set([c]));
    expect(parseFragment(JSON.stringify(frag))).toEqual(frag);
  });
});
