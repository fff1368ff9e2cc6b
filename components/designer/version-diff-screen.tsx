"use client";
import "./history.css";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useCallback, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/list-states";
import { useTRPC } from "@/lib/trpc";
import type { TGraphDiff, TNodeChange, TSettingChange } from "@/rules-schema/graph/diff-graphs";
import { STAGE_LABELS, type TGraphEdge, type TGraphNode } from "@/rules-schema/graph/graph-schema";
import type { TRulesetVersionSummary } from "@/server/schemas/ruleset-schemas";
import { type TDiffMark, diffOverlay } from "./diff-overlay";
import { type TFieldChange, fieldLabel, fieldText, nodeFieldChanges } from "./field-changes";
import { GraphView } from "./graph-view";
import { MasterNamesContext, useLoadDesignerMasterData, useMasterNames } from "./designer-master-data";
import { NODE_KIND_UI, summaryOf } from "./node-kind-ui";
import { HIT_POLICY_LABELS } from "./rulesets-screen";
import { HistoryCrumbs, versionLabel } from "./version-ui";

interface Pair {
  from: number;
  to: number;
}

/** The newest version against the one before it, unless the URL says otherwise. */
function defaultPair(initialFrom: number | null, initialTo: number | null, latest: number): Pair {
  const to = initialTo ?? latest;
  return { from: initialFrom ?? Math.max(1, to - 1), to };
}

/** Two versions of a ruleset on one canvas, with every difference marked and listed. */
export function VersionDiffScreen({ id, initialFrom, initialTo }: { id: string; initialFrom: number | null; initialTo: number | null }) {
  const trpc = useTRPC();
  const ruleset = useQuery(trpc.rulesets.get.queryOptions({ id }));
  const versions = useQuery(trpc.rulesets.versions.queryOptions({ id }));
  const [chosen, setChosen] = useState<Pair | null>(null);
  const latest = versions.data?.[0]?.number;
  const pair = chosen ?? (latest !== undefined ? defaultPair(initialFrom, initialTo, latest) : null);

  const diff = useQuery(trpc.rulesets.diff.queryOptions(pair ? { id, ...pair } : skipToken, { staleTime: 60_000 }));
  const toVersion = useQuery(trpc.rulesets.version.queryOptions(pair ? { id, number: pair.to } : skipToken, { staleTime: 60_000 }));
  // Warehouses, channels and stores by name, not id, in summaries and field values.
  const md = useLoadDesignerMasterData();

  const choose = (next: Pair) => {
    setChosen(next);
    window.history.replaceState(null, "", `?from=${next.from}&to=${next.to}`);
  };

  const base = `/rulesets/${id}`;
  const error = ruleset.error ?? versions.error;
  if (error)
    return (
      <div className="banner error" role="alert">
        {error.message} <Link href="/rulesets">Back to rulesets</Link>
      </div>
    );

  const ready = pair && diff.data && toVersion.data && diff.data.from === pair.from && diff.data.to === pair.to && toVersion.data.number === pair.to;
  const loadError = diff.error ?? toVersion.error;

  return (
    <MasterNamesContext.Provider value={md.nameOf}>
    <div className="history">
      <div className="page-head">
        <div>
          <HistoryCrumbs id={id} ruleset={ruleset.data} />
          <h1>{pair ? `Compare ${versionLabel(pair.from)} → ${versionLabel(pair.to)}` : "Compare versions"}</h1>
          <p>{ruleset.data ? <strong className="ink">{ruleset.data.name}</strong> : "…"} · what changed on the canvas, in the rules and in the settings</p>
        </div>
        <div className="head-actions">
          <Link className="btn" href={`${base}/versions`}>
            Version history
          </Link>
          <Link className="btn" href={base}>
            Open draft in designer
          </Link>
        </div>
      </div>
      <div className="toolbar diff-toolbar">
        {pair && versions.data ? <PairPicker versions={versions.data} pair={pair} onChange={choose} published={ruleset.data?.publishedVersionNumber ?? null} /> : <div className="skeleton" style={{ width: 320 }} />}
      </div>
      {loadError ? (
        <div className="banner error" role="alert">
          {loadError.message}
        </div>
      ) : ready ? (
        <DiffBody key={`${pair.from}-${pair.to}`} pair={pair} diff={diff.data!.diff} to={toVersion.data!.graph} />
      ) : (
        <div className="history-grid">
          <div className="history-canvas skeleton" aria-busy="true" aria-label="Loading" />
          <div className="history-side skeleton" />
        </div>
      )}
    </div>
    </MasterNamesContext.Provider>
  );
}

