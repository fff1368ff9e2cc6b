import { type TEvaluationContext, type TRuleGraph, validateGraph, ZRuleGraph } from "@/rules-schema";
import { diffGraphs, diffSummary } from "@/rules-schema/graph/diff-graphs";
import { RULE_TEMPLATES, buildRuleTemplate } from "@/rules-schema/templates/rule-templates";
import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { compileForServer } from "../graph-work/compile-off-thread";
import { pageOf } from "../schemas/common-schemas";
import type {
  TActor,
  TRulesetCreate,
  TRulesetListInput,
  TRulesetListItem,
  TRulesetOut,
  TRulesetSaveDraft,
  TRulesetSaveVersion,
  TRulesetVersionOut,
  TRulesetVersionSummary,
  TSaveDraftOut,
  TStoredDraft,
} from "../schemas/ruleset-schemas";
import { type Tx, uniqueViolation } from "./db-helpers";
import { loadEvaluationContext } from "./load-evaluation-context";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

type Client = Db | Tx;
/** Version rows as services read them: without the compiled artifact, which can be megabytes. */
const VERSION_OMIT = { compiled: true } as const;
type VersionRow = Prisma.RulesetVersionGetPayload<{ omit: typeof VERSION_OMIT }>;
type RulesetRow = Prisma.RulesetGetPayload<{ include: { publishedVersion: { select: { number: true } } } }>;

/** Audit actions that store a graph; the newest one names who last saved the newest version. */
const SAVE_ACTIONS = ["ruleset.create", "ruleset.saveDraft"];

const startGraph = (name: string, stage: TRuleGraph["stage"], hitPolicy: TRuleGraph["hitPolicy"]): TRuleGraph => ({
  schemaVersion: 1,
  name,
  stage,
  hitPolicy,
  nodes: [{ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} }],
  edges: [],
});

const graphCounts = (g: TRuleGraph) => ({ nodes: g.nodes.length, edges: g.edges.length });
const userIdOf = (scope: Scope) => (scope.actor.type === "user" ? scope.actor.id : null);
const duplicateName = (name: string) => new FieldError("name", `A ruleset named "${name}" already exists`);

/** Compiles for storage: the artifact and its hash when the graph has no errors, nulls otherwise. */
async function compileForStorage(graph: TRuleGraph, context: TEvaluationContext) {
  const result = await compileForServer(graph, context);
  const nodeCount = graph.nodes.length;
  return result.ok
    ? {
        compiled: result.compiled as unknown as Prisma.InputJsonValue,
        contentHash: result.compiled.manifest.contentHash,
        nodeCount,
        ruleCount: result.compiled.rules.length,
        problems: result.problems,
      }
    : { compiled: Prisma.DbNull, contentHash: null, nodeCount, ruleCount: null, problems: result.problems };
}

/** Names of users and API keys by id (an actor id is one or the other). */
async function actorNames(db: Client, scope: Scope, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: wanted }, organizationId: scope.organizationId }, select: { id: true, name: true } }),
  ]);
  return new Map([...users, ...keys].map((x) => [x.id, x.name]));
}
const actorOf = (names: Map<string, string>, id: string | null | undefined): TActor | null => (id ? { id, name: names.get(id) ?? null } : null);

async function findRuleset(db: Client, scope: Scope, id: string): Promise<RulesetRow> {
  const row = await db.ruleset.findFirst({ where: { id, organizationId: scope.organizationId }, include: { publishedVersion: { select: { number: true } } } });
  if (!row) throw new NotFoundError("Ruleset", id);
  return row;
}

async function latestVersion(db: Client, rulesetId: string): Promise<VersionRow> {
  return db.rulesetVersion.findFirstOrThrow({ where: { rulesetId }, orderBy: { number: "desc" }, omit: VERSION_OMIT });
}

/** The live version number: the one the ruleset points at, else the newest version marked published. */
async function publishedNumber(db: Client, row: RulesetRow): Promise<number | null> {
  if (row.publishedVersion) return row.publishedVersion.number;
  const v = await db.rulesetVersion.findFirst({ where: { rulesetId: row.id, status: "published" }, orderBy: { number: "desc" }, select: { number: true } });
  return v?.number ?? null;
}

