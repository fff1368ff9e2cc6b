"use client";
import "./live.css";
import "./drift.css";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { TimeText } from "@/components/ui/time-text";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TDrift } from "@/server/schemas/live-schemas";
import { DIMENSION_LABELS, STATUS_TEXT, categoryLabel, driftOrder, pct, statisticText } from "./drift-format";
import { LiveCrumbs } from "./live-ui";

/** /live/drift: each published version's live outcomes against what its gating simulation predicted. */
export function DriftScreen() {
  const trpc = useTRPC();
  const drift = useQuery(trpc.live.drift.queryOptions(undefined, { refetchInterval: 60_000 }));
  return (
    <div className="live">
      <div className="page-head">
        <div>
          <LiveCrumbs>Drift</LiveCrumbs>
          <h1>Drift</h1>
          <p>
            Does live traffic behave as the simulation that justified each publish predicted? Warehouse, channel and deadline risk compare the whole distribution; holds compare each reason&apos;s
            share of orders.
            {drift.data
              ? ` Flagged from ${Math.round(drift.data.thresholds.tvd * 100)} points of orders distributed differently (${Math.round(drift.data.thresholds.holdShare * 100)} for a hold reason), once ${drift.data.thresholds.minLiveOrders} orders were decided live.`
              : ""}
          </p>
        </div>
      </div>
      {drift.isLoading ? (
        <LoadingRows rows={4} />
      ) : drift.error ? (
        <LoadError message={drift.error.message} onRetry={() => void drift.refetch()} />
      ) : !drift.data || drift.data.versions.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title="Nothing is published yet">Publish a version (after simulating it) to compare its live traffic with the simulation.</EmptyState>
        </div>
      ) : (
        driftOrder(drift.data.versions).map((v) => <DriftVersion key={`${v.rulesetId}@${v.version}`} v={v} names={drift.data.names} />)
      )}
    </div>
  );
}

function DriftVersion({ v, names }: { v: TDrift["versions"][number]; names: TDrift["names"] }) {
  const status = STATUS_TEXT[v.status];
  return (
    <section className={`drift-version${v.flagged ? " flagged" : ""}`} data-testid={`drift-${v.rulesetId}`} aria-label={`${v.rulesetName} v${v.version}`}>
      <h2>
        {v.rulesetName} v{v.version} <span className={`badge tone-${status.tone}`}>{status.label}</span>
      </h2>
      <div className="meta">
        <span>{STAGE_LABELS[v.stage]}</span>
        {v.publishedAt ? (
          <span>
            published <TimeText value={new Date(v.publishedAt)} />
          </span>
        ) : null}
        <span>
          <Link href={`/live?versionKey=${encodeURIComponent(`${v.rulesetId}@${v.version}`)}`}>{v.liveOrders.toLocaleString()} live orders</Link>
        </span>
        {v.simulation ? (
          <span>
            predicted by <Link href={`/simulations/${encodeURIComponent(v.simulation.id)}`}>{v.simulation.shadow ? "its shadow on live traffic" : `“${v.simulation.name || "the simulation"}”`}</Link> ({v.simulation.orders.toLocaleString()} orders)
          </span>
        ) : null}
        {v.reason ? <span>{v.reason}</span> : null}
      </div>
      {v.dimensions.length > 0 ? (
        <div className="drift-dims">
          {v.dimensions.map((d) => (
            <div key={d.dimension} className={`drift-dim${d.flagged ? " flagged" : ""}`}>
              <h3>{DIMENSION_LABELS[d.dimension]}</h3>
              <div className="stat">{statisticText(d)}</div>
              {d.rows.length === 0 ? (
                <div className="muted small">Nothing on either side.</div>
              ) : (
                <table className="drift-rows">
                  <thead>
                    <tr>
                      <th />
                      <th className="num">Predicted</th>
                      <th className="num">Live</th>
                      <th aria-label="Bars" />
                    </tr>
                  </thead>
                  <tbody>
                    {d.rows.map((r) => (
                      <tr key={r.key}>
                        <td className="cat" title={categoryLabel(d.dimension, r.key, names)}>
                          {categoryLabel(d.dimension, r.key, names)}
                        </td>
                        <td className="num">{pct(r.predicted)}</td>
                        <td className="num">{pct(r.live)}</td>
                        <td>
                          <div className="drift-bar" title={`predicted ${pct(r.predicted)}, live ${pct(r.live)}`}>
                            <span className="p" style={{ width: `${Math.min(100, r.predicted * 100)}%` }} />
                            <span className="l" style={{ width: `${Math.min(100, r.live * 100)}%` }} />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
