import { z } from "zod";
import {
  ZRulesetCreate,
  ZRulesetDelete,
  ZRulesetDiffInput,
  ZRulesetDiffOut,
  ZRulesetId,
  ZRulesetListInput,
  ZRulesetOut,
  ZRulesetPage,
  ZRulesetSaveDraft,
  ZRulesetSaveVersion,
  ZRulesetVersionInput,
  ZRulesetVersionList,
  ZRulesetVersionOut,
  ZRuleTemplateList,
  ZDesignerMasterData,
  ZSaveDraftOut,
} from "../../schemas/ruleset-schemas";
import { listRuleTemplates } from "../../services/list-rule-templates";
import { loadDesignerMasterData } from "../../services/load-designer-master-data";
import { createRuleset, deleteRuleset, diffVersions, getRuleset, getVersion, listRulesets, listVersions, saveDraft, saveVersion } from "../../services/ruleset-service";
import { ZTestGraphInput, ZTestGraphOut } from "../../schemas/test-graph-schemas";
import { testGraph } from "../../services/test-graph-service";
import { procedureWith, router } from "../init";

export const rulesetRouter = router({
  list: procedureWith("read").input(ZRulesetListInput).output(ZRulesetPage).query(({ ctx, input }) => listRulesets(ctx.db, ctx.scope, input)),
  get: procedureWith("read").input(ZRulesetId).output(ZRulesetOut).query(({ ctx, input }) => getRuleset(ctx.db, ctx.scope, input.id)),
  templates: procedureWith("read").output(ZRuleTemplateList).query(({ ctx }) => listRuleTemplates(ctx.db, ctx.scope)),
  masterData: procedureWith("read").output(ZDesignerMasterData).query(({ ctx }) => loadDesignerMasterData(ctx.db, ctx.scope)),
  create: procedureWith("editRules").input(ZRulesetCreate).output(ZRulesetOut).mutation(({ ctx, input }) => createRuleset(ctx.db, ctx.scope, input)),
  saveVersion: procedureWith("editRules").input(ZRulesetSaveVersion).output(ZSaveDraftOut).mutation(({ ctx, input }) => saveVersion(ctx.db, ctx.scope, input)),
  saveDraft: procedureWith("editRules").input(ZRulesetSaveDraft).output(ZSaveDraftOut).mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.scope, input)),
  versions: procedureWith("read").input(ZRulesetId).output(ZRulesetVersionList).query(({ ctx, input }) => listVersions(ctx.db, ctx.scope, input.id)),
  version: procedureWith("read")
    .input(ZRulesetVersionInput)
    .output(ZRulesetVersionOut)
    .query(({ ctx, input }) => getVersion(ctx.db, ctx.scope, input.id, input.number)),
  diff: procedureWith("read")
    .input(ZRulesetDiffInput)
    .output(ZRulesetDiffOut)
    .query(({ ctx, input }) => diffVersions(ctx.db, ctx.scope, input.id, input.from, input.to)),
  test: procedureWith("simulate").input(ZTestGraphInput).output(ZTestGraphOut).mutation(({ ctx, input }) => testGraph(ctx.db, ctx.scope, input)),
  delete: procedureWith("editRules").input(ZRulesetDelete).output(z.void()).mutation(({ ctx, input }) => deleteRuleset(ctx.db, ctx.scope, input.id, input.revision)),
});
