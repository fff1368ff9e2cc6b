"use client";
import "@xyflow/react/dist/style.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
import { useRouter } from "next/navigation";
import { type DragEvent, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Tabs } from "@/components/ui/tabs";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { PublishDialog, outcomeText } from "@/components/publishing/publish-dialog";
import { liveStatus } from "./version-status";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { validateGraph } from "@/rules-schema/graph/analyze-graph";
import { NODE_KINDS, STAGE_LABELS, type TEdgeHandle, type TGraphNode, type TNodeKind, type TRuleGraph, type TRuleGraphInput } from "@/rules-schema/graph/graph-schema";
import { kindAllowedInStage } from "@/rules-schema/graph/node-kinds";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import type { TRulesetOut, TStoredDraft } from "@/server/schemas/ruleset-schemas";
import { layoutNodes } from "./auto-layout";
import { CompiledRulesView } from "./compiled-rules-view";
import { DesignerMasterDataContext, useDesignerMasterData, useLoadDesignerMasterData } from "./designer-master-data";
import { type TGraphBase, type TRuleFlowEdge, type TRuleFlowNode, edgeToFlow, fromFlow, nodeToFlow, toFlow } from "./graph-to-flow";
import { copyFragment, parseFragment, pasteFragment } from "./graph-fragment";
import { ImportRulesDialog } from "./import-rules-dialog";
import { NODE_INSPECTORS, fieldErrorsOf } from "./node-inspectors";
import { DEFAULT_PANELS, type DesignerPanels, loadPanels, savePanels } from "./designer-panels";
import { saveProblemOf } from "./save-errors";
import { NODE_KIND_UI, type NewNodeRefs, NodeNamesContext, NodeProblemsContext, NodeTraceContext, type NodeTraceMark, RuleNode, newNodeData } from "./node-kind-ui";
import { HIT_POLICY_LABELS } from "./rulesets-screen";
import { SaveConflictDialog } from "./save-conflict-dialog";
import { TestPanel } from "./test-panel";
import { UndoStack } from "./undo-stack";
import { useReadableFirstView } from "./use-readable-first-view";

const FIRST_VIEW_OPTIONS = { maxZoom: 1, padding: 0.12 } as const;
const NODE_TYPES: NodeTypes = { rule: RuleNode };
/** Room a node takes when placing new ones (its width is set in CSS). */
const NODE_W = 240;
const NODE_H = 80;
/** Quiet time after the last edit before the draft saves itself. */
const AUTOSAVE_MS = 1500;
const CLIPBOARD_KEY = "switchyard.designer.clipboard";
/** The first view: never zoomed out so far that hundreds of nodes are on screen (panning cost grows with them). */

const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function DesignerScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const ruleset = useQuery(trpc.rulesets.get.queryOptions({ id }, { refetchOnWindowFocus: false, staleTime: Infinity }));
  const masterData = useLoadDesignerMasterData();
  // The role decides the layout (palette or not): wait for it, so the first fit-to-view sees the final canvas size.
  const perm = usePermission();
  if (ruleset.isLoading || !perm.ready)
    return (
      <div className="designer-loading" aria-busy="true" aria-label="Loading the ruleset">
        <div className="skeleton" style={{ height: 48, width: 320 }} />
        <div className="skeleton" style={{ height: 460, marginTop: 12 }} />
      </div>
    );
  if (ruleset.error || !ruleset.data)
    return (
      <div className="banner error" role="alert">
        {ruleset.error?.message ?? "Ruleset not found"} <Link href="/rulesets">Back to rulesets</Link>
      </div>
    );
  return (
    <DesignerMasterDataContext.Provider value={masterData}>
      <NodeNamesContext.Provider value={masterData.nameOf}>
        <ReactFlowProvider>
          <Designer key={ruleset.data.id} ruleset={ruleset.data} />
        </ReactFlowProvider>
      </NodeNamesContext.Provider>
    </DesignerMasterDataContext.Provider>
  );
}

type PanelTab = "inspect" | "problems" | "compiled" | "test";
type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

/** Our graph's nodes and edges without header or selection: what undo and saving care about. */
const snapshotOf = (g: Pick<TRuleGraphInput, "nodes" | "edges">) => JSON.stringify({ nodes: g.nodes, edges: g.edges });

/** Whether a key press belongs to a text field (so the canvas leaves it alone). */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || !!el.closest(".monaco-editor");
}

