/**
 * Rule telemetry on live traffic, read from the rollup tables that are written with the decisions
 * (decision_rule_hits, decision_outcome_rollups, router_metric_rollups): never from the decisions
 * themselves, so the answer takes the same time over ten thousand decisions or ten million, and it
 * survives the retention purge.
 */
import { parseCompiledRuleset, STAGES, ZRuleGraph, type TStage } from "@/rules-schema";
import { ruleDescriber } from "@/rules-schema/analysis/analysis-problems";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { bucketFloor, parseRuleKey, versionKey } from "./decision-facets";
import { type TNames, type TTelemetry, type TTelemetryInput, ZTelemetryInput } from "../schemas/live-schemas";
import type { Scope } from "./scope";
import { FieldError } from "./service-errors";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_BUCKETS = 24 * 62;

/** The buckets' starts (UTC hours, or days starting at UTC midnight shifted by `offsetMinutes`). */
export function bucketStarts(from: number, to: number, granularity: "hour" | "day", offsetMinutes = 0): number[] {
  const step = granularity === "hour" ? HOUR : DAY;
  const shift = granularity === "day" ? offsetMinutes * 60_000 : 0;
  const first = Math.floor((from + shift) / step) * step - shift;
  const out: number[] = [];
  for (let t = first; t < to; t += step) out.push(t);
  return out;
}

/** The value at quantile q of a log-bucket histogram (bucket → count), as the bucket's lower bound. */
export function histogramQuantile(hist: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const b of [...hist.keys()].sort((a, c) => a - c)) {
    seen += hist.get(b)!;
    if (seen >= rank) return Math.round(bucketFloor(b) * 10) / 10;
  }
  return null;
}

