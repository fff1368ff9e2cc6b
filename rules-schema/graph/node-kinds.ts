import type { z } from "zod";
import type { TEvaluationContext } from "../context/context-schema";
import type { TJreCondition, TJreEvent } from "../jre/jre-rule-schema";
import { LINES_FACT } from "../facts/fact-catalog";
import { ACTION_EFFECTS } from "../actions/action-effects";
import {
  ACTION_DATA_SCHEMAS,
  ACTION_KINDS,
  type TActionKind,
  type TEdgeHandle,
  type TGraphNode,
  type TNodeKind,
  type TNodeOf,
  type TStage,
  isActionKind,
} from "./graph-schema";
import { type TProblem, problem } from "./problem-schema";
import { validateCondition } from "./validate-condition";
import { checkTable } from "../tables/table-checks";
import { tableTestCondition } from "../tables/compile-table";

export interface KindEnv {
  /** "line" inside a line-item quantifier. */
  scope: "order" | "line";
  context?: TEvaluationContext | undefined;
  /** The ruleset's hit policy (a decision table's checks depend on it). */
  hitPolicy?: "first" | "all" | undefined;
}

export const QUANTIFIER_OPERATORS = { any: "someLine", all: "everyLine", none: "noLine" } as const;
export type TQuantifierOperator = (typeof QUANTIFIER_OPERATORS)[keyof typeof QUANTIFIER_OPERATORS];

interface BaseSpec<K extends TNodeKind> {
  label: string;
  category: "entry" | "test" | "action" | "table";
  /** Outgoing handles the kind may have. */
  outHandles: readonly TEdgeHandle[];
  /** How many member (operand) edges the kind needs. */
  members: "none" | "one" | "many";
  /** Kind-specific semantic checks; structure is checked by validateGraph. */
  validate: (node: TNodeOf<K>, env: KindEnv) => TProblem[];
}

interface TestSpec<K extends TNodeKind> extends BaseSpec<K> {
  category: "test";
  /** json-rules-engine condition for this node, given its compiled members. */
  compile: (node: TNodeOf<K>, members: TJreCondition[]) => TJreCondition;
}

interface ActionSpec<K extends TActionKind> extends BaseSpec<K> {
  category: "action";
  stages: readonly TStage[];
  compile: (node: TNodeOf<K>) => TJreEvent;
  /** Node data from a json-rules-engine event's params (decompiler). */
  decompile: (params: Record<string, unknown>, priority: number) => z.ZodSafeParseResult<Record<string, unknown>>;
}

interface EntrySpec<K extends TNodeKind> extends BaseSpec<K> {
  category: "entry";
}

/** A decision table: a test for what follows it (does any row match?) and a source of rules (one per row and action). */
interface TableSpec<K extends TNodeKind> extends BaseSpec<K> {
  category: "table";
  compile: (node: TNodeOf<K>, members: TJreCondition[]) => TJreCondition;
}

type KindSpec<K extends TNodeKind> = K extends TActionKind
  ? ActionSpec<K>
  : K extends "start" | "fallback"
    ? EntrySpec<K>
    : K extends "decisionTable"
      ? TableSpec<K>
      : TestSpec<K>;

const noProblems = () => [];
const TEST_HANDLES = ["true", "false"] as const;
const GROUP_HANDLES = ["true", "false", "member"] as const;

function referenceProblems(node: TGraphNode, env: KindEnv): TProblem[] {
  const ctx = env.context;
  if (!ctx) return [];
  const data = node.data as { warehouseId?: unknown; channelId?: unknown };
  const out: TProblem[] = [];
  if (typeof data.warehouseId === "string" && !ctx.warehouses.some((w) => w.id === data.warehouseId))
    out.push(problem("unknownWarehouse", `Warehouse "${data.warehouseId}" does not exist`, { nodeIds: [node.id], field: "data.warehouseId" }));
  if (typeof data.channelId === "string" && !ctx.channels.some((c) => c.id === data.channelId))
    out.push(problem("unknownChannel", `Channel "${data.channelId}" does not exist`, { nodeIds: [node.id], field: "data.channelId" }));
  return out;
}

/** The fields an action kind reads from its event params (plus `priority`). */
export function actionFieldNames(kind: TActionKind): ReadonlySet<string> {
  const schema = ACTION_DATA_SCHEMAS[kind] as unknown as { shape?: Record<string, unknown> };
  return new Set(Object.keys(schema.shape ?? {}));
}

function extraParamProblems(node: TGraphNode): TProblem[] {
  const extra = (node.data as { extraParams?: Record<string, unknown> }).extraParams;
  if (!extra || !isActionKind(node.kind)) return [];
  const own = actionFieldNames(node.kind);
  const clash = Object.keys(extra).filter((k) => own.has(k) && k !== "priority");
  return clash.length
    ? [problem("invalidParams", `Extra param${clash.length > 1 ? "s" : ""} ${clash.map((k) => `"${k}"`).join(", ")} would overwrite the action's own field`, { nodeIds: [node.id], field: "data.extraParams" })]
    : [];
}

