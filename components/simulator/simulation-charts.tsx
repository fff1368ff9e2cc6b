"use client";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { NODE_KIND_UI } from "@/components/designer/node-kind-ui";
import type { TNodeKind } from "@/rules-schema/graph/graph-schema";
import type { TSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import type { TSimulationOut } from "@/server/schemas/simulation-schemas";
import { type ComparisonRow, comparisonRows } from "./comparison-rows";
import { formatCount, formatDelta, nameIn } from "./simulation-format";

/** Bars per chart; the rest are added up into "Other". */
const MAX_ROWS = 8;
const BASELINE_COLOUR = "#98a2b3";
const CANDIDATE_COLOUR = "#2f6fed";

type ChartId = "warehouse" | "channel" | "hold" | "action";

const actionLabel = (type: string) => (type in NODE_KIND_UI ? NODE_KIND_UI[type as TNodeKind].label : type);
const shorten = (s: string, n = 24) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Orders per warehouse, channel, hold reason and action: baseline and candidate side by side, with the numbers beside each chart. */
export function SimulationCharts({ totals, names }: { totals: TSimulationTotals; names: TSimulationOut["names"] }) {
  const b = totals.baseline;
  const c = totals.candidate;
  const charts = useMemo(
    () =>
      [
        { id: "warehouse", title: "Orders per warehouse", rows: comparisonRows(b.byWarehouse, c.byWarehouse, (k) => nameIn(names.warehouses, k), MAX_ROWS, "No warehouse"), empty: "No warehouse was assigned on either side." },
        { id: "channel", title: "Orders per logistics channel", rows: comparisonRows(b.byChannel, c.byChannel, (k) => nameIn(names.channels, k), MAX_ROWS, "No channel"), empty: "No channel was assigned on either side." },
        { id: "hold", title: "Orders per hold reason", rows: comparisonRows(b.byHoldReason, c.byHoldReason, (k) => k, MAX_ROWS), empty: "No order was held on either side." },
        { id: "action", title: "Actions fired", rows: comparisonRows(b.byAction, c.byAction, actionLabel, MAX_ROWS), empty: "No action fired on either side." },
      ] satisfies { id: ChartId; title: string; rows: ComparisonRow[]; empty: string }[],
    [b, c, names],
  );
  return (
    <section aria-labelledby="sim-charts-heading" className="sim-section">
      <h2 id="sim-charts-heading" className="sim-section-title">
        Where the orders go
      </h2>
      <div className="sim-charts">
        {charts.map((ch) => (
          <ComparisonChart key={ch.id} id={ch.id} title={ch.title} rows={ch.rows} empty={ch.empty} />
        ))}
      </div>
    </section>
  );
}

function ComparisonChart({ id, title, rows, empty }: { id: ChartId; title: string; rows: ComparisonRow[]; empty: string }) {
  const height = Math.max(140, rows.length * 38 + 56);
  return (
    <div className="sim-chart" data-testid={`chart-${id}`} role="group" aria-label={title}>
      <h3 className="sim-chart-title">{title}</h3>
      {rows.length === 0 ? (
        <div className="empty small">{empty}</div>
      ) : (
        <div className="sim-chart-body">
          <div className="sim-chart-canvas" aria-hidden="true">
            <BarChart
              layout="vertical"
              data={rows}
              responsive
              style={{ width: "100%", height }}
              margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
              barGap={2}
              barCategoryGap="22%"
            >
              <CartesianGrid horizontal={false} stroke="#eef1f6" />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: "#5b6472" }} tickFormatter={(v: number) => formatCount(v)} />
              <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12, fill: "#344054" }} tickFormatter={(v: string) => shorten(v)} interval={0} />
              <Tooltip formatter={(v) => formatCount(Number(v))} cursor={{ fill: "#f5f8ff" }} />
              <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="baseline" name="Baseline" fill={BASELINE_COLOUR} radius={[0, 3, 3, 0]} isAnimationActive={false} />
              <Bar dataKey="candidate" name="Candidate" fill={CANDIDATE_COLOUR} radius={[0, 3, 3, 0]} isAnimationActive={false} />
            </BarChart>
          </div>
          <table className="data compact sim-chart-table" aria-label={`${title}: numbers`}>
            <thead>
              <tr>
                <th>{id === "warehouse" ? "Warehouse" : id === "channel" ? "Channel" : id === "hold" ? "Hold reason" : "Action"}</th>
                <th className="num">Baseline</th>
                <th className="num">Candidate</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td className="sim-chart-name" title={r.name}>
                    {r.name}
                  </td>
                  <td className="num">{formatCount(r.baseline)}</td>
                  <td className="num">{formatCount(r.candidate)}</td>
                  <td className={`num sim-delta-cell${r.delta > 0 ? " up" : r.delta < 0 ? " down" : ""}`}>{formatDelta(r.delta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