export async function liveTelemetry(db: Db, scope: Scope, raw: TTelemetryInput & { utcOffsetMinutes?: number }, now: Date): Promise<TTelemetry> {
  const input = ZTelemetryInput.parse(raw);
  const offset = Math.max(-14 * 60, Math.min(14 * 60, Math.trunc(raw.utcOffsetMinutes ?? 0)));
  const to = input.to ? Date.parse(input.to) : now.getTime();
  const from = input.from ? Date.parse(input.from) : to - (input.granularity === "hour" ? DAY : 14 * DAY);
  const starts = bucketStarts(from, to, input.granularity, offset);
  if (starts.length > MAX_BUCKETS) throw new FieldError("from", `spans ${starts.length} ${input.granularity}s; show at most ${MAX_BUCKETS} (choose days for a longer range)`);
  const org = scope.organizationId;
  const fromDate = new Date(starts[0] ?? from);
  const toDate = new Date(to);
  // Added up per bucket in SQL: the answer's size depends on the buckets, not on the hours (or decisions) behind them.
  const first = starts[0] ?? from;
  const step = input.granularity === "hour" ? HOUR : DAY;
  const bucket = Prisma.sql`floor((extract(epoch from "hour") * 1000 - ${first}::float8) / ${step}::float8)::int`;
  const [outcomes, hits, metrics, rulesets] = await Promise.all([
    db.$queryRaw<{ b: number; versionKey: string; dimension: string; value: string; n: number }[]>`
      SELECT ${bucket} AS b, "versionKey", "dimension", "value", SUM("count")::int AS n FROM "decision_outcome_rollups"
      WHERE "organizationId" = ${org} AND "hour" >= ${fromDate} AND "hour" < ${toDate} AND ("versionKey" = '' OR "dimension" = 'orders')
      GROUP BY 1, 2, 3, 4`,
    db.$queryRaw<{ b: number; rulesetId: string; version: number; ruleName: string; n: number }[]>`
      SELECT ${bucket} AS b, "rulesetId", "version", "ruleName", SUM("hits")::int AS n FROM "decision_rule_hits"
      WHERE "organizationId" = ${org} AND "hour" >= ${fromDate} AND "hour" < ${toDate} ${input.rulesetId ? Prisma.sql`AND "rulesetId" = ${input.rulesetId}` : Prisma.empty}
      GROUP BY 1, 2, 3, 4`,
    db.$queryRaw<{ metric: string; bucket: number; n: number }[]>`
      SELECT "metric", "bucket", SUM("count")::int AS n FROM "router_metric_rollups"
      WHERE "organizationId" = ${org} AND "metric" IN ('decideUs', 'requestMs', 'error') AND "hour" >= ${fromDate} AND "hour" < ${toDate}
      GROUP BY 1, 2`,
    db.ruleset.findMany({
      where: { organizationId: org, ...(input.rulesetId ? { id: input.rulesetId } : {}) },
      select: { id: true, name: true, stage: true, publishedVersionId: true, publishedVersion: { select: { number: true } } },
    }),
  ]);

  // Orders per version seen in the range, and the merged decisions' outcomes per bucket.
  const ordersOf = new Map<string, number>();
  let orders = 0;
  const series = { status: new Map<number, Record<string, number>>(), warehouse: new Map(), channel: new Map(), hold: new Map() } as Record<"status" | "warehouse" | "channel" | "hold", Map<number, Record<string, number>>>;
  for (const o of outcomes) {
    if (o.dimension === "orders") {
      if (o.versionKey === "") orders += o.n;
      else ordersOf.set(o.versionKey, (ordersOf.get(o.versionKey) ?? 0) + o.n);
      continue;
    }
    if (o.versionKey !== "" || !(o.dimension in series)) continue;
    const m = series[o.dimension as keyof typeof series];
    const rec = m.get(o.b) ?? {};
    m.set(o.b, rec);
    rec[o.value] = (rec[o.value] ?? 0) + o.n;
  }
  const seriesOut = (m: Map<number, Record<string, number>>) => starts.map((at, i) => ({ at: new Date(at).toISOString(), values: m.get(i) ?? {} }));

  // The versions to show: those that decided orders in the range, and every published version.
  const rulesetById = new Map(rulesets.map((r) => [r.id, r]));
  const shown = new Map<string, { rulesetId: string; version: number }>();
  for (const key of ordersOf.keys()) {
    const at = key.lastIndexOf("@");
    const rulesetId = key.slice(0, at);
    if (rulesetById.has(rulesetId)) shown.set(key, { rulesetId, version: Number(key.slice(at + 1)) });
  }
  for (const r of rulesets) if (r.publishedVersion) shown.set(versionKey(r.id, r.publishedVersion.number), { rulesetId: r.id, version: r.publishedVersion.number });
  const wanted = [...shown.values()];
  const [versionRows, lifetime] = await Promise.all([
    wanted.length
      ? db.rulesetVersion.findMany({
          where: { organizationId: org, OR: wanted.map((w) => ({ rulesetId: w.rulesetId, number: w.version })) },
          select: { rulesetId: true, number: true, compiled: true, graph: true, publishedAt: true },
        })
      : [],
    wanted.length
      ? db.decisionRuleTotal.findMany({
          where: { organizationId: org, OR: wanted.map((w) => ({ rulesetId: w.rulesetId, version: w.version })) },
          select: { rulesetId: true, version: true, ruleName: true, hits: true, lastAt: true },
        })
      : [],
  ]);
  const hitsIn = new Map<string, number[]>();
  for (const h of hits) {
    const key = `${h.rulesetId}@${h.version}/${h.ruleName}`;
    const arr = hitsIn.get(key) ?? new Array<number>(starts.length).fill(0);
    hitsIn.set(key, arr);
    if (h.b >= 0 && h.b < starts.length) arr[h.b]! += h.n;
  }
  const lifetimeOf = new Map(lifetime.map((l) => [`${l.rulesetId}@${l.version}/${l.ruleName}`, { hits: l.hits, lastAt: l.lastAt }]));
  const versions: TTelemetry["versions"] = [];
  for (const w of wanted) {
    const rs = rulesetById.get(w.rulesetId)!;
    const row = versionRows.find((v) => v.rulesetId === w.rulesetId && v.number === w.version);
    const compiled = row?.compiled ? parseCompiledRuleset(row.compiled) : null;
    const graph = row ? ZRuleGraph.safeParse(row.graph) : null;
    const vk = versionKey(w.rulesetId, w.version);
    const seen = ordersOf.get(vk) ?? 0;
    const names = compiled?.ok ? compiled.compiled.manifest.rules.map((m) => ({ name: m.name, nodeId: m.nodeId })) : [];
    // Rules that fired but are not in the manifest (never expected; shown rather than dropped).
    for (const key of hitsIn.keys()) {
      const k = parseRuleKey(key);
      if (k && k.rulesetId === w.rulesetId && k.version === w.version && !names.some((n) => n.name === k.ruleName)) names.push({ name: k.ruleName, nodeId: "" });
    }
    const describe = compiled?.ok ? ruleDescriber(compiled.compiled, graph?.success ? graph.data : undefined) : (name: string) => name;
    versions.push({
      stage: rs.stage as TStage,
      rulesetId: w.rulesetId,
      rulesetName: rs.name,
      version: w.version,
      published: rs.publishedVersion?.number === w.version,
      publishedAt: row?.publishedAt ? row.publishedAt.toISOString() : null,
      orders: seen,
      rules: names.map(({ name, nodeId }) => {
        const key = `${w.rulesetId}@${w.version}/${name}`;
        const s = hitsIn.get(key) ?? new Array<number>(starts.length).fill(0);
        const total = s.reduce((a, b) => a + b, 0);
        const life = lifetimeOf.get(key);
        return {
          name,
          title: describe(name, nodeId),
          hits: total,
          share: seen === 0 ? 0 : total / seen,
          lastFiredAt: life?.lastAt ? life.lastAt.toISOString() : null,
          series: s,
          neverFiredSincePublish: (life?.hits ?? 0) === 0,
        };
      }),
    });
  }
  versions.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || (a.rulesetName < b.rulesetName ? -1 : 1) || b.version - a.version);

  const hist = (metric: string) => {
    const m = new Map<number, number>();
    for (const r of metrics) if (r.metric === metric) m.set(r.bucket, (m.get(r.bucket) ?? 0) + r.n);
    return m;
  };
  const decide = hist("decideUs");
  const request = hist("requestMs");
  const errors: Record<string, number> = {};
  for (const r of metrics) if (r.metric === "error") errors[String(r.bucket)] = (errors[String(r.bucket)] ?? 0) + r.n;
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  // Names of the warehouses and channels in the series.
  const ids = (dim: "warehouse" | "channel") => [...new Set(outcomes.filter((o) => o.dimension === dim && o.value !== "").map((o) => o.value))];
  const [warehouses, channels] = await Promise.all([
    db.warehouse.findMany({ where: { organizationId: org, id: { in: ids("warehouse") } }, select: { id: true, name: true } }),
    db.logisticsChannel.findMany({ where: { organizationId: org, id: { in: ids("channel") } }, select: { id: true, name: true } }),
  ]);
  const names: TNames = { warehouses: Object.fromEntries(warehouses.map((w) => [w.id, w.name])), channels: Object.fromEntries(channels.map((c) => [c.id, c.name])), stores: {} };

  return {
    from: new Date(starts[0] ?? from).toISOString(),
    to: toDate.toISOString(),
    granularity: input.granularity,
    orders,
    versions,
    buckets: starts.map((s) => new Date(s).toISOString()),
    outcomes: { status: seriesOut(series.status), warehouse: seriesOut(series.warehouse), channel: seriesOut(series.channel), hold: seriesOut(series.hold) },
    latency: {
      decisions: sum(decide),
      p50Us: histogramQuantile(decide, 0.5),
      p95Us: histogramQuantile(decide, 0.95),
      p99Us: histogramQuantile(decide, 0.99),
      requests: sum(request),
      requestP50Ms: histogramQuantile(request, 0.5),
      requestP99Ms: histogramQuantile(request, 0.99),
      errors,
    },
    names,
  };
}

