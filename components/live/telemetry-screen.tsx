"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { TimeText, formatDateTime } from "@/components/ui/time-text";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TTelemetry } from "@/server/schemas/live-schemas";
import { formatCount, formatMicros, formatMillis, formatShare, versionLabel } from "./live-format";
import { liveHref, ruleKeyOf, versionKeyOf } from "./live-filters";
import { LiveCrumbs, ToggleGroup } from "./live-ui";
import { type StackedSeries, TELEMETRY_RANGES, type TTelemetryRange, bucketTitle, errorRows, idColour, idLabel, orderRules, orderVersions, ruleTitleParts, sparkHeights, stackSeries, statusSeries } from "./telemetry-series";
import { useTelemetry } from "./use-telemetry";

/** Hold reasons charted by name; the rest add up as "Other". */
const TOP_HOLDS = 7;
const TOP_IDS = 7;

/** /live/rules: how often each rule of the live versions fires, how fast the router decides, and where the orders go over time. */
export function TelemetryScreen({ initialRange, initialRulesetId }: { initialRange: TTelemetryRange; initialRulesetId: string }) {
  const trpc = useTRPC();
  const t = useTelemetry(initialRange, initialRulesetId);
  const rulesets = useQuery(trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }));
  const data = t.query.data;

  return (
    <div className="live">
      <div className="page-head">
        <div>
          <LiveCrumbs />
          <h1>Rule telemetry</h1>
          <p>How often each rule fires on live orders, how fast the router decides, and where the orders go. Counts stay after old decisions are deleted.</p>
        </div>
        <button type="button" className="btn" onClick={t.refresh} disabled={t.query.isFetching}>
          {t.query.isFetching && !t.query.isLoading ? "Refreshing…" : "Refresh"}
        </button>
      </div>

      <div className="live-toolbar" role="search" aria-label="Choose the range and ruleset">
        <div className="field">
          <span className="live-field-label">Range</span>
          <ToggleGroup
            label="Range"
            options={TELEMETRY_RANGES.map((r) => ({ id: r.id, label: `${r.label}, ${r.hint}` }))}
            isOn={(id) => t.range === id}
            onToggle={(range) => t.choose({ range })}
          />
        </div>
        <div className="field">
          <label htmlFor="telemetry-ruleset">Ruleset</label>
          <select id="telemetry-ruleset" className="select" value={t.rulesetId} onChange={(e) => t.choose({ rulesetId: e.target.value })}>
            <option value="">Every ruleset</option>
            {rulesets.data?.items.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({STAGE_LABELS[r.stage]})
              </option>
            ))}
          </select>
        </div>
        {data ? (
          <p className="muted small" style={{ margin: "0 0 8px" }}>
            {formatDateTime(new Date(data.from))} – {formatDateTime(new Date(data.to))}
          </p>
        ) : null}
      </div>

      {t.query.isLoading ? (
        <>
          <div className="live-tiles">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="skeleton" style={{ height: 78 }} />
            ))}
          </div>
          <div className="table-wrap">
            <LoadingRows rows={6} />
          </div>
        </>
      ) : t.query.error ? (
        <LoadError message={t.query.error.message} onRetry={() => void t.query.refetch()} />
      ) : data ? (
        <div style={t.query.isPlaceholderData ? { opacity: 0.6 } : undefined}>
          <Tiles data={data} />
          <RuleTables data={data} filtered={t.rulesetId !== ""} />
          <OutcomeCharts data={data} />
        </div>
      ) : null}
    </div>
  );
}

function Tiles({ data }: { data: TTelemetry }) {
  const l = data.latency;
  const errors = errorRows(l.errors);
  const errorCount = errors.reduce((s, e) => s + e.count, 0);
  return (
    <div className="live-tiles" data-testid="telemetry-tiles">
      <div className="live-tile">
        <div className="live-tile-label">Orders</div>
        <div className="live-tile-value" data-testid="telemetry-orders">
          {formatCount(data.orders)}
        </div>
        <div className="live-tile-hint">decided in this range</div>
      </div>
      <div className="live-tile">
        <div className="live-tile-label">Evaluation time</div>
        <div className="live-tile-split">
          <div>
            <span className="k">p50</span>
            <span className="v">{formatMicros(l.p50Us)}</span>
          </div>
          <div>
            <span className="k">p95</span>
            <span className="v">{formatMicros(l.p95Us)}</span>
          </div>
          <div>
            <span className="k">p99</span>
            <span className="v">{formatMicros(l.p99Us)}</span>
          </div>
        </div>
        <div className="live-tile-hint">the rules deciding one order · {formatCount(l.decisions)} measured</div>
      </div>
      <div className="live-tile">
        <div className="live-tile-label">API requests</div>
        <div className="live-tile-split">
          <div>
            <span className="k">p50</span>
            <span className="v">{formatMillis(l.requestP50Ms)}</span>
          </div>
          <div>
            <span className="k">p99</span>
            <span className="v">{formatMillis(l.requestP99Ms)}</span>
          </div>
        </div>
        <div className="live-tile-hint">{l.requests ? `whole requests · ${formatCount(l.requests)} answered` : "no routing requests in this range"}</div>
      </div>
      <div className={`live-tile${errorCount ? " red" : ""}`}>
        <div className="live-tile-label">Refused or failed</div>
        <div className="live-tile-value">{formatCount(errorCount)}</div>
        <div className="live-tile-hint" title={errors.map((e) => `${e.status} ${e.label}: ${formatCount(e.count)}`).join("\n") || undefined}>
          {errors.length ? errors.slice(0, 3).map((e) => `${formatCount(e.count)} × ${e.status} ${e.label}`).join(" · ") : "no request was refused"}
        </div>
      </div>
    </div>
  );
}

