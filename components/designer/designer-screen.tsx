"use client";
import "@xyflow/react/dist/style.css";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  Background,
  type Connection,
  Controls,
  MiniMap,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
} from "@xyflow/react";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import { Tabs } from "@/components/ui/tabs";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { compileGraph } from "@/rules-schema/compile/compile-graph";
import { validateGraph } from "@/rules-schema/graph/analyze-graph";
import { NODE_KINDS, STAGE_LABELS, type TEdgeHandle, type TGraphNode, type TNodeKind, type TRuleGraph, isActionKind } from "@/rules-schema/graph/graph-schema";
import { NODE_KIND_SPECS } from "@/rules-schema/graph/node-kinds";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import type { TRulesetOut, TStoredDraft } from "@/server/schemas/ruleset-schemas";
import { type TGraphBase, type TRuleFlowEdge, type TRuleFlowNode, edgeToFlow, fromFlow, nodeToFlow, toFlow } from "./graph-to-flow";
import { NODE_KIND_UI, type NewNodeRefs, NodeProblemsContext, RuleNode, newNodeData } from "./node-kind-ui";
import { HIT_POLICY_LABELS } from "./rulesets-screen";

const NODE_TYPES: NodeTypes = { rule: RuleNode };
/** Room a node takes when placing new ones (its width is set in CSS). */
const NODE_W = 240;
const NODE_H = 80;
const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export function DesignerScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const ruleset = useQuery(trpc.rulesets.get.queryOptions({ id }, { refetchOnWindowFocus: false, staleTime: Infinity }));
  if (ruleset.isLoading) return <div className="skeleton" style={{ height: 400 }} />;
  if (ruleset.error || !ruleset.data)
    return (
      <div className="banner error" role="alert">
        {ruleset.error?.message ?? "Ruleset not found"} <Link href="/rulesets">Back to rulesets</Link>
      </div>
    );
  return (
    <ReactFlowProvider>
      <Designer key={ruleset.data.id} ruleset={ruleset.data} />
    </ReactFlowProvider>
  );
}

type PanelTab = "problems" | "compiled";

