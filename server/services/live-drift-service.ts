/**
 * Drift: for each published version, the live distribution of outcomes (from the rollups, since it was
 * published) against what the simulation that gated its publish predicted (that simulation's candidate
 * totals). Per dimension one statistic:
 * - warehouse, channel, deadline risk: the total variation distance ½·Σ|live − predicted| over the
 *   categories ("none" included): the share of orders that would have to move for the two to agree;
 *   bounded 0–1, readable as a percentage, and not inflated by volume as a chi-square test would be
 *   (with thousands of orders any tiny difference is "significant").
 * - holds: the largest difference, over hold reasons, in the share of orders held for that reason.
 * A dimension is flagged when its statistic reaches its threshold (TVD 10 points, hold share 5 points)
 * and at least MIN_LIVE_ORDERS orders were decided live (the standard error of a share is then at most
 * √(0.25/200) ≈ 3.5 points, well under the thresholds).
 */
import { ZSimulationTotals, type TSimulationTotals } from "@/rules-schema/simulate";
import { STAGES, type TStage } from "@/rules-schema";
import type { Db } from "../db/create-db";
import { versionKey } from "./decision-facets";
import type { TDrift } from "../schemas/live-schemas";
import type { Scope } from "./scope";

export const MIN_LIVE_ORDERS = 200;
export const TVD_THRESHOLD = 0.1;
export const HOLD_SHARE_THRESHOLD = 0.05;

type Counts = Record<string, number>;

/** ½·Σ|p − q| over the union of keys of two count maps, each normalised by its own total. */
export function totalVariation(live: Counts, liveTotal: number, predicted: Counts, predictedTotal: number): number {
  if (liveTotal === 0 || predictedTotal === 0) return 0;
  let sum = 0;
  for (const k of new Set([...Object.keys(live), ...Object.keys(predicted)])) sum += Math.abs((live[k] ?? 0) / liveTotal - (predicted[k] ?? 0) / predictedTotal);
  return sum / 2;
}

/** The largest |live share − predicted share| over the keys (shares of all orders, not of held ones). */
export function maxShareDifference(live: Counts, liveTotal: number, predicted: Counts, predictedTotal: number): number {
  if (liveTotal === 0 || predictedTotal === 0) return 0;
  let max = 0;
  for (const k of new Set([...Object.keys(live), ...Object.keys(predicted)])) max = Math.max(max, Math.abs((live[k] ?? 0) / liveTotal - (predicted[k] ?? 0) / predictedTotal));
  return max;
}

const DIMENSIONS = [
  { dimension: "warehouse", statistic: "tvd", threshold: TVD_THRESHOLD, predicted: (t: TSimulationTotals) => t.candidate.byWarehouse },
  { dimension: "channel", statistic: "tvd", threshold: TVD_THRESHOLD, predicted: (t: TSimulationTotals) => t.candidate.byChannel },
  { dimension: "deadline", statistic: "tvd", threshold: TVD_THRESHOLD, predicted: (t: TSimulationTotals) => t.candidate.byDeadline },
  { dimension: "hold", statistic: "maxShareDifference", threshold: HOLD_SHARE_THRESHOLD, predicted: (t: TSimulationTotals) => t.candidate.byHoldReason },
] as const;

