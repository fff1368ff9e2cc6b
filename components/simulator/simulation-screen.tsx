"use client";
import "./simulator.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { EmptyState, LoadError } from "@/components/ui/list-states";
import { platformLabel } from "@/components/ui/platform-badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { sentence } from "@/components/ui/sentence";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { outcomeText } from "@/components/publishing/publishing-outcome";
import { PromoteShadowDialog } from "@/components/publishing/shadow-dialogs";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TChangeKind } from "@/rules-schema/simulate/simulation-schema";
import type { TSimulationOut } from "@/server/schemas/simulation-schemas";
import { type ChangeFilters, changeFilterParams } from "./change-filters";
import { ChangedOrders } from "./changed-orders";
import { CopyLinkButton } from "./copy-link-button";
import { RuleHits } from "./rule-hits";
import { SimulationCharts } from "./simulation-charts";
import { formatCount, formatDuration, isActive, sourceLabel } from "./simulation-format";
import { SimulationProgress, SimulationStatusBadge } from "./simulation-status";
import { SimulationTotals } from "./simulation-totals";
import { SimulationPipeline } from "./pipeline-panel";
import { missingCostStages } from "./pipeline-notes";
import { simulationTitle } from "./simulations-screen";

/** /simulations/[id]: progress while it runs; totals, charts, rule hits and changed orders once complete. */
export function SimulationScreen({ id, initialFilters }: { id: string; initialFilters: ChangeFilters }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sim = useQuery(
    trpc.simulations.get.queryOptions(
      { id },
      {
        // Poll while it waits or runs; a finished simulation never changes.
        // A shadow on live traffic runs until stopped: its figures are written every few seconds.
        refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? (q.state.data.source.kind === "shadow" ? 3000 : 1000) : false),
        staleTime: 1000,
        retry: (count, err) => err.data?.code !== "NOT_FOUND" && count < 2,
      },
    ),
  );
  // When a run finishes, the list (and its counts) is out of date.
  const lastStatus = useRef<string | null>(null);
  useEffect(() => {
    const status = sim.data?.status ?? null;
    if (lastStatus.current && status && lastStatus.current !== status) void queryClient.invalidateQueries({ queryKey: trpc.simulations.list.pathKey() });
    lastStatus.current = status;
  }, [sim.data?.status]);

  if (sim.isLoading)
    return (
      <div className="sim" aria-busy="true" aria-label="Loading the simulation">
        <div className="skeleton" style={{ height: 18, width: 220 }} />
        <div className="skeleton" style={{ height: 30, width: 380, marginTop: 10 }} />
        <div className="sim-cards" style={{ marginTop: 24 }}>
          {Array.from({ length: 4 }, (_, i) => (
            <div className="sim-card" key={i}>
              <div className="skeleton" style={{ width: "60%" }} />
              <div className="skeleton" style={{ height: 28, marginTop: 10 }} />
            </div>
          ))}
        </div>
      </div>
    );
  if (sim.error || !sim.data)
    return (
      <div className="sim">
        <div className="muted crumbs">
          <Link href="/simulations">Simulations</Link>
        </div>
        {sim.error?.data?.code === "NOT_FOUND" ? (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <EmptyState title="This simulation does not exist" action={<Link href="/simulations">Back to simulations</Link>}>
              It may belong to another organization, or the link is incomplete.
            </EmptyState>
          </div>
        ) : (
          <LoadError message={sim.error?.message ?? "Not found"} onRetry={() => void sim.refetch()} />
        )}
      </div>
    );
  return <SimulationView sim={sim.data} initialFilters={initialFilters} />;
}

