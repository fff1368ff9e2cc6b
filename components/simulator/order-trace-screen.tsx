"use client";
import "./simulator.css";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { GraphView, type TGraphMark } from "@/components/designer/graph-view";
import { NODE_KIND_UI, NodeNamesContext, NodeTraceContext, summaryOf } from "@/components/designer/node-kind-ui";
import { traceMarksOf } from "@/components/designer/test-panel";
import { EmptyState, LoadError } from "@/components/ui/list-states";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { expectationFromSide } from "@/rules-schema/suites/suite-schema";
import type { TRuleTrace } from "@/rules-schema/evaluate/decision-schema";
import { CHANGE_KINDS, type TChangeKind, type TSideOutcome } from "@/rules-schema/simulate/simulation-schema";
import type { TOrderTraceOut, TSimulationOut } from "@/server/schemas/simulation-schemas";
import { matchedPathEdges } from "./matched-path";
import { CHANGE_LABELS, type OutcomeNames, costText, countryText, deadlineText, formatCount, formatMoney, outcomeText } from "./simulation-format";
import { simulationTitle } from "./simulations-screen";

const NO_NAMES: TSimulationOut["names"] = { warehouses: {}, channels: {}, stores: {} };

/** /simulations/[id]/orders/[orderId]: why the candidate decided what it did for one order, on its graph, next to the baseline's outcome. */
export function OrderTraceScreen({ id, orderId }: { id: string; orderId: string }) {
  const trpc = useTRPC();
  const sim = useQuery(trpc.simulations.get.queryOptions({ id }, { staleTime: 60_000 }));
  const trace = useQuery(trpc.simulations.orderTrace.queryOptions({ id, orderId }, { staleTime: Infinity, refetchOnWindowFocus: false, retry: (n, err) => err.data?.code !== "NOT_FOUND" && n < 1 }));

  const crumbs = (
    <div className="muted crumbs">
      <Link href="/simulations">Simulations</Link> / <Link href={`/simulations/${encodeURIComponent(id)}`}>{sim.data ? simulationTitle(sim.data) : "Simulation"}</Link> / Order
    </div>
  );
  if (trace.isLoading)
    return (
      <div className="sim" aria-busy="true" aria-label="Loading the order's trace">
        {crumbs}
        <div className="skeleton" style={{ height: 30, width: 300, marginTop: 8 }} />
        <div className="sim-trace-grid" style={{ marginTop: 16 }}>
          <div className="skeleton" style={{ height: "100%" }} />
          <div className="skeleton" style={{ height: "100%" }} />
        </div>
      </div>
    );
  if (trace.error || !trace.data)
    return (
      <div className="sim">
        {crumbs}
        {trace.error?.data?.code === "NOT_FOUND" ? (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <EmptyState title="This order is not part of the simulation" action={<Link href={`/simulations/${encodeURIComponent(id)}`}>Back to the simulation</Link>}>
              The order may have been replayed in another simulation, or the link is incomplete.
            </EmptyState>
          </div>
        ) : (
          <LoadError message={trace.error?.message ?? "Not found"} onRetry={() => void trace.refetch()} />
        )}
      </div>
    );
  return <OrderTrace out={trace.data} sim={sim.data ?? null} crumbs={crumbs} />;
}

