"use client";
import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import { Background, Controls, MiniMap, type NodeTypes, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import Link from "next/link";
import { type DragEvent, useDeferredValue, useMemo, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Tabs } from "@/components/ui/tabs";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { PublishDialog } from "@/components/publishing/publish-dialog";
import { outcomeText } from "@/components/publishing/publishing-outcome";
import { useTRPC } from "@/lib/trpc";
import { validateGraph } from "@/rules-schema/graph/analyze-graph";

/** Beyond this many decision table rows, the designer checks the graph after a pause in the edits. */
const LARGE_TABLE_ROWS = 500;

import { NODE_KINDS, STAGE_LABELS, type TNodeKind, type TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { kindAllowedInStage } from "@/rules-schema/graph/node-kinds";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import type { TRulesetOut } from "@/server/schemas/ruleset-schemas";
import { CompiledRulesView } from "./compiled-rules-view";
import { DesignerMasterDataContext, useDesignerMasterData, useLoadDesignerMasterData } from "./designer-master-data";
import { snapshotOf } from "./graph-actions";
import type { TRuleFlowEdge, TRuleFlowNode } from "./graph-to-flow";
import { ImportRulesDialog } from "./import-rules-dialog";
import { NODE_INSPECTORS, fieldErrorsOf } from "./node-inspectors";
import { NODE_KIND_UI, type NewNodeRefs, NodeNamesContext, NodeProblemsContext, NodeTraceContext, type NodeTraceMark, RuleNode, newNodeData, ruleNamesOf } from "./node-kind-ui";
import { HIT_POLICY_LABELS } from "./rulesets-screen";
import { SaveConflictDialog } from "./save-conflict-dialog";
import { SuitePanel } from "./suite-panel";
import { analysisNote, findingLabel } from "./suite-format";
import { TestPanel, type TestPanelLoad } from "./test-panel";
import type { TCaseSource } from "./save-case-form";
import { useClipboard } from "./use-clipboard";
import { useDesignerGraph } from "./use-designer-graph";
import { useDesignerPanels } from "./use-designer-panels";
import { modKeyLabel, useDesignerShortcuts } from "./use-designer-shortcuts";
import { type SaveState, useDraftSaving } from "./use-draft-saving";
import { useGlideToFit } from "./use-glide-to-fit";
import { useGraphHistory } from "./use-graph-history";
import { useReadableFirstView } from "./use-readable-first-view";
import { type RuleAnalysisState, useRuleAnalysis } from "./use-rule-analysis";
import { useSettled } from "./use-settled";

/** The first view: never zoomed out so far that hundreds of nodes are on screen (panning cost grows with them). */
const FIRST_VIEW_OPTIONS = { maxZoom: 1, padding: 0.12 } as const;
const NODE_TYPES: NodeTypes = { rule: RuleNode };

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

type PanelTab = "inspect" | "problems" | "compiled" | "test" | "suite";
const KIND_MIME = "application/x-switchyard-kind";

function Designer({ ruleset }: { ruleset: TRulesetOut }) {
  const perm = usePermission();
  const canEdit = perm.can("editRules");
  const canTest = perm.can("simulate");
  const flow = useReactFlow<TRuleFlowNode, TRuleFlowEdge>();
  const view = useGlideToFit();
  const { panels, togglePanel } = useDesignerPanels(view.glideToFit);
  const gridColumns = [canEdit && panels.palette ? "168px" : null, "minmax(0, 1fr)", panels.side ? "360px" : null].filter(Boolean).join(" ");
  const canvasRef = useRef<HTMLDivElement>(null);
  const firstView = useReadableFirstView(FIRST_VIEW_OPTIONS);
  const md = useDesignerMasterData();
  const [tab, setTab] = useState<PanelTab>("inspect");
  const [importing, setImporting] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [trace, setTrace] = useState<ReadonlyMap<string, NodeTraceMark> | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** An order for the Test panel to evaluate at once (a finding's example, a suite case). */
  const [testLoad, setTestLoad] = useState<TestPanelLoad | null>(null);

  const refs: NewNodeRefs = { warehouseId: md.warehouses[0]?.id ?? null, channelId: md.channels[0]?.id ?? null };
  const g = useDesignerGraph(ruleset, { refs, canvasRef, glideToFit: view.glideToFit });
  const { nodes, edges, base, graph, selectedIds, selectedNode } = g;
  // Validation runs at low priority: the first paint uses the problems the server sent with the
  // ruleset, and typing or dropping a node never waits for a 1,000-node check.
  // Large decision tables take a noticeable moment to check: wait for a pause in the edits, so the edit
  // itself paints first and a run of edits is checked once.
  const tableRows = useMemo(() => graph.nodes.reduce((n, x) => n + (x.kind === "decisionTable" ? (x.data as { rows: unknown[] }).rows.length : 0), 0), [graph]);
  const settledGraph = useSettled(graph, tableRows > LARGE_TABLE_ROWS ? 300 : null);
  const checkedGraph = useDeferredValue<TRuleGraph | null>(settledGraph, null);
  const validation = useMemo(
    () => (checkedGraph ? validateGraph(checkedGraph, { context: md.validationContext }) : ruleset.problems),
    [checkedGraph, md.validationContext, ruleset.problems],
  );
  const errors = validation.filter((p) => p.severity === "error").length;
  // The rule analysis proves each finding with an order; it runs only on a graph without errors, with
  // the master data (channels' limits), after a pause in the edits.
  const analysis = useRuleAnalysis(checkedGraph && errors === 0 && md.loaded ? checkedGraph : null, md.validationContext, md.arrivingWarehouseIds);
  const problems = useMemo(() => (analysis.problems.length ? [...validation, ...analysis.problems] : validation), [validation, analysis.problems]);
  const problemsByNode = useMemo(() => {
    const m = new Map<string, TProblem[]>();
    for (const p of problems) for (const nid of p.nodeIds) m.set(nid, [...(m.get(nid) ?? []), p]);
    return m;
  }, [problems]);

  const history = useGraphHistory({ snapshot: g.snapshot, dragging: g.dragging, restore: g.restore });
  const saving = useDraftSaving({
    ruleset,
    graph,
    snapshot: g.snapshot,
    dragging: g.dragging,
    canEdit,
    userName: perm.me?.user.name ?? null,
    onNotice: setNotice,
    onLoadStored: (stored) => {
      g.loadGraph(stored.graph);
      history.reset(snapshotOf(stored.graph));
    },
  });
  const { dirty, conflict, versionNumber, versionStatus, saveError, saveProblem } = saving;
  const clipboard = useClipboard({ graph, selectedIds, stage: base.stage, canEdit, apply: g.apply, deleteSelection: g.deleteSelection, onNotice: setNotice });
  useDesignerShortcuts(canEdit, {
    saveNow: () => saving.saveNow(),
    undo: history.undo,
    redo: history.redo,
    copySelection: clipboard.copySelection,
    paste: () => clipboard.paste(),
    selectAll: g.selectAll,
    clearSelection: g.clearSelection,
    autoLayout: g.autoLayout,
    fitView: view.glideToFit,
    toggleHelp: () => setShowShortcuts((v) => !v),
  });

  /** Shows an order in the Test panel and evaluates it, so its trace shows on the canvas. */
  function openInTestPanel(order: unknown, source: TCaseSource, assignedWarehouseId: string | null = null, inventory: Record<string, Record<string, number>> | null = null) {
    setTestLoad((prev) => ({ order, source, assignedWarehouseId, inventory, seq: (prev?.seq ?? 0) + 1 }));
    setTab("test");
    if (!panels.side) togglePanel("side");
  }
  function loadExample(p: TProblem) {
    if (!p.example) return;
    if (p.nodeIds.length) g.focusNodes(p.nodeIds);
    // Later stages: evaluated as from the warehouse the example assumed (not what the live warehouse rules would pick).
    openInTestPanel(p.example.order, "manual", p.example.assignedWarehouseId);
  }

  function addNode(kind: TNodeKind, at?: { x: number; y: number }) {
    if (g.addNode(kind, at)) setTab("inspect");
  }
  function onDrop(e: DragEvent) {
    const kind = e.dataTransfer.getData(KIND_MIME) as TNodeKind;
    if (!canEdit || !(NODE_KINDS as readonly string[]).includes(kind)) return;
    e.preventDefault();
    addNode(kind, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  }
  function editNodeData(id: string, data: unknown, field: string) {
    history.groupNextEdit(`${id}:${field}`);
    g.setNodeData(id, data);
  }
  function editNodeLabel(id: string, label: string) {
    history.groupNextEdit(`${id}:label`);
    g.setNodeLabel(id, label);
  }

  const paletteKinds = NODE_KINDS.filter((k) => kindAllowedInStage(k, base.stage));
  const hasStart = nodes.some((n) => n.data.kind === "start");
  const hasFallback = nodes.some((n) => n.data.kind === "fallback");
  const mod = modKeyLabel();

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
            {ruleset.publishedVersionNumber !== null ? ` · v${ruleset.publishedVersionNumber} live` : " · not published"} · saved <TimeText value={saving.savedAt.at} />
            {saving.savedAt.by ? ` by ${saving.savedAt.by}` : ""} · <Link href={`/rulesets/${ruleset.id}/versions`}>History</Link>
          </p>
        </div>
        <div className="designer-head-actions">
          {canTest ? (
            <button
              className="btn"
              data-testid="designer-simulate"
              disabled={saving.simulating || !!conflict}
              onClick={saving.simulate}
              title={canEdit && dirty ? "Save the draft, then replay order history against it" : "Replay order history against this draft and see what would change"}
            >
              {saving.simulating && canEdit && dirty ? "Saving…" : "Simulate"}
            </button>
          ) : null}
          {canEdit ? <SaveStatus state={saving.saveState} errors={errors} onRetry={() => saving.saveNow()} onShowConflict={saving.showConflict} /> : <span className="badge">Read-only</span>}
          {canEdit ? (
            <button className="btn" disabled={saving.isSaving || !dirty || !!conflict} onClick={() => saving.saveNow()} title={`Save now (${mod}+S)`}>
              Save
            </button>
          ) : null}
          {canEdit ? (
            <button
              className="btn primary"
              disabled={!!conflict || errors > 0 || (!dirty && versionStatus !== "draft")}
              onClick={saving.openSaveVersion}
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
      {conflict && !saving.conflictOpen ? (
        <div className="banner warn" role="alert">
          {conflict.savedBy?.name ?? "Someone"} saved this draft while you were editing; nothing was overwritten and autosave is paused.{" "}
          <button className="btn small" onClick={saving.showConflict}>
            Compare and decide
          </button>
        </div>
      ) : saveError && saveError.code !== "CONFLICT" ? (
        <div className="banner error" role="alert">
          Could not save: {saveProblem ? saveProblem.text : saveError.message}. Your changes are still on the canvas; saving resumes by itself once you change them.{" "}
          {saveProblem?.nodeId ? (
            <button className="btn small" onClick={() => g.focusNodes([saveProblem.nodeId!])}>
              Show the node
            </button>
          ) : null}{" "}
          <button className="btn small" onClick={() => saving.saveNow()}>
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
            <button className="btn small" onClick={history.undo} disabled={!history.canUndo} title={`Undo (${mod}+Z)`}>
              Undo
            </button>
            <button className="btn small" onClick={history.redo} disabled={!history.canRedo} title={`Redo (${mod}+Shift+Z)`}>
              Redo
            </button>
            <span className="toolbar-sep" />
            <button className="btn small" onClick={() => clipboard.copySelection()} disabled={selectedIds.size === 0} title={`Copy (${mod}+C)`}>
              Copy
            </button>
            <button className="btn small" onClick={() => clipboard.paste()} title={`Paste (${mod}+V)`}>
              Paste
            </button>
            <button className="btn small" onClick={g.deleteSelection} disabled={selectedIds.size === 0 && !edges.some((e) => e.selected)} title="Delete (Del)">
              Delete
            </button>
            <span className="toolbar-sep" />
            <button className="btn small" onClick={g.autoLayout} title="Auto-layout (Shift+L)">
              Auto-layout
            </button>
          </>
        ) : null}
        <button className="btn small" onClick={view.glideToFit} title="Fit view (F)">
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
      <NodeTraceContext.Provider value={trace}>
      <div className="designer-grid" style={{ gridTemplateColumns: gridColumns }}>
        {canEdit && panels.palette ? (
          <aside className="designer-palette" aria-label="Add a node">
            <div className="section-title">Add a node</div>
            <p className="muted palette-hint">Drag onto the canvas, or click to add at the centre.</p>
            {(["entry", "test", "table", "action"] as const).map((cat) => (
              <div key={cat} className="palette-group">
                <div className="muted palette-cat">{cat === "entry" ? "Entries" : cat === "test" ? "Tests" : cat === "table" ? "Tables" : "Actions"}</div>
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
                          e.dataTransfer.setData(KIND_MIME, k);
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
          data-view-moving={view.moving ? "true" : "false"}
          data-first-view={firstView ? "set" : "pending"}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(KIND_MIME)) {
              e.preventDefault();
              e.dataTransfer.dropEffect = "copy";
            }
          }}
          onDrop={onDrop}
        >
          <NodeProblemsContext.Provider value={problemsByNode}>
              <ReactFlow
                nodes={nodes}
                edges={edges}
                nodeTypes={NODE_TYPES}
                onNodesChange={g.onNodesChange}
                onEdgesChange={g.onEdgesChange}
                onConnect={g.onConnect}
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
              { id: "suite", label: "Suite" },
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
                  onData={(data, field) => editNodeData(selectedNode.id, data, field)}
                  onLabel={(label) => editNodeLabel(selectedNode.id, label)}
                />
              ) : (
                <div className="empty small">
                  <strong>{selectedIds.size > 1 ? `${selectedIds.size} nodes selected` : "Nothing selected"}</strong>
                  {selectedIds.size > 1 ? "Copy, delete or move them together." : "Click a node to edit it. Shift-drag to select several."}
                </div>
              )
            ) : tab === "test" ? null : tab === "problems" ? (
              <>
                {validation.length === 0 ? (
                  analysis.problems.length === 0 ? (
                    <div className="empty small" data-testid="no-problems">
                      <strong>No problems</strong>
                      The graph compiles{analysis.analysis ? "; the rule analysis found no overlapping, shadowed or dead rules and no gaps" : ""}.
                    </div>
                  ) : (
                    <p className="problems-ok" data-testid="no-problems">
                      ✓ No errors: the graph compiles.
                    </p>
                  )
                ) : (
                  <ul className="problem-list" aria-label="Problems">
                    {validation.map((p, i) => (
                      <li key={`${p.code}-${i}`}>
                        <button className={`problem ${p.severity}`} onClick={() => g.focusNodes(p.nodeIds)} disabled={p.nodeIds.length === 0}>
                          <span className={p.severity === "error" ? "badge red" : "badge amber"}>{p.severity}</span> {p.message}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
                {analysis.problems.length ? (
                  <section className="findings" aria-label="Rule analysis">
                    <h3 className="findings-title">
                      Rule analysis <span className="muted">· each finding shown by an order</span>
                    </h3>
                    <ul className="problem-list" aria-label="Rule analysis findings">
                      {analysis.problems.map((p, i) => (
                        <li key={`${p.code}-${i}`} className="finding" data-testid="finding">
                          <button className="problem warning" onClick={() => g.focusNodes(p.nodeIds)} disabled={p.nodeIds.length === 0}>
                            <span className="badge amber">{findingLabel(p.code)}</span> {p.message}
                          </button>
                          {p.example ? (
                            <div className="finding-example">
                              <span className="finding-evidence">
                                <span className="muted">Checked with an example order: </span>
                                {p.example.evidence}
                              </span>
                              {canTest ? (
                                <button className="btn small" onClick={() => loadExample(p)} title="Show the example order in the Test panel and evaluate it, with the trace on the canvas">
                                  Load example order
                                </button>
                              ) : null}
                            </div>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
                <AnalysisStatus state={analysis} errors={errors} graph={graph} nameOf={md.nameOf} onFocusNodes={g.focusNodes} />
              </>
            ) : tab === "compiled" ? (
              <CompiledRulesView graph={graph} />
            ) : null}
            {canTest ? (
              // Kept mounted while other tabs show, so the result and its overlay survive a look at the JSON.
              <div hidden={tab !== "test"}>
                <TestPanel
                  graph={graph}
                  errors={errors}
                  rulesetId={ruleset.id}
                  stage={base.stage}
                  canEdit={canEdit}
                  load={testLoad}
                  onTrace={setTrace}
                  onFocusNodes={g.focusNodes}
                />
              </div>
            ) : null}
            <div hidden={tab !== "suite"}>
              <SuitePanel
                rulesetId={ruleset.id}
                rulesetName={ruleset.name}
                graph={graph}
                errors={errors}
                canEdit={canEdit}
                canTest={canTest}
                active={tab === "suite"}
                onOpenCase={(order, source, inventory, assignedWarehouseId) => openInTestPanel(order, source, assignedWarehouseId, inventory)}
                onFocusNodes={g.focusNodes}
              />
            </div>
          </div>
        </aside>
      </div>
      </NodeTraceContext.Provider>
      {importing ? (
        <ImportRulesDialog
          stage={base.stage}
          hitPolicy={base.hitPolicy}
          name={base.name}
          onClose={() => setImporting(false)}
          onImport={(imported) => {
            g.replaceGraph(imported);
            setImporting(false);
            setNotice(`Imported ${imported.nodes.length} nodes. Undo (${mod}+Z) brings back the previous graph.`);
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
                  saving.openSaveVersion();
                }
              : undefined
          }
          onClose={() => setPublishing(false)}
          onDone={(r) => {
            setPublishing(false);
            if (r.status !== "pending") saving.markPublished(r.versionNumber);
            setNotice(outcomeText(r));
          }}
        />
      ) : null}
      {saving.freezing ? (
        <Dialog
          title="Save as a version"
          onClose={saving.closeSaveVersion}
          footer={
            <>
              <button className="btn" onClick={saving.closeSaveVersion}>
                Cancel
              </button>
              <button className="btn primary" disabled={saving.isFreezing} onClick={saving.saveVersion}>
                {saving.isFreezing ? "Saving…" : `Save v${versionStatus === "draft" ? versionNumber : versionNumber + 1}`}
              </button>
            </>
          }
        >
          <p className="muted">
            The version is kept in the history exactly as it is now and can be simulated, compared and later published. Editing afterwards starts a new draft.
          </p>
          {saving.freezeError && !Object.keys(saving.freezeError.fieldErrors).some((f) => f === "note") ? (
            <div className="banner error" role="alert">
              {saving.freezeError.fieldErrors.graph?.join("; ") ?? saving.freezeError.message}
            </div>
          ) : null}
          <Field label="What changed" htmlFor="version-note" error={saving.freezeError?.fieldErrors.note} hint="A line for the history, e.g. “EU orders held for customs check”.">
            <input id="version-note" className="input" autoFocus value={saving.versionNote} onChange={(e) => saving.setVersionNote(e.target.value)} maxLength={500} />
          </Field>
        </Dialog>
      ) : null}
      {conflict && saving.conflictOpen ? (
        <SaveConflictDialog
          theirs={conflict}
          mine={graph}
          names={md.nameOf}
          onClose={saving.hideConflict}
          onLoadTheirs={saving.loadTheirs}
          onKeepMine={saving.keepMine}
        />
      ) : null}
    </div>
  );
}

/** Under the Problems list: whether the rule analysis ran, and what it could not analyse (said plainly, no estimate). */
function AnalysisStatus({
  state,
  errors,
  graph,
  nameOf,
  onFocusNodes,
}: {
  state: RuleAnalysisState;
  errors: number;
  graph: TRuleGraph;
  nameOf: (id: string) => string;
  onFocusNodes: (ids: string[]) => void;
}) {
  const limited = state.analysis !== null && (state.analysis.notAnalysed.length > 0 || state.analysis.incomplete.length > 0);
  // Rule titles only when there is something to name (a table may have thousands of rows).
  const names = useMemo(() => (limited ? ruleNamesOf(graph, nameOf) : null), [limited, graph, nameOf]);
  const note = useMemo(() => (names ? analysisNote(state.analysis, (n) => names.get(n)?.title ?? n) : null), [names, state.analysis]);
  if (errors > 0)
    return (
      <p className="muted analysis-status" data-testid="analysis-status">
        The rule analysis (overlaps, shadowed and dead rules, gaps) runs once the graph has no errors.
      </p>
    );
  if (!state.analysis) return state.pending ? <p className="muted analysis-status">Analysing the rules…</p> : null;
  return (
    <>
      {state.pending ? <p className="muted analysis-status">The canvas changed: analysing the rules again…</p> : null}
      {note ? (
        <details className="analysis-note" data-testid="analysis-note">
          <summary>{note.text}</summary>
          <ul>
            {note.rules.map((r) => (
              <li key={r.ruleName}>
                <button className="link-button" onClick={() => onFocusNodes(r.nodeIds)}>
                  {r.title}
                </button>
                : not analysed — {r.reasons.join("; ")}
              </li>
            ))}
            {note.questions.map((q, i) => (
              <li key={`q${i}`}>Not analysed: {q}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
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
