/**
 * Writing live decisions: each row with its explorer columns (`decisionFacets`) and, in the same
 * statement, its contribution to the rollup tables. Used by the router's batcher, the spool drain and
 * the demo seed.
 */
import type { TDecisionInput } from "@/rules-schema";
import type { Db } from "../db/create-db";
import { DecisionRollups, type DecisionFacets, decisionFacets, waitReasonsOf } from "./decision-facets";

/** What one decision evaluated, stored with it so that it can be re-evaluated exactly (`replayDecision`). */
export type DecisionInput = TDecisionInput;

/** One routing_decisions row; JSON columns as plain values. */
export interface DecisionRow {
  id: string;
  organizationId: string;
  orderId: string;
  externalId?: string;
  apiKeyId?: string | null;
  versions: unknown;
  decision: unknown;
  trace?: unknown;
  createdAt?: Date;
  input?: DecisionInput | null;
  /** The router_contexts row holding the warehouses and channels the router evaluated with. */
  contextHash?: string | null;
  /** Microseconds the pipeline's evaluation took. */
  decideUs?: number | null;
  /** The decision's deadline risk (`assessDeadline` from the decided warehouse), as the simulator counts it. */
  deadlineRisk?: string | null;
}

/**
 * The decisions as one JSON parameter, read with `jsonb_to_recordset` (as order-row.ts writes orders):
 * one bind parameter whatever the batch size, nested JSON as objects. Each row's explorer columns come
 * from `decisionFacets`; the rollups from `DecisionRollups`.
 */
const DECISION_COLUMNS = [
  ["id", "text"],
  ["organizationId", "text"],
  ["orderId", "text"],
  ["externalId", "text"],
  ["apiKeyId", "text"],
  ["versions", "jsonb"],
  ["decision", "jsonb"],
  ["trace", "jsonb"],
  ["createdAt", "timestamptz"],
  ["storeId", "text"],
  ["platform", "text"],
  ["country", "text"],
  ["buyerId", "text"],
  ["placedAt", "timestamptz"],
  ["shipByDeadline", "timestamptz"],
  ["warehouseId", "text"],
  ["channelId", "text"],
  ["status", "text"],
  ["split", "boolean"],
  ["holdReasons", "text[]"],
  ["ruleKeys", "text[]"],
  ["versionKeys", "text[]"],
  ["decideUs", "integer"],
  ["deadlineRisk", "text"],
  ["facetsVersion", "smallint"],
  ["contextHash", "text"],
  ["input", "jsonb"],
] as const;

const recordset = (param: string, columns: readonly (readonly [string, string])[], alias: string) =>
  `jsonb_to_recordset(${param}::jsonb) AS ${alias}(${columns.map(([c, t]) => `"${c}" ${t}`).join(", ")})`;
const columnList = (columns: readonly (readonly [string, string])[]) => columns.map(([c]) => `"${c}"`).join(", ");

const INSERT_DECISIONS = `INSERT INTO "routing_decisions" (${columnList(DECISION_COLUMNS)}) SELECT ${columnList(DECISION_COLUMNS)} FROM ${recordset("$1", DECISION_COLUMNS, "r")}`;

const HIT_COLUMNS = [
  ["organizationId", "text"],
  ["rulesetId", "text"],
  ["version", "integer"],
  ["ruleName", "text"],
  ["hour", "timestamptz"],
  ["hits", "integer"],
  ["lastAt", "timestamptz"],
] as const;
const OUTCOME_COLUMNS = [
  ["organizationId", "text"],
  ["versionKey", "text"],
  ["dimension", "text"],
  ["value", "text"],
  ["hour", "timestamptz"],
  ["count", "integer"],
] as const;
const METRIC_COLUMNS = [
  ["organizationId", "text"],
  ["metric", "text"],
  ["hour", "timestamptz"],
  ["bucket", "integer"],
  ["count", "integer"],
] as const;

