/**
 * What the live loop reads from a routing decision without opening its JSON: the explorer's filter
 * columns (`decisionFacets`) and the rollup contributions written in the same statement as the
 * decision (`DecisionRollups`). Pure: no database, no clock.
 */
import type { TDecision } from "@/rules-schema/evaluate/decision-schema";

/** Bumped when the facets computed from a decision change meaning; rows with an older (or no) version are backfilled. */
export const FACETS_VERSION = 1;

/** The first of these that applies is the decision's status. */
export const DECISION_STATUSES = ["intercepted", "held", "merged", "routed", "undecided"] as const;
export type TDecisionStatus = (typeof DECISION_STATUSES)[number];

/** Rollup dimensions of `decision_outcome_rollups`, named like the simulator's totals. */
export const OUTCOME_DIMENSIONS = ["orders", "status", "warehouse", "channel", "hold", "split", "deadline"] as const;
export type TOutcomeDimension = (typeof OUTCOME_DIMENSIONS)[number];

/** The order fields the facets read (from the stored input, or from the `orders` row when backfilling). */
export interface FacetOrder {
  storeId: string;
  platform: string;
  buyerId: string;
  createdAt: string | null;
  shipByDeadline: string | null;
  shippingAddress: { country: string };
}

interface StoredStage {
  rulesetId: string;
  version: number;
  decision: Pick<TDecision, "firedRules">;
}

/** The stored `decision` column: the merged decision and each stage's. */
export interface StoredDecision {
  decision: Pick<TDecision, "warehouseId" | "channelId" | "holds" | "intercept" | "merge" | "split">;
  stages: readonly StoredStage[];
}

export interface DecisionFacets {
  storeId: string;
  platform: string;
  country: string;
  buyerId: string;
  placedAt: string | null;
  shipByDeadline: string | null;
  warehouseId: string | null;
  channelId: string | null;
  status: TDecisionStatus;
  split: boolean;
  holdReasons: string[];
  ruleKeys: string[];
  versionKeys: string[];
  facetsVersion: number;
}

export const versionKey = (rulesetId: string, version: number) => `${rulesetId}@${version}`;

/** `rulesetId@version/ruleName`: the ruleset id (a cuid) has no "@" and the version no "/", so the rule name may hold anything. */
export const ruleKey = (rulesetId: string, version: number, ruleName: string) => `${rulesetId}@${version}/${ruleName}`;

/** Reads a rule key back; null when it is not one. */
export function parseRuleKey(key: string): { rulesetId: string; version: number; ruleName: string } | null {
  const at = key.indexOf("@");
  const slash = at < 0 ? -1 : key.indexOf("/", at);
  if (at <= 0 || slash < 0) return null;
  const version = Number(key.slice(at + 1, slash));
  if (!Number.isInteger(version)) return null;
  return { rulesetId: key.slice(0, at), version, ruleName: key.slice(slash + 1) };
}