/** Who last saved the newest version (from the audit log), or its creator for older versions. */
async function lastSaver(db: Client, scope: Scope, rulesetId: string): Promise<string | null> {
  const entry = await db.auditLog.findFirst({
    where: { organizationId: scope.organizationId, entityType: "ruleset", entityId: rulesetId, action: { in: SAVE_ACTIONS } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { actorId: true },
  });
  return entry?.actorId ?? null;
}

async function versionOut(db: Client, scope: Scope, v: VersionRow, isLatest: boolean): Promise<TRulesetVersionOut> {
  const savedById = isLatest ? ((await lastSaver(db, scope, v.rulesetId)) ?? v.createdById) : v.createdById;
  const names = await actorNames(db, scope, [v.createdById, v.publishedById, savedById]);
  return { ...summaryOf(v, names, savedById), graph: ZRuleGraph.parse(v.graph) };
}

/** `savedById`: who last saved the graph (the newest version's last saver comes from the audit log). */
function summaryOf(v: Omit<VersionRow, "graph">, names: Map<string, string>, savedById: string | null): TRulesetVersionSummary {
  return {
    nodeCount: v.nodeCount,
    ruleCount: v.ruleCount,
    savedAt: v.updatedAt,
    savedBy: actorOf(names, savedById),
    number: v.number,
    status: v.status,
    contentHash: v.contentHash,
    revision: v.revision,
    createdBy: actorOf(names, v.createdById),
    createdAt: v.createdAt,
    publishedAt: v.publishedAt,
    publishedBy: actorOf(names, v.publishedById),
    note: v.note,
  };
}

async function storedDraft(db: Client, scope: Scope, rulesetId: string): Promise<TStoredDraft> {
  const v = await latestVersion(db, rulesetId);
  const out = await versionOut(db, scope, v, true);
  return { versionNumber: v.number, status: v.status, graph: out.graph, revision: v.revision, savedBy: out.savedBy, savedAt: out.savedAt };
}
const conflict = (current: TStoredDraft) => new ConflictError("Someone else saved this ruleset since you opened it", current);

export async function listRulesets(db: Db, scope: Scope, input: TRulesetListInput) {
  const where: Prisma.RulesetWhereInput = {
    organizationId: scope.organizationId,
    ...(input.stage ? { stage: input.stage } : {}),
    ...(input.search ? { OR: [{ name: { contains: input.search, mode: "insensitive" } }, { description: { contains: input.search, mode: "insensitive" } }] } : {}),
  };
  const [rows, total] = await Promise.all([
    db.ruleset.findMany({
      where,
      // Grouped by stage (in pipeline order: the enum's order), then by name.
      orderBy: [{ stage: "asc" }, { name: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: {
        publishedVersion: { select: { number: true } },
        versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, updatedAt: true } },
      },
    }),
    db.ruleset.count({ where }),
  ]);
  const ids = rows.map((r) => r.id);
  const [published, edits] = await Promise.all([
    db.rulesetVersion.groupBy({ by: ["rulesetId"], where: { rulesetId: { in: ids }, status: "published" }, _max: { number: true } }),
    db.auditLog.findMany({
      where: { organizationId: scope.organizationId, entityType: "ruleset", entityId: { in: ids } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      distinct: ["entityId"],
      select: { entityId: true, actorId: true, createdAt: true },
    }),
  ]);
  const publishedOf = new Map(published.map((p) => [p.rulesetId, p._max.number]));
  const editOf = new Map(edits.map((e) => [e.entityId, e]));
  const names = await actorNames(
    db,
    scope,
    edits.map((e) => e.actorId),
  );
  const items: TRulesetListItem[] = rows.map((r) => {
    const latest = r.versions[0]!;
    const edit = editOf.get(r.id);
    const times = [r.updatedAt, latest.updatedAt, ...(edit ? [edit.createdAt] : [])];
    return {
      id: r.id,
      name: r.name,
      stage: r.stage,
      description: r.description,
      status: latest.status,
      latestVersionNumber: latest.number,
      publishedVersionNumber: r.publishedVersion?.number ?? publishedOf.get(r.id) ?? null,
      lastEditor: actorOf(names, edit?.actorId ?? r.createdById),
      updatedAt: new Date(Math.max(...times.map((d) => d.getTime()))),
    };
  });
  return pageOf(items, total, input);
}

/** The graph a new ruleset starts with: the given one, the template's for this organization, or a lone Start node. */
function firstGraph(input: TRulesetCreate, context: TEvaluationContext): TRuleGraph {
  if (input.graph) return { ...input.graph, name: input.graph.name || input.name };
  if (input.template) {
    const fromTemplate = buildRuleTemplate(input.template, context, input.name);
    if (!fromTemplate.ok) throw new FieldError("template", `This template is unavailable: ${fromTemplate.reason}`);
    return { ...fromTemplate.graph, hitPolicy: input.hitPolicy };
  }
  return startGraph(input.name, input.stage, input.hitPolicy);
}

export async function createRuleset(db: Db, scope: Scope, input: TRulesetCreate): Promise<TRulesetOut> {
  const context = await loadEvaluationContext(db, scope);
  const graph = firstGraph(input, context);
  const description = input.description || (input.template ? RULE_TEMPLATES[input.template].description : "");
  const built = await compileForStorage(graph, context);
  try {
    const id = await db.$transaction(async (tx) => {
      const row = await tx.ruleset.create({
        data: { organizationId: scope.organizationId, name: input.name, stage: input.stage, description, createdById: userIdOf(scope) },
      });
      await tx.rulesetVersion.create({
        data: {
          rulesetId: row.id,
          organizationId: scope.organizationId,
          number: 1,
          status: "draft",
          graph: graph as unknown as Prisma.InputJsonValue,
          compiled: built.compiled,
          contentHash: built.contentHash,
          nodeCount: built.nodeCount,
          ruleCount: built.ruleCount,
          createdById: userIdOf(scope),
        },
      });
      await writeAuditLog(tx, scope, {
        action: "ruleset.create",
        entityType: "ruleset",
        entityId: row.id,
        after: { name: row.name, stage: row.stage, hitPolicy: graph.hitPolicy, version: 1, ...graphCounts(graph), ...(input.template ? { template: input.template } : {}) },
      });
      return row.id;
    });
    return await rulesetOut(db, scope, await findRuleset(db, scope, id), context);
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateName(input.name);
    throw e;
  }
}

async function rulesetOut(db: Db, scope: Scope, row: RulesetRow, context?: TEvaluationContext): Promise<TRulesetOut> {
  const [latest, published, ctx] = await Promise.all([latestVersion(db, row.id), publishedNumber(db, row), context ?? loadEvaluationContext(db, scope)]);
  // The designer opens the newest version, but after a rollback the newest is archived: it opens the live
  // one instead, with the newest revision to save against (an edit starts a new draft from what is live).
  const shown =
    latest.status === "archived" && published !== null && published !== latest.number
      ? await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: row.id, number: published }, omit: VERSION_OMIT })
      : latest;
  const version = { ...(await versionOut(db, scope, shown, shown === latest)), revision: latest.revision };
  return {
    id: row.id,
    name: row.name,
    stage: row.stage,
    description: row.description,
    publishedVersionNumber: published,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version,
    problems: validateGraph(version.graph, { context: ctx }),
  };
}