function RuleTables({ data, filtered }: { data: TTelemetry; filtered: boolean }) {
  const versions = orderVersions(data.versions);
  return (
    <section className="live-section" aria-labelledby="telemetry-rules-heading" style={{ marginTop: 0 }}>
      <h2 id="telemetry-rules-heading" className="live-section-title">
        Rules <span className="muted">orders each rule fired for, per version that decided in this range</span>
      </h2>
      {versions.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title={filtered ? "This ruleset has no live version" : "Nothing is published yet"}>
            {filtered ? "Publish a version of it, or choose another ruleset." : "Once a ruleset is published and orders are routed through the API, its rules’ hits show here."}
          </EmptyState>
        </div>
      ) : (
        versions.map((v) => <VersionRules key={`${v.rulesetId}@${v.version}`} version={v} data={data} />)
      )}
    </section>
  );
}

function VersionRules({ version: v, data }: { version: TTelemetry["versions"][number]; data: TTelemetry }) {
  const router = useRouter();
  const rules = orderRules(v.rules);
  // Titles two rules share ("No channel fits" on several branches) show their node's id too.
  const seen = new Map<string, number>();
  for (const r of rules) {
    const t = ruleTitleParts(r.title).text;
    seen.set(t, (seen.get(t) ?? 0) + 1);
  }
  return (
    <div className="live-version-block" data-testid="telemetry-version" data-version={`${v.rulesetName} v${v.version}`}>
      <div className="live-version-head">
        <h3>{versionLabel(v)}</h3>
        {v.published ? (
          <span className="badge live-on" title="The published version: the router decides with it now">
            live
          </span>
        ) : (
          <span className="badge" title="Not published any more; it decided orders in this range">
            earlier version
          </span>
        )}
        <span className="muted small">
          {STAGE_LABELS[v.stage]} · {formatCount(v.orders)} {v.orders === 1 ? "order" : "orders"}
          {v.publishedAt ? (
            <>
              {" "}
              · published <TimeText value={new Date(v.publishedAt)} />
            </>
          ) : null}
        </span>
        <Link className="small" href={liveHref({ versionKey: versionKeyOf(v.rulesetId, v.version) })}>
          its decisions
        </Link>
      </div>
      <div className="table-wrap">
        {rules.length === 0 ? (
          <div className="empty small">This version has no rules.</div>
        ) : (
          <table className="data live-rule-table" aria-label={`Rules of ${versionLabel(v)}`}>
            <thead>
              <tr>
                <th>Rule</th>
                <th className="num">Hits</th>
                <th className="num" title="Share of the orders this version decided">
                  Share
                </th>
                <th>Over time</th>
                <th>Last fired</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => {
                const href = liveHref({ ruleKey: ruleKeyOf(v.rulesetId, v.version, r.name) });
                const title = ruleTitleParts(r.title);
                return (
                  <tr
                    key={r.name}
                    className={`clickable${r.hits === 0 ? " idle" : ""}`}
                    data-rule={title.text}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest("a")) return;
                      router.push(href);
                    }}
                  >
                    <td>
                      <span style={{ display: "flex", alignItems: "baseline", minWidth: 0 }}>
                        <Link href={href} className="live-rule-title" title={`${title.text}${title.nodeId ? ` (node ${title.nodeId})` : ""}: open the decisions in which it fired`}>
                          {title.text}
                          {title.nodeId && (seen.get(title.text) ?? 0) > 1 ? <span className="live-rule-node"> ({title.nodeId})</span> : null}
                        </Link>
                        {r.neverFiredSincePublish ? (
                          <span className="badge never" title="This rule has not fired on a live order since its version was published">
                            never fired since publish
                          </span>
                        ) : null}
                      </span>
                    </td>
                    <td className="num">{formatCount(r.hits)}</td>
                    <td className="num">{formatShare(r.share)}</td>
                    <td>
                      <Sparkline series={r.series} buckets={data.buckets} granularity={data.granularity} />
                    </td>
                    <td className="nowrap small">{r.lastFiredAt ? <TimeText value={new Date(r.lastFiredAt)} /> : <span className="muted">never</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

const SPARK_W = 150;
const SPARK_H = 22;

/** Hits per bucket as tiny bars; the busiest bucket and the total on hover. */
function Sparkline({ series, buckets, granularity }: { series: number[]; buckets: string[]; granularity: "hour" | "day" }) {
  const heights = sparkHeights(series, SPARK_H - 2);
  const n = Math.max(1, series.length);
  const w = SPARK_W / n;
  const max = Math.max(0, ...series);
  const busiest = series.indexOf(max);
  const title = max === 0 ? "No hits in this range" : `${formatCount(series.reduce((a, b) => a + b, 0))} hits; most ${formatCount(max)} on ${bucketTitle(buckets[busiest] ?? "", granularity)}`;
  return (
    <svg className="live-spark" width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} role="img" aria-label={title}>
      <title>{title}</title>
      {heights.map((h, i) => (
        <rect key={i} x={i * w + 0.5} width={Math.max(1, w - 1)} y={h === 0 ? SPARK_H - 1 : SPARK_H - h} height={h === 0 ? 1 : h} className={h === 0 ? "zero" : undefined} />
      ))}
    </svg>
  );
}

function OutcomeCharts({ data }: { data: TTelemetry }) {
  const charts = useMemo(() => {
    const g = data.granularity;
    return [
      { id: "status", title: "Orders per status", series: statusSeries(data.outcomes.status, g), empty: "No order was decided in this range." },
      {
        id: "warehouse",
        title: "Orders per warehouse",
        series: stackSeries(data.outcomes.warehouse, g, idLabel(data.names.warehouses, "No warehouse"), { top: TOP_IDS, colourOf: idColour }),
        empty: "No order was decided in this range.",
      },
      {
        id: "channel",
        title: "Orders per logistics channel",
        series: stackSeries(data.outcomes.channel, g, idLabel(data.names.channels, "No channel"), { top: TOP_IDS, colourOf: idColour }),
        empty: "No order was decided in this range.",
      },
      { id: "hold", title: "Orders per hold reason", series: stackSeries(data.outcomes.hold, g, (k) => k || "(no reason)", { top: TOP_HOLDS }), empty: "No order was held in this range." },
    ] satisfies { id: string; title: string; series: StackedSeries; empty: string }[];
  }, [data]);
  return (
    <section className="live-section" aria-labelledby="telemetry-charts-heading">
      <h2 id="telemetry-charts-heading" className="live-section-title">
        Where the orders go <span className="muted">{data.granularity === "hour" ? "per hour" : "per day"}, every decision of the range</span>
      </h2>
      <div className="live-charts">
        {charts.map((c) => (
          <StackedChart key={c.id} id={c.id} title={c.title} series={c.series} empty={c.empty} />
        ))}
      </div>
    </section>
  );
}

function StackedChart({ id, title, series, empty }: { id: string; title: string; series: StackedSeries; empty: string }) {
  // Legend and tooltip list the keys as the series orders them (statuses by rank, the rest biggest first), not alphabetically.
  const rank = new Map(series.keys.map((k, i) => [k.dataKey, i]));
  const byRank = (item: { dataKey?: unknown }) => rank.get(String(item.dataKey)) ?? series.keys.length;
  return (
    <div className="live-chart" data-testid={`chart-${id}`} role="group" aria-label={title}>
      <h3 className="live-chart-title">{title}</h3>
      {series.total === 0 ? (
        <div className="empty small">{empty}</div>
      ) : (
        <BarChart data={series.rows} responsive style={{ width: "100%", height: 240 }} margin={{ top: 4, right: 8, bottom: 0, left: -12 }} barCategoryGap="12%">
          <CartesianGrid vertical={false} stroke="#eef1f6" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#5b6472" }} interval="preserveStartEnd" minTickGap={16} tickLine={false} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#5b6472" }} tickFormatter={(v: number) => formatCount(v)} width={48} />
          <Tooltip
            formatter={(v, name) => [formatCount(Number(v)), name]}
            labelFormatter={(_label, payload) => String((payload?.[0]?.payload as { title?: string } | undefined)?.title ?? _label)}
            cursor={{ fill: "#f5f8ff" }}
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={byRank}
          />
          <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} itemSorter={byRank} />
          {series.keys.map((k) => (
            <Bar key={k.dataKey} dataKey={k.dataKey} name={k.label} stackId="orders" fill={k.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </div>
  );
}
