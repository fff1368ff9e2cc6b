"use client";
import { DecisionList } from "@/components/ui/decision-list";
import { TraceLegend } from "@/components/simulator/order-trace-screen";
import "../simulator/simulator.css";
import "./live.css";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useLoadDesignerMasterData } from "@/components/designer/designer-master-data";
import { GraphView, type TGraphMark } from "@/components/designer/graph-view";
import { NODE_KIND_UI, type NodeTraceMark, NodeTraceContext, ruleNamesOf, summaryOf } from "@/components/designer/node-kind-ui";
import { SaveCaseForm } from "@/components/designer/save-case-form";
import { traceMarksOf } from "@/components/designer/test-panel";
import { matchedPathEdges } from "@/components/simulator/matched-path";
import { EmptyState, LoadError } from "@/components/ui/list-states";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { Tabs } from "@/components/ui/tabs";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { useTRPC } from "@/lib/trpc";
import { countryName } from "@/rules-schema/context/countries";
import type { TRuleTrace } from "@/rules-schema/evaluate/decision-schema";
import { summarizeTrace } from "@/rules-schema/evaluate/summarize-trace";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TDecisionDetail } from "@/server/schemas/live-schemas";
import type { TTestGraphOut } from "@/server/schemas/test-graph-schemas";
import { decisionInWords, differencePath, differenceValue, initialStageIndex, lookupOf, replayBanner } from "./decision-detail";
import { formatMicros, nameOr, versionLabel } from "./live-format";
import { liveHref, ruleKeyOf } from "./live-filters";
import { LiveCrumbs, StatusBadge } from "./live-ui";

type Stage = TDecisionDetail["stages"][number];

/** /live/decisions/[id]: one stored decision, re-evaluated, with each stage's version and its trace on the graph. */
export function DecisionScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.live.decision.queryOptions({ id }, { staleTime: Infinity, refetchOnWindowFocus: false, retry: (n, err) => err.data?.code !== "NOT_FOUND" && n < 1 }));
  const crumbs = (
    <LiveCrumbs>
      <Link href="/live">Decisions</Link> / {detail.data ? detail.data.summary.externalId || detail.data.summary.orderId : "Decision"}
    </LiveCrumbs>
  );
  if (detail.isLoading)
    return (
      <div className="live" aria-busy="true" aria-label="Loading the decision">
        {crumbs}
        <div className="skeleton" style={{ height: 30, width: 320, marginTop: 8 }} />
        <div className="skeleton" style={{ height: 44, marginTop: 16 }} />
        <div className="live-summary" style={{ marginTop: 14 }}>
          <div className="skeleton" style={{ height: 150 }} />
          <div className="skeleton" style={{ height: 150 }} />
        </div>
        <div className="skeleton" style={{ height: 420 }} />
      </div>
    );
  if (detail.error || !detail.data)
    return (
      <div className="live">
        {crumbs}
        {detail.error?.data?.code === "NOT_FOUND" ? (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <EmptyState title="This decision is not here" action={<Link href="/live">Back to the decisions</Link>}>
              It may have been deleted after the organization’s retention period, or the link is incomplete.
            </EmptyState>
          </div>
        ) : (
          <LoadError message={detail.error?.message ?? "Not found"} onRetry={() => void detail.refetch()} />
        )}
      </div>
    );
  return <DecisionView detail={detail.data} crumbs={crumbs} />;
}