/** Upserts of the three rollup tables (each key once; inserted in primary-key order, so concurrent writers lock rows in the same order). */
const UPSERT_HITS = (p: string) =>
  `INSERT INTO "decision_rule_hits" (${columnList(HIT_COLUMNS)}) SELECT ${columnList(HIT_COLUMNS)} FROM ${recordset(p, HIT_COLUMNS, "h")} ORDER BY 1, 2, 3, 4, 5
   ON CONFLICT ("organizationId", "rulesetId", "version", "ruleName", "hour") DO UPDATE SET "hits" = "decision_rule_hits"."hits" + EXCLUDED."hits", "lastAt" = GREATEST("decision_rule_hits"."lastAt", EXCLUDED."lastAt")`;
/** Per-rule totals from the same hour rows (summed per rule in SQL: one row per rule and batch). */
const UPSERT_TOTALS = (p: string) =>
  `INSERT INTO "decision_rule_totals" ("organizationId", "rulesetId", "version", "ruleName", "hits", "lastAt")
   SELECT "organizationId", "rulesetId", "version", "ruleName", SUM("hits")::int, MAX("lastAt") FROM ${recordset(p, HIT_COLUMNS, "t")}
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
   ON CONFLICT ("organizationId", "rulesetId", "version", "ruleName") DO UPDATE SET "hits" = "decision_rule_totals"."hits" + EXCLUDED."hits", "lastAt" = GREATEST("decision_rule_totals"."lastAt", EXCLUDED."lastAt")`;
const UPSERT_OUTCOMES = (p: string) =>
  `INSERT INTO "decision_outcome_rollups" (${columnList(OUTCOME_COLUMNS)}) SELECT ${columnList(OUTCOME_COLUMNS)} FROM ${recordset(p, OUTCOME_COLUMNS, "o")} ORDER BY 1, 2, 3, 5, 4
   ON CONFLICT ("organizationId", "versionKey", "dimension", "hour", "value") DO UPDATE SET "count" = "decision_outcome_rollups"."count" + EXCLUDED."count"`;
const UPSERT_METRICS = (p: string) =>
  `INSERT INTO "router_metric_rollups" (${columnList(METRIC_COLUMNS)}) SELECT ${columnList(METRIC_COLUMNS)} FROM ${recordset(p, METRIC_COLUMNS, "m")} ORDER BY 1, 2, 3, 4
   ON CONFLICT ("organizationId", "metric", "hour", "bucket") DO UPDATE SET "count" = "router_metric_rollups"."count" + EXCLUDED."count"`;

/**
 * The holds queue (`held_orders`) kept with the decisions, in the same statement. `p` holds decision
 * records (`HELD_COLUMNS`). Per order, the batch's latest decision is upserted as the order's row unless
 * the row holds a later one:
 *   - one that holds or intercepts the order makes it waiting, unless a later decision is already
 *     stored (a spooled decision arriving late);
 *   - any other releases it: the row stays as a release (`waiting` false) so that a hold of the same
 *     order written at the same moment by another instance, which cannot see this decision yet,
 *     meets the row (the unique key makes it wait for this statement) and finds it later. The hourly
 *     upkeep deletes releases older than an hour (`purgeDecisions`).
 * Applying a decision twice, or decisions out of order or from several writers at once, ends in the
 * same rows.
 */
