import { z } from "zod";
import { ZTestSuite } from "@/rules-schema/suites/suite-schema";
import { ZId } from "../../schemas/common-schemas";
import { ZTestCaseCreate, ZTestCaseDelete, ZTestCaseOut, ZTestSuiteImport, ZTestSuiteRun, ZTestSuiteRunOut } from "../../schemas/test-suite-schemas";
import { addTestCase, exportTestSuite, importTestSuite, listTestCases, removeTestCase, runTestSuite } from "../../services/test-suite-service";
import { procedureWith, router } from "../init";

const ZRulesetRef = z.object({ rulesetId: ZId }).strict();

/** A ruleset's test suite: its cases (designers edit them), runs against the canvas or a version (analysts too). */
export const testSuiteRouter = router({
  list: procedureWith("read").input(ZRulesetRef).output(z.array(ZTestCaseOut)).query(({ ctx, input }) => listTestCases(ctx.db, ctx.scope, input.rulesetId)),
  export: procedureWith("read").input(ZRulesetRef).output(ZTestSuite).query(({ ctx, input }) => exportTestSuite(ctx.db, ctx.scope, input.rulesetId)),
  add: procedureWith("editRules").input(ZTestCaseCreate).output(ZTestCaseOut).mutation(({ ctx, input }) => addTestCase(ctx.db, ctx.scope, input)),
  remove: procedureWith("editRules").input(ZTestCaseDelete).output(z.void()).mutation(({ ctx, input }) => removeTestCase(ctx.db, ctx.scope, input.rulesetId, input.id)),
  import: procedureWith("editRules").input(ZTestSuiteImport).output(z.array(ZTestCaseOut)).mutation(({ ctx, input }) => importTestSuite(ctx.db, ctx.scope, input.rulesetId, input.suite)),
  run: procedureWith("simulate").input(ZTestSuiteRun).output(ZTestSuiteRunOut).mutation(({ ctx, input }) => runTestSuite(ctx.db, ctx.scope, input)),
});
