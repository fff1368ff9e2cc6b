/**
 * Shadow publish: a version evaluated on live traffic next to the live version of its ruleset, without
 * deciding anything. A shadow run IS a simulation (source kind "shadow", runner "shadow"): the live
 * router adds each instance's comparisons to it while it runs (one chunk per router instance), so the
 * simulation screens show its report, and when it ends with enough orders it completes — then it is
 * the simulation the publish gate asks for (`promoteShadow` publishes through the normal gate).
 *
 * Starting and ending a shadow notify the routers like a publish does (pg_notify in the transaction,
 * `emitPublished` after it), and the routers' one-second check of the published pointers includes the
 * running shadows, so every instance picks it up within a second.
 */
import { ZCompiledRuleset } from "@/rules-schema";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { PUBLISH_CHANNEL, emitPublished, publishPayload } from "../publishing/publish-events";
import type { TPublishRequestOut, TPublishVersionInput } from "../schemas/publish-schemas";
import { type TShadowSource, ZShadowSource } from "../schemas/simulation-schemas";
import type { TSimulationSummary } from "../schemas/simulation-schemas";
import { loadEvaluationContext } from "./load-evaluation-context";
import { publishBlockerFor, publishVersion } from "./publish-service";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { freezePlan, frozenSimulationData, getSimulationSummary, shadowTotals } from "./simulation-service";
import { writeAuditLog } from "./write-audit-log";

/** Orders a shadow must have evaluated before it can stand in for the gate's simulation. */
export const SHADOW_MIN_ORDERS = 500;

export const SHADOW_RUNNER = "shadow";

const json = (v: unknown) => v as Prisma.InputJsonValue;
const userIdOf = (scope: Scope) => (scope.actor.type === "user" ? scope.actor.id : null);

async function notify(tx: Pick<Db, "$executeRaw">, scope: Scope, rulesetId: string, versionNumber: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${PUBLISH_CHANNEL}, ${publishPayload({ organizationId: scope.organizationId, rulesetId, versionNumber })})`;
}

/** The running shadow of a ruleset, if any. */
export async function runningShadow(db: Pick<Db, "simulation">, organizationId: string, rulesetId: string) {
  return db.simulation.findFirst({ where: { organizationId, rulesetId, runner: SHADOW_RUNNER, status: "running" }, select: { id: true, candidateNumber: true, source: true } });
}

/**
 * Puts version `number` of a ruleset in shadow next to its live version. The version must compile (the
 * same frozen plan as a simulation: the candidate's compiled rules, the live version as the baseline,
 * the other stages' live versions). A shadow already running for the ruleset is ended ("replaced").
 */
export async function startShadow(db: Db, scope: Scope, input: { rulesetId: string; number: number; sampleRate: number; name?: string }): Promise<TSimulationSummary> {
  const ruleset = await db.ruleset.findFirst({ where: { id: input.rulesetId, organizationId: scope.organizationId }, select: { id: true, name: true, publishedVersion: { select: { number: true } } } });
  if (!ruleset) throw new NotFoundError("Ruleset", input.rulesetId);
  const version = await db.rulesetVersion.findUnique({ where: { rulesetId_number: { rulesetId: ruleset.id, number: input.number } }, select: { number: true, status: true, compiled: true, contentHash: true } });
  if (!version) throw new FieldError("number", `Version ${input.number} does not exist`);
  if (version.status === "draft") throw new FieldError("number", `Version ${input.number} is a draft; save it as a version first`);
  if (version.compiled === null || version.contentHash === null || !ZCompiledRuleset.safeParse(version.compiled).success)
    throw new FieldError("number", `Version ${input.number} does not compile; fix its problems first`);
  if (ruleset.publishedVersion?.number === input.number) throw new FieldError("number", `Version ${input.number} is the live version already`);
  const context = await loadEvaluationContext(db, scope);
  const frozen = await freezePlan(db, scope, { rulesetId: ruleset.id, name: "", candidate: { kind: "version", number: input.number }, baseline: { kind: "published" }, includeDrafts: [] }, context);
  const { buyerOpenOrders: _none, ...contextWithoutBuyers } = context;
  const source: TShadowSource = { kind: "shadow", sampleRate: input.sampleRate, minOrders: SHADOW_MIN_ORDERS, stoppedAt: null, outcome: "running" };
  const now = new Date();
  const id = await db.$transaction(async (tx) => {
    const previous = await runningShadow(tx, scope.organizationId, ruleset.id);
    if (previous) await endRun(tx, scope, previous.id, "replaced", now);
    const row = await tx.simulation.create({
      data: {
        ...frozenSimulationData(scope, { rulesetId: ruleset.id, name: input.name?.trim() || `Shadow: v${input.number} on live traffic` }, frozen, contextWithoutBuyers, source),
        runner: SHADOW_RUNNER,
        status: "running",
        startedAt: now,
        createdById: userIdOf(scope),
      },
      select: { id: true },
    });
    await writeAuditLog(tx, scope, {
      action: "shadow.start",
      entityType: "simulation",
      entityId: row.id,
      after: { rulesetId: ruleset.id, version: input.number, candidateHash: frozen.candidate.hash, baseline: frozen.baseline.label, sampleRate: input.sampleRate },
    });
    await notify(tx, scope, ruleset.id, input.number);
    return row.id;
  });
  emitPublished({ organizationId: scope.organizationId, rulesetId: ruleset.id, versionNumber: input.number });
  return getSimulationSummary(db, scope, id);
}

/**
 * Ends a running shadow: its totals are merged from the chunks; it completes (and can stand in for the
 * gate's simulation) when it saw at least `minOrders` orders, otherwise it is cancelled with the reason.
 */
async function endRun(tx: Db | Prisma.TransactionClient, scope: Scope, id: string, outcome: "stopped" | "promoted" | "replaced", now: Date): Promise<{ completed: boolean; orders: number }> {
  // Lock the row: a router instance flushing at the same moment writes before or after, never half.
  await tx.$queryRaw`SELECT "id" FROM "simulations" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.simulation.findUniqueOrThrow({ where: { id }, select: { status: true, source: true, rulesetId: true, candidateNumber: true } });
  if (row.status !== "running") throw new ConflictError("This shadow has already ended", { status: row.status });
  const source = ZShadowSource.parse(row.source);
  const totals = await shadowTotals(tx as Db, id);
  const completed = totals.orders >= source.minOrders;
  const changed = await tx.simulationOrder.count({ where: { simulationId: id } });
  await tx.simulation.update({
    where: { id },
    data: {
      status: completed ? "completed" : "cancelled",
      totals: json(totals),
      total: totals.orders,
      done: totals.orders,
      changed,
      finishedAt: now,
      error: completed ? null : `Ended after ${totals.orders} live order(s); a shadow needs ${source.minOrders} to count as the simulation of a publish`,
      source: json({ ...source, stoppedAt: now.toISOString(), outcome }),
    },
  });
  await tx.simulationChunk.updateMany({ where: { simulationId: id }, data: { status: "done", finishedAt: now } });
  await writeAuditLog(tx as Db, scope, { action: `shadow.${outcome === "replaced" ? "replace" : outcome === "promoted" ? "promote" : "stop"}`, entityType: "simulation", entityId: id, after: { orders: totals.orders, changed, completed } });
  await notify(tx as Db, scope, row.rulesetId, row.candidateNumber);
  return { completed, orders: totals.orders };
}

