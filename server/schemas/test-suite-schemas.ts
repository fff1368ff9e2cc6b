import { z } from "zod";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { ZProblem } from "@/rules-schema/graph/problem-schema";
import { ZOrder } from "@/rules-schema/order/order-schema";
import { CASE_SOURCES, ZExpectedOutcome, ZTestCase, ZTestSuite } from "@/rules-schema/suites/suite-schema";
import { ZId } from "./common-schemas";

/** A stored case of a ruleset's test suite. */
export const ZTestCaseOut = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  source: z.enum(CASE_SOURCES),
  order: ZOrder,
  inventory: z.record(z.string(), z.record(z.string(), z.number().int())).nullable(),
  /** Later stages: the warehouse the case is evaluated as from (null: as the live warehouse rules assign). */
  assignedWarehouseId: z.string().nullable(),
  expect: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export type TTestCaseOut = z.infer<typeof ZTestCaseOut>;

/** A new case: `key` is made up when left out ("case-3"). */
export const ZTestCaseCreate = z
  .object({
    rulesetId: ZId,
    key: ZTestCase.shape.id.optional(),
    name: ZTestCase.shape.name,
    source: z.enum(CASE_SOURCES).default("manual"),
    order: ZOrder,
    inventory: ZTestCase.shape.inventory,
    assignedWarehouseId: ZTestCase.shape.assignedWarehouseId,
    expect: ZExpectedOutcome,
  })
  .strict();
export type TTestCaseCreate = z.infer<typeof ZTestCaseCreate>;

export const ZTestCaseDelete = z.object({ rulesetId: ZId, id: ZId }).strict();

/** Replace the whole suite with a suite file's cases (one transaction). */
export const ZTestSuiteImport = z.object({ rulesetId: ZId, suite: ZTestSuite }).strict();

/** Run the suite against the canvas (`graph`) or a stored version (`versionNumber`). */
export const ZTestSuiteRun = z
  .object({
    rulesetId: ZId,
    graph: ZRuleGraph.optional(),
    versionNumber: z.number().int().min(1).max(2_147_483_647, "is not a version number").optional(),
  })
  .strict()
  .refine((v) => (v.graph === undefined) !== (v.versionNumber === undefined), { message: "give the graph or a versionNumber", path: ["graph"] });
export type TTestSuiteRun = z.infer<typeof ZTestSuiteRun>;

const ZCaseResult = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  passed: z.boolean(),
  diffs: z.array(z.object({ field: z.string(), label: z.string(), expected: z.unknown(), actual: z.unknown() })),
  actual: z.record(z.string(), z.unknown()),
  firedRules: z.array(z.string()),
  error: z.string().optional(),
});

export const ZTestSuiteRunOut = z.object({
  /** Null when the graph does not compile (its problems are given). */
  run: z
    .object({ total: z.number().int(), passed: z.number().int(), failed: z.number().int(), cases: z.array(ZCaseResult), notExercised: z.array(z.string()) })
    .nullable(),
  problems: z.array(ZProblem),
  compiledHash: z.string().nullable(),
});
export type TTestSuiteRunOut = z.infer<typeof ZTestSuiteRunOut>;
