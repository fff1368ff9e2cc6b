/**
 * Publishing: moving a ruleset's live pointer to a version, by publish (a validated version, simulated
 * against the live one) or rollback (a version that was live before), at once or after a second
 * admin's approval (organization setting `requirePublishApproval`).
 *
 * Every publish and rollback is a PublishRequest row (approved at once when no approval is required),
 * so there is one history. Statuses of versions: the new live version becomes `published` (publishedAt
 * and publishedById set to this publish); the version it replaces becomes `archived` and keeps its
 * publishedAt, which is what makes it a rollback target. Published and archived versions never change:
 * the designer's next save starts a new draft after them.
 */
import type { Db } from "../db/create-db";
import type { PublishRequest } from "../db/generated/prisma/client";
import { PUBLISH_CHANNEL, emitPublished, publishPayload } from "../publishing/publish-events";
import type {
  TDecideInput,
  TPublishKind,
  TPublishRequestOut,
  TPublishRequestStatus,
  TPublishRequestsInput,
  TPublishStatusInput,
  TPublishStatusOut,
  TPublishVersionInput,
  TRollbackInput,
  TSuiteSummary,
} from "../schemas/publish-schemas";
import { ZSuiteSummary } from "../schemas/publish-schemas";
import type { Tx } from "./db-helpers";
import { getOrganizationSettings } from "./organization-settings-service";
import type { Scope } from "./scope";
import { runTestSuite } from "./test-suite-service";
import { ConflictError, FieldError, ForbiddenError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

type Client = Db | Tx;
const userIdOf = (scope: Scope) => (scope.actor.type === "user" ? scope.actor.id : null);
const VERSION_SELECT = { id: true, number: true, status: true, contentHash: true, ruleCount: true, publishedAt: true, updatedAt: true } as const;

interface RulesetRow {
  id: string;
  name: string;
  stage: TPublishRequestOut["stage"];
  publishedVersionId: string | null;
  revision: number;
}
type VersionRow = { id: string; number: number; status: "draft" | "validated" | "published" | "archived"; contentHash: string | null; ruleCount: number | null; publishedAt: Date | null; updatedAt: Date };

async function findRuleset(db: Client, scope: Scope, id: string): Promise<RulesetRow> {
  const row = await db.ruleset.findFirst({
    where: { id, organizationId: scope.organizationId },
    select: { id: true, name: true, stage: true, publishedVersionId: true, revision: true },
  });
  if (!row) throw new NotFoundError("Ruleset", id);
  return row;
}

async function findVersion(db: Client, rulesetId: string, number: number): Promise<VersionRow> {
  const v = await db.rulesetVersion.findUnique({ where: { rulesetId_number: { rulesetId, number } }, select: VERSION_SELECT });
  if (!v) throw new NotFoundError("Ruleset version", `${rulesetId}#${number}`);
  return v;
}

async function liveVersion(db: Client, ruleset: RulesetRow): Promise<VersionRow | null> {
  return ruleset.publishedVersionId ? db.rulesetVersion.findUnique({ where: { id: ruleset.publishedVersionId }, select: VERSION_SELECT }) : null;
}

/** The newest completed simulation of content `hash` whose baseline is what is live now (nothing: no baseline). */
async function qualifyingSimulation(db: Client, scope: Scope, rulesetId: string, hash: string, live: VersionRow | null): Promise<string | null> {
  const sim = await db.simulation.findFirst({
    where: {
      organizationId: scope.organizationId,
      rulesetId,
      status: "completed",
      candidateHash: hash,
      ...(live ? { baselineHash: live.contentHash } : { baselineNumber: null }),
    },
    orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  return sim?.id ?? null;
}

const liveLabel = (live: VersionRow | null) => (live ? `the live v${live.number}` : `"Nothing published"`);
const simulationMessage = (v: VersionRow, live: VersionRow | null) =>
  `Run a simulation of v${v.number} against ${liveLabel(live)} and let it complete before publishing, or give an override reason`;

/**
 * The ruleset's test suite run on exactly version `number` (with the organization's master data, as
 * the designer's Suite tab runs it); null when the version does not compile.
 */
async function suiteOnVersion(db: Db, scope: Scope, rulesetId: string, number: number): Promise<TSuiteSummary | null> {
  const out = await runTestSuite(db, scope, { rulesetId, versionNumber: number });
  if (!out.run) return null;
  const failed = out.run.cases
    .filter((c) => !c.passed)
    .map((c) => ({
      key: c.key,
      name: c.name,
      diff: c.error ?? c.diffs.map((d) => `${d.label} expected ${inWords(d.expected)}, got ${inWords(d.actual)}`).join("; "),
    }));
  return { total: out.run.total, passed: out.run.passed, failed };
}

/** An expected or actual value as a person reads it: yes / no, none, a list. */
function inWords(v: unknown): string {
  if (v === true) return "yes";
  if (v === false) return "no";
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return "none";
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ");
  return typeof v === "string" ? v : JSON.stringify(v);
}

function suiteMessage(v: VersionRow, suite: TSuiteSummary): string {
  const shown = suite.failed.slice(0, 3).map((f) => `${f.key}${f.name ? ` (“${f.name}”)` : ""}: ${f.diff}`);
  const more = suite.failed.length > 3 ? `; and ${suite.failed.length - 3} more` : "";
  return `${suite.failed.length} of ${suite.total} test case${suite.total === 1 ? "" : "s"} fail${suite.failed.length === 1 ? "s" : ""} on v${v.number} — ${shown.join("; ")}${more}. Fix the rules or the cases, or give a reason to publish anyway`;
}

type Blocker = { field: string; message: string; overridable: boolean; overrideField?: "overrideReason" | "suiteOverrideReason" };

/** Problems that keep version `v` from being published now (a missing simulation and failing test cases can be overridden by an admin). */
function publishBlockers(v: VersionRow, live: VersionRow | null, simulationId: string | null, suite: TSuiteSummary | null): Blocker[] {
  const out: Blocker[] = [];
  const add = (field: string, message: string, overrideField?: Blocker["overrideField"]) => out.push({ field, message, overridable: overrideField !== undefined, ...(overrideField ? { overrideField } : {}) });
  if (live && v.id === live.id) add("number", `v${v.number} is already live`);
  else if (v.status === "draft") add("number", `v${v.number} is a draft; save it as a version first`);
  else if (v.status !== "validated") add("number", `v${v.number} was published before; roll back to it instead`);
  if (v.contentHash === null) add("number", `v${v.number} does not compile; fix its errors first`);
  else if (!v.ruleCount) add("number", `v${v.number} has no rules: add at least one rule after Start`);
  if (out.length === 0 && simulationId === null) add("simulation", simulationMessage(v, live), "overrideReason");
  if (out.every((b) => b.overridable) && suite && suite.failed.length > 0) add("suite", suiteMessage(v, suite), "suiteOverrideReason");
  return out;
}

async function actorNames(db: Client, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function requestsOut(db: Client, scope: Scope, rows: PublishRequest[]): Promise<TPublishRequestOut[]> {
  const rulesetIds = [...new Set(rows.map((r) => r.rulesetId))];
  const [rulesets, names] = await Promise.all([
    db.ruleset.findMany({ where: { id: { in: rulesetIds }, organizationId: scope.organizationId }, select: { id: true, name: true, stage: true } }),
    actorNames(
      db,
      rows.flatMap((r) => [r.requestedById, r.decidedById]),
    ),
  ]);
  const rulesetOf = new Map(rulesets.map((r) => [r.id, r]));
  const actor = (id: string | null) => (id ? { id, name: names.get(id) ?? null } : null);
  return rows.flatMap((r) => {
    const rs = rulesetOf.get(r.rulesetId);
    if (!rs) return [];
    return [
      {
        id: r.id,
        rulesetId: r.rulesetId,
        rulesetName: rs.name,
        stage: rs.stage,
        versionNumber: r.versionNumber,
        versionHash: r.versionHash,
        kind: r.kind as TPublishKind,
        status: r.status as TPublishRequestStatus,
        simulationId: r.simulationId,
        overrideReason: r.overrideReason,
        suiteOverrideReason: r.suiteOverrideReason,
        suiteResult: r.suiteResult === null ? null : ZSuiteSummary.parse(r.suiteResult),
        note: r.note,
        requestedBy: actor(r.requestedById),
        requestedAt: r.requestedAt,
        decidedBy: actor(r.decidedById),
        decidedAt: r.decidedAt,
        decisionNote: r.decisionNote,
      },
    ];
  });
}

async function requestOut(db: Client, scope: Scope, id: string): Promise<TPublishRequestOut> {
  const row = await db.publishRequest.findFirstOrThrow({ where: { id, organizationId: scope.organizationId } });
  return (await requestsOut(db, scope, [row]))[0]!;
}

const conflictMeanwhile = (current: { revision: number; liveVersionNumber: number | null }) =>
  new ConflictError("Someone published this ruleset meanwhile; reload to see what is live now", current);

async function refusePendingTwin(db: Client, scope: Scope, rulesetId: string, number: number, kind: TPublishKind) {
  const twin = await db.publishRequest.findFirst({ where: { organizationId: scope.organizationId, rulesetId, versionNumber: number, kind, status: "pending" }, select: { id: true } });
  if (twin) throw new FieldError("number", `A ${kind} of v${number} is already waiting for approval`);
}

interface Effect {
  ruleset: RulesetRow;
  /** The ruleset's revision when the caller looked: a different one when locked means someone published meanwhile. */
  seenRevision: number;
  version: VersionRow;
  kind: TPublishKind;
  requestId: string;
  simulationId: string | null;
  overrideReason: string | null;
  suiteOverrideReason: string | null;
  suite: TSuiteSummary | null;
  note: string;
  requestedById: string | null;
}

/**
 * Makes `version` live in the caller's transaction: locks the ruleset row, checks nobody published since
 * `seenRevision`, moves the pointer, bumps the revision, updates version statuses, supersedes other
 * pending requests, writes the audit entry and queues the NOTIFY (delivered only on commit).
 */
async function takeEffect(tx: Tx, scope: Scope, e: Effect): Promise<void> {
  const locked = await tx.$queryRaw<{ revision: number; publishedVersionId: string | null }[]>`
    SELECT revision, "publishedVersionId" FROM rulesets WHERE id = ${e.ruleset.id} AND "organizationId" = ${scope.organizationId} FOR UPDATE`;
  const row = locked[0];
  if (!row) throw new NotFoundError("Ruleset", e.ruleset.id);
  const previous = row.publishedVersionId ? await tx.rulesetVersion.findUnique({ where: { id: row.publishedVersionId }, select: VERSION_SELECT }) : null;
  if (row.revision !== e.seenRevision) throw conflictMeanwhile({ revision: row.revision, liveVersionNumber: previous?.number ?? null });
  const now = new Date();
  await tx.ruleset.update({ where: { id: e.ruleset.id }, data: { publishedVersionId: e.version.id, revision: { increment: 1 } } });
  // A version's updatedAt is when its graph was last saved ("saved … ago"): going live or being archived does not change it.
  await tx.rulesetVersion.update({ where: { id: e.version.id }, data: { status: "published", publishedAt: now, publishedById: userIdOf(scope), updatedAt: e.version.updatedAt } });
  if (previous && previous.id !== e.version.id) await tx.rulesetVersion.update({ where: { id: previous.id }, data: { status: "archived", updatedAt: previous.updatedAt } });
  await tx.publishRequest.updateMany({
    where: { organizationId: scope.organizationId, rulesetId: e.ruleset.id, status: "pending", id: { not: e.requestId } },
    data: { status: "superseded", decidedAt: now, decisionNote: `v${e.version.number} went live first` },
  });
  await writeAuditLog(tx, scope, {
    action: e.kind === "rollback" ? "ruleset.rollback" : "ruleset.publish",
    entityType: "ruleset",
    entityId: e.ruleset.id,
    before: { liveVersion: previous?.number ?? null, contentHash: previous?.contentHash ?? null },
    after: {
      liveVersion: e.version.number,
      contentHash: e.version.contentHash,
      publishRequestId: e.requestId,
      ...(e.simulationId ? { simulationId: e.simulationId } : {}),
      ...(e.overrideReason ? { overrideReason: e.overrideReason } : {}),
      ...(e.suite ? { suite: { total: e.suite.total, passed: e.suite.passed, failed: e.suite.failed.map((f) => f.key) } } : {}),
      ...(e.suiteOverrideReason ? { suiteOverrideReason: e.suiteOverrideReason } : {}),
      ...(e.note ? { [e.kind === "rollback" ? "reason" : "note"]: e.note } : {}),
      ...(e.requestedById && e.requestedById !== userIdOf(scope) ? { requestedBy: e.requestedById } : {}),
    },
  });
  await tx.$executeRaw`SELECT pg_notify(${PUBLISH_CHANNEL}, ${publishPayload({ organizationId: scope.organizationId, rulesetId: e.ruleset.id, versionNumber: e.version.number })})`;
}

interface Submission {
  ruleset: RulesetRow;
  version: VersionRow;
  kind: TPublishKind;
  simulationId: string | null;
  overrideReason: string | null;
  suiteOverrideReason: string | null;
  suite: TSuiteSummary | null;
  note: string;
}

/** The caller saw another revision: someone published since (checked before anything else, so the answer is always CONFLICT). */
async function refuseStaleRevision(db: Client, ruleset: RulesetRow, expectedRevision: number | undefined): Promise<void> {
  if (expectedRevision !== undefined && expectedRevision !== ruleset.revision) {
    throw conflictMeanwhile({ revision: ruleset.revision, liveVersionNumber: (await liveVersion(db, ruleset))?.number ?? null });
  }
}

/** Records the request; pending when the organization requires approval, otherwise approved and live at once. */
async function submit(db: Db, scope: Scope, s: Submission, expectedRevision: number | undefined): Promise<TPublishRequestOut> {
  const { requirePublishApproval } = await getOrganizationSettings(db, scope);
  const base = {
    organizationId: scope.organizationId,
    rulesetId: s.ruleset.id,
    versionNumber: s.version.number,
    versionHash: s.version.contentHash!,
    kind: s.kind,
    simulationId: s.simulationId,
    overrideReason: s.overrideReason,
    suiteOverrideReason: s.suiteOverrideReason,
    ...(s.suite ? { suiteResult: s.suite } : {}),
    note: s.note,
    requestedById: userIdOf(scope),
  };
  if (requirePublishApproval) {
    await refusePendingTwin(db, scope, s.ruleset.id, s.version.number, s.kind);
    const id = await db.$transaction(async (tx) => {
      const row = await tx.publishRequest.create({ data: { ...base, status: "pending" } });
      await writeAuditLog(tx, scope, {
        action: "publish.request",
        entityType: "ruleset",
        entityId: s.ruleset.id,
        after: {
          kind: s.kind,
          version: s.version.number,
          contentHash: s.version.contentHash,
          publishRequestId: row.id,
          ...(s.simulationId ? { simulationId: s.simulationId } : {}),
          ...(s.overrideReason ? { overrideReason: s.overrideReason } : {}),
          ...(s.suite ? { suite: { total: s.suite.total, passed: s.suite.passed, failed: s.suite.failed.map((f) => f.key) } } : {}),
          ...(s.suiteOverrideReason ? { suiteOverrideReason: s.suiteOverrideReason } : {}),
          ...(s.note ? { note: s.note } : {}),
        },
      });
      return row.id;
    });
    return requestOut(db, scope, id);
  }
  const id = await db.$transaction(async (tx) => {
    const row = await tx.publishRequest.create({ data: { ...base, status: "approved", decidedById: userIdOf(scope), decidedAt: new Date() } });
    await takeEffect(tx, scope, { ...s, seenRevision: expectedRevision ?? s.ruleset.revision, requestId: row.id, requestedById: userIdOf(scope) });
    return row.id;
  });
  emitPublished({ organizationId: scope.organizationId, rulesetId: s.ruleset.id, versionNumber: s.version.number });
  return requestOut(db, scope, id);
}

/** Publishes a validated version that compiles, has rules and was simulated against the live version (or an admin overrides). */
export async function publishVersion(db: Db, scope: Scope, input: TPublishVersionInput): Promise<TPublishRequestOut> {
  const ruleset = await findRuleset(db, scope, input.rulesetId);
  await refuseStaleRevision(db, ruleset, input.expectedRevision);
  const [version, live] = await Promise.all([findVersion(db, ruleset.id, input.number), liveVersion(db, ruleset)]);
  const [simulationId, suite] = version.contentHash
    ? await Promise.all([qualifyingSimulation(db, scope, ruleset.id, version.contentHash, live), suiteOnVersion(db, scope, ruleset.id, version.number)])
    : [null, null];
  const blocker = publishBlockers(version, live, simulationId, suite).find((b) => !(b.overrideField && input[b.overrideField]));
  if (blocker) throw new FieldError(blocker.field, blocker.message);
  // A qualifying simulation (a passing suite) makes its override unnecessary: it is not recorded then.
  const overrideReason = simulationId ? null : (input.overrideReason ?? null);
  const suiteOverrideReason = suite && suite.failed.length > 0 ? (input.suiteOverrideReason ?? null) : null;
  return submit(db, scope, { ruleset, version, kind: "publish", simulationId, overrideReason, suiteOverrideReason, suite, note: input.note }, input.expectedRevision);
}

/**
 * What would keep `input` from being published if `assumedSimulationId` (e.g. a shadow about to complete)
 * were its qualifying simulation: the first unmet blocker as the error publishVersion would throw, or null.
 */
export async function publishBlockerFor(db: Db, scope: Scope, input: TPublishVersionInput, assumedSimulationId: string | null): Promise<FieldError | null> {
  const ruleset = await findRuleset(db, scope, input.rulesetId);
  const [version, live] = await Promise.all([findVersion(db, ruleset.id, input.number), liveVersion(db, ruleset)]);
  const [simulationId, suite] = version.contentHash
    ? await Promise.all([qualifyingSimulation(db, scope, ruleset.id, version.contentHash, live), suiteOnVersion(db, scope, ruleset.id, version.number)])
    : [null, null];
  const blocker = publishBlockers(version, live, simulationId ?? assumedSimulationId, suite).find((b) => !(b.overrideField && input[b.overrideField]));
  return blocker ? new FieldError(blocker.field, blocker.message) : null;
}

/** Makes a version that was live before live again; no simulation needed, the reason is audited. */
export async function rollbackVersion(db: Db, scope: Scope, input: TRollbackInput): Promise<TPublishRequestOut> {
  const ruleset = await findRuleset(db, scope, input.rulesetId);
  await refuseStaleRevision(db, ruleset, input.expectedRevision);
  const version = await findVersion(db, ruleset.id, input.number);
  if (version.id === ruleset.publishedVersionId) throw new FieldError("number", `v${version.number} is already live`);
  if (version.publishedAt === null || version.contentHash === null) throw new FieldError("number", `v${version.number} was never published; publish it instead`);
  // A rollback returns to content that was live before: neither the simulation nor the suite gate applies.
  return submit(db, scope, { ruleset, version, kind: "rollback", simulationId: null, overrideReason: null, suiteOverrideReason: null, suite: null, note: input.reason }, input.expectedRevision);
}

async function findPending(db: Client, scope: Scope, id: string): Promise<PublishRequest> {
  const row = await db.publishRequest.findFirst({ where: { id, organizationId: scope.organizationId } });
  if (!row) throw new NotFoundError("Publish request", id);
  if (row.status !== "pending") throw new FieldError("id", `This request is already ${row.status}`);
  return row;
}

/** Marks a pending request decided; refuses (CONFLICT) when someone decided it meanwhile. */
async function decide(tx: Tx, scope: Scope, id: string, status: TPublishRequestStatus, note: string): Promise<void> {
  const { count } = await tx.publishRequest.updateMany({
    where: { id, organizationId: scope.organizationId, status: "pending" },
    data: { status, decidedById: userIdOf(scope), decidedAt: new Date(), decisionNote: note },
  });
  if (count === 0) throw new ConflictError("Someone decided this request meanwhile", null);
}

/** A second admin approves a pending publish or rollback: it takes effect now. */
export async function approvePublish(db: Db, scope: Scope, input: TDecideInput): Promise<TPublishRequestOut> {
  const request = await findPending(db, scope, input.id);
  if (request.requestedById === userIdOf(scope)) throw new ForbiddenError("A second admin must approve your own request");
  const ruleset = await findRuleset(db, scope, request.rulesetId);
  const [version, live] = await Promise.all([findVersion(db, ruleset.id, request.versionNumber), liveVersion(db, ruleset)]);
  if (version.contentHash !== request.versionHash) throw new FieldError("id", `v${version.number} no longer has the content that was requested`);
  if (request.kind === "publish" && request.simulationId) {
    const stillQualifies = await qualifyingSimulation(db, scope, ruleset.id, request.versionHash, live);
    if (!stillQualifies) throw new FieldError("simulation", simulationMessage(version, live));
  }
  // The suite may have changed since the request: it must still pass (unless the request gave a reason).
  const suite = request.kind === "publish" ? await suiteOnVersion(db, scope, ruleset.id, version.number) : null;
  if (suite && suite.failed.length > 0 && !request.suiteOverrideReason) throw new FieldError("suite", suiteMessage(version, suite));
  await db.$transaction(async (tx) => {
    await decide(tx, scope, request.id, "approved", input.note);
    await writeAuditLog(tx, scope, {
      action: "publish.approve",
      entityType: "ruleset",
      entityId: ruleset.id,
      after: { publishRequestId: request.id, kind: request.kind, version: request.versionNumber, ...(input.note ? { note: input.note } : {}) },
    });
    await takeEffect(tx, scope, {
      ruleset,
      seenRevision: ruleset.revision,
      version,
      kind: request.kind as TPublishKind,
      requestId: request.id,
      simulationId: request.simulationId,
      overrideReason: request.overrideReason,
      suiteOverrideReason: request.suiteOverrideReason,
      suite,
      note: request.note,
      requestedById: request.requestedById,
    });
  });
  emitPublished({ organizationId: scope.organizationId, rulesetId: ruleset.id, versionNumber: version.number });
  return requestOut(db, scope, request.id);
}

/** A second admin refuses a pending request, saying why. */
export async function rejectPublish(db: Db, scope: Scope, input: TDecideInput): Promise<TPublishRequestOut> {
  const request = await findPending(db, scope, input.id);
  if (request.requestedById === userIdOf(scope)) throw new ForbiddenError("You cannot reject your own request; cancel it instead");
  await db.$transaction(async (tx) => {
    await decide(tx, scope, request.id, "rejected", input.note);
    await writeAuditLog(tx, scope, {
      action: "publish.reject",
      entityType: "ruleset",
      entityId: request.rulesetId,
      after: { publishRequestId: request.id, kind: request.kind, version: request.versionNumber, note: input.note },
    });
  });
  return requestOut(db, scope, request.id);
}

/** The requester withdraws a pending request. */
export async function cancelPublish(db: Db, scope: Scope, input: { id: string }): Promise<TPublishRequestOut> {
  const request = await findPending(db, scope, input.id);
  if (request.requestedById !== userIdOf(scope)) throw new ForbiddenError("Only the admin who asked can cancel this request");
  await db.$transaction(async (tx) => {
    await decide(tx, scope, request.id, "cancelled", "");
    await writeAuditLog(tx, scope, {
      action: "publish.cancel",
      entityType: "ruleset",
      entityId: request.rulesetId,
      after: { publishRequestId: request.id, kind: request.kind, version: request.versionNumber },
    });
  });
  return requestOut(db, scope, request.id);
}

/** What publishing a version (default: the newest) needs now, the live version and the pending requests. */
export async function publishStatus(db: Db, scope: Scope, input: TPublishStatusInput): Promise<TPublishStatusOut> {
  const ruleset = await findRuleset(db, scope, input.rulesetId);
  const version =
    input.number !== undefined
      ? await findVersion(db, ruleset.id, input.number)
      : await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: ruleset.id }, orderBy: { number: "desc" }, select: VERSION_SELECT });
  const live = await liveVersion(db, ruleset);
  const [simulationId, suite, settings, pendingRows] = await Promise.all([
    version.contentHash ? qualifyingSimulation(db, scope, ruleset.id, version.contentHash, live) : null,
    version.contentHash ? suiteOnVersion(db, scope, ruleset.id, version.number) : null,
    getOrganizationSettings(db, scope),
    db.publishRequest.findMany({ where: { organizationId: scope.organizationId, rulesetId: ruleset.id, status: "pending" }, orderBy: { requestedAt: "desc" } }),
  ]);
  const brief = ({ id: _id, ...v }: VersionRow) => v;
  return {
    rulesetId: ruleset.id,
    rulesetName: ruleset.name,
    revision: ruleset.revision,
    live: live ? brief(live) : null,
    version: brief(version),
    simulationId,
    requireApproval: settings.requirePublishApproval,
    suite,
    blockers: publishBlockers(version, live, simulationId, suite),
    pending: await requestsOut(db, scope, pendingRows),
  };
}

/** Publish requests of the organization (the approvals page), newest first. */
export async function listPublishRequests(db: Db, scope: Scope, input: TPublishRequestsInput) {
  const where = { organizationId: scope.organizationId, ...(input.status ? { status: input.status } : {}) };
  const [rows, total] = await Promise.all([
    db.publishRequest.findMany({ where, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.publishRequest.count({ where }),
  ]);
  return { items: await requestsOut(db, scope, rows), total, page: input.page, pageSize: input.pageSize, pageCount: Math.max(1, Math.ceil(total / input.pageSize)) };
}

/** Every publish and rollback of a ruleset with its outcome, newest first. */
export async function publishHistory(db: Db, scope: Scope, rulesetId: string): Promise<TPublishRequestOut[]> {
  const ruleset = await findRuleset(db, scope, rulesetId);
  const rows = await db.publishRequest.findMany({
    where: { organizationId: scope.organizationId, rulesetId: ruleset.id },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return requestsOut(db, scope, rows);
}
