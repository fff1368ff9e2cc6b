import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import {
  type FlowGraph,
  NODE_H,
  NODE_W,
  PASTE_OFFSET,
  addNode,
  applyUpdate,
  autoLayout,
  connect,
  deleteSelection,
  pasteInto,
  replaceGraph,
  restoreGraph,
  selectOnly,
  setNodeLabel,
  snapshotOf,
} from "./graph-actions";
import { copyFragment } from "./graph-fragment";
import { type TRuleFlowNode, fromFlow, toFlow } from "./graph-to-flow";

/** start → condition, whose yes goes to an intercept and whose no goes to a hold. */
function sample() {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("cancellationRequested", "equal", true));
  const i = b.add("intercept", { priority: 100, reason: "Buyer cancelled" });
  const h = b.add("hold", { priority: 100, reason: "Check" });
  b.link("start", c, "next").link(c, i, "true").link(c, h, "false");
  const graph = ZRuleGraph.parse(b.build());
  return { graph, flow: toFlow(graph), c, i, h };
}

const withSelected = (g: FlowGraph, nodeIds: string[], edgeIds: string[] = []): FlowGraph => ({
  nodes: g.nodes.map((n) => ({ ...n, selected: nodeIds.includes(n.id) })),
  edges: g.edges.map((e) => ({ ...e, selected: edgeIds.includes(e.id) })),
});
const selectedOf = (g: FlowGraph) => g.nodes.filter((n) => n.selected).map((n) => n.id);
const idsOf = (g: FlowGraph) => g.nodes.map((n) => n.id);
const linksOf = (g: FlowGraph) => g.edges.map((e) => [e.source, e.target, e.sourceHandle]);
const covers = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < NODE_W && Math.abs(a.y - b.y) < NODE_H;

let counter = 0;
const ids = (prefix: string) => `${prefix}-${++counter}`;

describe("adding a node", () => {
  it("puts it centred where it was dropped, as the only selected node", () => {
    const { graph, flow, c } = sample();
    const out = applyUpdate(withSelected(flow, [c]), addNode(flow.nodes, { id: "hold-new", kind: "hold", data: { priority: 100, reason: "Late" } }, { x: 5000, y: 5000 }));
    expect(selectedOf(out)).toEqual(["hold-new"]);
    const added = fromFlow(out.nodes, out.edges, graph).nodes.find((n) => n.id === "hold-new");
    expect(added).toEqual({ id: "hold-new", kind: "hold", data: { priority: 100, reason: "Late" }, position: { x: 5000 - NODE_W / 2, y: 5000 - NODE_H / 2 } });
    expect(linksOf(out)).toEqual(linksOf(flow));
  });

  it("slides down until it covers no other node", () => {
    const { flow, c } = sample();
    const under = flow.nodes.find((n) => n.id === c)!.position;
    const out = applyUpdate(flow, addNode(flow.nodes, { id: "flag-new", kind: "flag", data: { priority: 100, code: "x" } }, { x: under.x + NODE_W / 2, y: under.y + NODE_H / 2 }));
    const added = out.nodes.find((n) => n.id === "flag-new")!;
    expect(added.position.x).toBe(under.x);
    expect(added.position.y).toBeGreaterThan(under.y);
    for (const n of flow.nodes) expect(covers(n.position, added.position)).toBe(false);
  });
});

