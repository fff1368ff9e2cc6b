"use client";
import "./simulator.css";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { platformLabel } from "@/components/ui/platform-badge";
import { sentence } from "@/components/ui/sentence";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TSimulationSummary } from "@/server/schemas/simulation-schemas";
import { formatCount, formatDuration, formatPercent, isActive, sourceLabel } from "./simulation-format";
import { SimulationProgress, SimulationStatusBadge } from "./simulation-status";

const PAGE_SIZE = 20;

/** What a simulation is called: its name, or the ruleset's with "simulation". */
export const simulationTitle = (s: Pick<TSimulationSummary, "name" | "rulesetName">) => s.name || `${s.rulesetName} simulation`;

/** /simulations: every simulation of the organization, newest first, following the running ones. */
export function SimulationsScreen({ initialRulesetId }: { initialRulesetId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canSimulate = perm.can("simulate");
  const [rulesetId, setRulesetId] = useState(initialRulesetId ?? "");
  const [page, setPage] = useState(1);
  const rulesets = useQuery(trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }));
  const list = useQuery(
    trpc.simulations.list.queryOptions(
      { page, pageSize: PAGE_SIZE, ...(rulesetId ? { rulesetId } : {}) },
      {
        placeholderData: keepPreviousData,
        // Follow queued and running simulations until they finish.
        refetchInterval: (q) => (q.state.data?.items.some((s) => isActive(s.status)) ? 1000 : false),
      },
    ),
  );
  const cancel = useMutation(
    trpc.simulations.cancel.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.simulations.pathKey() }),
    }),
  );
  const cancelErr = formErrorOf(cancel.error);
  const newHref = rulesetId ? `/simulations/new?rulesetId=${encodeURIComponent(rulesetId)}` : "/simulations/new";

  function chooseRuleset(id: string) {
    setRulesetId(id);
    setPage(1);
    window.history.replaceState(null, "", id ? `?rulesetId=${encodeURIComponent(id)}` : window.location.pathname);
  }

  return (
    <div className="sim">
      <div className="page-head">
        <div>
          <h1>Simulations</h1>
          <p>Replay order history against a draft ruleset and see what would change before it goes live.</p>
        </div>
        {canSimulate ? (
          <Link className="btn primary" href={newHref}>
            New simulation
          </Link>
        ) : null}
      </div>
      <div className="toolbar">
        <select className="select" aria-label="Ruleset" value={rulesetId} onChange={(e) => chooseRuleset(e.target.value)}>
          <option value="">All rulesets</option>
          {rulesets.data?.items.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} · {STAGE_LABELS[r.stage]}
            </option>
          ))}
        </select>
        {list.data ? (
          <span className="muted small toolbar-note">
            {formatCount(list.data.total)} {list.data.total === 1 ? "simulation" : "simulations"}
          </span>
        ) : null}
      </div>
      {cancelErr ? (
        <div className="banner error" role="alert">
          Could not cancel: {sentence(cancelErr.message)}
        </div>
      ) : null}
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={5} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState
            title={rulesetId ? "No simulations of this ruleset yet" : "No simulations yet"}
            action={
              canSimulate ? (
                <Link className="btn primary" href={newHref}>
                  New simulation
                </Link>
              ) : undefined
            }
          >
            {canSimulate
              ? "Replay the last 30 days of orders against a draft to see which orders it would route differently, what it would cost and which deadlines it would miss."
              : "Analysts and rule designers run simulations; their results show up here."}
          </EmptyState>
        ) : (
          <table className="data sim-list" aria-label="Simulations">
            <thead>
              <tr>
                <th>Simulation</th>
                <th>Compares</th>
                <th>Orders</th>
                <th>Status</th>
                <th className="num">Changed</th>
                <th>Created</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((s) => (
                <tr key={s.id} className="clickable" data-simulation={s.id} onClick={() => router.push(`/simulations/${s.id}`)}>
                  <td>
                    <Link href={`/simulations/${s.id}`} className="row-link" onClick={(e) => e.stopPropagation()}>
                      <strong>{simulationTitle(s)}</strong>
                    </Link>
                    <div className="sub">{s.name.startsWith(s.rulesetName) ? STAGE_LABELS[s.stage] : `${s.rulesetName} · ${STAGE_LABELS[s.stage]}`}</div>
                  </td>
                  <td>
                    <span className="sim-versions">
                      <span className="sim-version candidate">{s.candidate.label}</span>
                      <span className="muted" aria-label="compared with">
                        vs
                      </span>
                      <span className="sim-version">{s.baseline.label}</span>
                    </span>
                  </td>
                  <td className="sim-source-cell">
                    <span title={sourceLabel(s.source, platformLabel)}>{sourceLabel(s.source, platformLabel)}</span>
                  </td>
                  <td className="sim-status-cell">
                    {isActive(s.status) ? (
                      <>
                        <SimulationStatusBadge status={s.status} />
                        <SimulationProgress sim={s} compact />
                      </>
                    ) : (
                      <>
                        <SimulationStatusBadge status={s.status} />
                        <div className="sub">
                          {s.status === "completed" && s.startedAt && s.finishedAt
                            ? `${formatCount(s.total)} orders in ${formatDuration(s.finishedAt.getTime() - s.startedAt.getTime())}`
                            : s.status === "cancelled"
                              ? `after ${formatCount(s.done)} of ${formatCount(s.total)}`
                              : s.error
                                ? <span title={s.error}>{truncate(s.error, 60)}</span>
                                : null}
                        </div>
                      </>
                    )}
                  </td>
                  <td className="num">
                    {s.status === "completed" || isActive(s.status) ? (
                      <>
                        <strong>{formatCount(s.changed)}</strong>
                        <div className="sub">{s.status === "completed" ? formatPercent(s.changed, s.total) : s.done ? `so far` : ""}</div>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="nowrap">
                    <TimeText value={s.createdAt} />
                    <div className="sub">{s.createdBy ? (s.createdBy.name ?? "deleted user") : "—"}</div>
                  </td>
                  <td className="actions">
                    {canSimulate && isActive(s.status) ? (
                      <button
                        className="btn small danger"
                        disabled={cancel.isPending && cancel.variables?.id === s.id}
                        onClick={(e) => {
                          e.stopPropagation();
                          cancel.mutate({ id: s.id });
                        }}
                      >
                        {cancel.isPending && cancel.variables?.id === s.id ? "Cancelling…" : "Cancel"}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
    </div>
  );
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