export function statusOf(d: StoredDecision["decision"]): TDecisionStatus {
  if (d.intercept !== null) return "intercepted";
  if (d.holds.length > 0) return "held";
  if (d.merge !== null) return "merged";
  if (d.warehouseId !== null) return "routed";
  return "undecided";
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

const isoOrNull = (v: string | null | undefined): string | null => {
  if (typeof v !== "string") return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

const EMPTY_STORED: StoredDecision = { decision: { warehouseId: null, channelId: null, holds: [], intercept: null, merge: null, split: null }, stages: [] };

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const strOrNull = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * The stored `decision` column read defensively: rows written by older code or by hand may lack parts.
 * Anything that is not the expected shape reads as "decided nothing".
 */
export function readStoredDecision(value: unknown): StoredDecision {
  const root = obj(value);
  const d = obj(root?.decision);
  if (!root || !d) return EMPTY_STORED;
  const holds = Array.isArray(d.holds) ? d.holds.flatMap((h) => (typeof obj(h)?.reason === "string" ? [{ reason: obj(h)!.reason as string, ruleName: String(obj(h)!.ruleName ?? "") }] : [])) : [];
  const stages = Array.isArray(root.stages)
    ? root.stages.flatMap((s): StoredStage[] => {
        const st = obj(s);
        if (!st || typeof st.rulesetId !== "string" || typeof st.version !== "number") return [];
        const fired = obj(st.decision)?.firedRules;
        return [{ rulesetId: st.rulesetId, version: st.version, decision: { firedRules: Array.isArray(fired) ? fired.filter((f): f is string => typeof f === "string") : [] } }];
      })
    : [];
  return {
    decision: {
      warehouseId: strOrNull(d.warehouseId),
      channelId: strOrNull(d.channelId),
      holds,
      intercept: (obj(d.intercept) as StoredDecision["decision"]["intercept"]) ?? null,
      merge: (obj(d.merge) as StoredDecision["decision"]["merge"]) ?? null,
      split: (obj(d.split) as StoredDecision["decision"]["split"]) ?? null,
    },
    stages,
  };
}

/** The explorer columns of one decision. `order` is null when it is unknown (an old row whose order is gone). */
export function decisionFacets(storedValue: unknown, order: FacetOrder | null): DecisionFacets {
  const stored = readStoredDecision(storedValue);
  const d = stored.decision;
  const ruleKeys: string[] = [];
  const versionKeys: string[] = [];
  for (const s of stored.stages) {
    versionKeys.push(versionKey(s.rulesetId, s.version));
    for (const name of distinct(s.decision.firedRules)) ruleKeys.push(ruleKey(s.rulesetId, s.version, name));
  }
  return {
    storeId: order?.storeId ?? "",
    platform: order?.platform ?? "",
    country: order?.shippingAddress.country ?? "",
    buyerId: order?.buyerId ?? "",
    placedAt: isoOrNull(order?.createdAt),
    shipByDeadline: isoOrNull(order?.shipByDeadline),
    warehouseId: d.warehouseId,
    channelId: d.channelId,
    status: statusOf(d),
    split: d.split !== null,
    holdReasons: distinct(d.holds.map((h) => h.reason)),
    ruleKeys: distinct(ruleKeys),
    versionKeys: distinct(versionKeys),
    facetsVersion: FACETS_VERSION,
  };
}

/**
 * What a held or intercepted order waits for, as the holds queue groups it: the intercept's reason
 * ("" when it gave none) for an intercepted order, each hold reason once for a held one, nothing otherwise.
 */
export function waitReasonsOf(storedValue: unknown): string[] {
  const d = readStoredDecision(storedValue).decision;
  const status = statusOf(d);
  if (status === "intercepted") return [typeof d.intercept?.reason === "string" ? d.intercept.reason : ""];
  if (status === "held") return distinct(d.holds.map((h) => h.reason));
  return [];
}

/** The hour a time falls in (UTC), as the rollups key it. */
export const hourOf = (ms: number) => Math.floor(ms / 3_600_000) * 3_600_000;

/** Log-scale histogram bucket of a positive figure: ⌊4·log₂ v⌋ (4 buckets per doubling, ~19% wide); 0 for v ≤ 1. */
export const bucketOf = (v: number) => (v <= 1 ? 0 : Math.floor(4 * Math.log2(v)));
/** The smallest value in a bucket (for reading percentiles back). */
export const bucketFloor = (b: number) => (b <= 0 ? 0 : 2 ** (b / 4));

export interface RuleHitRow {
  organizationId: string;
  rulesetId: string;
  version: number;
  ruleName: string;
  hour: string;
  hits: number;
  lastAt: string;
}
export interface OutcomeRow {
  organizationId: string;
  versionKey: string;
  dimension: TOutcomeDimension;
  value: string;
  hour: string;
  count: number;
}
export interface MetricRow {
  organizationId: string;
  metric: string;
  hour: string;
  bucket: number;
  count: number;
}

const SEP = "\u0000";

/**
 * Adds decisions up into rollup rows, one per key (what one upsert statement can take: a key appears
 * once). The rows come out sorted by primary key, so concurrent writers lock in the same order.
 */
export class DecisionRollups {
  private readonly hits = new Map<string, RuleHitRow>();
  private readonly outcomes = new Map<string, OutcomeRow>();
  private readonly metrics = new Map<string, MetricRow>();

  /** `deadline`: the decision's deadline risk when known (rows backfilled from before it was kept have none). */
  add(organizationId: string, createdAtMs: number, facets: DecisionFacets, decideUs: number | null, deadline: string | null = null): void {
    const hour = new Date(hourOf(createdAtMs)).toISOString();
    const at = new Date(createdAtMs).toISOString();
    for (const key of facets.ruleKeys) {
      const r = parseRuleKey(key)!;
      const k = [organizationId, r.rulesetId, r.version, r.ruleName, hour].join(SEP);
      const row = this.hits.get(k);
      if (row) {
        row.hits++;
        if (at > row.lastAt) row.lastAt = at;
      } else this.hits.set(k, { organizationId, rulesetId: r.rulesetId, version: r.version, ruleName: r.ruleName, hour, hits: 1, lastAt: at });
    }
    const values: [TOutcomeDimension, string][] = [
      ["orders", ""],
      ["status", facets.status],
      ["warehouse", facets.warehouseId ?? ""],
      ["channel", facets.channelId ?? ""],
    ];
    for (const reason of facets.holdReasons) values.push(["hold", reason]);
    if (facets.split) values.push(["split", ""]);
    if (deadline !== null) values.push(["deadline", deadline]);
    for (const vk of ["", ...facets.versionKeys]) {
      for (const [dimension, value] of values) {
        const k = [organizationId, vk, dimension, hour, value].join(SEP);
        const row = this.outcomes.get(k);
        if (row) row.count++;
        else this.outcomes.set(k, { organizationId, versionKey: vk, dimension, value, hour, count: 1 });
      }
    }
    if (decideUs !== null) this.metric(organizationId, "decideUs", hour, bucketOf(decideUs), 1);
  }

  metric(organizationId: string, metric: string, hour: string, bucket: number, count: number): void {
    const k = [organizationId, metric, hour, bucket].join(SEP);
    const row = this.metrics.get(k);
    if (row) row.count += count;
    else this.metrics.set(k, { organizationId, metric, hour, bucket, count });
  }

  get empty(): boolean {
    return this.hits.size === 0 && this.outcomes.size === 0 && this.metrics.size === 0;
  }

  rows(): { hits: RuleHitRow[]; outcomes: OutcomeRow[]; metrics: MetricRow[] } {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    return { hits: sorted(this.hits), outcomes: sorted(this.outcomes), metrics: sorted(this.metrics) };
  }
}