describe("deleting the selection", () => {
  it("keeps Start even when it is selected, and removes the edges of the nodes that go", () => {
    const { flow, c, i, h } = sample();
    const g = withSelected(flow, ["start", c]);
    const out = applyUpdate(g, deleteSelection(g.nodes));
    expect(idsOf(out)).toEqual(["start", i, h]);
    // Every edge touched the condition.
    expect(out.edges).toEqual([]);
  });

  it("removes a selected edge alone and leaves the nodes and other edges", () => {
    const { flow, c, i, h } = sample();
    const g = withSelected(flow, [], ["e2"]);
    const out = applyUpdate(g, deleteSelection(g.nodes));
    expect(idsOf(out)).toEqual(idsOf(flow));
    expect(linksOf(out)).toEqual([
      ["start", c, "next"],
      [c, h, "false"],
    ]);
    expect(out.edges.some((e) => e.target === i)).toBe(false);
  });

  it("never leaves an edge pointing at a missing node, never loses Start or an unselected node", () => {
    const graphs = fc
      .record({
        extra: fc.integer({ min: 0, max: 10 }),
        links: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), selected: fc.boolean() }), { maxLength: 30 }),
        selected: fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
      })
      .map(({ extra, links, selected }): FlowGraph => {
        const nodeIds = ["start", ...Array.from({ length: extra }, (_, k) => `n${k + 1}`)];
        return {
          nodes: nodeIds.map(
            (id, k) => ({ id, type: "rule", position: { x: k * 300, y: 0 }, selected: selected[k], data: id === "start" ? { kind: "start", data: {} } : { kind: "flag", data: { priority: 100, code: id } } }) as TRuleFlowNode,
          ),
          edges: links.map((l, k) => ({ id: `e${k}`, source: nodeIds[l.from % nodeIds.length]!, target: nodeIds[l.to % nodeIds.length]!, sourceHandle: "next", selected: l.selected })),
        };
      });
    fc.assert(
      fc.property(graphs, (g) => {
        const out = applyUpdate(g, deleteSelection(g.nodes));
        const left = new Set(idsOf(out));
        expect(out.edges.every((e) => left.has(e.source) && left.has(e.target))).toBe(true);
        expect(left.has("start")).toBe(true);
        for (const n of g.nodes) expect(left.has(n.id)).toBe(!n.selected || n.data.kind === "start");
        expect(out.edges.some((e) => e.selected)).toBe(false);
      }),
    );
  });
});

describe("auto-layout", () => {
  it("lays the graph out left to right and keeps each node's settings and selection", () => {
    const { graph, flow, c } = sample();
    const piled = withSelected({ nodes: flow.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })), edges: flow.edges }, [c]);
    const out = applyUpdate(piled, autoLayout(fromFlow(piled.nodes, piled.edges, graph)));
    const at = new Map(out.nodes.map((n) => [n.id, n.position]));
    for (const e of out.edges) expect(at.get(e.target)!.x).toBeGreaterThan(at.get(e.source)!.x);
    const all = [...at.values()];
    for (let a = 0; a < all.length; a++) for (let b = a + 1; b < all.length; b++) expect(covers(all[a]!, all[b]!)).toBe(false);
    expect(selectedOf(out)).toEqual([c]);
    expect(out.nodes.map((n) => n.data)).toEqual(flow.nodes.map((n) => n.data));
  });
});

describe("replacing the graph", () => {
  it("shows exactly the new graph, with nothing selected", () => {
    const { graph, flow, c } = sample();
    const other = ZRuleGraph.parse(new GraphBuilder("orderReview", "all").build());
    const out = applyUpdate(withSelected(flow, ["start", c], ["e1"]), replaceGraph(other));
    expect(fromFlow(out.nodes, out.edges, graph)).toMatchObject({ nodes: other.nodes, edges: other.edges });
    expect(selectedOf(out)).toEqual([]);
    expect(out.edges.some((e) => e.selected)).toBe(false);
  });
});

describe("undo and redo putting an earlier graph back", () => {
  it("restores the graph and keeps selected the nodes that are still there", () => {
    const { graph, flow, c, i } = sample();
    const earlier = { nodes: graph.nodes.filter((n) => n.id !== i), edges: graph.edges.filter((e) => e.targetId !== i) };
    const out = applyUpdate(withSelected(flow, [c, i]), restoreGraph(withSelected(flow, [c, i]).nodes, earlier));
    expect(fromFlow(out.nodes, out.edges, graph)).toMatchObject(earlier);
    expect(selectedOf(out)).toEqual([c]);
  });
});

