import dagre from "@dagrejs/dagre";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";

/** Room a node takes on the canvas (its width is set in CSS; the height fits two lines). */
export const NODE_BOX = { width: 240, height: 72 } as const;

/**
 * New positions for every node, flowing left to right from Start (dagre's layered layout). Members of
 * a group sit right of the group like its other successors. Returns id → top-left position.
 */
export function layoutNodes(graph: Pick<TRuleGraph, "nodes" | "edges">): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 28, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_BOX.width, height: NODE_BOX.height });
  for (const e of graph.edges) {
    // Dangling edges (to a deleted node) and self-loops are left to the validator.
    if (!ids.has(e.sourceId) || !ids.has(e.targetId) || e.sourceId === e.targetId) continue;
    // True branches above false ones: dagre keeps edge insertion order within a rank.
    g.setEdge(e.sourceId, e.targetId, {}, e.id);
  }
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) {
    const p = g.node(n.id);
    out.set(n.id, { x: Math.round(p.x - NODE_BOX.width / 2), y: Math.round(p.y - NODE_BOX.height / 2) });
  }
  return out;
}
