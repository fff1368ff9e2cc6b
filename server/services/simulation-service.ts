import { contextOfDecision, type TCompiledRuleset, type TDecisionInput, type TEvaluationContext, type TRouterMasterData, ZCompiledRuleset, ZOrder, ZRuleGraph } from "@/rules-schema";
import { ruleSourceNames } from "@/rules-schema/tables/compile-table";
import { createSimulator, emptySimulationTotals, mergeSimulationTotals, rulesNeverFired, type TSimulationTotals } from "@/rules-schema/simulate";
import { STAGES } from "@/rules-schema/graph/graph-schema";
import { NODE_KIND_SPECS } from "@/rules-schema/graph/node-kinds";
import { type TSimulationPlan, ZSideOutcome, ZSimulationPlan, ZSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import { ZEvaluationContext } from "@/rules-schema/context/context-schema";
import { evaluate } from "@/rules-schema/evaluate/evaluate";
import { warehouseAssignedBefore } from "@/rules-schema/evaluate/evaluate-pipeline";
import { summarizeTrace } from "@/rules-schema/evaluate/summarize-trace";
import { z } from "zod";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { compileForServer } from "../graph-work/compile-off-thread";
import { pageOf } from "../schemas/common-schemas";
import {
  type TChangedOrder,
  type TChangesInput,
  type THistorySource,
  type TOrderTraceOut,
  type TSimulationCreate,
  type TSimulationDefaults,
  type TSimulationOut,
  type TSimulationSource,
  type TSimulationSummary,
  type TSimulationUploadMeta,
  type TPipelineEntry,
  ZPipelineEntry,
  ZSimulationSource,
} from "../schemas/simulation-schemas";
import { simulationRunnerFor } from "../simulation/get-simulation-runner";
import { historyWhere, stopSimulation } from "../simulation/simulation-steps";
import { loadEvaluationContext } from "./load-evaluation-context";
import { loadPipelineStages } from "./load-published-stages";
import type { Scope } from "./scope";
import { FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const userIdOf = (scope: Scope) => (scope.actor.type === "user" ? scope.actor.id : null);
const json = (v: unknown) => v as Prisma.InputJsonValue;
const ZPipelineEntries = z.array(ZPipelineEntry);

async function findRuleset(db: Db, scope: Scope, id: string) {
  const row = await db.ruleset.findFirst({ where: { id, organizationId: scope.organizationId }, select: { id: true, name: true, stage: true, publishedVersionId: true } });
  if (!row) throw new NotFoundError("Ruleset", id);
  return row;
}


/** Defaults for the "new simulation" form: last 30 days of history against the published version. */
export async function simulationDefaults(db: Db, scope: Scope, rulesetId: string): Promise<TSimulationDefaults> {
  const ruleset = await findRuleset(db, scope, rulesetId);
  const versions = await db.rulesetVersion.findMany({
    where: { rulesetId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, status: true, ruleCount: true, note: true },
  });
  const latest = versions[0]!;
  const published = versions.find((v) => v.id === ruleset.publishedVersionId) ?? null;
  const to = new Date();
  const from = new Date(to.getTime() - 29 * DAY_MS);
  const source: THistorySource = { kind: "history", from: isoDay(from), to: isoDay(to), storeIds: [], platforms: [], countries: [] };
  const [counted, span, others] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM orders o WHERE ${historyWhere(scope.organizationId, source)}`),
    db.order.aggregate({ where: { organizationId: scope.organizationId }, _min: { placedAt: true }, _max: { placedAt: true } }),
    db.ruleset.findMany({
      where: { organizationId: scope.organizationId, id: { not: ruleset.id } },
      select: {
        id: true,
        name: true,
        stage: true,
        publishedVersion: { select: { number: true } },
        versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, ruleCount: true } },
      },
      orderBy: { name: "asc" },
    }),
  ]);
  // The simulated stage runs only the candidate and the baseline; every other stage runs as listed here.
  const pipeline = STAGES.filter((stage) => stage !== ruleset.stage).map((stage) => ({
    stage,
    rulesets: others
      .filter((o) => o.stage === stage)
      .map((o) => {
        const live = o.publishedVersion?.number ?? null;
        const newest = o.versions[0];
        return {
          id: o.id,
          name: o.name,
          published: live,
          draft: newest && newest.number !== live ? { number: newest.number, status: newest.status, compiles: newest.ruleCount !== null } : null,
        };
      }),
  }));
  return {
    rulesetId,
    rulesetName: ruleset.name,
    stage: ruleset.stage,
    draft: { number: latest.number, status: latest.status, compiles: latest.ruleCount !== null },
    published: published?.number ?? null,
    versions: versions.map((v) => ({ number: v.number, status: v.status, compiles: v.ruleCount !== null, note: v.note })),
    from: source.from,
    to: source.to,
    ordersInRange: Number(counted[0]?.n ?? 0),
    historyFrom: span._min.placedAt ? isoDay(span._min.placedAt) : null,
    historyTo: span._max.placedAt ? isoDay(span._max.placedAt) : null,
    pipeline,
  };
}

interface Frozen {
  plan: TSimulationPlan;
  candidate: { number: number; hash: string; label: string; graph: unknown };
  baseline: { number: number | null; hash: string | null; label: string };
  pipeline: TPipelineEntry[];
}

/** Freezes what the simulation replays: the candidate and baseline compiled rulesets and the other stages' published rules. */
export async function freezePlan(db: Db, scope: Scope, input: TSimulationUploadMeta, context: Awaited<ReturnType<typeof loadEvaluationContext>>): Promise<Frozen> {
  const ruleset = await findRuleset(db, scope, input.rulesetId);
  const version = (number: number) => db.rulesetVersion.findUnique({ where: { rulesetId_number: { rulesetId: ruleset.id, number } } });

  let candidate: Frozen["candidate"];
  let candidateCompiled: TCompiledRuleset;
  if (input.candidate.kind === "draft") {
    const latest = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: ruleset.id }, orderBy: { number: "desc" } });
    const graph = ZRuleGraph.parse(latest.graph);
    const compiled = await compileForServer(graph, context);
    if (!compiled.ok) {
      const errors = compiled.problems.filter((p) => p.severity === "error").length;
      throw new FieldError("candidate", `The draft has ${errors} error${errors === 1 ? "" : "s"}; fix ${errors === 1 ? "it" : "them"} in the designer or pick a saved version`);
    }
    candidateCompiled = compiled.compiled;
    const label = latest.status === "draft" ? `Draft v${latest.number}` : `v${latest.number} (${latest.status})`;
    candidate = { number: latest.number, hash: compiled.compiled.manifest.contentHash, label, graph };
  } else {
    const v = await version(input.candidate.number);
    if (!v) throw new FieldError("candidate.number", `Version ${input.candidate.number} does not exist`);
    if (v.compiled === null || v.contentHash === null) throw new FieldError("candidate.number", `Version ${v.number} does not compile; pick another`);
    candidateCompiled = ZCompiledRuleset.parse(v.compiled);
    candidate = { number: v.number, hash: v.contentHash, label: `v${v.number}${v.status === "draft" ? " (draft)" : v.status === "published" ? " (published)" : ""}`, graph: v.graph };
  }

  let baseline: Frozen["baseline"] = { number: null, hash: null, label: "Nothing published" };
  let baselineCompiled: TCompiledRuleset | null = null;
  const baselineVersion =
    input.baseline.kind === "published"
      ? ruleset.publishedVersionId
        ? await db.rulesetVersion.findUnique({ where: { id: ruleset.publishedVersionId } })
        : null
      : input.baseline.kind === "version"
        ? await version(input.baseline.number)
        : null;
  if (input.baseline.kind === "version" && !baselineVersion) throw new FieldError("baseline.number", `Version ${input.baseline.number} does not exist`);
  if (input.baseline.kind === "none") baseline = { number: null, hash: null, label: "No rules" };
  if (baselineVersion) {
    if (baselineVersion.compiled === null || baselineVersion.contentHash === null) throw new FieldError("baseline.number", `Version ${baselineVersion.number} does not compile; pick another`);
    baselineCompiled = ZCompiledRuleset.parse(baselineVersion.compiled);
    const live = baselineVersion.id === ruleset.publishedVersionId;
    baseline = { number: baselineVersion.number, hash: baselineVersion.contentHash, label: `v${baselineVersion.number}${live ? " (published)" : ""}` };
  }

  // The rest of the pipeline: every other ruleset's live version (or its draft, when asked), in stage order.
  const others = await loadPipelineStages(db, scope, { exceptRulesetId: ruleset.id, exceptStage: ruleset.stage, includeDrafts: input.includeDrafts ?? [], context });
  return { plan: { stage: ruleset.stage, candidate: candidateCompiled, baseline: baselineCompiled, others: others.stages }, candidate, baseline, pipeline: others.entries };
}

/** The columns of a simulation row that come from its frozen plan (every kind of run, shadows too). */
export function frozenSimulationData(scope: Scope, meta: { rulesetId: string; name: string }, frozen: Frozen, context: unknown, source: unknown) {
  return {
    organizationId: scope.organizationId,
    rulesetId: meta.rulesetId,
    name: meta.name,
    stage: frozen.plan.stage,
    candidateNumber: frozen.candidate.number,
    candidateHash: frozen.candidate.hash,
    candidateLabel: frozen.candidate.label,
    candidateGraph: json(frozen.candidate.graph),
    baselineNumber: frozen.baseline.number,
    baselineHash: frozen.baseline.hash,
    baselineLabel: frozen.baseline.label,
    plan: json(frozen.plan),
    context: json(context),
    source: json(source),
    pipeline: json(frozen.pipeline),
  };
}

/** Creates the simulation row (queued), with its uploaded orders when given, in one transaction; then hands it to the runner. */
async function insertSimulation(db: Db, scope: Scope, meta: TSimulationUploadMeta, source: TSimulationSource, uploaded: readonly unknown[] | null): Promise<TSimulationSummary> {
  const context = await loadEvaluationContext(db, scope);
  const frozen = await freezePlan(db, scope, meta, context);
  const runner = await simulationRunnerFor(db);
  const { buyerOpenOrders: _none, ...contextWithoutBuyers } = context;
  const id = await db.$transaction(
    async (tx) => {
      const row = await tx.simulation.create({
        data: {
          ...frozenSimulationData(scope, meta, frozen, contextWithoutBuyers, source),
          runner: runner.kind,
          total: uploaded?.length ?? 0,
          createdById: userIdOf(scope),
        },
        select: { id: true },
      });
      if (uploaded) {
        const BATCH = 2_000;
        for (let i = 0; i < uploaded.length; i += BATCH)
          await tx.$executeRawUnsafe(
            `INSERT INTO simulation_upload_orders ("simulationId", seq, data) SELECT $1, (x.ord + $2)::int, x.value FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(value, ord)`,
            row.id,
            i,
            JSON.stringify(uploaded.slice(i, i + BATCH)),
          );
      }
      await writeAuditLog(tx, scope, {
        action: "simulation.create",
        entityType: "simulation",
        entityId: row.id,
        after: { rulesetId: meta.rulesetId, candidate: frozen.candidate.label, candidateHash: frozen.candidate.hash, baseline: frozen.baseline.label, source },
      });
      return row.id;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  // Read the answer before the runner starts: on PGlite (one connection) the reply would otherwise wait
  // behind the run's first reads and writes, and the user would see "Starting…" instead of the run page.
  const summary = await getSimulationSummary(db, scope, id);
  try {
    await runner.enqueue(id);
  } catch (e) {
    await stopSimulation(db, id, "failed", `Could not queue the simulation: ${(e as Error).message}`);
    return getSimulationSummary(db, scope, id);
  }
  return summary;
}

export async function createSimulation(db: Db, scope: Scope, input: TSimulationCreate): Promise<TSimulationSummary> {
  const { source, ...meta } = input;
  return insertSimulation(db, scope, meta, source, null);
}

/** A simulation of the orders of an uploaded file (already parsed into ZOrders by the upload route). */
export async function createUploadSimulation(db: Db, scope: Scope, meta: TSimulationUploadMeta, file: { fileName: string; format: string }, orders: readonly unknown[]): Promise<TSimulationSummary> {
  if (orders.length === 0) throw new FieldError("file", "The file holds no orders");
  return insertSimulation(db, scope, meta, { kind: "upload", fileName: file.fileName, format: file.format, orders: orders.length }, orders);
}

const SUMMARY_SELECT = {
  id: true,
  name: true,
  rulesetId: true,
  stage: true,
  candidateNumber: true,
  candidateHash: true,
  candidateLabel: true,
  baselineNumber: true,
  baselineHash: true,
  baselineLabel: true,
  source: true,
  pipeline: true,
  status: true,
  runner: true,
  total: true,
  done: true,
  changed: true,
  error: true,
  createdById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  ruleset: { select: { name: true } },
  createdBy: { select: { name: true } },
} as const;
type SummaryRow = Prisma.SimulationGetPayload<{ select: typeof SUMMARY_SELECT }>;

function toSummary(row: SummaryRow): TSimulationSummary {
  const elapsed = row.startedAt ? ((row.finishedAt ?? new Date()).getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rate = row.startedAt && elapsed > 0 && row.done > 0 ? Math.round(row.done / elapsed) : null;
  const running = row.status === "running" || row.status === "queued";
  return {
    id: row.id,
    name: row.name || `${row.ruleset.name}: ${row.candidateLabel} vs ${row.baselineLabel}`,
    rulesetId: row.rulesetId,
    rulesetName: row.ruleset.name,
    stage: row.stage,
    candidate: { number: row.candidateNumber, contentHash: row.candidateHash, label: row.candidateLabel },
    baseline: { number: row.baselineNumber, contentHash: row.baselineHash, label: row.baselineLabel },
    source: ZSimulationSource.parse(row.source),
    pipeline: ZPipelineEntries.parse(row.pipeline),
    status: row.status,
    total: row.total,
    done: row.done,
    changed: row.changed,
    rate,
    etaSeconds: running && rate ? Math.ceil((row.total - row.done) / rate) : null,
    error: row.error,
    runner: row.runner === "pg-boss" || row.runner === "shadow" ? row.runner : "embedded",
    createdBy: row.createdById ? { id: row.createdById, name: row.createdBy?.name ?? null } : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

async function findSimulation<S extends Prisma.SimulationSelect>(db: Db, scope: Scope, id: string, select: S) {
  const row = await db.simulation.findFirst({ where: { id, organizationId: scope.organizationId }, select });
  if (!row) throw new NotFoundError("Simulation", id);
  return row as Prisma.SimulationGetPayload<{ select: S }>;
}

export async function getSimulationSummary(db: Db, scope: Scope, id: string): Promise<TSimulationSummary> {
  return toSummary(await findSimulation(db, scope, id, SUMMARY_SELECT));
}

export async function listSimulations(db: Db, scope: Scope, input: { rulesetId?: string; page: number; pageSize: number }) {
  const where: Prisma.SimulationWhereInput = { organizationId: scope.organizationId, ...(input.rulesetId ? { rulesetId: input.rulesetId } : {}) };
  const [rows, total] = await Promise.all([
    db.simulation.findMany({ where, select: SUMMARY_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.simulation.count({ where }),
  ]);
  return pageOf(rows.map(toSummary), total, { ...input, search: "" });
}

/** The comparison totals of a shadow so far: every router instance's chunk merged. */
export async function shadowTotals(db: Pick<Db, "simulationChunk">, simulationId: string): Promise<TSimulationTotals> {
  const chunks = await db.simulationChunk.findMany({ where: { simulationId }, select: { totals: true } });
  let totals = emptySimulationTotals();
  for (const c of chunks) if (c.totals) totals = mergeSimulationTotals(totals, ZSimulationTotals.parse(c.totals));
  return totals;
}

export async function getSimulation(db: Db, scope: Scope, id: string): Promise<TSimulationOut> {
  // Polled every second while running: the frozen plan (megabytes for big rulesets) is read only once there are totals.
  const row = await findSimulation(db, scope, id, { ...SUMMARY_SELECT, totals: true });
  const summary = toSummary(row);
  // A shadow collects while it runs: its totals so far are every router instance's chunk merged.
  const shadowRunning = row.runner === "shadow" && row.status === "running";
  const totals = shadowRunning ? await shadowTotals(db, id) : row.status === "completed" && row.totals ? ZSimulationTotals.parse(row.totals) : null;
  const where = { organizationId: scope.organizationId };
  const [warehouses, channels, stores] = await Promise.all([
    db.warehouse.findMany({ where, select: { id: true, name: true } }),
    db.logisticsChannel.findMany({ where, select: { id: true, name: true } }),
    db.store.findMany({ where, select: { id: true, name: true } }),
  ]);
  const names = (rows: { id: string; name: string }[]) => Object.fromEntries(rows.map((r) => [r.id, r.name]));
  let neverFired: string[] = [];
  if (totals) {
    const { plan } = await findSimulation(db, scope, id, { plan: true });
    neverFired = rulesNeverFired(ZCompiledRuleset.parse((plan as { candidate: unknown }).candidate), totals);
  }
  const skipped = row.runner === "shadow" ? ((await db.simulationChunk.aggregate({ where: { simulationId: id }, _sum: { skipped: true } }))._sum.skipped ?? 0) : 0;
  return { ...summary, totals, names: { warehouses: names(warehouses), channels: names(channels), stores: names(stores) }, rulesNeverFired: neverFired, skipped };
}

export async function cancelSimulation(db: Db, scope: Scope, id: string, actorName: string | null): Promise<TSimulationSummary> {
  const row = await findSimulation(db, scope, id, { status: true, runner: true });
  if (row.runner === "shadow") throw new FieldError("id", "This is a shadow on live traffic: an admin stops or promotes it");
  if (row.status !== "queued" && row.status !== "running") throw new FieldError("id", `The simulation has already ${row.status === "completed" ? "completed" : row.status === "failed" ? "failed" : "been cancelled"}`);
  const stopped = await stopSimulation(db, id, "cancelled", `Cancelled${actorName ? ` by ${actorName}` : ""}`);
  if (stopped)
    await writeAuditLog(db, scope, { action: "simulation.cancel", entityType: "simulation", entityId: id, before: { status: row.status }, after: { status: "cancelled" } });
  return getSimulationSummary(db, scope, id);
}

function changesWhere(simulationId: string, input: Pick<TChangesInput, "change" | "warehouseId" | "channelId" | "search">): Prisma.SimulationOrderWhereInput {
  const and: Prisma.SimulationOrderWhereInput[] = [{ simulationId }];
  if (input.change) and.push({ changes: { has: input.change } });
  const idOrNone = (v: string) => (v === "" ? null : v);
  if (input.warehouseId !== undefined) and.push({ OR: [{ baselineWarehouseId: idOrNone(input.warehouseId) }, { candidateWarehouseId: idOrNone(input.warehouseId) }] });
  if (input.channelId !== undefined) and.push({ OR: [{ baselineChannelId: idOrNone(input.channelId) }, { candidateChannelId: idOrNone(input.channelId) }] });
  if (input.search) and.push({ OR: [{ orderId: { startsWith: input.search } }, { externalId: { startsWith: input.search } }] });
  return { AND: and };
}

function changedOrderOut(r: Prisma.SimulationOrderGetPayload<object>): TChangedOrder {
  return {
    orderId: r.orderId,
    externalId: r.externalId,
    placedAt: r.placedAt,
    storeId: r.storeId,
    platform: r.platform,
    country: r.country,
    changes: r.changes as TChangedOrder["changes"],
    baseline: ZSideOutcome.parse(r.baseline),
    candidate: ZSideOutcome.parse(r.candidate),
    costDelta: r.costDelta,
  };
}

/** Orders whose outcome changed: filter, sort, paginate. Only for completed simulations (partial results are never shown). */
export async function listChangedOrders(db: Db, scope: Scope, input: TChangesInput) {
  const sim = await findSimulation(db, scope, input.id, { status: true, runner: true });
  // A running shadow's changed orders are shown as they arrive (it never completes "partially": it has no total).
  if (sim.status !== "completed" && !(sim.runner === "shadow" && sim.status === "running")) return pageOf([], 0, { ...input, search: "" });
  const where = changesWhere(input.id, input);
  const orderBy: Prisma.SimulationOrderOrderByWithRelationInput[] = [
    input.sort === "costDelta" ? { costDelta: { sort: input.dir, nulls: "last" } } : { [input.sort]: input.dir },
    { orderId: "asc" },
  ];
  const [rows, total] = await Promise.all([
    db.simulationOrder.findMany({ where, orderBy, skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.simulationOrder.count({ where }),
  ]);
  return pageOf(rows.map(changedOrderOut), total, { ...input, search: "" });
}

/** Every changed order matching the filters, in pages, for the CSV export (memory stays flat). */
export async function* iterateChangedOrders(db: Db, scope: Scope, input: TChangesInput): AsyncGenerator<TChangedOrder[]> {
  const sim = await findSimulation(db, scope, input.id, { status: true, runner: true });
  if (sim.status !== "completed" && !(sim.runner === "shadow" && sim.status === "running")) throw new FieldError("id", "Only a completed simulation can be exported");
  const where = changesWhere(input.id, input);
  const PAGE = 2_000;
  for (let skip = 0; ; skip += PAGE) {
    const rows = await db.simulationOrder.findMany({
      where,
      orderBy: [input.sort === "costDelta" ? { costDelta: { sort: input.dir, nulls: "last" } } : { [input.sort]: input.dir }, { orderId: "asc" }],
      skip,
      take: PAGE,
    });
    if (rows.length === 0) return;
    yield rows.map(changedOrderOut);
    if (rows.length < PAGE) return;
  }
}

/**
 * Names of the rules a simulation's results mention (`rule:<action node id>` → the action node's label,
 * else its kind; a decision table's rules → "<table> · Row 3"), from the candidate graph as simulated and
 * the baseline version's graph.
 */
export async function simulationRuleNames(db: Db, scope: Scope, id: string): Promise<Record<string, string>> {
  const sim = await findSimulation(db, scope, id, { rulesetId: true, baselineNumber: true, candidateGraph: true });
  const baseline =
    sim.baselineNumber === null ? null : await db.rulesetVersion.findFirst({ where: { rulesetId: sim.rulesetId, number: sim.baselineNumber, organizationId: scope.organizationId }, select: { graph: true } });
  const out: Record<string, string> = {};
  for (const raw of [baseline?.graph, sim.candidateGraph]) {
    const graph = raw ? ZRuleGraph.safeParse(raw) : null;
    if (!graph?.success) continue;
    const byId = new Map(graph.data.nodes.map((n) => [n.id, n]));
    for (const r of ruleSourceNames(graph.data.nodes)) {
      const n = byId.get(r.nodeId)!;
      const title = n.label || NODE_KIND_SPECS[n.kind].label;
      out[r.name] = r.row === null ? title : `${title} · Row ${r.row + 1}`;
    }
  }
  return out;
}

/** One order of a simulation replayed with the trace, against the candidate exactly as simulated. */
export async function simulationOrderTrace(db: Db, scope: Scope, id: string, orderId: string): Promise<TOrderTraceOut> {
  const sim = await findSimulation(db, scope, id, { ...SUMMARY_SELECT, plan: true, context: true, candidateGraph: true });
  const summary = toSummary(sim);
  let orderJson: unknown;
  let shadowContext: TEvaluationContext | null = null;
  if (summary.source.kind === "shadow") {
    // Live traffic: the order and context as the router evaluated them (its latest decision of the order).
    const d = await db.routingDecision.findFirst({
      where: { organizationId: scope.organizationId, orderId, input: { not: Prisma.DbNull } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { input: true, contextHash: true, createdAt: true },
    });
    const master = d?.contextHash ? await db.routerContext.findUnique({ where: { organizationId_hash: { organizationId: scope.organizationId, hash: d.contextHash } }, select: { context: true } }) : null;
    const input = d?.input as unknown as TDecisionInput | null;
    orderJson = input?.order;
    if (input && master) shadowContext = contextOfDecision(master.context as unknown as TRouterMasterData, input, d!.createdAt.toISOString());
  } else if (summary.source.kind === "history") {
    const row = await db.order.findFirst({ where: { id: orderId, organizationId: scope.organizationId }, select: { data: true } });
    orderJson = row?.data;
  } else {
    const rows = await db.$queryRaw<{ data: unknown }[]>`SELECT data FROM simulation_upload_orders WHERE "simulationId" = ${id} AND (data->>'id' = ${orderId} OR 'row-' || seq = ${orderId}) LIMIT 1`;
    orderJson = rows[0]?.data;
  }
  if (orderJson === undefined || orderJson === null) throw new NotFoundError("Order", orderId);
  const order = ZOrder.parse(orderJson);
  const plan = ZSimulationPlan.parse(sim.plan);
  const base = ZEvaluationContext.parse(sim.context);
  // The buyer's orders near this one, as the simulation's chunk saw them (history only).
  const placed = Date.parse(order.createdAt);
  const buyers =
    order.buyerId === "" || summary.source.kind !== "history" || shadowContext
      ? []
      : await db.order.findMany({
          where: { organizationId: scope.organizationId, buyerId: order.buyerId, placedAt: { gte: new Date(placed - 7 * DAY_MS), lte: new Date(placed + 7 * DAY_MS) } },
          select: { id: true, placedAt: true },
        });
  const context = shadowContext ?? { ...base, buyerOpenOrders: buyers.length ? { [order.buyerId]: buyers.map((b) => ({ orderId: b.id, createdAt: b.placedAt.toISOString() })) } : {} };
  const comparison = createSimulator(plan).compare(order, context);
  // The candidate as the simulation ran it: seeing the warehouse the earlier stages assigned.
  const assignedWarehouseId = warehouseAssignedBefore(plan.others, plan.stage, order, context);
  const evaluation = evaluate(plan.candidate, order, context, { trace: true, assignedWarehouseId });
  return {
    simulationId: id,
    rulesetId: summary.rulesetId,
    graph: ZRuleGraph.parse(sim.candidateGraph),
    candidate: summary.candidate,
    order,
    comparison,
    evaluation,
    summary: summarizeTrace(evaluation.trace!),
  };
}
