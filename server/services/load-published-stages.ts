import { type TCompiledRuleset, type TStage, ZCompiledRuleset } from "@/rules-schema";
import { stageRank } from "@/rules-schema/evaluate/evaluate-pipeline";
import type { Db } from "../db/create-db";
import type { Scope } from "./scope";

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
