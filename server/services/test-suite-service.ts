import { z } from "zod";
import { warehouseAssignedBefore } from "@/rules-schema/evaluate/evaluate-pipeline";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { runSuite } from "@/rules-schema/suites/run-suite";
import { SUITE_FORMAT, type TTestCase, type TTestSuite, ZTestCase } from "@/rules-schema/suites/suite-schema";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { compileForServer } from "../graph-work/compile-off-thread";
import { type TTestCaseCreate, type TTestCaseOut, type TTestSuiteRun, type TTestSuiteRunOut, ZTestCaseOut } from "../schemas/test-suite-schemas";
import { uniqueViolation } from "./db-helpers";
import { loadEvaluationContext } from "./load-evaluation-context";
import { loadPublishedStages } from "./load-published-stages";
import type { Scope } from "./scope";
import { FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

type Row = Prisma.RulesetTestCaseGetPayload<object>;
const toOut = (r: Row): TTestCaseOut => ZTestCaseOut.parse({ ...r, inventory: r.inventory ?? null, assignedWarehouseId: r.assignedWarehouseId ?? null });

/** A stored case as a suite file's case (the runner's input). */
export const caseOfRow = (r: { key: string; name: string; source: string; order: unknown; inventory: unknown; assignedWarehouseId: string | null; expect: unknown }): TTestCase =>
  ZTestCase.parse({
    id: r.key,
    name: r.name,
    source: r.source,
    order: r.order,
    ...(r.inventory ? { inventory: r.inventory } : {}),
    ...(r.assignedWarehouseId ? { assignedWarehouseId: r.assignedWarehouseId } : {}),
    expect: r.expect,
  });

/** The row a case is stored as. */
function rowData(scope: Scope, rulesetId: string, c: Pick<TTestCase, "name" | "source" | "order" | "inventory" | "assignedWarehouseId" | "expect"> & { key: string }) {
  return {
    organizationId: scope.organizationId,
    rulesetId,
    key: c.key,
    name: c.name,
    source: c.source,
    order: c.order as Prisma.InputJsonValue,
    ...(c.inventory ? { inventory: c.inventory as Prisma.InputJsonValue } : {}),
    assignedWarehouseId: c.assignedWarehouseId ?? null,
    expect: c.expect as Prisma.InputJsonValue,
    createdById: scope.actor.type === "user" ? scope.actor.id : null,
  };
}

async function rulesetOf(db: Db, scope: Scope, rulesetId: string) {
  const r = await db.ruleset.findFirst({ where: { id: rulesetId, organizationId: scope.organizationId }, select: { id: true, name: true, stage: true } });
  if (!r) throw new NotFoundError("Ruleset", rulesetId);
  return r;
}

/** The suite's cases, oldest first. */
export async function listTestCases(db: Db, scope: Scope, rulesetId: string): Promise<TTestCaseOut[]> {
  await rulesetOf(db, scope, rulesetId);
  const rows = await db.rulesetTestCase.findMany({ where: { rulesetId, organizationId: scope.organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toOut);
}

/** The suite as a suite file (`switchyard test` reads it). */
export async function exportTestSuite(db: Db, scope: Scope, rulesetId: string): Promise<TTestSuite> {
  const ruleset = await rulesetOf(db, scope, rulesetId);
  const cases = await listTestCases(db, scope, rulesetId);
  return {
    format: SUITE_FORMAT,
    name: ruleset.name,
    cases: cases.map(caseOfRow),
  };
}

/** Refuses cases pinned to a warehouse that is not the organization's (`field`: where to say so). */
async function refuseUnknownWarehouses(db: Db, scope: Scope, ids: readonly (string | undefined)[], field: (i: number) => string): Promise<void> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== undefined))];
  if (wanted.length === 0) return;
  const found = new Set((await db.warehouse.findMany({ where: { organizationId: scope.organizationId, id: { in: wanted } }, select: { id: true } })).map((w) => w.id));
  const i = ids.findIndex((x) => x !== undefined && !found.has(x));
  if (i >= 0) throw new FieldError(field(i), `Warehouse "${ids[i]}" is not one of your warehouses`);
}

/** Adds a case ("this is right"): its key is the one given, or the next free `case-N`. */
export async function addTestCase(db: Db, scope: Scope, input: TTestCaseCreate): Promise<TTestCaseOut> {
  await rulesetOf(db, scope, input.rulesetId);
  await refuseUnknownWarehouses(db, scope, [input.assignedWarehouseId], () => "assignedWarehouseId");
  // A made-up key can be taken by someone adding a case at the same moment: try the next one.
  for (let attempt = 0; ; attempt++) {
    try {
      return await addOnce(db, scope, input);
    } catch (e) {
      if (!uniqueViolation(e)) throw e;
      if (input.key !== undefined) throw new FieldError("key", `A case with the id "${input.key}" is already in this suite`);
      if (attempt >= 4) throw new FieldError("key", "Others were adding cases at the same moment; try again");
    }
  }
}