function SimulationView({ sim, initialFilters }: { sim: TSimulationOut; initialFilters: ChangeFilters }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const [filters, setFilters] = useState(initialFilters);
  const cancel = useMutation(
    trpc.simulations.cancel.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.get.queryKey({ id: sim.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.list.pathKey() });
      },
    }),
  );
  const cancelErr = formErrorOf(cancel.error);
  const shadow = sim.source.kind === "shadow" ? sim.source : null;
  const [promoting, setPromoting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const stopShadow = useMutation(
    trpc.shadows.stop.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.get.queryKey({ id: sim.id }) });
        void queryClient.invalidateQueries({ queryKey: trpc.shadows.pathKey() });
      },
    }),
  );
  const stopErr = formErrorOf(stopShadow.error);

  function changeFilters(next: ChangeFilters) {
    setFilters(next);
    const q = changeFilterParams(next).toString();
    window.history.replaceState(null, "", q ? `?${q}` : window.location.pathname);
  }
  function pickChange(kind: TChangeKind) {
    changeFilters({ ...filters, change: kind, page: 1 });
    requestAnimationFrame(() => document.getElementById("changed-orders")?.scrollIntoView({ behavior: "smooth", block: "start" }));
  }

  const took = sim.startedAt && sim.finishedAt ? formatDuration(sim.finishedAt.getTime() - sim.startedAt.getTime()) : null;
  return (
    <div className="sim">
      <div className="page-head sim-head">
        <div className="sim-head-text">
          <div className="muted crumbs">
            <Link href="/simulations">Simulations</Link> / <Link href={`/simulations?rulesetId=${encodeURIComponent(sim.rulesetId)}`}>{sim.rulesetName}</Link>
          </div>
          <h1>
            {simulationTitle(sim)} <SimulationStatusBadge status={sim.status} testId="simulation-status" />
          </h1>
          <p className="sim-head-meta">
            <span className="sim-versions">
              <span className="sim-version candidate" title="Candidate">
                {sim.candidate.label}
              </span>
              <span className="muted">vs</span>
              <span className="sim-version" title="Baseline">
                {sim.baseline.label}
              </span>
            </span>
            <span>{STAGE_LABELS[sim.stage]}</span>
            <span>{sourceLabel(sim.source, platformLabel)}</span>
            <span>
              by {sim.createdBy ? (sim.createdBy.name ?? "deleted user") : "—"} <TimeText value={sim.createdAt} />
              {took && sim.status === "completed" ? ` · took ${took}` : ""}
            </span>
          </p>
        </div>
        <div className="sim-head-actions">
          {shadow && sim.status === "running" && perm.can("publish") ? (
            <>
              <button className="btn danger" onClick={() => stopShadow.mutate({ id: sim.id })} disabled={stopShadow.isPending} data-testid="shadow-stop">
                {stopShadow.isPending ? "Stopping…" : "Stop shadow"}
              </button>
              <button className="btn primary" onClick={() => setPromoting(true)} data-testid="shadow-promote">
                Promote…
              </button>
            </>
          ) : null}
          {isActive(sim.status) && perm.can("simulate") && !shadow ? (
            <button className="btn danger" onClick={() => cancel.mutate({ id: sim.id })} disabled={cancel.isPending}>
              {cancel.isPending ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          <CopyLinkButton />
          <Link className="btn" href={`/rulesets/${sim.rulesetId}`}>
            Open in designer
          </Link>
          {perm.can("simulate") && !isActive(sim.status) ? (
            <Link className="btn" href={`/simulations/new?rulesetId=${encodeURIComponent(sim.rulesetId)}`}>
              New simulation
            </Link>
          ) : null}
        </div>
      </div>
      {cancelErr ? (
        <div className="banner error" role="alert">
          Could not cancel: {sentence(cancelErr.message)}
        </div>
      ) : null}
      <SimulationPipeline pipeline={sim.pipeline} rulesetId={sim.rulesetId} />

      {notice ? (
        <div className="banner success" role="status">
          {notice}
        </div>
      ) : null}
      {stopErr ? (
        <div className="banner error" role="alert">
          Could not stop the shadow: {sentence(stopErr.message)}
        </div>
      ) : null}
      {shadow && sim.status === "running" ? (
        <div className="banner info" role="status" data-testid="shadow-running">
          <strong>Shadow on live traffic.</strong> The live router answers with {sim.baseline.label} and evaluates {sim.candidate.label} after each answer
          {shadow.sampleRate < 1 ? ` on ${Math.round(shadow.sampleRate * 1000) / 10}% of orders` : ""}: {formatCount(sim.done)} {sim.done === 1 ? "order" : "orders"} so far
          {sim.startedAt ? (
            <>
              , since <TimeText value={sim.startedAt} />
            </>
          ) : null}
          . {sim.done >= shadow.minOrders ? "Enough to count as the simulation of a publish." : `It counts as the simulation of a publish from ${formatCount(shadow.minOrders)} orders.`} Figures update every few seconds.
        </div>
      ) : null}
      {shadow && sim.skipped > 0 ? (
        <div className="banner warn" role="status" data-testid="shadow-skipped">
          {formatCount(sim.skipped)} routed {sim.skipped === 1 ? "order" : "orders"} of its sample {sim.skipped === 1 ? "was" : "were"} not evaluated: the shadow fell behind the
          traffic (it runs at the lowest priority, after the router). Its figures cover the {formatCount(sim.done)} it evaluated.
        </div>
      ) : null}
      {promoting && shadow ? (
        <PromoteShadowDialog
          id={sim.id}
          label={sim.candidate.label}
          enough={sim.done >= shadow.minOrders}
          minOrders={shadow.minOrders}
          onClose={() => setPromoting(false)}
          onDone={(r) => {
            setPromoting(false);
            setNotice(outcomeText(r));
          }}
        />
      ) : null}
      {shadow && sim.status === "running" && sim.totals ? (
        <>
          <SimulationTotals totals={sim.totals} onPickChange={pickChange} baselineRunsNothing={sim.baseline.number === null} missingStages={missingCostStages(sim.pipeline)} />
          <SimulationCharts totals={sim.totals} names={sim.names} />
          <RuleHits sim={sim} />
          <ChangedOrders sim={sim} filters={filters} onChange={changeFilters} />
        </>
      ) : isActive(sim.status) ? (
        <div className="sim-panel sim-running">
          <SimulationProgress sim={sim} />
        </div>
      ) : sim.status === "failed" || sim.status === "cancelled" ? (
        <StoppedNotice sim={sim} />
      ) : sim.totals ? (
        <>
          <SimulationTotals totals={sim.totals} onPickChange={pickChange} baselineRunsNothing={sim.baseline.number === null} missingStages={missingCostStages(sim.pipeline)} />
          <SimulationCharts totals={sim.totals} names={sim.names} />
          <RuleHits sim={sim} />
          <ChangedOrders sim={sim} filters={filters} onChange={changeFilters} />
        </>
      ) : (
        <div className="banner warn" role="status">
          This simulation completed without totals. Run it again to see its results.
        </div>
      )}
    </div>
  );
}

/** A failed or cancelled run: why, how far it got, and no partial results (they would read as complete). */
function StoppedNotice({ sim }: { sim: TSimulationOut }) {
  const failed = sim.status === "failed";
  return (
    <div className="sim-panel sim-stopped" data-testid="simulation-stopped">
      <div className={`banner ${failed ? "error" : "warn"}`} role={failed ? "alert" : "status"}>
        <strong>{failed ? "This simulation failed." : "This simulation was cancelled."}</strong> {sim.error ? sentence(sim.error) : null}{" "}
        {sim.total > 0 ? `It stopped after ${formatCount(sim.done)} of ${formatCount(sim.total)} orders. ` : null}
        No results are shown: totals of part of the orders would be misleading.
      </div>
      {sim.total > 0 ? (
        <ProgressBar value={sim.done / sim.total} tone="error" label={failed ? "Failed" : "Cancelled"} detail={`${formatCount(sim.done)} of ${formatCount(sim.total)} orders`} />
      ) : null}
      <div className="sim-stopped-actions">
        <Link className="btn primary" href={`/simulations/new?rulesetId=${encodeURIComponent(sim.rulesetId)}`}>
          Start a new simulation
        </Link>
        <Link className="btn" href="/simulations">
          Back to simulations
        </Link>
      </div>
    </div>
  );
}
