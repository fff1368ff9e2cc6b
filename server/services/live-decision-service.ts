/**
 * The Live section's reads of stored routing decisions: the explorer (filters, keyset paging), one
 * decision re-evaluated on the graph of the versions that decided it, and the holds queue. Every
 * query is scoped to the caller's organization.
 */
import { parseCompiledRuleset, type TDecisionInput, type TRouterMasterData, ZRuleGraph } from "@/rules-schema";
import type { TDecision, TTrace } from "@/rules-schema/evaluate/decision-schema";
import { ZOrder } from "@/rules-schema/order/order-schema";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { type TDecisionStatus, readStoredDecision } from "./decision-facets";
import { type ReplayStage, replayDecision } from "./replay-decision";
import type { TStageVersion } from "../schemas/api-v1-schemas";
import {
  type TDecisionDetail,
  type TDecisionFilters,
  type TDecisionPage,
  type TDecisionSummary,
  type THeldOrder,
  type THoldsQueue,
  type TNames,
  ZDecisionFilters,
  ZDecisionListInput,
  ZHoldsQueueInput,
  type THoldsQueueInput,
  type TDecisionListInput,
} from "../schemas/live-schemas";
import type { Scope } from "./scope";
import { NotFoundError, FieldError } from "./service-errors";

const SUMMARY_SELECT = {
  id: true,
  orderId: true,
  externalId: true,
  createdAt: true,
  storeId: true,
  platform: true,
  country: true,
  buyerId: true,
  placedAt: true,
  shipByDeadline: true,
  status: true,
  warehouseId: true,
  channelId: true,
  split: true,
  holdReasons: true,
  ruleKeys: true,
  versions: true,
  decideUs: true,
  replayCount: true,
  contextHash: true,
} as const;

type SummaryRow = Prisma.RoutingDecisionGetPayload<{ select: typeof SUMMARY_SELECT }>;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function versionsOfRow(value: unknown): TStageVersion[] {
  return Array.isArray(value)
    ? value.filter((v): v is TStageVersion => typeof v === "object" && v !== null && typeof (v as TStageVersion).rulesetId === "string" && typeof (v as TStageVersion).version === "number")
    : [];
}

function summaryOf(r: SummaryRow): TDecisionSummary {
  return {
    id: r.id,
    orderId: r.orderId,
    externalId: r.externalId,
    createdAt: r.createdAt.toISOString(),
    storeId: r.storeId,
    platform: r.platform,
    country: r.country,
    buyerId: r.buyerId,
    placedAt: iso(r.placedAt),
    shipByDeadline: iso(r.shipByDeadline),
    status: r.status as TDecisionStatus,
    warehouseId: r.warehouseId,
    channelId: r.channelId,
    split: r.split,
    holdReasons: r.holdReasons,
    ruleKeys: r.ruleKeys,
    versions: versionsOfRow(r.versions),
    decideUs: r.decideUs,
    replayCount: r.replayCount,
    replayable: r.contextHash !== null,
  };
}

/** The keyset cursor: the last row's (createdAt, id), opaque to the client. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  const createdAt = new Date(text.slice(0, bar));
  if (bar < 0 || Number.isNaN(createdAt.getTime()) || bar === text.length - 1) throw new FieldError("cursor", "is not a cursor this list gave out; start from the first page");
  return { createdAt, id: text.slice(bar + 1) };
}

/** The explorer's filters as a Prisma condition (organization first, so every index used starts with it). */
export function decisionWhere(organizationId: string, f: TDecisionFilters): Prisma.RoutingDecisionWhereInput {
  const and: Prisma.RoutingDecisionWhereInput[] = [];
  if (f.from || f.to) and.push({ createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } });
  if (f.storeIds.length) and.push({ storeId: { in: f.storeIds } });
  if (f.platforms.length) and.push({ platform: { in: f.platforms } });
  if (f.countries.length) and.push({ country: { in: f.countries } });
  if (f.statuses.length) and.push({ status: { in: f.statuses } });
  if (f.warehouseId) and.push({ warehouseId: f.warehouseId });
  if (f.channelId) and.push({ channelId: f.channelId });
  if (f.holdReason) and.push({ holdReasons: { has: f.holdReason } });
  // hasEvery is `@>`, which the GIN indexes answer.
  if (f.ruleKey) and.push({ ruleKeys: { hasEvery: [f.ruleKey] } });
  if (f.versionKey) and.push({ versionKeys: { hasEvery: [f.versionKey] } });
  if (f.search) and.push({ OR: [{ externalId: f.search }, { orderId: f.search }, { buyerId: f.search }, { id: f.search }] });
  return { organizationId, ...(and.length ? { AND: and } : {}) };
}