function PairPicker({ versions, pair, onChange, published }: { versions: TRulesetVersionSummary[]; pair: Pair; onChange: (p: Pair) => void; published: number | null }) {
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      {versionLabel(v.number)} · {v.status}
      {v.number === published ? " · live" : ""}
    </option>
  ));
  return (
    <div className="pair-picker">
      <label className="pair-field">
        <span>From</span>
        <select className="select compact" value={pair.from} onChange={(e) => onChange({ ...pair, from: Number(e.target.value) })} aria-label="From version">
          {options}
        </select>
      </label>
      <button className="btn small swap" onClick={() => onChange({ from: pair.to, to: pair.from })} title="Swap the two versions" aria-label="Swap versions">
        ⇄
      </button>
      <label className="pair-field">
        <span>To</span>
        <select className="select compact" value={pair.to} onChange={(e) => onChange({ ...pair, to: Number(e.target.value) })} aria-label="To version">
          {options}
        </select>
      </label>
    </div>
  );
}

const MARK_LABELS: Record<TDiffMark, string> = { added: "added", removed: "removed", changed: "changed", moved: "moved" };

function Legend({ diff }: { diff: TGraphDiff }) {
  const counts: [TDiffMark, number][] = [
    ["added", diff.nodes.added.length],
    ["removed", diff.nodes.removed.length],
    ["changed", diff.nodes.changed.length],
    ["moved", diff.nodes.moved.length],
  ];
  const edges = diff.edges.added.length + diff.edges.removed.length;
  return (
    <div className="diff-legend" aria-label="Summary of changes">
      {counts.map(([mark, n]) => (
        <span key={mark} className={n ? `diff-chip ${mark}` : `diff-chip ${mark} zero`} data-testid={`count-${mark}`}>
          <span className="swatch" />
          {n} {MARK_LABELS[mark]}
        </span>
      ))}
      <span className={edges ? "diff-chip edges" : "diff-chip edges zero"}>
        +{diff.edges.added.length} / −{diff.edges.removed.length} connections
      </span>
      {diff.settings.length ? <span className="diff-chip settings">{diff.settings.length} setting{diff.settings.length === 1 ? "" : "s"}</span> : null}
    </div>
  );
}

const nodeTitle = (n: TGraphNode) => n.label || NODE_KIND_UI[n.kind].label;
const HANDLE_TEXT: Record<TGraphEdge["sourceHandle"], string> = { next: "next", true: "yes", false: "no", member: "member" };
const SETTING_LABELS: Record<TSettingChange["field"], string> = { name: "Name", stage: "Stage", hitPolicy: "Hit policy" };
function settingText(c: TSettingChange, side: "from" | "to"): string {
  if (c.field === "stage") return STAGE_LABELS[c[side]];
  if (c.field === "hitPolicy") return HIT_POLICY_LABELS[c[side]];
  return c[side] || "(none)";
}