/** Drift of every published version of the organization (newest publish first). */
export async function liveDrift(db: Db, scope: Scope): Promise<TDrift> {
  const org = scope.organizationId;
  const rulesets = await db.ruleset.findMany({
    where: { organizationId: org, publishedVersionId: { not: null } },
    select: { id: true, name: true, stage: true, publishedVersion: { select: { number: true, publishedAt: true } } },
  });
  const versions: TDrift["versions"] = [];
  for (const r of rulesets) {
    const v = r.publishedVersion!;
    const request = await db.publishRequest.findFirst({
      where: { organizationId: org, rulesetId: r.id, versionNumber: v.number, kind: "publish", status: "approved" },
      orderBy: [{ decidedAt: "desc" }, { requestedAt: "desc" }],
      select: { simulationId: true, overrideReason: true },
    });
    const sim = request?.simulationId
      ? await db.simulation.findFirst({ where: { id: request.simulationId, organizationId: org }, select: { id: true, name: true, totals: true, runner: true } })
      : null;
    const totals = sim?.totals ? ZSimulationTotals.safeParse(sim.totals) : null;
    const since = v.publishedAt ?? new Date(0);
    const rows = await db.decisionOutcomeRollup.groupBy({
      by: ["dimension", "value"],
      where: { organizationId: org, versionKey: versionKey(r.id, v.number), hour: { gte: new Date(Math.floor(since.getTime() / 3_600_000) * 3_600_000) } },
      _sum: { count: true },
    });
    const live = new Map<string, Counts>();
    for (const row of rows) {
      const m = live.get(row.dimension) ?? {};
      live.set(row.dimension, m);
      m[row.value] = (m[row.value] ?? 0) + (row._sum.count ?? 0);
    }
    const liveOrders = live.get("orders")?.[""] ?? 0;
    const base = {
      stage: r.stage as TStage,
      rulesetId: r.id,
      rulesetName: r.name,
      version: v.number,
      publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
      liveOrders,
      simulation: sim ? { id: sim.id, name: sim.name, shadow: sim.runner === "shadow", orders: totals?.success ? totals.data.orders : 0 } : null,
    };
    if (!totals?.success) {
      versions.push({ ...base, status: "noSimulation", reason: request?.overrideReason ? `Published without a simulation: “${request.overrideReason}”` : "No simulation gated this publish", dimensions: [], flagged: false });
      continue;
    }
    const t = totals.data;
    const predictedOrders = t.candidate.orders;
    const dimensions = DIMENSIONS.map((d) => {
      const liveCounts = live.get(d.dimension) ?? {};
      const predicted = d.predicted(t) as Counts;
      // Deadline risk is kept for decisions routed since it was recorded; earlier ones count as unknown and are left out.
      const liveTotal = d.dimension === "deadline" ? Object.values(liveCounts).reduce((a, b) => a + b, 0) : liveOrders;
      const value = d.statistic === "tvd" ? totalVariation(liveCounts, liveTotal, predicted, predictedOrders) : maxShareDifference(liveCounts, liveTotal, predicted, predictedOrders);
      const keys = [...new Set([...Object.keys(liveCounts), ...Object.keys(predicted)])];
      return {
        dimension: d.dimension,
        statistic: d.statistic,
        value: Math.round(value * 10_000) / 10_000,
        threshold: d.threshold,
        flagged: liveOrders >= MIN_LIVE_ORDERS && liveTotal > 0 && value >= d.threshold,
        rows: keys
          .map((key) => ({ key, live: liveTotal === 0 ? 0 : (liveCounts[key] ?? 0) / liveTotal, predicted: predictedOrders === 0 ? 0 : (predicted[key] ?? 0) / predictedOrders }))
          .sort((a, b) => Math.abs(b.live - b.predicted) - Math.abs(a.live - a.predicted))
          .slice(0, 12),
      };
    });
    const flagged = dimensions.some((d) => d.flagged);
    versions.push({
      ...base,
      status: liveOrders < MIN_LIVE_ORDERS ? "tooFewOrders" : flagged ? "drifted" : "asPredicted",
      reason: liveOrders < MIN_LIVE_ORDERS ? `${liveOrders} live orders so far; drift is judged from ${MIN_LIVE_ORDERS}` : null,
      dimensions,
      flagged,
    });
  }
  versions.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || (a.rulesetName < b.rulesetName ? -1 : 1));
  const ids = [...new Set(versions.flatMap((v) => v.dimensions.flatMap((d) => (d.dimension === "warehouse" || d.dimension === "channel" ? d.rows.map((r) => r.key) : []))))].filter((k) => k !== "");
  const [warehouses, channels] = await Promise.all([
    db.warehouse.findMany({ where: { organizationId: org, id: { in: ids } }, select: { id: true, name: true } }),
    db.logisticsChannel.findMany({ where: { organizationId: org, id: { in: ids } }, select: { id: true, name: true } }),
  ]);
  return {
    thresholds: { tvd: TVD_THRESHOLD, holdShare: HOLD_SHARE_THRESHOLD, minLiveOrders: MIN_LIVE_ORDERS },
    versions,
    names: { warehouses: Object.fromEntries(warehouses.map((w) => [w.id, w.name])), channels: Object.fromEntries(channels.map((c) => [c.id, c.name])), stores: {} },
  };
}