/** Names of the warehouses, channels and stores these decisions mention (the organization's own only). */
async function namesFor(db: Db, organizationId: string, rows: readonly { warehouseId: string | null; channelId: string | null; storeId: string }[]): Promise<TNames> {
  const ids = (pick: (r: (typeof rows)[number]) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => v !== null && v !== ""))];
  const [warehouses, channels, stores] = await Promise.all([
    db.warehouse.findMany({ where: { organizationId, id: { in: ids((r) => r.warehouseId) } }, select: { id: true, name: true } }),
    db.logisticsChannel.findMany({ where: { organizationId, id: { in: ids((r) => r.channelId) } }, select: { id: true, name: true } }),
    db.store.findMany({ where: { organizationId, id: { in: ids((r) => r.storeId) } }, select: { id: true, name: true } }),
  ]);
  const map = (list: { id: string; name: string }[]) => Object.fromEntries(list.map((r) => [r.id, r.name]));
  return { warehouses: map(warehouses), channels: map(channels), stores: map(stores) };
}

/** One page of live decisions, newest first; `nextCursor` continues after the last one (stable while new decisions arrive). */
export async function listDecisions(db: Db, scope: Scope, raw: TDecisionListInput): Promise<TDecisionPage> {
  const input = ZDecisionListInput.parse(raw);
  const where = decisionWhere(scope.organizationId, input);
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    where.AND = [...((where.AND as Prisma.RoutingDecisionWhereInput[]) ?? []), { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] }];
  }
  const rows = await db.routingDecision.findMany({ where, select: SUMMARY_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryOf),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    names: await namesFor(db, scope.organizationId, page),
  };
}