function Designer({ ruleset }: { ruleset: TRulesetOut }) {
  const trpc = useTRPC();
  const perm = usePermission();
  const canEdit = perm.can("editRules");
  const flow = useReactFlow<TRuleFlowNode, TRuleFlowEdge>();
  const canvasRef = useRef<HTMLDivElement>(null);

  const initial = useMemo(() => toFlow(ruleset.version.graph), [ruleset]);
  const [nodes, setNodes, onNodesChange] = useNodesState<TRuleFlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<TRuleFlowEdge>(initial.edges);
  const [base, setBase] = useState<TGraphBase>(ruleset.version.graph);
  const [revision, setRevision] = useState(ruleset.version.revision);
  const [versionNumber, setVersionNumber] = useState(ruleset.version.number);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(fromFlow(initial.nodes, initial.edges, ruleset.version.graph)));
  const [tab, setTab] = useState<PanelTab>("problems");

  const warehouses = useQuery(trpc.warehouses.list.queryOptions({ page: 1, pageSize: 5 }));
  const channels = useQuery(trpc.channels.list.queryOptions({ page: 1, pageSize: 5 }));
  const refs: NewNodeRefs = { warehouseId: warehouses.data?.items[0]?.id ?? null, channelId: channels.data?.items[0]?.id ?? null };

  const graph: TRuleGraph = useMemo(() => fromFlow(nodes, edges, base), [nodes, edges, base]);
  const problems = useMemo(() => validateGraph(graph), [graph]);
  const compiled = useMemo(() => (tab === "compiled" ? compileGraph(graph) : null), [graph, tab]);
  const problemsByNode = useMemo(() => {
    const m = new Map<string, TProblem[]>();
    for (const p of problems) for (const nid of p.nodeIds) m.set(nid, [...(m.get(nid) ?? []), p]);
    return m;
  }, [problems]);
  const dirty = JSON.stringify(graph) !== savedJson;
  const errors = problems.filter((p) => p.severity === "error").length;

  const save = useMutation(
    trpc.rulesets.saveDraft.mutationOptions({
      onSuccess: (out, input) => {
        setRevision(out.revision);
        setVersionNumber(out.versionNumber);
        setSavedJson(JSON.stringify(input.graph));
      },
    }),
  );
  const saveErr = formErrorOf(save.error);
  const conflict = saveErr?.code === "CONFLICT" ? ((saveErr.conflict?.current ?? null) as TStoredDraft | null) : null;

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle) return;
      setEdges((eds) => {
        if (eds.some((e) => e.source === c.source && e.target === c.target && e.sourceHandle === c.sourceHandle)) return eds;
        return [...eds, edgeToFlow({ id: newId("e"), sourceId: c.source, targetId: c.target, sourceHandle: c.sourceHandle as TEdgeHandle })];
      });
    },
    [setEdges],
  );

  function addNode(kind: TNodeKind) {
    const data = newNodeData(kind, refs);
    if (data === null) return;
    const rect = canvasRef.current?.getBoundingClientRect();
    const centre = rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
    // At the centre of the view, moved down past any node it would cover.
    const position = { x: Math.round(centre.x - NODE_W / 2), y: Math.round(centre.y - NODE_H / 2) };
    while (nodes.some((n) => Math.abs(n.position.x - position.x) < NODE_W && Math.abs(n.position.y - position.y) < NODE_H)) position.y += NODE_H;
    const node = { id: newId(kind), kind, position, data } as TGraphNode;
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...nodeToFlow(node), selected: true }]);
  }

  function focusProblem(p: TProblem) {
    if (p.nodeIds.length === 0) return;
    const ids = new Set(p.nodeIds);
    setNodes((ns) => ns.map((n) => ({ ...n, selected: ids.has(n.id) })));
    void flow.fitView({ nodes: p.nodeIds.map((nid) => ({ id: nid })), duration: 300, maxZoom: 1.2, padding: 0.6 });
  }

  function loadTheirs(stored: TStoredDraft) {
    const f = toFlow(stored.graph);
    setNodes(f.nodes);
    setEdges(f.edges);
    setBase(stored.graph);
    setRevision(stored.revision);
    setVersionNumber(stored.versionNumber);
    setSavedJson(JSON.stringify(fromFlow(f.nodes, f.edges, stored.graph)));
    save.reset();
  }

  const paletteKinds = NODE_KINDS.filter((k) => {
    const spec = NODE_KIND_SPECS[k];
    return !isActionKind(k) || ("stages" in spec && (spec.stages as readonly string[]).includes(base.stage));
  });
  const hasStart = nodes.some((n) => n.data.kind === "start");
  const hasFallback = nodes.some((n) => n.data.kind === "fallback");

  return (
    <div className="designer">
      <div className="page-head">
        <div>
          <div className="muted crumbs">
            <Link href="/rulesets">Rulesets</Link> / {STAGE_LABELS[base.stage]}
          </div>
          <h1>{ruleset.name}</h1>
          <p>
            Draft v{versionNumber} · {HIT_POLICY_LABELS[base.hitPolicy]} · last saved <TimeText value={ruleset.version.savedAt} />
            {ruleset.version.savedBy?.name ? ` by ${ruleset.version.savedBy.name}` : ""}
            {dirty ? <span className="badge amber" style={{ marginLeft: 8 }}>Unsaved changes</span> : null}
          </p>
        </div>
        {canEdit ? (
          <button className="btn primary" disabled={save.isPending || !dirty} onClick={() => save.mutate({ id: ruleset.id, revision, graph })}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
        ) : null}
      </div>
      {conflict ? (
        <div className="banner warn" role="alert">
          Someone else saved this ruleset while you were editing{conflict.savedBy?.name ? ` (${conflict.savedBy.name}, ` : " ("}
          <TimeText value={new Date(conflict.savedAt)} />
          ). Nothing was overwritten; your changes are still on the canvas but not saved.{" "}
          <button className="btn small" onClick={() => loadTheirs(conflict)}>
            Load their version
          </button>
        </div>
      ) : saveErr ? (
        <div className="banner error" role="alert">
          {saveErr.message}
        </div>
      ) : save.isSuccess && !dirty ? (
        <div className="banner success" role="status">
          Saved draft v{save.data.versionNumber}
          {save.data.problems.length ? ` — ${save.data.problems.length} problem${save.data.problems.length === 1 ? "" : "s"} to fix before publishing` : ""}.
        </div>
      ) : null}
      <div className="designer-grid">
        {canEdit ? (
          <aside className="designer-palette" aria-label="Add a node">
            <div className="section-title">Add a node</div>
            {(["entry", "test", "action"] as const).map((cat) => (
              <div key={cat} className="palette-group">
                <div className="muted palette-cat">{cat === "entry" ? "Entries" : cat === "test" ? "Tests" : "Actions"}</div>
                {paletteKinds
                  .filter((k) => NODE_KIND_UI[k].category === cat)
                  .map((k) => {
                    const missing = newNodeData(k, refs) === null;
                    const taken = (k === "start" && hasStart) || (k === "fallback" && hasFallback);
                    return (
                      <button
                        key={k}
                        className={`palette-item cat-${cat}`}
                        disabled={missing || taken}
                        title={missing ? "Add master data (a warehouse or channel) first" : taken ? "Only one per ruleset" : `Add ${NODE_KIND_UI[k].label}`}
                        onClick={() => addNode(k)}
                      >
                        {NODE_KIND_UI[k].label}
                      </button>
                    );
                  })}
              </div>
            ))}
          </aside>
        ) : null}
        <div className="designer-canvas" ref={canvasRef} data-testid="canvas">
          <NodeProblemsContext.Provider value={problemsByNode}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              nodesDraggable={canEdit}
              nodesConnectable={canEdit}
              elementsSelectable
              deleteKeyCode={canEdit ? ["Delete", "Backspace"] : null}
              fitView
              fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
              minZoom={0.2}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={16} />
              <MiniMap pannable zoomable />
              <Controls />
            </ReactFlow>
          </NodeProblemsContext.Provider>
        </div>
        <aside className="designer-side">
          <Tabs<PanelTab>
            label="Designer panels"
            value={tab}
            onChange={setTab}
            tabs={[
              { id: "problems", label: <>Problems <span className={errors ? "count warn" : "count"}>{problems.length}</span></> },
              { id: "compiled", label: "Compiled rules" },
            ]}
          />
          {tab === "problems" ? (
            problems.length === 0 ? (
              <div className="empty small" data-testid="no-problems">
                <strong>No problems</strong>
                The graph compiles.
              </div>
            ) : (
              <ul className="problem-list" aria-label="Problems">
                {problems.map((p, i) => (
                  <li key={`${p.code}-${i}`}>
                    <button className={`problem ${p.severity}`} onClick={() => focusProblem(p)} disabled={p.nodeIds.length === 0}>
                      <span className={p.severity === "error" ? "badge red" : "badge amber"}>{p.severity}</span> {p.message}
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : compiled?.ok ? (
            <pre className="compiled" aria-label="Compiled rules">
              {JSON.stringify(compiled.compiled.rules, null, 2)}
            </pre>
          ) : (
            <div className="empty small">
              <strong>Does not compile yet</strong>
              Fix the {compiled?.problems.filter((p) => p.severity === "error").length ?? 0} error(s) listed under Problems.
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}
