import { isActionKind } from "@/rules-schema/graph/graph-schema";

/** What the trace says about one node: a test's result, or whether an action fired (null: not evaluated). */
export interface NodeOutcome {
  result: boolean | null;
}

/**
 * The edges of the paths that led to fired actions: walking back from each fired action, an edge
 * belongs to a matched path when its source let the order through that handle (Start always; a test
 * through `true` when it was true, through `false` when it was false; the fallback when it ran).
 * Member edges (a group's operands) are not paths. Returns the edge ids.
 */
export function matchedPathEdges(
  graph: { nodes: readonly { id: string; kind: string }[]; edges: readonly { id: string; sourceId: string; targetId: string; sourceHandle: string | null }[] },
  marks: ReadonlyMap<string, NodeOutcome>,
): Set<string> {
  const kind = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const passes = (nodeId: string, handle: string): boolean => {
    const k = kind.get(nodeId);
    if (k === "start") return handle === "next";
    const r = marks.get(nodeId)?.result ?? null;
    if (k === "fallback") return handle === "next" && r === true;
    if (handle === "true") return r === true;
    if (handle === "false") return r === false;
    return false;
  };
  const onPath = new Set(graph.nodes.filter((n) => isActionKind(n.kind) && marks.get(n.id)?.result === true).map((n) => n.id));
  const edges = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of graph.edges) {
      if (edges.has(e.id) || !onPath.has(e.targetId) || e.sourceHandle === null || !passes(e.sourceId, e.sourceHandle)) continue;
      edges.add(e.id);
      if (!onPath.has(e.sourceId)) onPath.add(e.sourceId);
      grew = true;
    }
  }
  return edges;
}