/** Counts of decisions matching the filters, capped (counting millions exactly is not worth the wait). */
export async function countDecisions(db: Db, scope: Scope, raw: unknown, cap = 10_000): Promise<{ count: number; capped: boolean }> {
  const where = decisionWhere(scope.organizationId, ZDecisionFilters.parse(raw));
  const rows = await db.routingDecision.findMany({ where, select: { id: true }, take: cap + 1, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return { count: Math.min(rows.length, cap), capped: rows.length > cap };
}

/** Each stage's version as it is now in the database: compiled rules and graph, or why it is missing. */
async function loadStageVersions(db: Db, organizationId: string, versions: readonly TStageVersion[]) {
  const found = versions.length
    ? await db.rulesetVersion.findMany({
        where: { organizationId, OR: versions.map((v) => ({ rulesetId: v.rulesetId, number: v.version })) },
        select: { rulesetId: true, number: true, compiled: true, contentHash: true, graph: true },
      })
    : [];
  return versions.map((v) => {
    const row = found.find((f) => f.rulesetId === v.rulesetId && f.number === v.version);
    const graph = row ? ZRuleGraph.safeParse(row.graph) : null;
    const stage: ReplayStage & { graph: ReturnType<typeof ZRuleGraph.parse> | null } = { version: v, compiled: null, missing: null, graph: graph?.success ? graph.data : null };
    if (!row) stage.missing = `Version ${v.version} of “${v.rulesetName}” no longer exists (the ruleset was deleted).`;
    else if (row.contentHash !== v.contentHash) stage.missing = `Version ${v.version} of “${v.rulesetName}” has other content than when it decided.`;
    else {
      const parsed = row.compiled === null ? null : parseCompiledRuleset(row.compiled);
      if (parsed?.ok) stage.compiled = parsed.compiled;
      else stage.missing = `Version ${v.version} of “${v.rulesetName}” has no compiled rules.`;
    }
    return stage;
  });
}

async function loadMasterData(db: Db, organizationId: string, hash: string | null): Promise<TRouterMasterData | null> {
  if (hash === null) return null;
  const row = await db.routerContext.findUnique({ where: { organizationId_hash: { organizationId, hash } }, select: { context: true } });
  return row ? (row.context as unknown as TRouterMasterData) : null;
}

/**
 * One decision with everything the detail screen shows: each stage's version with its graph and the
 * trace on it (the stored trace when the request asked for one, else the re-evaluation's), and the
 * re-evaluation's verdict: reproduced, differs (with the paths), or unavailable (with why).
 */
export async function getDecision(db: Db, scope: Scope, id: string): Promise<TDecisionDetail> {
  const row = await db.routingDecision.findFirst({ where: { id, organizationId: scope.organizationId }, select: { ...SUMMARY_SELECT, decision: true, trace: true, input: true } });
  if (!row) throw new NotFoundError("Decision", id);
  const summary = summaryOf(row);
  const stored = row.decision as { decision?: TDecision; stages?: { decision: TDecision }[]; notices?: { path: string; message: string }[] } | null;
  const readable = readStoredDecision(row.decision);
  const stages = await loadStageVersions(db, scope.organizationId, summary.versions);
  const master = await loadMasterData(db, scope.organizationId, row.contextHash);
  const input = row.input as unknown as TDecisionInput | null;
  const order = input ? ZOrder.safeParse(input.order) : null;
  const storedTraces = Array.isArray(row.trace) ? (row.trace as { rulesetId: string; trace: TTrace | null }[]) : null;
  const replay = replayDecision({ stages, master, input: order?.success ? { ...input!, order: order.data } : null, createdAt: row.createdAt, stored: { decision: stored?.decision, stages: stored?.stages }, trace: storedTraces === null });
  const traceOf = (i: number): TTrace | null => storedTraces?.[i]?.trace ?? replay.evaluation?.stages[i]?.evaluation.trace ?? null;
  const names = await namesFor(db, scope.organizationId, [
    summary,
    ...(stored?.stages ?? []).map((s) => ({ warehouseId: s.decision?.warehouseId ?? null, channelId: s.decision?.channelId ?? null, storeId: "" })),
  ]);
  return {
    summary,
    decision: stored?.decision ?? (readable.decision as TDecision),
    stages: stages.map((s, i) => ({
      ...s.version,
      decision: (stored?.stages?.[i]?.decision ?? null) as TDecision,
      graph: s.graph,
      trace: traceOf(i),
      assignedWarehouseId: (stored?.stages ?? []).slice(0, i).find((e) => e.decision?.warehouseId)?.decision.warehouseId ?? null,
    })),
    notices: stored?.notices ?? [],
    order: order?.success ? order.data : null,
    inventory: input?.inventory ?? null,
    replay: {
      status: replay.status,
      reason: replay.reason,
      differences: replay.differences,
      traceSource: storedTraces !== null ? "stored" : replay.evaluation ? "replayed" : "none",
    },
    names,
  };
}

const DUE_SOON_MS = 12 * 3_600_000;
const QUEUE_ITEMS = 500;
/** Orders the CSV lists at most (the queue of a day; a larger backlog ends with a line saying so). */
export const QUEUE_MAX_ROWS = 50_000;

/**
 * Orders still waiting (their latest decision held or intercepted them) that were held in the range,
 * grouped by reason with counts, the oldest hold, and how many are past or within 12 hours of their
 * ship-by deadline. Items come most urgent first: the first 500, or with `all` (the CSV) up to
 * `QUEUE_MAX_ROWS`.
 *
 * Reads `held_orders`, the queue kept with the decisions (the latest decision of each order), in one statement
 * that counts the groups and returns only the items shown: it reads the waiting orders of the range,
 * not the decisions.
 */
export async function holdsQueue(db: Db, scope: Scope, raw: THoldsQueueInput, now: Date, all = false): Promise<THoldsQueue> {
  const input = ZHoldsQueueInput.parse(raw);
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 24 * 3_600_000);
  const stores = input.storeIds.length ? Prisma.sql`AND h."storeId" IN (${Prisma.join(input.storeIds)})` : Prisma.empty;
  const reason = input.reason ? Prisma.sql`AND ${input.reason} = ANY(h."reasons")` : Prisma.empty;
  const limit = all ? QUEUE_MAX_ROWS : QUEUE_ITEMS;
  const soon = new Date(now.getTime() + DUE_SOON_MS);
  const ms = (column: Prisma.Sql) => Prisma.sql`round(extract(epoch FROM ${column}) * 1000)::bigint`;
  const where = Prisma.sql`h."organizationId" = ${scope.organizationId} AND h."waiting" AND h."createdAt" >= ${from} AND h."createdAt" < ${to} ${stores} ${reason}`;
  // Two reads of the range, none of them holding every row: the groups (each order once per reason; an
  // order's first reason counts it in the total) and the most urgent items (a top-N sort).
  const [row] = await db.$queryRaw<
    {
      groups: { kind: "hold" | "intercept"; reason: string; count: number; orders: number; oldestMs: number; overdue: number; dueSoon: number }[];
      items: { decisionId: string; orderId: string; externalId: string; storeId: string; platform: string; country: string; status: "held" | "intercepted"; reasons: string[]; heldMs: number; shipByMs: number | null }[];
    }[]
  >`
    SELECT
      (SELECT coalesce(json_agg(g), '[]'::json) FROM (
        SELECT CASE WHEN h."status" = 'intercepted' THEN 'intercept' ELSE 'hold' END AS "kind", r."reason", count(*)::int AS "count",
               (count(*) FILTER (WHERE r."ord" = 1))::int AS "orders",
               ${ms(Prisma.sql`min(h."createdAt")`)} AS "oldestMs",
               (count(*) FILTER (WHERE h."shipByDeadline" < ${now}))::int AS "overdue",
               (count(*) FILTER (WHERE h."shipByDeadline" >= ${now} AND h."shipByDeadline" < ${soon}))::int AS "dueSoon"
        -- (a row without reasons, which the writers never store, would still be counted, under "")
        FROM "held_orders" h CROSS JOIN LATERAL unnest(CASE WHEN cardinality(h."reasons") > 0 THEN h."reasons" ELSE ARRAY['']::text[] END) WITH ORDINALITY AS r("reason", "ord")
        WHERE ${where}
        GROUP BY 1, 2
      ) g) AS "groups",
      (SELECT coalesce(json_agg(i ORDER BY i."shipByDeadline" ASC NULLS LAST, i."createdAt" ASC, i."decisionId" ASC), '[]'::json) FROM (
        SELECT h."decisionId", h."orderId", h."externalId", h."storeId", h."platform", h."country", h."status", h."reasons", h."createdAt", h."shipByDeadline",
               ${ms(Prisma.sql`h."createdAt"`)} AS "heldMs", ${ms(Prisma.sql`h."shipByDeadline"`)} AS "shipByMs"
        FROM "held_orders" h
        WHERE ${where}
        ORDER BY h."waiting", h."shipByDeadline" ASC NULLS LAST, h."createdAt" ASC, h."decisionId" ASC
        LIMIT ${limit}
      ) i) AS "items"`;
  const items: THeldOrder[] = row!.items.map((r) => ({
    decisionId: r.decisionId,
    orderId: r.orderId,
    externalId: r.externalId,
    storeId: r.storeId,
    platform: r.platform,
    country: r.country,
    status: r.status,
    reasons: r.reasons,
    heldAt: new Date(Number(r.heldMs)).toISOString(),
    shipByDeadline: r.shipByMs === null ? null : new Date(Number(r.shipByMs)).toISOString(),
  }));
  const total = row!.groups.reduce((sum, g) => sum + g.orders, 0);
  const groups = row!.groups.map((g) => ({ kind: g.kind, reason: g.reason, count: g.count, oldestAt: new Date(Number(g.oldestMs)).toISOString(), overdue: g.overdue, dueSoon: g.dueSoon }));
  return {
    asOf: now.toISOString(),
    total,
    groups: groups.sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : a.kind < b.kind ? -1 : 1)),
    items,
    truncated: items.length < total,
    names: await namesFor(db, scope.organizationId, items.map((i) => ({ warehouseId: null, channelId: null, storeId: i.storeId }))),
  };
}

