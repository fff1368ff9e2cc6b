import { z } from "zod";
import { ZHitPolicy, ZStage } from "../graph/graph-schema";
import { ZJreRule } from "../jre/jre-rule-schema";

export * from "../jre/jre-rule-schema";

export const ZManifestCondition = z.object({
  /** Location in the rule's condition tree: "all.0.any.1". */
  path: z.string(),
  /** The canvas node this condition came from; null for structural wrappers. */
  nodeId: z.string().nullable(),
  role: z.enum(["condition", "group", "negation", "quantifier", "path", "gate"]),
  /** True when this entry is the `not` that a false edge produces. */
  negated: z.boolean(),
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