const HELD_COLUMNS = [
  ["id", "text"],
  ["organizationId", "text"],
  ["orderId", "text"],
  ["createdAt", "timestamptz"],
  ["status", "text"],
  ["waitReasons", "text[]"],
  ["externalId", "text"],
  ["storeId", "text"],
  ["platform", "text"],
  ["country", "text"],
  ["shipByDeadline", "timestamptz"],
] as const;
const WAITING = `('held', 'intercepted')`;
const heldOrdersCtes = (p: string) => `
  qb AS (
    SELECT DISTINCT ON ("organizationId", "orderId") * FROM ${recordset(p, HELD_COLUMNS, "q")}
    ORDER BY "organizationId", "orderId", "createdAt" DESC, "id" DESC
  ),
  queued AS (
    INSERT INTO "held_orders" ("organizationId", "orderId", "decisionId", "createdAt", "waiting", "status", "reasons", "externalId", "storeId", "platform", "country", "shipByDeadline")
    SELECT qb."organizationId", qb."orderId", qb."id", qb."createdAt", qb."status" IN ${WAITING}, qb."status", coalesce(qb."waitReasons", ARRAY[]::text[]),
           coalesce(qb."externalId", ''), coalesce(qb."storeId", ''), coalesce(qb."platform", ''), coalesce(qb."country", ''), qb."shipByDeadline"
    FROM qb
    WHERE qb."status" NOT IN ${WAITING} OR NOT EXISTS (
      SELECT 1 FROM "routing_decisions" later
      WHERE later."organizationId" = qb."organizationId" AND later."orderId" = qb."orderId" AND later."createdAt" >= qb."createdAt"
        AND (later."createdAt", later."id") > (qb."createdAt", qb."id")
    )
    ORDER BY 1, 2
    ON CONFLICT ("organizationId", "orderId") DO UPDATE SET "decisionId" = EXCLUDED."decisionId", "createdAt" = EXCLUDED."createdAt", "waiting" = EXCLUDED."waiting",
      "status" = EXCLUDED."status", "reasons" = EXCLUDED."reasons", "externalId" = EXCLUDED."externalId", "storeId" = EXCLUDED."storeId",
      "platform" = EXCLUDED."platform", "country" = EXCLUDED."country", "shipByDeadline" = EXCLUDED."shipByDeadline"
    WHERE ("held_orders"."createdAt", "held_orders"."decisionId") < (EXCLUDED."createdAt", EXCLUDED."decisionId")
    RETURNING 1
  )`;

/** A decision as the holds queue reads it. */
export interface HeldEntry {
  id: string;
  organizationId: string;
  orderId: string;
  externalId: string;
  createdAt: Date;
  facets: DecisionFacets;
  /** The stored `decision` column (for the intercept's reason). */
  decision: unknown;
}

/** The holds queue's records of these decisions (`HELD_COLUMNS`), as one JSON parameter. */
function heldParam(entries: readonly HeldEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({
      id: e.id,
      organizationId: e.organizationId,
      orderId: e.orderId,
      createdAt: e.createdAt.toISOString(),
      status: e.facets.status,
      // A held order waits for its hold reasons (in the facets already); only an intercept's reason needs the decision read again.
      waitReasons: e.facets.status === "held" ? e.facets.holdReasons : e.facets.status === "intercepted" ? waitReasonsOf(e.decision) : [],
      externalId: e.externalId,
      storeId: e.facets.storeId,
      platform: e.facets.platform,
      country: e.facets.country,
      shipByDeadline: e.facets.shipByDeadline,
    })),
  );
}

/** Applies decisions already stored to the holds queue (`heldOrdersCtes`). */
export async function applyHeldOrders(tx: Pick<Db, "$executeRawUnsafe">, entries: readonly HeldEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(`WITH ${heldOrdersCtes("$1")} SELECT count(*) FROM queued`, heldParam(entries));
}

/** The record of one decision as the INSERT reads it, with its facets. */
function recordOf(r: DecisionRow, now: Date): { record: Record<string, unknown>; facets: DecisionFacets; createdAt: Date; held: HeldEntry } {
  const createdAt = r.createdAt ?? now;
  const order = r.input?.order ?? null;
  const facets = decisionFacets(r.decision, order);
  return {
    createdAt,
    facets,
    held: { id: r.id, organizationId: r.organizationId, orderId: r.orderId, externalId: r.externalId ?? "", createdAt, facets, decision: r.decision },
    record: {
      id: r.id,
      organizationId: r.organizationId,
      orderId: r.orderId,
      externalId: r.externalId ?? "",
      apiKeyId: r.apiKeyId ?? null,
      versions: r.versions,
      decision: r.decision,
      trace: r.trace ?? null,
      createdAt: createdAt.toISOString(),
      ...facets,
      decideUs: r.decideUs ?? null,
      deadlineRisk: r.deadlineRisk ?? null,
      contextHash: r.contextHash ?? null,
      input: r.input ?? null,
    },
  };
}