function OrderTrace({ out, sim, crumbs }: { out: TOrderTraceOut; sim: TSimulationOut | null; crumbs: React.ReactNode }) {
  const names = sim?.names ?? NO_NAMES;
  const nameOf = useMemo(() => {
    const all: Record<string, string> = { ...names.stores, ...names.channels, ...names.warehouses };
    return (nid: string) => all[nid] ?? nid;
  }, [names]);
  const marks = useMemo(() => {
    const m = traceMarksOf(
      { order: out.order, storedOrder: null, evaluation: out.evaluation, nodeResults: out.summary.nodeResults, firedNodeIds: out.summary.firedNodeIds, problems: [], message: null, compiledHash: out.candidate.contentHash, assignedWarehouseId: null },
      out.graph,
    );
    // Every order enters at Start: it is on the path, not "not evaluated".
    for (const n of out.graph.nodes) if (n.kind === "start") m.set(n.id, { result: true });
    return m;
  }, [out]);
  const edgeMarks = useMemo(() => new Map<string, TGraphMark>([...matchedPathEdges(out.graph, marks)].map((e) => [e, "path"])), [out.graph, marks]);
  // Large graphs do not fit the canvas at a readable zoom: start on the decision (the first fired action),
  // else where the closest rule failed, with the path leading to it on its left.
  const [focus, setFocus] = useState<{ id: string; key: number } | null>(() => {
    const rules = out.evaluation.trace?.rules ?? [];
    const id = out.summary.firedNodeIds[0] ?? rules.find((r) => r.firstFailedNodeId)?.firstFailedNodeId ?? null;
    return id && out.graph.nodes.length > 6 ? { id, key: 0 } : null;
  });
  const order = out.order;
  const { baseline, candidate, changes } = out.comparison;
  const title = order.externalId || order.id;

  return (
    <div className="sim sim-trace">
      <div className="page-head sim-head">
        <div className="sim-head-text">
          {crumbs}
          <h1>
            Order <span className="mono">{title}</span>{" "}
            <span className="badges">
              {changes.length ? (
                changes.map((k) => (
                  <span key={k} className={`sim-kind kind-${k}`}>
                    {CHANGE_LABELS[k]}
                  </span>
                ))
              ) : (
                <span className="badge">unchanged</span>
              )}
            </span>
          </h1>
          <p className="sim-head-meta">
            <span>
              Trace of <span className="sim-version candidate">{out.candidate.label}</span> {sim ? <span className="muted">vs {sim.baseline.label}</span> : null}
            </span>
            <span>
              <PlatformBadge platform={order.platform} /> {nameOf(order.storeId)}
            </span>
            <span>
              placed <TimeText value={new Date(order.createdAt)} mode="datetime" />
            </span>
          </p>
        </div>
        <div className="sim-head-actions">
          <Link className="btn" href={`/simulations/${encodeURIComponent(out.simulationId)}`}>
            Back to the simulation
          </Link>
          <Link className="btn primary" href={`/rulesets/${out.rulesetId}`}>
            Open in designer
          </Link>
        </div>
      </div>
      <div className="sim-trace-grid">
        <div className="history-canvas sim-trace-canvas" data-testid="trace-graph">
          <TraceLegend />
          <NodeNamesContext.Provider value={nameOf}>
            <NodeTraceContext.Provider value={marks}>
              <GraphView graph={out.graph} edgeHighlight={edgeMarks} focusNodeId={focus?.id ?? null} focusKey={focus?.key} label={`${out.candidate.label}, traced for order ${title}`} />
            </NodeTraceContext.Provider>
          </NodeNamesContext.Provider>
        </div>
        <aside className="history-side sim-trace-side" aria-label="Outcome and order">
          <OutcomeComparison baseline={baseline} candidate={candidate} changes={changes} names={names} baselineLabel={sim?.baseline.label ?? "Baseline"} candidateLabel={out.candidate.label} />
          <KeepAsTestCase out={out} stage={sim?.stage ?? null} baselineLabel={sim?.baseline.label ?? "Baseline"} baselineRan={sim ? sim.baseline.number !== null : false} />
          <RulesTrace rules={out.evaluation.trace?.rules ?? []} graph={out.graph} nameOf={nameOf} onFocus={(nid) => setFocus((f) => ({ id: nid, key: (f?.key ?? 0) + 1 }))} />
          <OrderFacts order={order} storeName={nameOf(order.storeId)} />
        </aside>
      </div>
    </div>
  );
}

/**
 * "This one is right": keeps the order in the ruleset's test suite, expecting what the candidate (or
 * the baseline) decided for the fields the ruleset's stage sets. For members who edit rules.
 */
function KeepAsTestCase({ out, stage, baselineLabel, baselineRan }: { out: TOrderTraceOut; stage: string | null; baselineLabel: string; baselineRan: boolean }) {
  const trpc = useTRPC();
  const perm = usePermission();
  const add = useMutation(trpc.testSuites.add.mutationOptions());
  const err = formErrorOf(add.error);
  if (!perm.can("editRules") || stage === null) return null;
  const keep = (side: "candidate" | "baseline") =>
    add.mutate({
      rulesetId: out.rulesetId,
      name: `${out.order.externalId || out.order.id}: ${side === "candidate" ? out.candidate.label : baselineLabel} is right`,
      source: "simulation",
      order: out.order,
      expect: expectationFromSide(out.comparison[side], stage),
    });
  return (
    <section className="sim-keep-case" aria-label="Keep as a test case">
      <h3>Keep as a test case</h3>
      <p className="muted">The order joins the ruleset’s test suite; publishing then requires the rules to decide it this way.</p>
      <div className="toolbar wrap">
        <button className="btn small" disabled={add.isPending} onClick={() => keep("candidate")} data-testid="keep-candidate">
          {out.candidate.label} is right
        </button>
        {baselineRan ? (
          <button className="btn small" disabled={add.isPending} onClick={() => keep("baseline")} data-testid="keep-baseline">
            {baselineLabel} is right
          </button>
        ) : null}
      </div>
      {add.data ? (
        <p className="banner success" role="status">
          Saved as <code>{add.data.key}</code>. <Link href={`/rulesets/${out.rulesetId}`}>Open the designer’s Suite tab</Link> to run it.
        </p>
      ) : err ? (
        <p className="banner error" role="alert">
          {err.message}
          {Object.entries(err.fieldErrors).map(([f, m]) => ` ${f}: ${m}`).join(";")}
        </p>
      ) : null}
    </section>
  );
}