function Designer({ ruleset }: { ruleset: TRulesetOut }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canEdit = perm.can("editRules");
  const canTest = perm.can("simulate");
  const flow = useReactFlow<TRuleFlowNode, TRuleFlowEdge>();
  // Side panels fold away for more canvas; the choice is remembered in this browser.
  const [panels, setPanels] = useState<DesignerPanels>(DEFAULT_PANELS);
  useEffect(() => setPanels(loadPanels()), []);
  const togglePanel = (which: keyof DesignerPanels) => {
    setPanels((p) => {
      const next = { ...p, [which]: !p[which] };
      savePanels(next);
      return next;
    });
    // The canvas changed size: fit the graph to it once the new width is laid out (two frames on).
    window.requestAnimationFrame(() => glideToFit());
  };
  const gridColumns = [canEdit && panels.palette ? "168px" : null, "minmax(0, 1fr)", panels.side ? "360px" : null].filter(Boolean).join(" ");
  /** Fit-view glides in flight (see glideToFit). */
  const [viewMoves, setViewMoves] = useState(0);
  const canvasRef = useRef<HTMLDivElement>(null);
  const firstView = useReadableFirstView(FIRST_VIEW_OPTIONS);
  const md = useDesignerMasterData();

  const initial = useMemo(() => toFlow(ruleset.version.graph), [ruleset]);
  const [nodes, setNodes, onNodesChange] = useNodesState<TRuleFlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<TRuleFlowEdge>(initial.edges);
  const [base, setBase] = useState<TGraphBase>(ruleset.version.graph);
  const [revision, setRevision] = useState(ruleset.version.revision);
  const [versionNumber, setVersionNumber] = useState(ruleset.version.number);
  const [savedStatus, setVersionStatus] = useState(ruleset.version.status);
  // What is live changes outside this screen too (publish, rollback, approvals): the status follows it.
  const versionStatus = liveStatus(savedStatus, versionNumber, ruleset.publishedVersionNumber);
  const [freezing, setFreezing] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [versionNote, setVersionNote] = useState("");
  const [savedAt, setSavedAt] = useState<{ at: Date; by: string | null }>({ at: ruleset.version.savedAt, by: ruleset.version.savedBy?.name ?? null });
  const [tab, setTab] = useState<PanelTab>("inspect");
  const [importing, setImporting] = useState(false);
  const [conflict, setConflict] = useState<TStoredDraft | null>(null);
  const [conflictOpen, setConflictOpen] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [trace, setTrace] = useState<ReadonlyMap<string, NodeTraceMark> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refs: NewNodeRefs = { warehouseId: md.warehouses[0]?.id ?? null, channelId: md.channels[0]?.id ?? null };

  // While a node is being dragged only positions change: keep the last graph so validation,
  // undo and the JSON view do not redo their work on every frame.
  const dragging = nodes.some((n) => n.dragging);
  const lastGraph = useRef<TRuleGraph | null>(null);
  const graph: TRuleGraph = useMemo(() => {
    if (dragging && lastGraph.current) return lastGraph.current;
    return (lastGraph.current = fromFlow(nodes, edges, base));
  }, [nodes, edges, base, dragging]);
  const snapshot = useMemo(() => snapshotOf(graph), [graph]);
  // Validation runs at low priority: the first paint uses the problems the server sent with the
  // ruleset, and typing or dropping a node never waits for a 1,000-node check.
  const checkedGraph = useDeferredValue<TRuleGraph | null>(graph, null);
  const problems = useMemo(
    () => (checkedGraph ? validateGraph(checkedGraph, { context: md.validationContext }) : ruleset.problems),
    [checkedGraph, md.validationContext, ruleset.problems],
  );
  const problemsByNode = useMemo(() => {
    const m = new Map<string, TProblem[]>();
    for (const p of problems) for (const nid of p.nodeIds) m.set(nid, [...(m.get(nid) ?? []), p]);
    return m;
  }, [problems]);
  const errors = problems.filter((p) => p.severity === "error").length;

  // ---- saving (explicit and automatic) ----
  const [savedSnapshot, setSavedSnapshot] = useState(() => snapshotOf(fromFlow(initial.nodes, initial.edges, ruleset.version.graph)));
  const dirty = snapshot !== savedSnapshot;
  const save = useMutation(
    trpc.rulesets.saveDraft.mutationOptions({
      onSuccess: (out, input) => {
        setRevision(out.revision);
        setVersionNumber(out.versionNumber);
        setSavedSnapshot(snapshotOf(input.graph));
        setSavedAt({ at: new Date(), by: perm.me?.user.name ?? null });
        setConflict(null);
        setConflictOpen(false);
        if (out.newVersion) setNotice(`v${versionNumber} stays as it was (${versionStatus}); your changes are in a new draft, v${out.versionNumber}.`);
        setVersionStatus("draft");
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.versions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.pathKey() });
      },
      onError: (error) => {
        const err = formErrorOf(error);
        if (err?.code === "CONFLICT" && err.conflict?.current) {
          setConflict(err.conflict.current as TStoredDraft);
          setConflictOpen(true);
        }
      },
    }),
  );
  const freeze = useMutation(
    trpc.rulesets.saveVersion.mutationOptions({
      onSuccess: (out, input) => {
        setRevision(out.revision);
        setVersionNumber(out.versionNumber);
        setVersionStatus("validated");
        setSavedSnapshot(snapshotOf(input.graph));
        setSavedAt({ at: new Date(), by: perm.me?.user.name ?? null });
        setFreezing(false);
        setVersionNote("");
        setNotice(`Saved v${out.versionNumber} as a version. It no longer changes; your next edit starts draft v${out.versionNumber + 1}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.versions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.pathKey() });
      },
      onError: (error) => {
        const err = formErrorOf(error);
        if (err?.code === "CONFLICT" && err.conflict?.current) {
          setFreezing(false);
          setConflict(err.conflict.current as TStoredDraft);
          setConflictOpen(true);
        }
      },
    }),
  );
  const freezeErr = formErrorOf(freeze.error);
  const saveErr = formErrorOf(save.error);
  // A refused save names the node and field; once the canvas changes, autosave tries again by itself.
  const saveProblem = saveErr ? saveProblemOf(saveErr.fieldErrors, graph, (k) => NODE_KIND_UI[k as keyof typeof NODE_KIND_UI]?.label ?? k) : null;
  const [failedSnapshot, setFailedSnapshot] = useState<string | null>(null);
  useEffect(() => {
    if (save.isError && failedSnapshot === null) setFailedSnapshot(snapshot);
    if (!save.isError && failedSnapshot !== null) setFailedSnapshot(null);
  }, [save.isError, failedSnapshot, snapshot]);
  const retryable = save.isError && failedSnapshot !== null && failedSnapshot !== snapshot && saveErr?.code !== "CONFLICT";
  const saveState: SaveState = conflict ? "conflict" : save.isPending ? "saving" : save.isError ? "error" : dirty ? "dirty" : "saved";
  const saveNow = useCallback(
    (overRevision?: number) => {
      if (!canEdit || save.isPending) return;
      save.mutate({ id: ruleset.id, revision: overRevision ?? revision, graph });
    },
    [canEdit, save, ruleset.id, revision, graph],
  );
  // Autosave: after a quiet moment, unless a conflict waits for a decision or the last try failed.
  useEffect(() => {
    if (!canEdit || !dirty || dragging || conflict || save.isPending || (save.isError && !retryable) || freeze.isPending) return;
    const t = setTimeout(() => saveNow(), AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [canEdit, dirty, dragging, conflict, save.isPending, save.isError, retryable, freeze.isPending, snapshot, saveNow]);
  // Simulate: the simulation replays the stored draft, so unsaved changes are saved first.
  const router = useRouter();
  const [simulating, setSimulating] = useState(false);
  useEffect(() => {
    if (!simulating) return;
    if (conflict || save.isError) setSimulating(false);
    else if (!canEdit || (!dirty && !save.isPending)) {
      setSimulating(false);
      router.push(`/simulations/new?rulesetId=${encodeURIComponent(ruleset.id)}`);
    } else if (!save.isPending) saveNow();
  }, [simulating, canEdit, dirty, save.isPending, save.isError, conflict, router, ruleset.id, saveNow]);
  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  // ---- undo / redo ----
  const history = useRef(new UndoStack<string>(snapshot));
  const editGroup = useRef<string | null>(null);
  const [, bumpHistory] = useState(0);
  useEffect(() => {
    if (dragging || snapshot === history.current.current) return;
    history.current.record(snapshot, Date.now(), editGroup.current);
    editGroup.current = null;
    bumpHistory((v) => v + 1);
  }, [snapshot, dragging]);
  const restore = useCallback(
    (snap: string | null) => {
      if (snap === null) return;
      const g = JSON.parse(snap) as Pick<TRuleGraph, "nodes" | "edges">;
      const selected = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      const f = toFlow(g);
      setNodes(f.nodes.map((n) => (selected.has(n.id) ? { ...n, selected: true } : n)));
      setEdges(f.edges);
      bumpHistory((v) => v + 1);
    },
    [nodes, setNodes, setEdges],
  );
  const undo = useCallback(() => restore(history.current.undo()), [restore]);
  const redo = useCallback(() => restore(history.current.redo()), [restore]);

  // ---- editing ----
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

  function freePosition(at: { x: number; y: number }) {
    const position = { x: Math.round(at.x - NODE_W / 2), y: Math.round(at.y - NODE_H / 2) };
    while (nodes.some((n) => Math.abs(n.position.x - position.x) < NODE_W && Math.abs(n.position.y - position.y) < NODE_H)) position.y += NODE_H;
    return position;
  }
  function viewCentre() {
    const rect = canvasRef.current?.getBoundingClientRect();
    return rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
  }
  function addNode(kind: TNodeKind, at?: { x: number; y: number }) {
    const data = newNodeData(kind, refs);
    if (data === null) return;
    const node = { id: newId(kind), kind, position: freePosition(at ?? viewCentre()), data } as TGraphNode;
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...nodeToFlow(node), selected: true }]);
    setTab("inspect");
  }
  function onDrop(e: DragEvent) {
    const kind = e.dataTransfer.getData("application/x-switchyard-kind") as TNodeKind;
    if (!canEdit || !(NODE_KINDS as readonly string[]).includes(kind)) return;
    e.preventDefault();
    addNode(kind, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  }

  const selectedIds = useMemo(() => new Set(nodes.filter((n) => n.selected).map((n) => n.id)), [nodes]);
  const selectedNode = selectedIds.size === 1 ? nodes.find((n) => n.selected) : undefined;

  function copySelection(cut = false) {
    const frag = copyFragment(graph, selectedIds);
    if (frag.nodes.length === 0) return;
    const text = JSON.stringify(frag);
    localStorage.setItem(CLIPBOARD_KEY, text);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
    setNotice(`${cut ? "Cut" : "Copied"} ${frag.nodes.length} node${frag.nodes.length === 1 ? "" : "s"}.`);
    if (cut) deleteSelection();
  }
  function paste(text: string | null = localStorage.getItem(CLIPBOARD_KEY)) {
    const frag = parseFragment(text);
    if (!frag || !canEdit) return;
    const out = pasteFragment(frag, { nodes: graph.nodes }, { x: 40, y: 40 }, newId);
    const allowed = out.nodes.filter((n) => kindAllowedInStage(n.kind, base.stage));
    const kept = new Set(allowed.map((n) => n.id));
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), ...allowed.map((n) => ({ ...nodeToFlow(n), selected: true }))]);
    setEdges((es) => [...es, ...out.edges.filter((e) => kept.has(e.sourceId) && kept.has(e.targetId)).map(edgeToFlow)]);
    const skipped = out.nodes.length - allowed.length;
    setNotice(`Pasted ${allowed.length} node${allowed.length === 1 ? "" : "s"}${skipped ? `; ${skipped} action${skipped === 1 ? "" : "s"} not allowed in ${STAGE_LABELS[base.stage]} left out` : ""}.`);
  }
  function deleteSelection() {
    const ids = new Set([...selectedIds].filter((id) => nodes.find((n) => n.id === id)?.data.kind !== "start"));
    setNodes((ns) => ns.filter((n) => !ids.has(n.id)));
    setEdges((es) => es.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target)));
  }
  /** Fits the view after the next paint; the canvas says `data-view-moving` until the glide has ended (tests wait on it, not on a timer). */
  function glideToFit() {
    setViewMoves((n) => n + 1);
    window.requestAnimationFrame(() => {
      void flow
        .fitView({ duration: 300, maxZoom: 1, padding: 0.2 })
        .catch(() => false)
        .finally(() => setViewMoves((n) => n - 1));
    });
  }
  function autoLayout() {
    const pos = layoutNodes(graph);
    setNodes((ns) => ns.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })));
    glideToFit();
  }
  function updateNodeData(id: string, data: unknown, field: string) {
    editGroup.current = `${id}:${field}`;
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, data } as TRuleFlowNode["data"] } : n)));
  }
  function updateNodeLabel(id: string, label: string) {
    editGroup.current = `${id}:label`;
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, label: label === "" ? undefined : label } as TRuleFlowNode["data"] } : n)));
  }
  function focusNodes(ids: string[]) {
    if (ids.length === 0) return;
    const set = new Set(ids);
    setNodes((ns) => ns.map((n) => (n.selected === set.has(n.id) ? n : { ...n, selected: set.has(n.id) })));
    void flow.fitView({ nodes: ids.map((nid) => ({ id: nid })), duration: 300, maxZoom: 1.2, padding: 0.6 });
  }
  function replaceGraph(g: Pick<TRuleGraph, "nodes" | "edges">) {
    const f = toFlow(g);
    setNodes(f.nodes);
    setEdges(f.edges);
    glideToFit();
  }
  function loadTheirs(stored: TStoredDraft) {
    replaceGraph(stored.graph);
    setBase(stored.graph);
    setRevision(stored.revision);
    setVersionNumber(stored.versionNumber);
    setSavedSnapshot(snapshotOf(stored.graph));
    setSavedAt({ at: new Date(stored.savedAt), by: stored.savedBy?.name ?? null });
    history.current.reset(snapshotOf(stored.graph));
    setConflict(null);
    setConflictOpen(false);
    save.reset();
  }

  // ---- keyboard shortcuts ----
  const keys = useRef({ undo, redo, copySelection, paste, saveNow, autoLayout, deleteSelection });
  keys.current = { undo, redo, copySelection, paste, saveNow, autoLayout, deleteSelection };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || document.querySelector(".dialog-backdrop")) return;
      const mod = isMac() ? e.metaKey : e.ctrlKey;
      const k = e.key.toLowerCase();
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && k === "s") return act(() => keys.current.saveNow());
      if (mod && k === "z" && !e.shiftKey && canEdit) return act(keys.current.undo);
      if (((mod && k === "z" && e.shiftKey) || (mod && k === "y")) && canEdit) return act(keys.current.redo);
      if (mod && k === "c") return act(() => keys.current.copySelection());
      if (mod && k === "x" && canEdit) return act(() => keys.current.copySelection(true));
      if (mod && k === "v" && canEdit) return act(() => keys.current.paste());
      if (mod && k === "d" && canEdit) {
        return act(() => {
          keys.current.copySelection();
          keys.current.paste();
        });
      }
      if (mod && k === "a") return act(() => setNodes((ns) => ns.map((n) => (n.selected ? n : { ...n, selected: true }))));
      if (!mod && !e.altKey && e.shiftKey && k === "l" && canEdit) return act(keys.current.autoLayout);
      if (!mod && !e.altKey && k === "f") return act(glideToFit);
      if (!mod && k === "?") return act(() => setShowShortcuts((v) => !v));
      if (k === "escape") setNodes((ns) => ns.map((n) => (n.selected ? { ...n, selected: false } : n)));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canEdit, flow, setNodes]);

  const paletteKinds = NODE_KINDS.filter((k) => kindAllowedInStage(k, base.stage));
  const hasStart = nodes.some((n) => n.data.kind === "start");
  const hasFallback = nodes.some((n) => n.data.kind === "fallback");
  const mod = isMac() ? "⌘" : "Ctrl";

  return (
    <div className="designer">
      <div className="page-head designer-head">
        <div>
          <div className="muted crumbs">
            <Link href="/rulesets">Rulesets</Link> / {STAGE_LABELS[base.stage]}
          </div>
          <h1>{ruleset.name}</h1>
          <p className="designer-meta">
            {versionStatus === "draft" ? `Draft v${versionNumber}` : `v${versionNumber} (${versionStatus})`} · {HIT_POLICY_LABELS[base.hitPolicy]}
            {ruleset.publishedVersionNumber !== null ? ` · v${ruleset.publishedVersionNumber} live` : " · not published"} · saved <TimeText value={savedAt.at} />
            {savedAt.by ? ` by ${savedAt.by}` : ""} · <Link href={`/rulesets/${ruleset.id}/versions`}>History</Link>
          </p>
        </div>
        <div className="designer-head-actions">
          {canTest ? (
            <button
              className="btn"
              data-testid="designer-simulate"
              disabled={simulating || !!conflict}
              onClick={() => setSimulating(true)}
              title={canEdit && dirty ? "Save the draft, then replay order history against it" : "Replay order history against this draft and see what would change"}
            >
              {simulating && canEdit && dirty ? "Saving…" : "Simulate"}
            </button>
          ) : null}
          {canEdit ? <SaveStatus state={saveState} errors={errors} onRetry={() => saveNow()} onShowConflict={() => setConflictOpen(true)} /> : <span className="badge">Read-only</span>}
          {canEdit ? (
            <button className="btn" disabled={save.isPending || !dirty || !!conflict} onClick={() => saveNow()} title={`Save now (${mod}+S)`}>
              Save
            </button>
          ) : null}
          {canEdit ? (
            <button
              className="btn primary"
              disabled={!!conflict || errors > 0 || (!dirty && versionStatus !== "draft")}
              onClick={() => {
                freeze.reset();
                setFreezing(true);
              }}
              title={errors > 0 ? "Fix the errors first: only a graph that compiles can be saved as a version" : "Freeze this graph as a version in the history"}
            >
              Save version…
            </button>
          ) : null}
          {perm.can("publish") ? (
            <button className="btn" data-testid="designer-publish" disabled={!!conflict} onClick={() => setPublishing(true)} title="Make a saved version live for the order router">
              Publish…
            </button>
          ) : null}
        </div>
      </div>
      {conflict && !conflictOpen ? (
        <div className="banner warn" role="alert">
          {conflict.savedBy?.name ?? "Someone"} saved this draft while you were editing; nothing was overwritten and autosave is paused.{" "}
          <button className="btn small" onClick={() => setConflictOpen(true)}>
            Compare and decide
          </button>
        </div>
      ) : saveErr && saveErr.code !== "CONFLICT" ? (
        <div className="banner error" role="alert">
          Could not save: {saveProblem ? saveProblem.text : saveErr.message}. Your changes are still on the canvas; saving resumes by itself once you change them.{" "}
          {saveProblem?.nodeId ? (
            <button className="btn small" onClick={() => focusNodes([saveProblem.nodeId!])}>
              Show the node
            </button>
          ) : null}{" "}
          <button className="btn small" onClick={() => saveNow()}>
            Try again
          </button>
        </div>
      ) : notice ? (
        <div className="banner success dismissible" role="status">
          <span>{notice}</span>
          <button className="banner-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      <div className="designer-toolbar" role="toolbar" aria-label="Canvas tools">
        {canEdit ? (
          <>
            <button className="btn small" onClick={undo} disabled={!history.current.canUndo} title={`Undo (${mod}+Z)`}>
              Undo
            </button>
            <button className="btn small" onClick={redo} disabled={!history.current.canRedo} title={`Redo (${mod}+Shift+Z)`}>
              Redo
            </button>
            <span className="toolbar-sep" />
            <button className="btn small" onClick={() => copySelection()} disabled={selectedIds.size === 0} title={`Copy (${mod}+C)`}>
              Copy
            </button>
            <button className="btn small" onClick={() => paste()} title={`Paste (${mod}+V)`}>
              Paste
            </button>
            <button className="btn small" onClick={deleteSelection} disabled={selectedIds.size === 0 && !edges.some((e) => e.selected)} title="Delete (Del)">
              Delete
            </button>
            <span className="toolbar-sep" />
            <button className="btn small" onClick={autoLayout} title="Auto-layout (Shift+L)">
              Auto-layout
            </button>
          </>
        ) : null}
        <button className="btn small" onClick={glideToFit} title="Fit view (F)">
          Fit view
        </button>
        {canEdit ? (
          <button className="btn small" aria-pressed={!panels.palette} onClick={() => togglePanel("palette")} title="More room for the canvas">
            {panels.palette ? "Hide palette" : "Show palette"}
          </button>
        ) : null}
        <button className="btn small" aria-pressed={!panels.side} onClick={() => togglePanel("side")} title="More room for the canvas">
          {panels.side ? "Hide side panel" : "Show side panel"}
        </button>
        {canEdit ? (
          <button className="btn small" onClick={() => setImporting(true)}>
            Import rules…
          </button>
        ) : null}
        <span className="toolbar-spacer" />
        <span className="muted toolbar-count">
          {nodes.length} nodes · {edges.length} edges{selectedIds.size > 1 ? ` · ${selectedIds.size} selected` : ""}
        </span>
        <button className="btn small ghost" onClick={() => setShowShortcuts((v) => !v)} aria-expanded={showShortcuts} title="Keyboard shortcuts (?)">
          Shortcuts
        </button>
      </div>
      {showShortcuts ? <ShortcutsHelp mod={mod} onClose={() => setShowShortcuts(false)} /> : null}
      <div className="designer-grid" style={{ gridTemplateColumns: gridColumns }}>
        {canEdit && panels.palette ? (
          <aside className="designer-palette" aria-label="Add a node">
            <div className="section-title">Add a node</div>
            <p className="muted palette-hint">Drag onto the canvas, or click to add at the centre.</p>
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
                        draggable={!missing && !taken}
                        onDragStart={(e) => {
                          e.dataTransfer.setData("application/x-switchyard-kind", k);
                          e.dataTransfer.effectAllowed = "copy";
                        }}
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
        <div
          className={trace ? "designer-canvas tracing" : "designer-canvas"}
          ref={canvasRef}
          data-testid="canvas"
          data-view-moving={viewMoves > 0 ? "true" : "false"}
          data-first-view={firstView ? "set" : "pending"}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes("application/x-switchyard-kind")) {
              e.preventDefault();
              e.dataTransfer.dropEffect = "copy";
            }
          }}
          onDrop={onDrop}
        >
          <NodeProblemsContext.Provider value={problemsByNode}>
            <NodeTraceContext.Provider value={trace}>
              <ReactFlow
                nodes={nodes}
                edges={edges}
                nodeTypes={NODE_TYPES}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                onNodeClick={() => {
                  setTab("inspect");
                  if (!panels.side) togglePanel("side");
                }}
                nodesDraggable={canEdit}
                nodesConnectable={canEdit}
                elementsSelectable
                deleteKeyCode={canEdit ? ["Delete", "Backspace"] : null}
                multiSelectionKeyCode={["Meta", "Control", "Shift"]}
                selectionKeyCode="Shift"
                onlyRenderVisibleElements={nodes.length > 150}
                minZoom={0.05}
              >
                <Background gap={16} />
                <MiniMap pannable zoomable nodeStrokeWidth={3} position="top-right" style={{ width: 150, height: 96 }} />
                <Controls showInteractive={false} />
              </ReactFlow>
            </NodeTraceContext.Provider>
          </NodeProblemsContext.Provider>
          {nodes.length <= 1 && canEdit ? (
            <div className="canvas-empty-hint">
              <strong>Start by adding a test</strong>
              Drag a Condition from the palette, connect Start to it, then connect its “yes” output to an action.
            </div>
          ) : null}
        </div>
        <aside className="designer-side" hidden={!panels.side}>
          <Tabs<PanelTab>
            label="Designer panels"
            value={tab}
            onChange={setTab}
            tabs={[
              { id: "inspect", label: "Inspector" },
              { id: "problems", label: <>Problems <span className={errors ? "count warn" : "count"}>{problems.length}</span></> },
              { id: "compiled", label: "JSON" },
              ...(canTest ? [{ id: "test" as const, label: "Test" }] : []),
            ]}
          />
          <div className="designer-side-body">
            {tab === "inspect" ? (
              selectedNode ? (
                <NodeInspector
                  key={selectedNode.id}
                  node={selectedNode}
                  problems={problemsByNode.get(selectedNode.id) ?? []}
                  readOnly={!canEdit}
                  onData={(data, field) => updateNodeData(selectedNode.id, data, field)}
                  onLabel={(label) => updateNodeLabel(selectedNode.id, label)}
                />
              ) : (
                <div className="empty small">
                  <strong>{selectedIds.size > 1 ? `${selectedIds.size} nodes selected` : "Nothing selected"}</strong>
                  {selectedIds.size > 1 ? "Copy, delete or move them together." : "Click a node to edit it. Shift-drag to select several."}
                </div>
              )
            ) : tab === "test" ? null : tab === "problems" ? (
              problems.length === 0 ? (
                <div className="empty small" data-testid="no-problems">
                  <strong>No problems</strong>
                  The graph compiles.
                </div>
              ) : (
                <ul className="problem-list" aria-label="Problems">
                  {problems.map((p, i) => (
                    <li key={`${p.code}-${i}`}>
                      <button className={`problem ${p.severity}`} onClick={() => focusNodes(p.nodeIds)} disabled={p.nodeIds.length === 0}>
                        <span className={p.severity === "error" ? "badge red" : "badge amber"}>{p.severity}</span> {p.message}
                      </button>
                    </li>
                  ))}
                </ul>
              )
            ) : tab === "compiled" ? (
              <CompiledRulesView graph={graph} />
            ) : null}
            {canTest ? (
              // Kept mounted while other tabs show, so the result and its overlay survive a look at the JSON.
              <div hidden={tab !== "test"}>
                <TestPanel graph={graph} errors={errors} onTrace={setTrace} onFocusNodes={focusNodes} />
              </div>
            ) : null}
          </div>
        </aside>
      </div>
      {importing ? (
        <ImportRulesDialog
          stage={base.stage}
          hitPolicy={base.hitPolicy}
          name={base.name}
          onClose={() => setImporting(false)}
          onImport={(g) => {
            replaceGraph(g);
            setImporting(false);
            setNotice(`Imported ${g.nodes.length} nodes. Undo (${mod}+Z) brings back the previous graph.`);
          }}
        />
      ) : null}
      {publishing ? (
        <PublishDialog
          rulesetId={ruleset.id}
          draft={versionStatus === "draft" || dirty ? { number: versionStatus === "draft" ? versionNumber : versionNumber + 1, unsaved: dirty } : null}
          onSaveVersion={
            canEdit && errors === 0
              ? () => {
                  setPublishing(false);
                  freeze.reset();
                  setFreezing(true);
                }
              : undefined
          }
          onClose={() => setPublishing(false)}
          onDone={(r) => {
            setPublishing(false);
            if (r.status !== "pending" && r.versionNumber === versionNumber) setVersionStatus("published");
            setNotice(outcomeText(r));
          }}
        />
      ) : null}
      {freezing ? (
        <Dialog
          title="Save as a version"
          onClose={() => setFreezing(false)}
          footer={
            <>
              <button className="btn" onClick={() => setFreezing(false)}>
                Cancel
              </button>
              <button className="btn primary" disabled={freeze.isPending} onClick={() => freeze.mutate({ id: ruleset.id, revision, graph, note: versionNote })}>
                {freeze.isPending ? "Saving…" : `Save v${versionStatus === "draft" ? versionNumber : versionNumber + 1}`}
              </button>
            </>
          }
        >
          <p className="muted">
            The version is kept in the history exactly as it is now and can be simulated, compared and later published. Editing afterwards starts a new draft.
          </p>
          {freezeErr && !Object.keys(freezeErr.fieldErrors).some((f) => f === "note") ? (
            <div className="banner error" role="alert">
              {freezeErr.fieldErrors.graph?.join("; ") ?? freezeErr.message}
            </div>
          ) : null}
          <Field label="What changed" htmlFor="version-note" error={freezeErr?.fieldErrors.note} hint="A line for the history, e.g. “EU orders held for customs check”.">
            <input id="version-note" className="input" autoFocus value={versionNote} onChange={(e) => setVersionNote(e.target.value)} maxLength={500} />
          </Field>
        </Dialog>
      ) : null}
      {conflict && conflictOpen ? (
        <SaveConflictDialog
          theirs={conflict}
          mine={graph}
          names={md.nameOf}
          onClose={() => setConflictOpen(false)}
          onLoadTheirs={() => loadTheirs(conflict)}
          onKeepMine={() => {
            save.reset();
            saveNow(conflict.revision);
          }}
        />
      ) : null}
    </div>
  );
}



function SaveStatus({ state, errors, onRetry, onShowConflict }: { state: SaveState; errors: number; onRetry: () => void; onShowConflict: () => void }) {
  const text = {
    saved: "All changes saved",
    dirty: "Unsaved changes — saving…",
    saving: "Saving…",
    error: "Not saved",
    conflict: "Conflict — not saved",
  }[state];
  return (
    <span className={`save-status ${state}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
      {state === "saved" && errors ? ` · ${errors} error${errors === 1 ? "" : "s"} to fix before publishing` : ""}
      {state === "error" ? (
        <button className="link-button" onClick={onRetry}>
          retry
        </button>
      ) : null}
      {state === "conflict" ? (
        <button className="link-button" onClick={onShowConflict}>
          compare
        </button>
      ) : null}
    </span>
  );
}

function ShortcutsHelp({ mod, onClose }: { mod: string; onClose: () => void }) {
  const rows: [string, string][] = [
    [`${mod}+Z / ${mod}+Shift+Z`, "Undo / redo"],
    [`${mod}+C / ${mod}+X / ${mod}+V`, "Copy / cut / paste the selection"],
    [`${mod}+D`, "Duplicate the selection"],
    [`${mod}+A`, "Select everything"],
    ["Shift-drag, Shift/Ctrl-click", "Select several nodes"],
    ["Delete / Backspace", "Delete the selection"],
    ["Shift+L", "Auto-layout"],
    ["F", "Fit the graph in view"],
    [`${mod}+S`, "Save now (drafts also save themselves)"],
    ["Esc", "Clear the selection"],
  ];
  return (
    <div className="shortcuts-help" role="dialog" aria-label="Keyboard shortcuts">
      <div className="shortcuts-head">
        <strong>Keyboard shortcuts</strong>
        <button className="banner-close" aria-label="Close shortcuts" onClick={onClose}>
          ×
        </button>
      </div>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function NodeInspector({
  node,
  problems,
  readOnly,
  onData,
  onLabel,
}: {
  node: TRuleFlowNode;
  problems: TProblem[];
  readOnly: boolean;
  onData: (data: unknown, field: string) => void;
  onLabel: (label: string) => void;
}) {
  const kind = node.data.kind;
  const Inspector = NODE_INSPECTORS[kind] as (p: { nodeId: string; data: unknown; onChange: (d: unknown, f: string) => void; errors: Record<string, string[]>; readOnly: boolean }) => React.ReactNode;
  const errors = fieldErrorsOf(problems);
  const general = problems.filter((p) => !p.field || !p.field.startsWith("data."));
  return (
    <div className="inspector" aria-label={`Inspector: ${NODE_KIND_UI[kind].label}`}>
      <div className="inspector-head">
        <span className={`kind-dot cat-${NODE_KIND_UI[kind].category}`} />
        <strong>{NODE_KIND_UI[kind].label}</strong>
        <span className="muted inspector-id">{node.id}</span>
      </div>
      {general.length ? (
        <ul className="inspector-problems" aria-label="Problems of this node">
          {general.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor={`insp-${node.id}-label`}>Name on the canvas</label>
        <input
          id={`insp-${node.id}-label`}
          className="input"
          disabled={readOnly}
          placeholder={NODE_KIND_UI[kind].label}
          value={node.data.label ?? ""}
          onChange={(e) => onLabel(e.target.value)}
        />
      </div>
      <Inspector nodeId={node.id} data={node.data.data} onChange={onData} errors={errors} readOnly={readOnly} />
    </div>
  );
}
