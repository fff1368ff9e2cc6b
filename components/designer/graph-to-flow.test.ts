import { describe, expect, it } from "vitest";
import { NODE_KINDS, type TGraphNode, type TNodeKind, type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { fromFlow, toFlow } from "./graph-to-flow";
import { NODE_KIND_UI, newNodeData } from "./node-kind-ui";

const refs = { warehouseId: "wh_1", channelId: "ch_1" };
const nodesOfEveryKind = (): TGraphNode[] =>
  NODE_KINDS.map((kind: TNodeKind, i) => ({ id: `${kind}-${i}`, kind, position: { x: i * 10.5, y: -i * 3 }, data: newNodeData(kind, refs), ...(i % 3 === 0 ? { label: `L${i}` } : {}) }) as TGraphNode);

const graphOf = (nodes: TGraphNode[], edges: TRuleGraph["edges"]): TRuleGraph => ({ schemaVersion: 1, name: "t", stage: "autoProcessing", hitPolicy: "all", nodes, edges });

const cases: [string, TRuleGraph][] = [
  ["empty graph", graphOf([], [])],
  ["start only", graphOf([{ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} }], [])],
  [
    "every node kind with every handle",
    graphOf(nodesOfEveryKind(), [
      { id: "e1", sourceId: "start-0", targetId: "condition-2", sourceHandle: "next" },
      { id: "e2", sourceId: "condition-2", targetId: "hold-9", sourceHandle: "true" },
      { id: "e3", sourceId: "condition-2", targetId: "flag-10", sourceHandle: "false" },
      { id: "e4", sourceId: "all-3", targetId: "condition-2", sourceHandle: "member" },
      { id: "e5", sourceId: "fallback-1", targetId: "addTag-16", sourceHandle: "next" },
    ]),
  ],
];

describe("graph-to-flow", () => {
  it.each(cases)("round-trips %s exactly", (_name, graph) => {
    const { nodes, edges } = toFlow(graph);
    expect(nodes).toHaveLength(graph.nodes.length);
    expect(edges).toHaveLength(graph.edges.length);
    expect(fromFlow(nodes, edges, graph)).toEqual(graph);
  });

  it("maps edge ends and handles to React Flow's names", () => {
    const graph = cases[2]![1];
    const { edges } = toFlow(graph);
    expect(edges[1]).toMatchObject({ id: "e2", source: "condition-2", target: "hold-9", sourceHandle: "true" });
  });

  it("covers every node kind and their default data is valid", () => {
    const graph = cases[2]![1];
    expect(new Set(graph.nodes.map((n) => n.kind))).toEqual(new Set(NODE_KINDS));
    expect(Object.keys(NODE_KIND_UI).sort()).toEqual([...NODE_KINDS].sort());
    const parsed = ZRuleGraph.safeParse(graph);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it.each([...NODE_KINDS])("summarises a %s node in one line", (kind) => {
    const node = nodesOfEveryKind().find((n) => n.kind === kind)!;
    const summary = NODE_KIND_UI[kind].summary(node as never, (id: string) => id);
    expect(summary).not.toMatch(/\n/);
  });

  it("summarises the default condition", () => {
    const node = nodesOfEveryKind().find((n) => n.kind === "condition")!;
    expect(NODE_KIND_UI.condition.summary(node as never, (id: string) => id)).toBe("Destination country equals US");
  });
});

describe("Start on the canvas", () => {
  it("cannot be deleted with React Flow's Delete key; other nodes can", () => {
    const flow = toFlow({
      nodes: [
        { id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} },
        { id: "h", kind: "hold", position: { x: 300, y: 0 }, data: { priority: 100, reason: "Check" } },
      ] as never,
      edges: [],
    });
    expect(flow.nodes.find((n) => n.id === "start")!.deletable).toBe(false);
    expect(flow.nodes.find((n) => n.id === "h")!.deletable).toBeUndefined();
  });
});
