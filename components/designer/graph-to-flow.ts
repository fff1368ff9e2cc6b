import type { Edge, Node } from "@xyflow/react";
import type { TEdgeHandle, TGraphEdge, TGraphNode, TRuleGraph } from "@/rules-schema/graph/graph-schema";

/** A graph node without its id and position: what a React Flow node carries as `data`. */
type Distribute<N> = N extends TGraphNode ? Omit<N, "id" | "position"> : never;
export type TRuleNodeData = Distribute<TGraphNode>;
export type TRuleFlowNode = Node<TRuleNodeData, "rule">;
export type TRuleFlowEdge = Edge;
export type TGraphBase = Pick<TRuleGraph, "schemaVersion" | "name" | "stage" | "hitPolicy">;

export const RULE_NODE_TYPE = "rule" as const;

export function nodeToFlow(node: TGraphNode): TRuleFlowNode {
  const { id, position, ...data } = node;
  const flowNode: TRuleFlowNode = { id, type: RULE_NODE_TYPE, position: { x: position.x, y: position.y }, data: data as TRuleNodeData };
  // Start cannot be deleted, by the toolbar or by React Flow's Delete key.
  return node.kind === "start" ? { ...flowNode, deletable: false } : flowNode;
}

export function edgeToFlow(edge: TGraphEdge): TRuleFlowEdge {
  return { id: edge.id, source: edge.sourceId, target: edge.targetId, sourceHandle: edge.sourceHandle, className: `edge-${edge.sourceHandle}` };
}

/** Our graph as React Flow nodes and edges. */
export function toFlow(graph: Pick<TRuleGraph, "nodes" | "edges">): { nodes: TRuleFlowNode[]; edges: TRuleFlowEdge[] } {
  return { nodes: graph.nodes.map(nodeToFlow), edges: graph.edges.map(edgeToFlow) };
}

/** React Flow nodes and edges back to our graph; `base` gives the graph's header (name, stage, hit policy). */
export function fromFlow(nodes: readonly TRuleFlowNode[], edges: readonly TRuleFlowEdge[], base: TGraphBase): TRuleGraph {
  return {
    schemaVersion: base.schemaVersion,
    name: base.name,
    stage: base.stage,
    hitPolicy: base.hitPolicy,
    nodes: nodes.map((n) => ({ ...n.data, id: n.id, position: { x: n.position.x, y: n.position.y } }) as TGraphNode),
    // A handle-less connection is kept as-is (null) so validateGraph reports it rather than it being guessed.
    edges: edges.map((e) => ({ id: e.id, sourceId: e.source, targetId: e.target, sourceHandle: (e.sourceHandle ?? null) as TEdgeHandle })),
  };
}
