import { z } from "zod";
import "../util/zod-messages";
import { ACTION_EFFECTS, ACTION_KINDS, type TActionKind } from "../actions/action-effects";
import { isActionKind } from "../actions/decision-slots";
import { ZDecisionTableData } from "../tables/table-schema";

export { ACTION_KINDS, isActionKind, type TActionKind };
export { ACTION_PRIORITY_DEFAULT } from "../actions/action-fields";

export const STAGES = ["orderReview", "skuPairing", "warehouseMatching", "logisticsMatching", "autoProcessing"] as const;
export const ZStage = z.enum(STAGES);
export type TStage = z.infer<typeof ZStage>;
export const STAGE_LABELS: Record<TStage, string> = {
  orderReview: "Order review",
  skuPairing: "SKU pairing",
  warehouseMatching: "Warehouse matching",
  logisticsMatching: "Logistics matching",
  autoProcessing: "Auto-processing",
};

/** `first`: the highest-priority matching rule decides. `all`: every matching rule fires. */
export const HIT_POLICIES = ["first", "all"] as const;
export const ZHitPolicy = z.enum(HIT_POLICIES);
export type THitPolicy = z.infer<typeof ZHitPolicy>;

export const TEST_KINDS = ["condition", "all", "any", "not", "lineQuantifier"] as const;
/** A decision table: a test (does a row match?) that also acts (each row's actions). */
export const TABLE_KIND = "decisionTable";
export const NODE_KINDS = ["start", "fallback", ...TEST_KINDS, TABLE_KIND, ...ACTION_KINDS] as const;
export type TTestKind = (typeof TEST_KINDS)[number];
export type TNodeKind = (typeof NODE_KINDS)[number];
export const ZNodeKind = z.enum(NODE_KINDS);

export const ZNodeId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits, '_', '-', '.', ':'");

export const ZPosition = z.object({ x: z.number().finite(), y: z.number().finite() });

/** Right-hand side of a condition: a literal value, or another fact. */
export const ZOperand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("value"), value: z.unknown() }),
  z.object({ type: z.literal("fact"), fact: z.string().min(1).max(100), params: z.record(z.string(), z.unknown()).optional() }),
]);
export type TOperand = z.infer<typeof ZOperand>;

export const ZConditionData = z.object({
  fact: z.string().max(100),
  params: z.record(z.string(), z.unknown()).optional(),
  operator: z.string().max(60),
  operand: ZOperand,
});
export type TConditionData = z.infer<typeof ZConditionData>;

export const ZEmptyData = z.object({}).strict();

export const ZLineQuantifierData = z.object({ quantifier: z.enum(["any", "all", "none"]) });

/**
 * Event params an action does not use itself (an imported json-rules-engine file's `message`,
 * `label`, `source`…): kept on the node, compiled back into the event, and carried into the
 * decision's `actions[].params` and the trace.
 */
export const ZExtraParams = z
  .record(z.string().max(100), z.unknown())
  .refine((r) => Object.keys(r).length <= 50, { message: "at most 50 extra params" })
  .optional();

/** Data of each action kind (from the action registry); `priority` orders rules (higher first). */
export const ACTION_DATA_SCHEMAS = Object.fromEntries(ACTION_KINDS.map((k) => [k, ACTION_EFFECTS[k].data])) as unknown as {
  [K in TActionKind]: (typeof ACTION_EFFECTS)[K]["data"];
};

const nodeBase = { id: ZNodeId, position: ZPosition.default({ x: 0, y: 0 }), label: z.string().max(200).optional() };

/** An action's data as stored on the node: its own fields plus the event params it carries along. */
const withExtras = <K extends TActionKind>(kind: K) =>
  (ACTION_DATA_SCHEMAS[kind] as z.ZodObject).safeExtend({ extraParams: ZExtraParams }) as unknown as z.ZodType<
    z.output<(typeof ACTION_DATA_SCHEMAS)[K]> & { extraParams?: Record<string, unknown> | undefined },
    z.input<(typeof ACTION_DATA_SCHEMAS)[K]> & { extraParams?: Record<string, unknown> | undefined }
  >;

