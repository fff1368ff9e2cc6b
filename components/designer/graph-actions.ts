import type { TEdgeHandle, TGraphNode, TNodeKind, TRuleGraph, TRuleGraphInput, TStage } from "@/rules-schema/graph/graph-schema";
import { kindAllowedInStage } from "@/rules-schema/graph/node-kinds";
import { layoutNodes } from "./auto-layout";
import { type TGraphFragment, pasteFragment } from "./graph-fragment";
import { type TRuleFlowEdge, type TRuleFlowNode, edgeToFlow, nodeToFlow, toFlow } from "./graph-to-flow";

/**
 * The designer's graph operations on React Flow nodes and edges, without React. Each one reads the
 * canvas as it is when the user acts and returns a `GraphUpdate`: functions from the node (and edge)
 * list to the next one, which the screen hands to `setNodes` / `setEdges` as state updaters.
 */

/** Room a node takes when placing new ones (its width is set in CSS). */
export const NODE_W = 240;
export const NODE_H = 80;
/** How far a pasted copy sits from its original. */
export const PASTE_OFFSET = { x: 40, y: 40 } as const;

export type NewId = (prefix: string) => string;
/** A fresh random id such as `hold-k3j9x0qa`. */
export const newId: NewId = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export interface FlowGraph {
  nodes: TRuleFlowNode[];
  edges: TRuleFlowEdge[];
}

/** The change one operation makes; a list it leaves alone has no updater. */
export interface GraphUpdate {
  nodes?: (nodes: TRuleFlowNode[]) => TRuleFlowNode[];
  edges?: (edges: TRuleFlowEdge[]) => TRuleFlowEdge[];
}

export function applyUpdate(g: FlowGraph, update: GraphUpdate): FlowGraph {
  return { nodes: update.nodes ? update.nodes(g.nodes) : g.nodes, edges: update.edges ? update.edges(g.edges) : g.edges };
}

/** Our graph's nodes and edges without header or selection: what undo and saving care about. */
export const snapshotOf = (g: Pick<TRuleGraphInput, "nodes" | "edges">) => JSON.stringify({ nodes: g.nodes, edges: g.edges });

const deselect = (n: TRuleFlowNode): TRuleFlowNode => (n.selected ? { ...n, selected: false } : n);

/** Top-left corner for a new node centred on `at`, moved down until it covers no other node. */
export function freePosition(nodes: readonly TRuleFlowNode[], at: { x: number; y: number }): { x: number; y: number } {
  const position = { x: Math.round(at.x - NODE_W / 2), y: Math.round(at.y - NODE_H / 2) };
  while (nodes.some((n) => Math.abs(n.position.x - position.x) < NODE_W && Math.abs(n.position.y - position.y) < NODE_H)) position.y += NODE_H;
  return position;
}

/** Adds a node at a free place near `at`; it becomes the only selected node. */
export function addNode(nodes: readonly TRuleFlowNode[], node: { id: string; kind: TNodeKind; data: unknown }, at: { x: number; y: number }): GraphUpdate {
  const added = { id: node.id, kind: node.kind, position: freePosition(nodes, at), data: node.data } as TGraphNode;
  return { nodes: (ns) => [...ns.map(deselect), { ...nodeToFlow(added), selected: true }] };
}

/** Deletes the selected nodes (never Start), the selected edges, and every edge to or from a deleted node. */
export function deleteSelection(nodes: readonly TRuleFlowNode[]): GraphUpdate {
  const ids = new Set(nodes.filter((n) => n.selected && n.data.kind !== "start").map((n) => n.id));
  return {
    nodes: (ns) => ns.filter((n) => !ids.has(n.id)),
    edges: (es) => es.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target)),
  };
}

/** Moves every node to its place in the left-to-right layout of `graph` (auto-layout.ts). */
export function autoLayout(graph: Pick<TRuleGraph, "nodes" | "edges">): GraphUpdate {
  const pos = layoutNodes(graph);
  return { nodes: (ns) => ns.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })) };
}

/** Puts another graph on the canvas (an import, the stored draft): nothing is selected afterwards. */
export function replaceGraph(graph: Pick<TRuleGraph, "nodes" | "edges">): GraphUpdate {
  const f = toFlow(graph);
  return { nodes: () => f.nodes, edges: () => f.edges };
}

/** Puts an earlier state back (undo/redo); nodes selected now stay selected when they are still there. */
export function restoreGraph(nodes: readonly TRuleFlowNode[], graph: Pick<TRuleGraph, "nodes" | "edges">): GraphUpdate {
  const selected = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
  const f = toFlow(graph);
  return { nodes: () => f.nodes.map((n) => (selected.has(n.id) ? { ...n, selected: true } : n)), edges: () => f.edges };
}

/**
 * Pastes a copied fragment (graph-fragment.ts): fresh ids, offset from the originals, internal edges
 * rewired; actions the stage does not allow are left out with their edges. The pasted nodes become the
 * selection. Also says how many were pasted and how many left out.
 */
export function pasteInto(
  graph: { nodes: readonly Pick<TGraphNode, "id" | "kind">[] },
  fragment: TGraphFragment,
  stage: TStage,
  makeId: NewId,
): { update: GraphUpdate; pasted: number; skipped: number } {
  const out = pasteFragment(fragment, { nodes: graph.nodes }, PASTE_OFFSET, makeId);
  const allowed = out.nodes.filter((n) => kindAllowedInStage(n.kind, stage));
  const kept = new Set(allowed.map((n) => n.id));
  const added = allowed.map((n) => ({ ...nodeToFlow(n), selected: true }));
  const addedEdges = out.edges.filter((e) => kept.has(e.sourceId) && kept.has(e.targetId)).map(edgeToFlow);
  return {
    update: { nodes: (ns) => [...ns.map(deselect), ...added], edges: (es) => [...es, ...addedEdges] },
    pasted: allowed.length,
    skipped: out.nodes.length - allowed.length,
  };
}

/** A new edge from a drag between two handles; a handle-less drag or a second identical edge adds nothing. */
export function connect(c: { source: string; target: string; sourceHandle?: string | null }, id: string): GraphUpdate {
  if (!c.sourceHandle) return {};
  const edge = edgeToFlow({ id, sourceId: c.source, targetId: c.target, sourceHandle: c.sourceHandle as TEdgeHandle });
  return { edges: (es) => (es.some((e) => e.source === c.source && e.target === c.target && e.sourceHandle === c.sourceHandle) ? es : [...es, edge]) };
}

export function selectAll(): GraphUpdate {
  return { nodes: (ns) => ns.map((n) => (n.selected ? n : { ...n, selected: true })) };
}

export function clearSelection(): GraphUpdate {
  return { nodes: (ns) => ns.map(deselect) };
}

/** Selects exactly these nodes. */
export function selectOnly(ids: readonly string[]): GraphUpdate {
  const set = new Set(ids);
  return { nodes: (ns) => ns.map((n) => (n.selected === set.has(n.id) ? n : { ...n, selected: set.has(n.id) })) };
}

/** A node's settings as the inspector edits them. */
export function setNodeData(id: string, data: unknown): GraphUpdate {
  return { nodes: (ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, data } as TRuleFlowNode["data"] } : n)) };
}

/** A node's name on the canvas; an empty name removes it (the kind's label shows again). */
export function setNodeLabel(id: string, label: string): GraphUpdate {
  return { nodes: (ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, label: label === "" ? undefined : label } as TRuleFlowNode["data"] } : n)) };
}