export async function getRuleset(db: Db, scope: Scope, id: string): Promise<TRulesetOut> {
  return rulesetOut(db, scope, await findRuleset(db, scope, id));
}

/**
 * Saves the draft graph if nobody saved since `revision`. Graphs with validation errors are stored
 * (drafts may be incomplete) without a compiled artifact. When the newest version is no longer a
 * draft (published), the save starts a new draft version from it.
 */
export async function saveDraft(db: Db, scope: Scope, input: TRulesetSaveDraft): Promise<TSaveDraftOut> {
  return writeDraft(db, scope, input, null);
}

/**
 * Saves the graph (as saveDraft does) and freezes it as a validated version with a note: it no
 * longer changes, and the next edit starts a new draft from it. Refused while the graph has errors.
 */
export async function saveVersion(db: Db, scope: Scope, input: TRulesetSaveVersion): Promise<TSaveDraftOut> {
  return writeDraft(db, scope, input, { note: input.note });
}

async function writeDraft(db: Db, scope: Scope, input: TRulesetSaveDraft, freeze: { note: string } | null): Promise<TSaveDraftOut> {
  const ruleset = await findRuleset(db, scope, input.id);
  if (input.graph.stage !== ruleset.stage) throw new FieldError("graph.stage", `must be the ruleset's stage (${ruleset.stage})`);
  const built = await compileForStorage(input.graph, await loadEvaluationContext(db, scope));
  if (freeze && built.contentHash === null) {
    const errors = built.problems.filter((p) => p.severity === "error").length;
    throw new FieldError("graph", `has ${errors} error${errors === 1 ? "" : "s"}; only a graph that compiles can be saved as a version`);
  }
  const data = {
    graph: input.graph as unknown as Prisma.InputJsonValue,
    compiled: built.compiled,
    contentHash: built.contentHash,
    nodeCount: built.nodeCount,
    ruleCount: built.ruleCount,
    ...(freeze ? { status: "validated" as const, note: freeze.note } : {}),
  };
  try {
    return await db.$transaction(async (tx) => {
      const latest = await latestVersion(tx, ruleset.id);
      if (latest.revision !== input.revision) throw conflict(await storedDraft(tx, scope, ruleset.id));
      const newVersion = latest.status !== "draft";
      let saved: VersionRow;
      if (newVersion) {
        // Revisions keep counting up across versions, so a stale client of the old version still conflicts.
        saved = await tx.rulesetVersion.create({
          data: { status: "draft", ...data, rulesetId: ruleset.id, organizationId: scope.organizationId, number: latest.number + 1, revision: latest.revision + 1, createdById: userIdOf(scope) },
        });
      } else {
        const { count } = await tx.rulesetVersion.updateMany({ where: { id: latest.id, revision: input.revision, status: "draft" }, data: { ...data, revision: { increment: 1 } } });
        if (count === 0) throw conflict(await storedDraft(tx, scope, ruleset.id));
        saved = await tx.rulesetVersion.findUniqueOrThrow({ where: { id: latest.id }, omit: VERSION_OMIT });
      }
      await tx.ruleset.update({ where: { id: ruleset.id }, data: { updatedAt: new Date() } });
      const before = ZRuleGraph.parse(latest.graph);
      await writeAuditLog(tx, scope, {
        action: freeze ? "ruleset.saveVersion" : "ruleset.saveDraft",
        entityType: "ruleset",
        entityId: ruleset.id,
        before: { version: latest.number, ...graphCounts(before), contentHash: latest.contentHash },
        after: {
          version: saved.number,
          ...(freeze ? { status: "validated", note: freeze.note } : {}),
          ...graphCounts(input.graph),
          contentHash: saved.contentHash,
          changes: diffSummary(diffGraphs(before, input.graph)),
        },
      });
      return { versionNumber: saved.number, revision: saved.revision, contentHash: saved.contentHash, problems: built.problems, newVersion };
    });
  } catch (e) {
    // Two saves raced to start the same new version: the loser sees what the winner stored.
    if (uniqueViolation(e)) throw conflict(await storedDraft(db, scope, ruleset.id));
    throw e;
  }
}