const actionNode = <K extends TActionKind>(kind: K) =>
  z.object({ ...nodeBase, kind: z.literal(kind), data: withExtras(kind) });

type ActionNodeSchema = { [K in TActionKind]: ReturnType<typeof actionNode<K>> }[TActionKind];
/** One node schema per action kind of the registry. */
const ACTION_NODES = ACTION_KINDS.map((k) => actionNode(k)) as unknown as [ActionNodeSchema, ...ActionNodeSchema[]];

export const ZGraphNode = z.discriminatedUnion("kind", [
  z.object({ ...nodeBase, kind: z.literal("start"), data: ZEmptyData.default({}) }),
  z.object({ ...nodeBase, kind: z.literal("fallback"), data: ZEmptyData.default({}) }),
  z.object({ ...nodeBase, kind: z.literal("condition"), data: ZConditionData }),
  z.object({ ...nodeBase, kind: z.literal("all"), data: ZEmptyData.default({}) }),
  z.object({ ...nodeBase, kind: z.literal("any"), data: ZEmptyData.default({}) }),
  z.object({ ...nodeBase, kind: z.literal("not"), data: ZEmptyData.default({}) }),
  z.object({ ...nodeBase, kind: z.literal("lineQuantifier"), data: ZLineQuantifierData }),
  z.object({ ...nodeBase, kind: z.literal(TABLE_KIND), data: ZDecisionTableData }),
  ...ACTION_NODES,
]);
export type TGraphNode = z.infer<typeof ZGraphNode>;
export type TGraphNodeInput = z.input<typeof ZGraphNode>;
export type TNodeOf<K extends TNodeKind> = Extract<TGraphNode, { kind: K }>;
export type TActionNode = Extract<TGraphNode, { kind: TActionKind }>;
export type TTestNode = Extract<TGraphNode, { kind: TTestKind }>;
export type TTableNode = Extract<TGraphNode, { kind: typeof TABLE_KIND }>;
/** Nodes that rules are compiled for: actions and decision tables. */
export type TRuleSourceNode = TActionNode | TTableNode;

/** `next` leaves start/fallback; `true`/`false` leave tests; `member` links a group to its operands. */
export const EDGE_HANDLES = ["next", "true", "false", "member"] as const;
export const ZEdgeHandle = z.enum(EDGE_HANDLES);
export type TEdgeHandle = z.infer<typeof ZEdgeHandle>;

export const ZGraphEdge = z.object({
  id: ZNodeId,
  sourceId: z.string().min(1).max(100),
  targetId: z.string().min(1).max(100),
  sourceHandle: ZEdgeHandle,
});
export type TGraphEdge = z.infer<typeof ZGraphEdge>;

export const GRAPH_SCHEMA_VERSION = 1;

export const ZRuleGraph = z.object({
  schemaVersion: z.literal(GRAPH_SCHEMA_VERSION).default(GRAPH_SCHEMA_VERSION),
  name: z.string().max(200).default(""),
  stage: ZStage,
  hitPolicy: ZHitPolicy,
  nodes: z.array(ZGraphNode).max(5_000),
  edges: z.array(ZGraphEdge).max(20_000),
});
export type TRuleGraph = z.infer<typeof ZRuleGraph>;
export type TRuleGraphInput = z.input<typeof ZRuleGraph>;

/** Kinds that become json-rules-engine rules: the actions and the decision table (one rule per row and action). */
export function isRuleSourceKind(kind: string): kind is TActionKind | typeof TABLE_KIND {
  return kind === TABLE_KIND || isActionKind(kind);
}

export function isTestKind(kind: string): kind is TTestKind {
  return (TEST_KINDS as readonly string[]).includes(kind);
}
