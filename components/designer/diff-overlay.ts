import type { TGraphDiff } from "@/rules-schema/graph/diff-graphs";
import type { TGraphEdge, TGraphNode, TRuleGraph } from "@/rules-schema/graph/graph-schema";

/** How a node differs between two versions. */
export type TDiffMark = "added" | "removed" | "changed" | "moved";
/** How an edge differs between two versions. */
export type TEdgeDiffMark = "added" | "removed";

export interface TDiffOverlay {
  /** The nodes and edges of `to`, plus the removed ones of `from` (removed nodes at their old positions). */
  graph: { nodes: TGraphNode[]; edges: TGraphEdge[] };
  nodeMarks: Map<string, TDiffMark>;
  /** Keyed by the edge ids of `graph` (removed edges carry `REMOVED_EDGE_PREFIX`). */
  edgeMarks: Map<string, TEdgeDiffMark>;
}

/**
 * Removed edges get this prefix in the union graph: an edge whose endpoints changed keeps its id in
 * `to`, and the canvas needs unique ids.
 */
export const REMOVED_EDGE_PREFIX = "removed:";

/** One canvas for "what changed from → to": the union of both graphs with each difference marked. */
export function diffOverlay(to: Pick<TRuleGraph, "nodes" | "edges">, diff: TGraphDiff): TDiffOverlay {
  const nodeMarks = new Map<string, TDiffMark>();
  for (const n of diff.nodes.added) nodeMarks.set(n.id, "added");
  for (const c of diff.nodes.changed) nodeMarks.set(c.id, "changed");
  for (const m of diff.nodes.moved) nodeMarks.set(m.id, "moved");
  for (const n of diff.nodes.removed) nodeMarks.set(n.id, "removed");

  const edgeMarks = new Map<string, TEdgeDiffMark>();
  for (const e of diff.edges.added) edgeMarks.set(e.id, "added");
  const removedEdges = diff.edges.removed.map((e) => ({ ...e, id: `${REMOVED_EDGE_PREFIX}${e.id}` }));
  for (const e of removedEdges) edgeMarks.set(e.id, "removed");

  return { graph: { nodes: [...to.nodes, ...diff.nodes.removed], edges: [...to.edges, ...removedEdges] }, nodeMarks, edgeMarks };
}