function DiffBody({ pair, diff, to }: { pair: Pair; diff: TGraphDiff; to: { nodes: TGraphNode[]; edges: TGraphEdge[] } }) {
  const overlay = useMemo(() => diffOverlay(to, diff), [to, diff]);
  const nodeById = useMemo(() => new Map(overlay.graph.nodes.map((n) => [n.id, n])), [overlay]);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ id: string; key: number } | null>(null);
  const listRef = useRef<HTMLElement>(null);

  const focusNode = useCallback((nodeId: string) => {
    setSelected(nodeId);
    setFocus((f) => ({ id: nodeId, key: (f?.key ?? 0) + 1 }));
  }, []);
  // A click on the canvas picks the node's entry in the list (without moving the view).
  const pickOnCanvas = useCallback((nodeId: string) => {
    setSelected(nodeId);
    setFocus(null);
    const item = listRef.current?.querySelector(`[data-change-id="${CSS.escape(nodeId)}"]`);
    item?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  const edgeText = (e: TGraphEdge) => {
    const s = nodeById.get(e.sourceId);
    const t = nodeById.get(e.targetId);
    return `${s ? nodeTitle(s) : e.sourceId} → ${t ? nodeTitle(t) : e.targetId}`;
  };
  const same = pair.from === pair.to;

  return (
    <div className="history-grid">
      <div className="history-canvas" data-testid="canvas">
        <Legend diff={diff} />
        <GraphView
          graph={overlay.graph}
          highlight={overlay.nodeMarks}
          edgeHighlight={overlay.edgeMarks}
          focusNodeId={focus?.id ?? null}
          focusKey={focus?.key}
          selectedNodeId={selected}
          onNodeClick={pickOnCanvas}
          label={`Changes from ${versionLabel(pair.from)} to ${versionLabel(pair.to)}`}
        />
      </div>
      <aside className="history-side changes" aria-label="Changes" ref={listRef}>
        {diff.identical ? (
          <EmptyState title="No differences">
            {same
              ? `You are comparing ${versionLabel(pair.from)} with itself. Pick another version above.`
              : `${versionLabel(pair.from)} and ${versionLabel(pair.to)} are the same graph, down to the node positions.`}
          </EmptyState>
        ) : (
          <>
            {diff.settings.length ? (
              <ChangeGroup title="Settings" count={diff.settings.length}>
                {diff.settings.map((c) => (
                  <li key={c.field} className="change static">
                    <FieldRows rows={[{ path: SETTING_LABELS[c.field], before: settingText(c, "from"), after: settingText(c, "to") }]} raw />
                  </li>
                ))}
              </ChangeGroup>
            ) : null}
            <NodeGroup mark="added" title="Added nodes" nodes={diff.nodes.added} selected={selected} onFocus={focusNode} />
            <NodeGroup mark="removed" title="Removed nodes" nodes={diff.nodes.removed} selected={selected} onFocus={focusNode} />
            {diff.nodes.changed.length ? (
              <ChangeGroup title="Changed nodes" mark="changed" count={diff.nodes.changed.length}>
                {diff.nodes.changed.map((c) => (
                  <ChangedNode key={c.id} change={c} active={selected === c.id} onFocus={focusNode} />
                ))}
              </ChangeGroup>
            ) : null}
            <NodeGroup
              mark="moved"
              title="Moved nodes"
              nodes={diff.nodes.moved.flatMap((m) => nodeById.get(m.id) ?? [])}
              selected={selected}
              onFocus={focusNode}
              note="Only their place on the canvas changed."
            />
            {diff.edges.added.length + diff.edges.removed.length ? (
              <ChangeGroup title="Connections" count={diff.edges.added.length + diff.edges.removed.length}>
                {[...diff.edges.added.map((e) => ["added", e] as const), ...diff.edges.removed.map((e) => ["removed", e] as const)].map(([mark, e]) => (
                  <li key={`${mark}-${e.id}`}>
                    <button className={`change mark-${mark}`} onClick={() => focusNode(e.targetId)} title="Show the node it leads to">
                      <span className="change-head">
                        <span className="change-dot" />
                        <span className="change-title">{edgeText(e)}</span>
                        <span className="handle-tag">{HANDLE_TEXT[e.sourceHandle]}</span>
                      </span>
                      <span className="change-summary">{mark === "added" ? "Connection added" : "Connection removed"}</span>
                    </button>
                  </li>
                ))}
              </ChangeGroup>
            ) : null}
          </>
        )}
      </aside>
    </div>
  );
}

function ChangeGroup({ title, count, mark, children }: { title: string; count: number; mark?: TDiffMark; children: ReactNode }) {
  return (
    <section className="change-group" aria-label={title}>
      <h2 className="side-title">
        {mark ? <span className={`swatch ${mark}`} /> : null}
        {title} <span className="count">{count}</span>
      </h2>
      <ul className="change-list">{children}</ul>
    </section>
  );
}

function NodeGroup({ mark, title, nodes, selected, onFocus, note }: { mark: TDiffMark; title: string; nodes: TGraphNode[]; selected: string | null; onFocus: (id: string) => void; note?: string }) {
  const names = useMasterNames();
  if (nodes.length === 0) return null;
  return (
    <ChangeGroup title={title} mark={mark} count={nodes.length}>
      {note ? <li className="group-note">{note}</li> : null}
      {nodes.map((n) => (
        <li key={n.id}>
          <button className={`change mark-${mark}${selected === n.id ? " active" : ""}`} onClick={() => onFocus(n.id)} data-change-id={n.id}>
            <span className="change-head">
              <span className="change-dot" />
              <span className="change-title">{nodeTitle(n)}</span>
              <span className="kind-tag">{NODE_KIND_UI[n.kind].label}</span>
            </span>
            <span className="change-summary">{summaryOf(n, names)}</span>
          </button>
        </li>
      ))}
    </ChangeGroup>
  );
}

function ChangedNode({ change, active, onFocus }: { change: TNodeChange; active: boolean; onFocus: (id: string) => void }) {
  const rows = useMemo(() => nodeFieldChanges(change), [change]);
  const names = useMasterNames();
  const before = summaryOf(change.before, names);
  const after = summaryOf(change.after, names);
  return (
    <li className={active ? "changed-entry active" : "changed-entry"}>
      <button className={`change mark-changed${active ? " active" : ""}`} onClick={() => onFocus(change.id)} data-change-id={change.id}>
        <span className="change-head">
          <span className="change-dot" />
          <span className="change-title">{nodeTitle(change.after)}</span>
          <span className="kind-tag">{NODE_KIND_UI[change.after.kind].label}</span>
        </span>
        <span className="change-summary">{before === after ? after : `${before} → ${after}`}</span>
      </button>
      <FieldRows rows={rows} />
    </li>
  );
}

/** Field-level before → after; `raw` when `path` is already a label. */
function FieldRows({ rows, raw = false }: { rows: TFieldChange[]; raw?: boolean }) {
  const names = useMasterNames();
  return (
    <ul className="diff field-rows">
      {rows.map((r) => (
        <li key={r.path}>
          {/* Paths that start with a capital are labels already (a decision table's "Row 3 · Destination country"). */}
          <span className="field-name">{raw || /^[A-Z…]/.test(r.path) ? r.path : fieldLabel(r.path)}</span>
          <span className={r.before === undefined ? "val empty before" : "val before"}>{fieldText(r.before, names)}</span>
          <span className="arrow">→</span>
          <span className={r.after === undefined ? "val empty after" : "val after"}>{fieldText(r.after, names)}</span>
        </li>
      ))}
    </ul>
  );
}