async function addOnce(db: Db, scope: Scope, input: TTestCaseCreate): Promise<TTestCaseOut> {
  return db.$transaction(async (tx) => {
      let key = input.key;
      if (key === undefined) {
        const taken = new Set((await tx.rulesetTestCase.findMany({ where: { rulesetId: input.rulesetId }, select: { key: true } })).map((r) => r.key));
        for (let n = taken.size + 1; ; n++)
          if (!taken.has(`case-${n}`)) {
            key = `case-${n}`;
            break;
          }
      }
      const row = await tx.rulesetTestCase.create({ data: rowData(scope, input.rulesetId, { ...input, key: key! }) });
      await writeAuditLog(tx, scope, { action: "ruleset.testCase.create", entityType: "ruleset", entityId: input.rulesetId, after: { key: row.key, name: row.name, expect: input.expect } });
      return toOut(row);
  });
}

export async function removeTestCase(db: Db, scope: Scope, rulesetId: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.rulesetTestCase.findFirst({ where: { id, rulesetId, organizationId: scope.organizationId } });
    if (!row) throw new NotFoundError("Test case", id);
    await tx.rulesetTestCase.delete({ where: { id } });
    await writeAuditLog(tx, scope, { action: "ruleset.testCase.delete", entityType: "ruleset", entityId: rulesetId, before: { key: row.key, name: row.name } });
  });
}

/** Replaces the whole suite with a suite file's cases, all or nothing. */
export async function importTestSuite(db: Db, scope: Scope, rulesetId: string, suite: TTestSuite): Promise<TTestCaseOut[]> {
  await rulesetOf(db, scope, rulesetId);
  await refuseUnknownWarehouses(db, scope, suite.cases.map((c) => c.assignedWarehouseId), (i) => `suite.cases.${i}.assignedWarehouseId`);
  await db.$transaction(async (tx) => {
    const removed = await tx.rulesetTestCase.deleteMany({ where: { rulesetId, organizationId: scope.organizationId } });
    if (suite.cases.length)
      await tx.rulesetTestCase.createMany({ data: suite.cases.map((c) => rowData(scope, rulesetId, { ...c, key: c.id })) });
    await writeAuditLog(tx, scope, { action: "ruleset.testSuite.import", entityType: "ruleset", entityId: rulesetId, after: { cases: suite.cases.length, replaced: removed.count } });
  });
  return listTestCases(db, scope, rulesetId);
}

/**
 * Runs the suite against the canvas (`graph`, saved or not) or a stored version, with the
 * organization's master data and, for logistics and auto-processing, the warehouse the published
 * earlier stages assign — as the Test panel and the router do.
 */
export async function runTestSuite(db: Db, scope: Scope, input: TTestSuiteRun): Promise<TTestSuiteRunOut> {
  await rulesetOf(db, scope, input.rulesetId);
  let graph: TRuleGraph;
  if (input.graph) graph = input.graph;
  else {
    const v = await db.rulesetVersion.findFirst({ where: { rulesetId: input.rulesetId, number: input.versionNumber!, organizationId: scope.organizationId }, select: { graph: true } });
    if (!v) throw new NotFoundError("Ruleset version", `${input.rulesetId}#${input.versionNumber}`);
    graph = ZRuleGraph.parse(v.graph);
  }
  const [context, rows] = await Promise.all([loadEvaluationContext(db, scope), db.rulesetTestCase.findMany({ where: { rulesetId: input.rulesetId, organizationId: scope.organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })]);
  const built = await compileForServer(graph, context);
  if (!built.ok) return { run: null, problems: built.problems, compiledHash: null };
  const stage = built.compiled.stage;
  const later = stage === "logisticsMatching" || stage === "autoProcessing";
  const published = later ? await loadPublishedStages(db, scope, { exceptRulesetId: input.rulesetId }) : null;
  // A stored case that no longer reads (the order model changed since it was saved) fails alone, saying why.
  const read = rows.map((r) => {
    try {
      return { row: r, case: caseOfRow(r), error: null };
    } catch (e) {
      const issue = e instanceof z.ZodError ? e.issues[0] : undefined;
      return { row: r, case: null, error: `the stored case no longer reads${issue ? `: ${issue.path.join(".")}: ${issue.message}` : ""}; remove it or import it again` };
    }
  });
  const readable = read.flatMap((x) => (x.case ? [x.case] : []));
  const run = runSuite(built.compiled, { cases: readable }, context, published ? { assignedWarehouseOf: (order, ctx) => warehouseAssignedBefore(published, stage, order, ctx) } : {});
  const results = new Map(run.cases.map((c) => [c.id, c]));
  const cases = read.map((x) => {
    const c = x.case ? results.get(x.case.id) : undefined;
    if (!c) return { id: x.row.id, key: x.row.key, name: x.row.name, passed: false, diffs: [], actual: {}, firedRules: [], error: x.error ?? "not run" };
    return { id: x.row.id, key: c.id, name: c.name, passed: c.passed, diffs: c.diffs, actual: c.actual, firedRules: c.firedRules, ...(c.error ? { error: c.error } : {}) };
  });
  const passed = cases.filter((c) => c.passed).length;
  return {
    run: { total: cases.length, passed, failed: cases.length - passed, cases, notExercised: run.notExercised },
    problems: built.problems,
    compiledHash: built.compiled.manifest.contentHash,
  };
}