/** The colours of a trace on the graph (the simulator's order trace and a live decision). */
export function TraceLegend() {
  return (
    <div className="sim-trace-legend" aria-label="Legend">
      <span className="lg lg-true">true / fired</span>
      <span className="lg lg-false">false</span>
      <span className="lg lg-first">first failing test</span>
      <span className="lg lg-skipped">not evaluated</span>
      <span className="lg lg-path">matched path</span>
    </div>
  );
}

/** Baseline and candidate outcomes row by row; rows that differ are marked. */
function OutcomeComparison({
  baseline,
  candidate,
  changes,
  names,
  baselineLabel,
  candidateLabel,
}: {
  baseline: TSideOutcome;
  candidate: TSideOutcome;
  changes: TChangeKind[];
  names: OutcomeNames;
  baselineLabel: string;
  candidateLabel: string;
}) {
  const changed = new Set<string>(changes);
  const rows: { key: string; label: string; b: string; c: string; diff: boolean }[] = CHANGE_KINDS.map((k) => ({ key: k, label: CHANGE_LABELS[k], b: outcomeText(baseline, k, names), c: outcomeText(candidate, k, names), diff: changed.has(k) }));
  const cost = { b: costText(baseline), c: costText(candidate) };
  rows.push({ key: "cost", label: "Est. cost", ...cost, diff: cost.b !== cost.c });
  const deadline = { b: deadlineText(baseline), c: deadlineText(candidate) };
  rows.push({ key: "deadline", label: "Deadline", ...deadline, diff: baseline.deadline !== candidate.deadline });
  rows.push({ key: "packages", label: "Parcels", b: String(baseline.packages), c: String(candidate.packages), diff: baseline.packages !== candidate.packages });
  const conflicts = { b: baseline.conflicts.join(", ") || "none", c: candidate.conflicts.join(", ") || "none" };
  rows.push({ key: "conflicts", label: "Disagreed on", ...conflicts, diff: conflicts.b !== conflicts.c });
  // What differs first; the rest (the same on both sides) on request.
  const [showSame, setShowSame] = useState(false);
  const differing = rows.filter((r) => r.diff);
  const same = rows.filter((r) => !r.diff);
  const shown = showSame || differing.length === 0 ? [...differing, ...same] : differing;
  const costDelta = candidate.cost !== null && baseline.cost !== null && candidate.currency === baseline.currency ? candidate.cost - baseline.cost : null;

  return (
    <section aria-labelledby="sim-outcome-heading">
      <h2 id="sim-outcome-heading" className="side-title">
        Outcome
      </h2>
      <table className="sim-outcome" data-testid="outcome-comparison">
        <thead>
          <tr>
            <th />
            <th title={baselineLabel}>Baseline</th>
            <th title={candidateLabel}>Candidate</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.key} className={r.diff ? "diff" : undefined} data-field={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.b}</td>
              <td>{r.c}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {differing.length && same.length ? (
        <button type="button" className="link-button small sim-outcome-toggle" aria-expanded={showSame} onClick={() => setShowSame((v) => !v)}>
          {showSame ? "Hide the fields that are the same" : `Show the ${same.length} fields that are the same on both sides`}
        </button>
      ) : null}
      {costDelta !== null && Math.abs(costDelta) >= 0.005 ? (
        <p className={`small sim-outcome-note ${costDelta > 0 ? "sim-cost-up" : "sim-cost-down"}`}>
          The candidate ships this order for {formatMoney(costDelta, candidate.currency, { signed: true })}.
        </p>
      ) : null}
    </section>
  );
}