export async function listVersions(db: Db, scope: Scope, id: string): Promise<TRulesetVersionSummary[]> {
  const ruleset = await findRuleset(db, scope, id);
  const rows = await db.rulesetVersion.findMany({ where: { rulesetId: ruleset.id }, orderBy: { number: "desc" }, omit: { ...VERSION_OMIT, graph: true } });
  const newestSaver = rows[0] ? ((await lastSaver(db, scope, ruleset.id)) ?? rows[0].createdById) : null;
  const savers = rows.map((r, i) => (i === 0 ? newestSaver : r.createdById));
  const names = await actorNames(db, scope, [...rows.flatMap((r) => [r.createdById, r.publishedById]), ...savers]);
  return rows.map((r, i) => summaryOf(r, names, savers[i] ?? null));
}

async function findVersion(db: Client, rulesetId: string, number: number): Promise<VersionRow> {
  const v = await db.rulesetVersion.findUnique({ where: { rulesetId_number: { rulesetId, number } }, omit: VERSION_OMIT });
  if (!v) throw new NotFoundError("Ruleset version", `${rulesetId}#${number}`);
  return v;
}

export async function getVersion(db: Db, scope: Scope, id: string, number: number): Promise<TRulesetVersionOut> {
  const ruleset = await findRuleset(db, scope, id);
  const [v, latest] = await Promise.all([findVersion(db, ruleset.id, number), latestVersion(db, ruleset.id)]);
  return versionOut(db, scope, v, v.id === latest.id);
}

export async function diffVersions(db: Db, scope: Scope, id: string, from: number, to: number) {
  const ruleset = await findRuleset(db, scope, id);
  const [a, b] = await Promise.all([findVersion(db, ruleset.id, from), findVersion(db, ruleset.id, to)]);
  return { from, to, diff: diffGraphs(ZRuleGraph.parse(a.graph), ZRuleGraph.parse(b.graph)) };
}

/** Deletes a ruleset that was never published; `revision`, when given, is the newest version's. */
export async function deleteRuleset(db: Db, scope: Scope, id: string, revision: number | undefined): Promise<void> {
  await db.$transaction(async (tx) => {
    const ruleset = await findRuleset(tx, scope, id);
    const latest = await latestVersion(tx, ruleset.id);
    if (revision !== undefined && latest.revision !== revision) throw conflict(await storedDraft(tx, scope, ruleset.id));
    const everPublished =
      ruleset.publishedVersionId !== null ||
      (await tx.rulesetVersion.count({ where: { rulesetId: ruleset.id, OR: [{ publishedAt: { not: null } }, { status: { in: ["published", "archived"] } }] } })) > 0;
    if (everPublished) throw new FieldError("id", "This ruleset has been published; it can no longer be deleted");
    await tx.ruleset.delete({ where: { id: ruleset.id } });
    await writeAuditLog(tx, scope, {
      action: "ruleset.delete",
      entityType: "ruleset",
      entityId: ruleset.id,
      before: { name: ruleset.name, stage: ruleset.stage, version: latest.number },
    });
  });
}