async function findRunning(db: Db, scope: Scope, id: string) {
  const row = await db.simulation.findFirst({ where: { id, organizationId: scope.organizationId, runner: SHADOW_RUNNER }, select: { id: true, status: true, rulesetId: true, candidateNumber: true } });
  if (!row) throw new NotFoundError("Shadow", id);
  return row;
}

/** Stops a shadow (admins). */
export async function stopShadow(db: Db, scope: Scope, id: string): Promise<TSimulationSummary> {
  const row = await findRunning(db, scope, id);
  await db.$transaction((tx) => endRun(tx, scope, id, "stopped", new Date()));
  emitPublished({ organizationId: scope.organizationId, rulesetId: row.rulesetId, versionNumber: row.candidateNumber });
  return getSimulationSummary(db, scope, id);
}

/**
 * Ends the shadow and publishes its version through the normal gate. With at least `minOrders` orders
 * the completed shadow is the gate's simulation; with fewer the gate asks for an override reason as
 * for any unsimulated version (given in `publish.overrideReason`), and the shadow ends cancelled.
 */
export async function promoteShadow(db: Db, scope: Scope, id: string, publish: Omit<TPublishVersionInput, "rulesetId" | "number">): Promise<TPublishRequestOut> {
  const row = await findRunning(db, scope, id);
  if (row.status !== "running") throw new ConflictError("This shadow has already ended; publish its version from the ruleset", { status: row.status });
  // Check the gate first, as if the shadow were complete, so that a refused promote leaves the shadow running.
  const sim = await db.simulation.findUniqueOrThrow({ where: { id }, select: { source: true, baselineHash: true, ruleset: { select: { publishedVersion: { select: { contentHash: true } } } } } });
  const seen = (await shadowTotals(db, id)).orders;
  const counts = seen >= ZShadowSource.parse(sim.source).minOrders && (sim.baselineHash ?? null) === (sim.ruleset.publishedVersion?.contentHash ?? null);
  const input = { ...publish, rulesetId: row.rulesetId, number: row.candidateNumber };
  const blocker = await publishBlockerFor(db, scope, input, counts ? id : null);
  if (blocker) throw blocker;
  await db.$transaction((tx) => endRun(tx, scope, id, "promoted", new Date()));
  emitPublished({ organizationId: scope.organizationId, rulesetId: row.rulesetId, versionNumber: row.candidateNumber });
  return publishVersion(db, scope, input);
}

/** The organization's shadows, running ones first, then the newest (at most 50). */
export async function listShadows(db: Db, scope: Scope): Promise<TSimulationSummary[]> {
  const rows = await db.simulation.findMany({
    where: { organizationId: scope.organizationId, runner: SHADOW_RUNNER },
    select: { id: true, status: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
  });
  const sorted = [...rows.filter((r) => r.status === "running"), ...rows.filter((r) => r.status !== "running")];
  return Promise.all(sorted.map((r) => getSimulationSummary(db, scope, r.id)));
}