/** The candidate's rules for this order: fired, matched, or where each one failed first; a click centres the node. */
function RulesTrace({ rules, graph, nameOf, onFocus }: { rules: TRuleTrace[]; graph: TOrderTraceOut["graph"]; nameOf: (id: string) => string; onFocus: (nodeId: string) => void }) {
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const ordered = [...rules].sort((a, b) => Number(b.fired) - Number(a.fired) || Number(b.matched) - Number(a.matched));
  return (
    <section aria-labelledby="sim-rules-trace-heading">
      <h2 id="sim-rules-trace-heading" className="side-title">
        Candidate's rules <span className="count">{formatCount(rules.length)}</span>
      </h2>
      {rules.length === 0 ? (
        <p className="muted small">The candidate has no rules.</p>
      ) : (
        <ul className="test-rules sim-rules-trace" aria-label="Rules evaluated">
          {ordered.map((r) => {
            const node = byId.get(r.nodeId);
            const name = node ? node.label || NODE_KIND_UI[node.kind].label : r.name;
            const failedId = !r.matched ? r.firstFailedNodeId : null;
            const failed = failedId ? r.conditions.find((c) => c.nodeId === failedId && c.role !== "negation" && c.role !== "path") : undefined;
            // On a `no` branch the path needs the test to be false: "actual true, expected true" then reads as the failure it is.
            const needsFalse = failedId !== null && r.conditions.some((c) => c.nodeId === failedId && c.role === "negation");
            const failedNode = failedId ? byId.get(failedId) : undefined;
            return (
              <li key={r.name} className={r.fired ? "fired" : r.matched ? "matched" : "failed"}>
                <button className="link-button" onClick={() => onFocus(failedId ?? r.nodeId)}>
                  {r.fired ? "✓ fired" : r.matched ? "matched, did not decide" : "✗ no match"} · {name}
                </button>
                {node ? <div className="muted small sim-rule-summary">{summaryOf(node, nameOf)}</div> : null}
                {failed ? (
                  <div className="muted first-failure">
                    first failing test{failedNode?.label ? ` “${failedNode.label}”` : ""}: {failed.fact ?? failed.role} {failed.operator ?? ""} — actual <code>{JSON.stringify(failed.actual) ?? "—"}</code>
                    {failed.expected !== undefined ? (
                      <>
                        , expected <code>{JSON.stringify(failed.expected)}</code>
                      </>
                    ) : null}
                    {needsFalse ? "; this path needs the test to be false" : null}
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

function OrderFacts({ order: o, storeName }: { order: TOrderTraceOut["order"]; storeName: string }) {
  const qty = o.lines.reduce((s, l) => s + l.quantity, 0);
  const grams = o.lines.reduce((s, l) => s + l.quantity * l.weightGrams, 0);
  const a = o.shippingAddress;
  const flags = [
    o.cancellationRequested ? "cancellation requested" : null,
    o.refundRequested ? "refund requested" : null,
    a.addressValid ? null : "address invalid",
    ...o.riskFlags.map((f) => `risk: ${f}`),
  ].filter((x): x is string => x !== null);
  return (
    <section aria-labelledby="sim-order-heading">
      <h2 id="sim-order-heading" className="side-title">
        Order
      </h2>
      <dl className="facts" data-testid="order-facts">
        <div>
          <dt>Number</dt>
          <dd className="mono">{o.externalId || "—"}</dd>
        </div>
        <div>
          <dt>Store</dt>
          <dd>
            {storeName} <span className="muted">· {o.platform}</span>
          </dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>
            <TimeText value={new Date(o.createdAt)} mode="datetime" />
            {o.paidAt ? (
              <div className="sub">
                paid <TimeText value={new Date(o.paidAt)} mode="datetime" />
              </div>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Ship by</dt>
          <dd>{o.shipByDeadline ? <TimeText value={new Date(o.shipByDeadline)} mode="datetime" /> : <span className="muted">no deadline</span>}</dd>
        </div>
        <div>
          <dt>Ship to</dt>
          <dd>
            {countryText(a.country)}
            <div className="sub">{[a.city, a.region, a.postalCode].filter(Boolean).join(", ") || "—"}</div>
          </dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd>{formatMoney(o.totalValue, o.currency)}</dd>
        </div>
        <div>
          <dt>Lines</dt>
          <dd>
            {o.lines.length} {o.lines.length === 1 ? "line" : "lines"} · {formatCount(qty)} {qty === 1 ? "unit" : "units"} · {grams >= 1000 ? `${Math.round(grams / 10) / 100} kg` : `${grams} g`}
            <ul className="sim-lines">
              {o.lines.slice(0, 8).map((l, i) => (
                <li key={i}>
                  <span className="mono">{l.warehouseSku ?? l.platformSku}</span> × {l.quantity}
                  {l.warehouseSku ? null : <span className="text-red"> unpaired</span>}
                  {l.hasBattery ? <span className="muted"> · battery</span> : null}
                  {l.hasLiquid ? <span className="muted"> · liquid</span> : null}
                </li>
              ))}
              {o.lines.length > 8 ? <li className="muted">+{o.lines.length - 8} more</li> : null}
            </ul>
          </dd>
        </div>
        {o.buyerId ? (
          <div>
            <dt>Buyer</dt>
            <dd className="mono">{o.buyerId}</dd>
          </div>
        ) : null}
        {flags.length ? (
          <div>
            <dt>Flags</dt>
            <dd>{flags.join(", ")}</dd>
          </div>
        ) : null}
        {o.tags.length ? (
          <div>
            <dt>Tags</dt>
            <dd>{o.tags.join(", ")}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