function DecisionView({ detail, crumbs }: { detail: TDecisionDetail; crumbs: React.ReactNode }) {
  const master = useLoadDesignerMasterData();
  const s = detail.summary;
  const names = useMemo(() => lookupOf(detail.names, master.nameOf), [detail.names, master.nameOf]);
  const [tab, setTab] = useState(() => String(initialStageIndex(detail.stages, s.status)));
  const stage = detail.stages[Number(tab)] ?? null;
  const title = s.externalId || s.orderId;
  const rows = decisionInWords(detail.decision, names);

  return (
    <div className="live live-decision">
      <div className="page-head live-head">
        <div style={{ minWidth: 0 }}>
          {crumbs}
          <h1>
            <span>
              Order <span className="mono">{title}</span>
            </span>
            <StatusBadge status={s.status} />
          </h1>
          <p className="live-head-meta">
            <span>{nameOr(detail.names.stores, s.storeId)}</span>
            {s.platform ? <PlatformBadge platform={s.platform} /> : null}
            {s.country ? <span title={s.country}>{countryName(s.country)}</span> : null}
            <span>
              decided <TimeText value={new Date(s.createdAt)} mode="datetime" /> (<TimeText value={new Date(s.createdAt)} />)
            </span>
            <span title="Time the rules took to decide">in {formatMicros(s.decideUs)}</span>
          </p>
        </div>
        <div className="live-head-actions">
          <Link className="btn" href={liveHref({ search: s.orderId })} title="Every decision the router made for this order">
            All decisions for this order
          </Link>
        </div>
      </div>

      <ReplayBanner detail={detail} nameOf={(id) => (Object.hasOwn(detail.names.warehouses, id) || Object.hasOwn(detail.names.channels, id) ? names.warehouse(id) : master.known(id) ? master.nameOf(id) : id)} />

      <div className="live-summary">
        <section className="live-card" aria-labelledby="live-decision-heading">
          <h2 id="live-decision-heading">Decision</h2>
          {rows.length ? (
            <DecisionList rows={rows} testId="merged-decision" />
          ) : (
            <p className="muted" data-testid="merged-decision">
              No rule decided anything for this order.
            </p>
          )}
          {detail.decision.conflicts.length ? (
            <ul className="decision-conflicts" aria-label="Rules disagreed">
              {detail.decision.conflicts.map((c, i) => (
                <li key={i}>{c.message}</li>
              ))}
            </ul>
          ) : null}
        </section>
        <OrderFacts detail={detail} />
      </div>

      {detail.stages.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title="No stage versions were stored with this decision">It was routed before the router kept the versions that decided each order.</EmptyState>
        </div>
      ) : (
        <>
          <div className="live-stage-tabs">
            <Tabs
              label="Stages"
              value={tab}
              onChange={setTab}
              tabs={detail.stages.map((st, i) => ({
                id: String(i),
                label: (
                  <span className="live-stage-tab" title={`${STAGE_LABELS[st.stage]}: ${st.rulesetName}, version ${st.version}`}>
                    {versionLabel(st)}
                    {(st.decision?.firedRules.length ?? 0) > 0 ? (
                      <span className="count" title="Rules that fired">
                        {st.decision!.firedRules.length}
                      </span>
                    ) : null}
                  </span>
                ),
              }))}
            />
          </div>
          {stage ? <StageView key={tab} detail={detail} stage={stage} names={names} /> : null}
        </>
      )}

      {detail.notices.length ? (
        <section className="live-card" style={{ marginTop: 14 }} aria-labelledby="live-notices-heading">
          <h2 id="live-notices-heading">Notices</h2>
          <p className="muted small" style={{ margin: 0 }}>
            How the order was read and paired when it arrived.
          </p>
          <ul className="live-notices">
            {detail.notices.map((n, i) => (
              <li key={i}>
                <code>{n.path}</code> {n.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <details className="live-json live-card">
        <summary>Order as evaluated (JSON)</summary>
        {detail.order ? <pre data-testid="order-json">{JSON.stringify(detail.order, null, 2)}</pre> : <p className="muted">The order was not stored with this decision (it was routed before orders were kept with decisions).</p>}
      </details>
      {detail.inventory ? (
        <details className="live-json live-card">
          <summary>Stock the rules could read (JSON)</summary>
          <pre>{JSON.stringify(detail.inventory, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

function ReplayBanner({ detail, nameOf }: { detail: TDecisionDetail; nameOf: (id: string) => string }) {
  const b = replayBanner(detail.replay);
  const cls = b.tone === "reproduced" ? "banner live-replay reproduced" : b.tone === "warn" ? "banner warn live-replay" : "banner live-replay muted-banner";
  return (
    <div className={cls} role={b.tone === "warn" ? "alert" : "status"} data-testid="replay-banner" data-status={detail.replay.status}>
      <span className="live-replay-icon" aria-hidden="true">
        {b.tone === "reproduced" ? "✓" : b.tone === "warn" ? "!" : "–"}
      </span>
      <div>
        <div>{b.title}</div>
        {b.detail ? <div className="small">{b.detail}</div> : null}
        {detail.replay.differences.length ? (
          <ul aria-label="What came out differently">
            {detail.replay.differences.map((d, i) => (
              <li key={i}>
                <code title={d.path}>{differencePath(d.path, detail.stages)}</code>: {differenceValue(d.stored, nameOf)} → <strong>{differenceValue(d.now, nameOf)}</strong>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

function OrderFacts({ detail }: { detail: TDecisionDetail }) {
  const s = detail.summary;
  const o = detail.order;
  return (
    <section className="live-card" aria-labelledby="live-order-heading">
      <h2 id="live-order-heading">Order</h2>
      <dl className="live-facts" data-testid="order-facts">
        <dt>Order number</dt>
        <dd className="mono">{s.externalId || "—"}</dd>
        <dt>Order id</dt>
        <dd className="mono">{s.orderId}</dd>
        {s.buyerId ? (
          <>
            <dt>Buyer</dt>
            <dd className="mono">{s.buyerId}</dd>
          </>
        ) : null}
        <dt>Placed</dt>
        <dd>{s.placedAt ? <TimeText value={new Date(s.placedAt)} mode="datetime" /> : "—"}</dd>
        <dt>Ship by</dt>
        <dd>{s.shipByDeadline ? <TimeText value={new Date(s.shipByDeadline)} mode="datetime" /> : <span className="muted">no deadline</span>}</dd>
        {o ? (
          <>
            <dt>Ships to</dt>
            <dd>
              {countryName(o.shippingAddress.country)}
              {[o.shippingAddress.city, o.shippingAddress.postalCode].filter(Boolean).length ? <span className="muted"> · {[o.shippingAddress.city, o.shippingAddress.postalCode].filter(Boolean).join(" ")}</span> : null}
              {o.shippingAddress.addressValid ? null : <span className="text-red"> · address invalid</span>}
            </dd>
            <dt>Lines</dt>
            <dd>
              {o.lines
                .slice(0, 4)
                .map((l) => `${l.warehouseSku ?? `${l.platformSku} (unpaired)`} × ${l.quantity}`)
                .join(", ")}
              {o.lines.length > 4 ? ` +${o.lines.length - 4} more` : ""}
            </dd>
          </>
        ) : null}
        <dt>Decision id</dt>
        <dd className="mono small">{s.id}</dd>
      </dl>
    </section>
  );
}

/** One stage: its version's graph with the trace on it, its own decision, its rules, and "Add to test suite". */
function StageView({ detail, stage, names }: { detail: TDecisionDetail; stage: Stage; names: ReturnType<typeof lookupOf> }) {
  const master = useLoadDesignerMasterData();
  const graph = stage.graph;
  const trace = stage.trace;
  const marks = useMemo(() => {
    if (!graph || !trace) return null;
    const summary = summarizeTrace(trace);
    const out = {
      order: detail.order,
      storedOrder: null,
      evaluation: { decision: stage.decision, matchedRules: null, trace },
      nodeResults: summary.nodeResults,
      firedNodeIds: summary.firedNodeIds,
      problems: [],
      message: null,
      compiledHash: stage.contentHash,
      assignedWarehouseId: stage.assignedWarehouseId,
    } as unknown as TTestGraphOut;
    const m = traceMarksOf(out, graph);
    // Every order enters at Start: it is on the path, not "not evaluated".
    for (const n of graph.nodes) if (n.kind === "start") m.set(n.id, { result: true });
    return m;
  }, [graph, trace, stage, detail.order]);
  const edgeMarks = useMemo(() => (graph && marks ? new Map<string, TGraphMark>([...matchedPathEdges(graph, marks)].map((e) => [e, "path"])) : undefined), [graph, marks]);
  const [focus, setFocus] = useState<{ id: string; key: number } | null>(() => {
    const rules = trace?.rules ?? [];
    const fired = rules.find((r) => r.fired)?.nodeId;
    const id = fired ?? rules.find((r) => r.firstFailedNodeId)?.firstFailedNodeId ?? null;
    // Small graphs fit the canvas whole; larger ones open on the decision.
    return id && graph && graph.nodes.length > 12 ? { id, key: 0 } : null;
  });
  const rows = decisionInWords(stage.decision, names);

  return (
    <div className="live-trace-grid" data-testid="stage-view" data-stage={stage.stage}>
      <div className="history-canvas sim-trace-canvas" data-testid="trace-graph">
        {graph ? (
          <>
            {marks ? <TraceLegend /> : null}
            <NodeTraceContext.Provider value={marks as ReadonlyMap<string, NodeTraceMark> | null}>
              <GraphView graph={graph} edgeHighlight={edgeMarks} focusNodeId={focus?.id ?? null} focusKey={focus?.key} label={`${versionLabel(stage)}, traced for this order`} />
            </NodeTraceContext.Provider>
          </>
        ) : (
          <EmptyState title="This version’s graph is gone">
            Version {stage.version} of “{stage.rulesetName}” no longer exists, so there is nothing to draw the trace on.
          </EmptyState>
        )}
      </div>
      <aside className="history-side" aria-label={`${versionLabel(stage)}: decision and rules`}>
        <section className="live-stage-decision">
          <div className="side-title-row">
            <h2 className="side-title">{versionLabel(stage)} decided</h2>
            <Link className="small" href={`/rulesets/${encodeURIComponent(stage.rulesetId)}/versions/${stage.version}`}>
              Open this version
            </Link>
          </div>
          {rows.length ? (
            <DecisionList rows={rows} testId="stage-decision" />
          ) : (
            <p className="muted small" data-testid="stage-decision">
              Nothing: no rule of this version fired for the order{stage.decision?.usedFallback ? "" : " (and it has no fallback)"}.
            </p>
          )}
          {stage.decision?.usedFallback ? <p className="muted small">Decided by the fallback.</p> : null}
          {stage.assignedWarehouseId ? <p className="muted small">Earlier stages had assigned {names.warehouse(stage.assignedWarehouseId)}.</p> : null}
        </section>
        <AddToTestSuite detail={detail} stage={stage} nameOf={master.nameOf} />
        <StageRules stage={stage} nameOf={master.nameOf} onFocus={(nodeId) => setFocus((f) => ({ id: nodeId, key: (f?.key ?? 0) + 1 }))} />
      </aside>
    </div>
  );
}

/** The stage's rules for this order: fired, matched, or where each failed first; a click centres the node; fired rules link to the explorer. */
function StageRules({ stage, nameOf, onFocus }: { stage: Stage; nameOf: (id: string) => string; onFocus: (nodeId: string) => void }) {
  const rules: TRuleTrace[] = stage.trace?.rules ?? [];
  const byId = useMemo(() => new Map((stage.graph?.nodes ?? []).map((n) => [n.id, n])), [stage.graph]);
  const titles = useMemo(() => ruleNamesOf(stage.graph ?? undefined, nameOf), [stage.graph, nameOf]);
  const ordered = [...rules].sort((a, b) => Number(b.fired) - Number(a.fired) || Number(b.matched) - Number(a.matched));
  return (
    <section aria-labelledby="live-rules-heading">
      <h2 id="live-rules-heading" className="side-title">
        Rules <span className="count">{rules.length}</span>
      </h2>
      {!stage.trace ? (
        <p className="muted small">No trace for this stage: the order could not be re-evaluated and no trace was recorded when it was routed.</p>
      ) : rules.length === 0 ? (
        <p className="muted small">This version has no rules.</p>
      ) : (
        <ul className="live-rules" aria-label="Rules evaluated">
          {ordered.map((r) => {
            const node = byId.get(r.nodeId);
            const name = titles.get(r.name)?.title ?? (node ? node.label || NODE_KIND_UI[node.kind].label : r.name);
            const failedId = !r.matched ? r.firstFailedNodeId : null;
            const failed = failedId ? r.conditions.find((c) => c.nodeId === failedId && c.role !== "negation" && c.role !== "path") : undefined;
            return (
              <li key={r.name} className={r.fired ? "fired" : r.matched ? "matched" : "failed"}>
                <button type="button" className="link-button" onClick={() => onFocus(failedId ?? r.nodeId)}>
                  {r.fired ? "✓ fired" : r.matched ? "matched, did not decide" : "✗ no match"} · {name}
                </button>
                {node || r.fired ? (
                  <div className="live-rule-sub">
                    {node ? <span className="sub">{summaryOf(node, nameOf)}</span> : <span />}
                    {r.fired ? (
                      <Link className="small live-rule-others" href={liveHref({ ruleKey: ruleKeyOf(stage.rulesetId, stage.version, r.name) })} title="Every decision in which this rule fired">
                        all its decisions
                      </Link>
                    ) : null}
                  </div>
                ) : null}
                {failed ? (
                  <div className="muted first-failure">
                    first failing test: {failed.fact ?? failed.role} {failed.operator ?? ""} — actual <code>{JSON.stringify(failed.actual) ?? "—"}</code>
                    {failed.expected !== undefined ? (
                      <>
                        , expected <code>{JSON.stringify(failed.expected)}</code>
                      </>
                    ) : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * "Add to test suite": this stage's decision is right — the stored order, the stock the router read
 * and the warehouse earlier stages assigned become a case of the ruleset's suite, expecting what
 * this stage's actions set. For members who edit rules.
 */
function AddToTestSuite({ detail, stage, nameOf }: { detail: TDecisionDetail; stage: Stage; nameOf: (id: string) => string }) {
  const perm = usePermission();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  if (!perm.can("editRules")) return null;
  const order = detail.order;
  return (
    <section className="live-add-case" aria-label="Add to test suite">
      <h3>Keep this as a test case</h3>
      {!order || !stage.decision ? (
        <p className="muted">This decision was stored without its order, so it cannot become a test case.</p>
      ) : saved ? (
        <p className="banner success" role="status" data-testid="case-saved">
          Saved as <code>{saved}</code> in “{stage.rulesetName}”. <Link href={`/rulesets/${encodeURIComponent(stage.rulesetId)}`}>Open the designer’s Suite tab</Link> to run it.
        </p>
      ) : open ? (
        <SaveCaseForm
          rulesetId={stage.rulesetId}
          stage={stage.stage}
          order={order}
          decision={stage.decision}
          source="live"
          assignedWarehouseId={stage.assignedWarehouseId}
          inventory={detail.inventory}
          nameOf={nameOf}
          onClose={() => setOpen(false)}
          onSaved={(key) => {
            setSaved(key);
            setOpen(false);
          }}
        />
      ) : (
        <>
          <p className="muted">
            The order joins the test suite of “{stage.rulesetName}”, with the stock the router read; publishing then requires the rules to decide it as v{stage.version} did.
          </p>
          <button type="button" className="btn small" onClick={() => setOpen(true)} data-testid="add-to-suite">
            Add to test suite
          </button>
        </>
      )}
    </section>
  );
}