function action<K extends TActionKind>(kind: K, label: string, stages: readonly TStage[]): ActionSpec<K> {
  return {
    label,
    category: "action",
    outHandles: [],
    members: "none",
    stages,
    validate: (node, env) => [...referenceProblems(node as TGraphNode, env), ...extraParamProblems(node as TGraphNode)],
    compile: (node) => {
      const { priority: _priority, extraParams, ...params } = (node as TGraphNode).data as unknown as {
        priority: number;
        extraParams?: Record<string, unknown>;
      } & Record<string, unknown>;
      // The action's own fields win over a carried param of the same name (the validator refuses that clash).
      return { type: kind, params: extraParams ? { ...extraParams, ...params } : params };
    },
    decompile: (params, priority) => {
      const schema = ACTION_DATA_SCHEMAS[kind] as z.ZodType;
      const own = actionFieldNames(kind);
      const known: Record<string, unknown> = {};
      const extra: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(params)) {
        // `priority` inside params is the user's own param: the action's priority is the rule's.
        if (own.has(k) && k !== "priority") known[k] = v;
        else extra[k] = v;
      }
      const parsed = schema.safeParse({ ...known, priority }) as z.ZodSafeParseResult<Record<string, unknown>>;
      if (!parsed.success || Object.keys(extra).length === 0) return parsed;
      return { success: true, data: { ...parsed.data, extraParams: extra } } as z.ZodSafeParseResult<Record<string, unknown>>;
    },
  };
}

/** Action kinds' node specs, from the action registry (label, stages, data schema). */
const ACTION_SPECS = Object.fromEntries(ACTION_KINDS.map((k) => [k, action(k, ACTION_EFFECTS[k].label, ACTION_EFFECTS[k].stages)])) as unknown as {
  [K in TActionKind]: ActionSpec<K>;
};

/**
 * The core registry: one entry per node kind (the action kinds' entries come from the action
 * registry, rules-schema/actions/). Adding a kind to NODE_KINDS without an entry here
 * fails to compile.
 */
export const NODE_KIND_SPECS = {
  start: { label: "Start", category: "entry", outHandles: ["next"], members: "none", validate: noProblems },
  fallback: { label: "Otherwise (fallback)", category: "entry", outHandles: ["next"], members: "none", validate: noProblems },
  condition: {
    label: "Condition",
    category: "test",
    outHandles: TEST_HANDLES,
    members: "none",
    validate: (node, env) => validateCondition(node.id, node.data, env),
    compile: (node) => {
      const d = node.data;
      const c: TJreCondition = {
        fact: d.fact,
        operator: d.operator,
        value: d.operand.type === "fact" ? (d.operand.params ? { fact: d.operand.fact, params: d.operand.params } : { fact: d.operand.fact }) : d.operand.value,
      };
      if (d.params && Object.keys(d.params).length > 0) c.params = d.params;
      return c;
    },
  },
  all: { label: "All of", category: "test", outHandles: GROUP_HANDLES, members: "many", validate: noProblems, compile: (_n, members) => ({ all: members }) },
  any: { label: "Any of", category: "test", outHandles: GROUP_HANDLES, members: "many", validate: noProblems, compile: (_n, members) => ({ any: members }) },
  not: {
    label: "Not",
    category: "test",
    outHandles: GROUP_HANDLES,
    members: "one",
    validate: noProblems,
    compile: (_n, members) => ({ not: members[0] ?? { all: [] } }),
  },
  lineQuantifier: {
    label: "Line items",
    category: "test",
    outHandles: GROUP_HANDLES,
    members: "many",
    validate: noProblems,
    compile: (node, members) => ({ fact: LINES_FACT, operator: QUANTIFIER_OPERATORS[node.data.quantifier], value: { all: members } }),
  },
  decisionTable: {
    label: "Decision table",
    category: "table",
    outHandles: TEST_HANDLES,
    members: "none",
    validate: (node, env) => checkTable(node.id, node.data, { context: env.context, rulesetHitPolicy: env.hitPolicy }),
    compile: (node) => tableTestCondition(node.data),
  },
  ...ACTION_SPECS,
} satisfies { [K in TNodeKind]: KindSpec<K> };

/** Whether a node kind belongs in a stage: tests and entries everywhere, actions only where they make sense. */
export function kindAllowedInStage(kind: TNodeKind, stage: TStage): boolean {
  const spec = NODE_KIND_SPECS[kind];
  return !("stages" in spec) || (spec.stages as readonly TStage[]).includes(stage);
}

export function kindSpec<K extends TNodeKind>(kind: K): KindSpec<K> {
  return NODE_KIND_SPECS[kind] as unknown as KindSpec<K>;
}
