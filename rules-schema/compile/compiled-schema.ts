import { z } from "zod";
import { ZHitPolicy, ZStage } from "../graph/graph-schema";
import { ZJreRule } from "../jre/jre-rule-schema";

export * from "../jre/jre-rule-schema";

export const ZManifestCondition = z.object({
  /** Location in the rule's condition tree: "all.0.any.1". */
  path: z.string(),
  /** The canvas node this condition came from; null for structural wrappers. */
  nodeId: z.string().nullable(),
  role: z.enum(["condition", "group", "negation", "quantifier", "path", "gate", "cell"]),
  /** True when this entry is the `not` that a false edge produces. */
  negated: z.boolean(),
  /** For a decision table's cell (role "cell"): the condition column it belongs to. */
  column: z.string().optional(),
});
export type TManifestCondition = z.infer<typeof ZManifestCondition>;

export const ZManifestRule = z.object({
  name: z.string(),
  /** The action node that the rule fires. */
  nodeId: z.string(),
  actionKind: z.string(),
  fallback: z.boolean(),
  /** The priority set on the action node (fallback rules run at json-rules-engine priority 1). */
  priority: z.number().int(),
  /** Test nodes on the rule's paths, in path order. */
  pathNodeIds: z.array(z.string()),
  conditions: z.array(ZManifestCondition),
  /** For a rule compiled from a decision table (`nodeId` is the table): the row and action column, and the table's hit policy. */
  table: z
    .object({
      rowId: z.string(),
      /** Position of the row, from 0. */
      row: z.number().int().nonnegative(),
      column: z.string(),
      hitPolicy: z.enum(["first", "all"]),
    })
    .optional(),
});
export type TManifestRule = z.infer<typeof ZManifestRule>;

export const COMPILED_FORMAT = "switchyard.compiled/v1";

export const ZCompiledRuleset = z.object({
  format: z.literal(COMPILED_FORMAT),
  stage: ZStage,
  hitPolicy: ZHitPolicy,
  /** Rules in evaluation order: priority high to low, ties by canvas position. */
  rules: z.array(ZJreRule),
  manifest: z.object({
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    rules: z.array(ZManifestRule),
  }),
});
export type TCompiledRuleset = z.infer<typeof ZCompiledRuleset>;