/** One statement adding rollup rows: parameters $first, $first+1, $first+2 are the hits, outcomes and metrics as JSON arrays. */
export const upsertRollupsSql = (first: number) =>
  `WITH h AS (${UPSERT_HITS(`$${first}`)} RETURNING 1), t AS (${UPSERT_TOTALS(`$${first}`)} RETURNING 1), o AS (${UPSERT_OUTCOMES(`$${first + 1}`)} RETURNING 1), m AS (${UPSERT_METRICS(`$${first + 2}`)} RETURNING 1) SELECT 1`;

/** Adds rollup rows now (the same upserts a decision INSERT runs). */
export async function addRollups(db: Pick<Db, "$executeRawUnsafe">, rollups: DecisionRollups): Promise<void> {
  if (rollups.empty) return;
  await db.$executeRawUnsafe(upsertRollupsSql(1), ...rollupParams(rollups));
}

/** The rollup statements' parameters: [hits, outcomes, metrics] as JSON texts. */
function rollupParams(rollups: DecisionRollups): [string, string, string] {
  const { hits, outcomes, metrics } = rollups.rows();
  return [JSON.stringify(hits), JSON.stringify(outcomes), JSON.stringify(metrics)];
}

/**
 * Stores decisions and adds them to the rollups in ONE statement (data-modifying CTEs): the decisions
 * and their counts commit together or not at all. With `ignoreDuplicates` (moving spooled rows, which
 * may already be stored) rows whose id exists are skipped, and only the rows actually inserted are
 * counted: that takes a transaction of two statements.
 */
export async function insertRows(db: Db, rows: readonly DecisionRow[], ignoreDuplicates = false): Promise<void> {
  const now = new Date();
  const built = rows.map((r) => recordOf(r, now));
  const rollupsOf = (keep: (id: string) => boolean) => {
    const rollups = new DecisionRollups();
    built.forEach((b, i) => {
      if (keep(rows[i]!.id)) rollups.add(rows[i]!.organizationId, b.createdAt.getTime(), b.facets, rows[i]!.decideUs ?? null, rows[i]!.deadlineRisk ?? null);
    });
    return rollups;
  };
  if (!ignoreDuplicates) {
    const [hits, outcomes, metrics] = rollupParams(rollupsOf(() => true));
    const json = JSON.stringify(built.map((b) => b.record));
    await db.$executeRawUnsafe(
      `WITH ins AS (${INSERT_DECISIONS} RETURNING 1), h AS (${UPSERT_HITS("$2")} RETURNING 1), t AS (${UPSERT_TOTALS("$2")} RETURNING 1), o AS (${UPSERT_OUTCOMES("$3")} RETURNING 1), m AS (${UPSERT_METRICS("$4")} RETURNING 1),
       ${heldOrdersCtes("$5")}
       SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM queued)`,
      json,
      hits,
      outcomes,
      metrics,
      heldParam(built.map((b) => b.held)),
    );
    return;
  }
  await db.$transaction(async (tx) => {
    // Rows older than what the retention purge already deleted are not stored again (they were, and were purged).
    const orgs = [...new Set(rows.map((r) => r.organizationId))];
    const purged = await tx.$queryRawUnsafe<{ id: string; before: string | null }[]>(
      `SELECT "id", "settings"->>'decisionsPurgedBefore' AS "before" FROM "organizations" WHERE "id" = ANY($1::text[])`,
      orgs,
    );
    const cutoff = new Map(purged.filter((p) => p.before !== null).map((p) => [p.id, Date.parse(p.before!)]));
    const live = built.filter((b, i) => !(b.createdAt.getTime() < (cutoff.get(rows[i]!.organizationId) ?? -Infinity)));
    if (live.length === 0) return;
    const json = JSON.stringify(live.map((b) => b.record));
    const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(`${INSERT_DECISIONS} ON CONFLICT ("id") DO NOTHING RETURNING "id"`, json);
    // The queue, from every row moved (a row stored before was applied then; applying it again changes nothing).
    await applyHeldOrders(tx, live.map((b) => b.held));
    const ids = new Set(inserted.map((r) => r.id));
    const rollups = rollupsOf((id) => ids.has(id));
    if (rollups.empty) return;
    const [hits, outcomes, metrics] = rollupParams(rollups);
    await tx.$executeRawUnsafe(upsertRollupsSql(1), hits, outcomes, metrics);
  });
}