export interface VerifyReport {
  checked: number;
  reproduced: number;
  unavailable: number;
  /** Decisions that came out differently, with the paths (at most 20 listed). */
  differs: { id: string; differences: { path: string; stored: unknown; now: unknown }[] }[];
  differsCount: number;
}

/**
 * Re-evaluates every stored decision in the range (newest first, at most `limit`) and says how many
 * come out exactly as stored. Versions and master data are loaded once each.
 */
export async function verifyDecisions(db: Db, scope: Scope, range: { from?: Date; to?: Date; limit?: number } = {}): Promise<VerifyReport> {
  const limit = range.limit ?? 100_000;
  const report: VerifyReport = { checked: 0, reproduced: 0, unavailable: 0, differs: [], differsCount: 0 };
  const versionCache = new Map<string, Awaited<ReturnType<typeof loadStageVersions>>[number]>();
  const masterCache = new Map<string, TRouterMasterData | null>();
  let cursor: { createdAt: Date; id: string } | null = null;
  while (report.checked < limit) {
    const rows: { id: string; createdAt: Date; versions: Prisma.JsonValue; decision: Prisma.JsonValue; input: Prisma.JsonValue; contextHash: string | null }[] = await db.routingDecision.findMany({
      where: {
        organizationId: scope.organizationId,
        ...(range.from || range.to ? { createdAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
        ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
      },
      select: { id: true, createdAt: true, versions: true, decision: true, input: true, contextHash: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(1000, limit - report.checked),
    });
    if (rows.length === 0) break;
    cursor = { createdAt: rows.at(-1)!.createdAt, id: rows.at(-1)!.id };
    const versions = rows.flatMap((r) => versionsOfRow(r.versions));
    const missing = versions.filter((v, i) => !versionCache.has(`${v.rulesetId}@${v.version}`) && versions.findIndex((w) => w.rulesetId === v.rulesetId && w.version === v.version) === i);
    if (missing.length) for (const s of await loadStageVersions(db, scope.organizationId, missing)) versionCache.set(`${s.version.rulesetId}@${s.version.version}`, s);
    for (const r of rows) {
      if (r.contextHash !== null && !masterCache.has(r.contextHash)) masterCache.set(r.contextHash, await loadMasterData(db, scope.organizationId, r.contextHash));
      const stored = r.decision as { decision?: unknown; stages?: unknown } | null;
      const stages = versionsOfRow(r.versions).map((v) => {
        const cached = versionCache.get(`${v.rulesetId}@${v.version}`)!;
        // The same (ruleset, number) with another content hash is another version as far as this decision is concerned.
        return cached.version.contentHash === v.contentHash ? { ...cached, version: v } : { version: v, compiled: null, missing: `Version ${v.version} of “${v.rulesetName}” has other content than when it decided.`, graph: null };
      });
      const out = replayDecision({
        stages,
        master: r.contextHash === null ? null : masterCache.get(r.contextHash)!,
        input: r.input as unknown as TDecisionInput | null,
        createdAt: r.createdAt,
        stored: { decision: stored?.decision, stages: stored?.stages },
      });
      report.checked++;
      if (out.status === "reproduced") report.reproduced++;
      else if (out.status === "unavailable") report.unavailable++;
      else {
        report.differsCount++;
        if (report.differs.length < 20) report.differs.push({ id: r.id, differences: out.differences });
      }
    }
  }
  return report;
}