describe("pasting", () => {
  it("adds copies with new ids, keeps the edges between them, and selects only the copies", () => {
    const { graph, flow, c, i } = sample();
    const { update, pasted, skipped } = pasteInto(graph, copyFragment(graph, new Set([c, i])), "orderReview", ids);
    const out = applyUpdate(withSelected(flow, [c, i]), update);
    expect([pasted, skipped]).toEqual([2, 0]);
    const copies = out.nodes.filter((n) => !idsOf(flow).includes(n.id));
    expect(copies.map((n) => n.data.kind)).toEqual(["condition", "intercept"]);
    expect(selectedOf(out)).toEqual(copies.map((n) => n.id));
    const original = flow.nodes.find((n) => n.id === c)!;
    expect(copies[0]!.position).toEqual({ x: original.position.x + PASTE_OFFSET.x, y: original.position.y + PASTE_OFFSET.y });
    expect(copies[0]!.data).toEqual(original.data);
    // The originals keep their edges; the copies get their own edge between them, and no other.
    expect(linksOf(out)).toEqual([...linksOf(flow), [copies[0]!.id, copies[1]!.id, "true"]]);
    expect(new Set(out.edges.map((e) => e.id)).size).toBe(out.edges.length);
  });

  it("leaves out actions the stage does not allow, with their edges, and counts them", () => {
    const { graph, flow, c, i } = sample();
    // An intercept has no place in warehouse matching.
    const { update, pasted, skipped } = pasteInto(graph, copyFragment(graph, new Set([c, i])), "warehouseMatching", ids);
    const out = applyUpdate(flow, update);
    expect([pasted, skipped]).toEqual([1, 1]);
    expect(out.nodes.slice(flow.nodes.length).map((n) => n.data.kind)).toEqual(["condition"]);
    expect(out.edges).toEqual(flow.edges);
  });
});

describe("connecting two nodes", () => {
  it("adds an edge from the handle dragged from, once", () => {
    const { flow, h, i } = sample();
    const link = { source: h, target: i, sourceHandle: "next" };
    const once = applyUpdate(flow, connect(link, "e-new"));
    expect(once.edges.at(-1)).toEqual({ id: "e-new", source: h, target: i, sourceHandle: "next", className: "edge-next" });
    expect(applyUpdate(once, connect(link, "e-again")).edges).toEqual(once.edges);
  });

  it("ignores a connection without a handle", () => {
    const { flow, h, i } = sample();
    expect(applyUpdate(flow, connect({ source: h, target: i, sourceHandle: null }, "e-new"))).toEqual(flow);
  });
});

describe("what counts as an edit (undo steps, unsaved changes)", () => {
  it("selecting nodes or showing problems is not; moving, renaming and deleting are", () => {
    const { graph, flow, c } = sample();
    const snap = (g: FlowGraph) => snapshotOf(fromFlow(g.nodes, g.edges, graph));
    expect(snap(applyUpdate(flow, selectOnly([c])))).toBe(snap(flow));
    expect(snap({ ...flow, nodes: flow.nodes.map((n) => (n.id === c ? { ...n, position: { x: 1, y: 2 } } : n)) })).not.toBe(snap(flow));
    expect(snap(applyUpdate(flow, setNodeLabel(c, "Cancelled?")))).not.toBe(snap(flow));
    const selected = withSelected(flow, [c]);
    expect(snap(applyUpdate(selected, deleteSelection(selected.nodes)))).not.toBe(snap(flow));
  });

  it("clearing a node's name takes it off (the kind's label shows again)", () => {
    const { flow, c } = sample();
    const named = applyUpdate(flow, setNodeLabel(c, "Cancelled?"));
    expect(named.nodes.find((n) => n.id === c)!.data.label).toBe("Cancelled?");
    expect(applyUpdate(named, setNodeLabel(c, "")).nodes.find((n) => n.id === c)!.data).toEqual(flow.nodes.find((n) => n.id === c)!.data);
  });
});
