"use client";
import { type Connection, useEdgesState, useNodesState, useReactFlow } from "@xyflow/react";
import { type RefObject, useCallback, useMemo, useRef, useState } from "react";
import type { TNodeKind, TRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TRulesetOut } from "@/server/schemas/ruleset-schemas";
import * as actions from "./graph-actions";
import { type TGraphBase, type TRuleFlowEdge, type TRuleFlowNode, fromFlow, toFlow } from "./graph-to-flow";
import { type NewNodeRefs, newNodeData } from "./node-kind-ui";

/**
 * The graph on the designer's canvas: React Flow's nodes and edges, the graph's header, what they make
 * as our graph (and its snapshot), the selection, and the named edits (graph-actions.ts applied).
 * `glideToFit` runs after edits that move the whole graph (auto-layout, a replaced graph).
 */
export function useDesignerGraph(
  ruleset: TRulesetOut,
  { refs, canvasRef, glideToFit }: { refs: NewNodeRefs; canvasRef: RefObject<HTMLDivElement | null>; glideToFit: () => void },
) {
  const flow = useReactFlow<TRuleFlowNode, TRuleFlowEdge>();
  const initial = useMemo(() => toFlow(ruleset.version.graph), [ruleset]);
  const [nodes, setNodes, onNodesChange] = useNodesState<TRuleFlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<TRuleFlowEdge>(initial.edges);
  const [base, setBase] = useState<TGraphBase>(ruleset.version.graph);

  // While a node is being dragged only positions change: keep the last graph so validation,
  // undo and the JSON view do not redo their work on every frame.
  const dragging = nodes.some((n) => n.dragging);
  const lastGraph = useRef<TRuleGraph | null>(null);
  const graph: TRuleGraph = useMemo(() => {
    if (dragging && lastGraph.current) return lastGraph.current;
    return (lastGraph.current = fromFlow(nodes, edges, base));
  }, [nodes, edges, base, dragging]);
  const snapshot = useMemo(() => actions.snapshotOf(graph), [graph]);
  const selectedIds = useMemo(() => new Set(nodes.filter((n) => n.selected).map((n) => n.id)), [nodes]);
  const selectedNode = selectedIds.size === 1 ? nodes.find((n) => n.selected) : undefined;

  const apply = useCallback(
    (update: actions.GraphUpdate) => {
      if (update.nodes) setNodes(update.nodes);
      if (update.edges) setEdges(update.edges);
    },
    [setNodes, setEdges],
  );
  const onConnect = useCallback((c: Connection) => apply(actions.connect(c, actions.newId("e"))), [apply]);

  function viewCentre() {
    const rect = canvasRef.current?.getBoundingClientRect();
    return rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
  }
  /** Adds a node of this kind at `at` (else the middle of the view), selected; false when it needs master data there is none of. */
  function addNode(kind: TNodeKind, at?: { x: number; y: number }): boolean {
    const data = newNodeData(kind, refs);
    if (data === null) return false;
    apply(actions.addNode(nodes, { id: actions.newId(kind), kind, data }, at ?? viewCentre()));
    return true;
  }
  function replaceGraph(g: Pick<TRuleGraph, "nodes" | "edges">) {
    apply(actions.replaceGraph(g));
    glideToFit();
  }
  /** Selects these nodes and brings them into view. */
  function focusNodes(ids: string[]) {
    if (ids.length === 0) return;
    apply(actions.selectOnly(ids));
    void flow.fitView({ nodes: ids.map((nid) => ({ id: nid })), duration: 300, maxZoom: 1.2, padding: 0.6 });
  }

  return {
    nodes,
    edges,
    onNodesChange,
    onEdgesChange,
    base,
    graph,
    snapshot,
    dragging,
    selectedIds,
    selectedNode,
    apply,
    onConnect,
    addNode,
    deleteSelection: () => apply(actions.deleteSelection(nodes)),
    autoLayout: () => {
      apply(actions.autoLayout(graph));
      glideToFit();
    },
    replaceGraph,
    /** Another stored graph, header included (the draft someone else saved). */
    loadGraph: (g: TRuleGraph) => {
      replaceGraph(g);
      setBase(g);
    },
    /** An earlier state from the undo history; the selection stays. */
    restore: (g: Pick<TRuleGraph, "nodes" | "edges">) => apply(actions.restoreGraph(nodes, g)),
    focusNodes,
    setNodeData: (id: string, data: unknown) => apply(actions.setNodeData(id, data)),
    setNodeLabel: (id: string, label: string) => apply(actions.setNodeLabel(id, label)),
    selectAll: () => apply(actions.selectAll()),
    clearSelection: () => apply(actions.clearSelection()),
  };
}
