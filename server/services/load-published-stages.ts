import { type TCompiledRuleset, type TStage, ZCompiledRuleset, ZRuleGraph } from "@/rules-schema";
import type { TEvaluationContext } from "@/rules-schema/context/context-schema";
import { stageRank } from "@/rules-schema/evaluate/evaluate-pipeline";
import { STAGES } from "@/rules-schema/graph/graph-schema";
import type { Db } from "../db/create-db";
import { compileForServer } from "../graph-work/compile-off-thread";
import type { TPipelineEntry } from "../schemas/simulation-schemas";
import type { Scope } from "./scope";
import { FieldError } from "./service-errors";

/**
 * The organization's live pipeline: every ruleset's published version, compiled, in stage order (by
 * name within a stage). `exceptRulesetId` leaves one ruleset out (the one being simulated or tested).
 */
export async function loadPublishedStages(db: Db, scope: Scope, options: { exceptRulesetId?: string } = {}): Promise<{ stage: TStage; compiled: TCompiledRuleset }[]> {
  const rows = await db.ruleset.findMany({
    where: { organizationId: scope.organizationId, publishedVersionId: { not: null }, ...(options.exceptRulesetId ? { id: { not: options.exceptRulesetId } } : {}) },
    select: { name: true, stage: true, publishedVersion: { select: { compiled: true } } },
    orderBy: { name: "asc" },
  });
  return rows
    .flatMap((o) => (o.publishedVersion?.compiled ? [{ stage: o.stage, compiled: ZCompiledRuleset.parse(o.publishedVersion.compiled) }] : []))
    .sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
}

/** The rest of a simulation's pipeline, compiled, and what ran for each stage (for the run page). */
export interface PipelinePlan {
  stages: { stage: TStage; compiled: TCompiledRuleset }[];
  entries: TPipelineEntry[];
}

/**
 * Every ruleset but `exceptRulesetId`: its live version, or its latest draft for the ids in
 * `includeDrafts` (compiled now; one that does not compile is a field error naming the ruleset).
 * Stages with nothing running get a "missing" entry, so a simulation can say what it could not show.
 */
export async function loadPipelineStages(
  db: Db,
  scope: Scope,
  options: { exceptRulesetId: string; exceptStage: TStage; includeDrafts: readonly string[]; context: TEvaluationContext },
): Promise<PipelinePlan> {
  const include = new Set(options.includeDrafts);
  if (include.has(options.exceptRulesetId)) throw new FieldError("includeDrafts", "This ruleset is the one simulated: choose its draft as the candidate instead");
  const all = await db.ruleset.findMany({
    where: { organizationId: scope.organizationId, id: { not: options.exceptRulesetId } },
    select: { id: true, name: true, stage: true, publishedVersion: { select: { number: true, compiled: true } } },
    orderBy: { name: "asc" },
  });
  const unknown = [...include].filter((id) => !all.some((r) => r.id === id));
  if (unknown.length) throw new FieldError("includeDrafts", `No ruleset ${unknown.join(", ")} in this organization`);
  // The simulated stage is the candidate's and the baseline's alone: its other rulesets do not run.
  const sameStage = all.filter((r) => r.stage === options.exceptStage && include.has(r.id));
  if (sameStage.length) throw new FieldError("includeDrafts", `“${sameStage[0]!.name}” is in the simulated stage, where only the candidate and the baseline run`);
  const rows = all.filter((r) => r.stage !== options.exceptStage);
  const stages: PipelinePlan["stages"] = [];
  const entries: TPipelineEntry[] = [];
  for (const row of rows) {
    if (include.has(row.id)) {
      const latest = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: row.id }, orderBy: { number: "desc" }, select: { number: true, status: true, graph: true } });
      const compiled = await compileForServer(ZRuleGraph.parse(latest.graph), options.context);
      if (!compiled.ok) {
        const errors = compiled.problems.filter((p) => p.severity === "error").length;
        throw new FieldError("includeDrafts", `The draft of “${row.name}” has ${errors} error${errors === 1 ? "" : "s"}: fix ${errors === 1 ? "it" : "them"} in the designer, or leave it out`);
      }
      stages.push({ stage: row.stage, compiled: compiled.compiled });
      const label = latest.status === "draft" ? `Draft v${latest.number}` : `v${latest.number}`;
      entries.push({ stage: row.stage, rulesetId: row.id, rulesetName: row.name, label: `${label} (included)`, source: "draft" });
    } else if (row.publishedVersion?.compiled) {
      stages.push({ stage: row.stage, compiled: ZCompiledRuleset.parse(row.publishedVersion.compiled) });
      entries.push({ stage: row.stage, rulesetId: row.id, rulesetName: row.name, label: `v${row.publishedVersion.number} (live)`, source: "published" });
    }
  }
  for (const stage of STAGES)
    if (stage !== options.exceptStage && !entries.some((e) => e.stage === stage)) entries.push({ stage, rulesetId: null, rulesetName: null, label: "No rules live", source: "missing" });
  stages.sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
  entries.sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
  return { stages, entries };
}
