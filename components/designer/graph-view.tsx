"use client";
import "@xyflow/react/dist/style.css";
import "./history.css";
import { Background, Controls, MiniMap, type NodeMouseHandler, type NodeTypes, ReactFlow, ReactFlowProvider, type ReactFlowState, useReactFlow, useStore } from "@xyflow/react";
import { memo, useCallback, useEffect, useMemo } from "react";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { type TRuleFlowEdge, type TRuleFlowNode, toFlow } from "./graph-to-flow";
import { useLoadDesignerMasterData } from "./designer-master-data";
import { NodeNamesContext, RuleNode } from "./node-kind-ui";
import { useReadableFirstView } from "./use-readable-first-view";

/**
 * A mark on a node or edge. The history screens use the four below (styled in history.css as
 * `.gv-added`, `.gv-removed`, `.gv-changed`, `.gv-moved`); any other word works the same way once
 * `.gv-<mark>` has CSS (e.g. the simulator's "hit" / "miss").
 */
export type TGraphMark = "added" | "removed" | "changed" | "moved" | (string & {});

export interface GraphViewProps {
  /** What to draw. Nothing can be moved, connected, selected or deleted. */
  graph: Pick<TRuleGraph, "nodes" | "edges">;
  /** Node id → mark: the node gets the classes `gv-mark gv-<mark>` and the minimap colours it. */
  highlight?: ReadonlyMap<string, TGraphMark>;
  /** Edge id → mark: the edge gets the class `gv-edge-<mark>`. */
  edgeHighlight?: ReadonlyMap<string, TGraphMark>;
  /** Centres this node and rings it (`gv-focus`). Pass a new `focusKey` to centre the same node again. */
  focusNodeId?: string | null;
  focusKey?: number;
  /** Rings this node (`gv-focus`) without moving the view. */
  selectedNodeId?: string | null;
  /** Called with the id of a clicked node. */
  onNodeClick?: (nodeId: string) => void;
  /** Accessible name of the canvas. */
  label?: string;
}

const NODE_TYPES: NodeTypes = { rule: RuleNode };
/** The size of a node before it is measured (its width is fixed in CSS), for culling and fitting. */
const NODE_W = 240;
const NODE_H = 64;
/** From this many nodes on, only what is in view is rendered. */
const CULL_FROM = 150;
/** Smaller graphs fit the canvas at a readable zoom: no minimap to cover them. */
const MINIMAP_FROM = 20;
/** Below this zoom node text is too small to read: nodes are drawn as plain blocks (`.graph-view.far`), which keeps large graphs fluid. */
const FAR_ZOOM = 0.4;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
/** The zoom a focused node is shown at, at least. */
const FOCUS_ZOOM = 0.85;
/** Room around the graph when fitting: more on top, where callers may lay a legend over the canvas. */
const FIRST_VIEW = { padding: 0.08, maxZoom: 1 } as const;
const NO_MARKS: ReadonlyMap<string, TGraphMark> = new Map();

const MARK_COLOURS: Record<string, string> = { added: "#12b76a", removed: "#f04438", changed: "#f79009", moved: "#2e90fa" };

/**
 * A read-only React Flow canvas for a rule graph, with optional marks on nodes and edges. Renders
 * the designer's own node component, so nodes look the same as in the designer. Fits the graph on
 * first show; a minimap appears from 20 nodes on; from 150 nodes only what is in view is rendered,
 * and zoomed far out nodes are drawn as plain blocks. Fills its parent: give the parent a height.
 */
export function GraphView(props: GraphViewProps) {
  // Nodes name warehouses, channels and stores as the designer does, never by id (every read-only view:
  // a version, a diff, a simulated order's trace).
  const names = useLoadDesignerMasterData().nameOf;
  return (
    <NodeNamesContext.Provider value={names}>
      <ReactFlowProvider>
        <GraphCanvas {...props} />
      </ReactFlowProvider>
    </NodeNamesContext.Provider>
  );
}

const GraphCanvas = memo(function GraphCanvas({ graph, highlight = NO_MARKS, edgeHighlight = NO_MARKS, focusNodeId = null, focusKey, selectedNodeId = null, onNodeClick, label = "Rule graph" }: GraphViewProps) {
  const flow = useReactFlow<TRuleFlowNode, TRuleFlowEdge>();
  const far = useStore(isFar);
  const base = useMemo(() => {
    const f = toFlow(graph);
    return { nodes: f.nodes.map((n) => ({ ...n, initialWidth: NODE_W, initialHeight: NODE_H })), edges: f.edges };
  }, [graph]);
  // Only nodes and edges whose class changes get new objects, so React Flow keeps the rest as they are.
  const nodes = useMemo(
    () =>
      base.nodes.map((n) => {
        const mark = highlight.get(n.id);
        const focused = n.id === focusNodeId || n.id === selectedNodeId;
        if (!mark && !focused) return n;
        return { ...n, className: [mark ? `gv-mark gv-${mark}` : "", focused ? "gv-focus" : ""].filter(Boolean).join(" ") };
      }),
    [base, highlight, focusNodeId, selectedNodeId],
  );
  const edges = useMemo(
    () =>
      base.edges.map((e) => {
        const mark = edgeHighlight.get(e.id);
        return mark ? { ...e, className: `${e.className ?? ""} gv-edge-${mark}`, zIndex: 1 } : e;
      }),
    [base, edgeHighlight],
  );

  useEffect(() => {
    if (!focusNodeId) return;
    const n = flow.getInternalNode(focusNodeId);
    if (n?.measured.width && n.measured.height) {
      // Centred, at the current zoom unless that is too far out to read the node.
      const { x, y } = n.internals.positionAbsolute;
      void flow.setCenter(x + n.measured.width / 2, y + n.measured.height / 2, { zoom: Math.max(flow.getZoom(), FOCUS_ZOOM), duration: 350 });
    } else {
      // Not measured yet (just mounted): React Flow queues this until it is.
      void flow.fitView({ nodes: [{ id: focusNodeId }], duration: 350, minZoom: FOCUS_ZOOM, maxZoom: FOCUS_ZOOM });
    }
  }, [flow, focusNodeId, focusKey]);

  // A focused node sets its own first view (below).
  const firstView = useReadableFirstView(FIRST_VIEW, focusNodeId === null);
  const clicked: NodeMouseHandler<TRuleFlowNode> = useCallback((_e, n) => onNodeClick?.(n.id), [onNodeClick]);
  const minimapColour = useCallback((n: TRuleFlowNode) => MARK_COLOURS[highlight.get(n.id) ?? ""] ?? "#d0d5dd", [highlight]);

  return (
    <div className={far ? "graph-view far" : "graph-view"} data-testid="graph-view" data-first-view={firstView ? "set" : "pending"}>
      <ReactFlow
        aria-label={label}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodeClick={onNodeClick ? clicked : undefined}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        onlyRenderVisibleElements={graph.nodes.length >= CULL_FROM}
        minZoom={0.05}
        maxZoom={2}
      >
        <Background gap={16} />
        {graph.nodes.length >= MINIMAP_FROM ? <MiniMap pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} ariaLabel="Overview" style={{ width: 168, height: 112 }} /> : null}
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
});
