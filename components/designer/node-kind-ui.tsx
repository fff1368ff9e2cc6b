"use client";
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import { getFactDefinition } from "@/rules-schema/facts/fact-catalog";
import { ACTION_PRIORITY_DEFAULT, type TEdgeHandle, type TNodeKind, type TNodeOf, type TOperand } from "@/rules-schema/graph/graph-schema";
import { NODE_KIND_SPECS } from "@/rules-schema/graph/node-kinds";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import { getOperator } from "@/rules-schema/operators/operator-registry";
import type { TRuleFlowNode } from "./graph-to-flow";

/** Ids of existing master data that new nodes may point at. */
export interface NewNodeRefs {
  warehouseId: string | null;
  channelId: string | null;
}

interface KindUi<K extends TNodeKind> {
  label: string;
  category: "entry" | "test" | "action";
  /** One line describing what the node does, e.g. "Destination country equals US". */
  summary: (node: Pick<TNodeOf<K>, "data">) => string;
  /** Data of a node added from the palette; null when it needs master data that is missing. */
  create: (refs: NewNodeRefs) => TNodeOf<K>["data"] | null;
}

const P = ACTION_PRIORITY_DEFAULT;
const show = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(", ") : typeof v === "string" ? v : JSON.stringify(v));
const operandText = (o: TOperand) => (o.type === "fact" ? (getFactDefinition(o.fact)?.label ?? o.fact) : show(o.value));

/**
 * The designer's view of each node kind. Keyed by the same kind type as the core registry, so a
 * kind without UI fails to compile.
 */
export const NODE_KIND_UI = {
  start: { label: NODE_KIND_SPECS.start.label, category: "entry", summary: () => "Every order enters here", create: () => ({}) },
  fallback: { label: NODE_KIND_SPECS.fallback.label, category: "entry", summary: () => "When no other rule matched", create: () => ({}) },
  condition: {
    label: NODE_KIND_SPECS.condition.label,
    category: "test",
    summary: ({ data }) => {
      const op = getOperator(data.operator);
      const left = getFactDefinition(data.fact)?.label ?? (data.fact || "(no fact)");
      return op?.takesNoValue ? `${left} ${op.label}` : `${left} ${op?.label ?? (data.operator || "(no operator)")} ${operandText(data.operand)}`;
    },
    create: () => ({ fact: "country", operator: "equal", operand: { type: "value", value: "US" } }),
  },
  all: { label: NODE_KIND_SPECS.all.label, category: "test", summary: () => "True when every member is true", create: () => ({}) },
  any: { label: NODE_KIND_SPECS.any.label, category: "test", summary: () => "True when any member is true", create: () => ({}) },
  not: { label: NODE_KIND_SPECS.not.label, category: "test", summary: () => "True when its member is false", create: () => ({}) },
  lineQuantifier: {
    label: NODE_KIND_SPECS.lineQuantifier.label,
    category: "test",
    summary: ({ data }) => `${data.quantifier === "any" ? "Some" : data.quantifier === "all" ? "Every" : "No"} line item matches`,
    create: () => ({ quantifier: "any" }),
  },
  assignWarehouse: {
    label: NODE_KIND_SPECS.assignWarehouse.label,
    category: "action",
    summary: ({ data }) => `Ship from warehouse ${data.warehouseId}`,
    create: (r) => (r.warehouseId ? { priority: P, warehouseId: r.warehouseId } : null),
  },
  assignChannel: {
    label: NODE_KIND_SPECS.assignChannel.label,
    category: "action",
    summary: ({ data }) => `Ship with channel ${data.channelId}`,
    create: (r) => (r.channelId ? { priority: P, channelId: r.channelId } : null),
  },
  hold: { label: NODE_KIND_SPECS.hold.label, category: "action", summary: ({ data }) => `Hold: ${data.reason}`, create: () => ({ priority: P, reason: "Needs review" }) },
  flag: { label: NODE_KIND_SPECS.flag.label, category: "action", summary: ({ data }) => `Flag "${data.code}"`, create: () => ({ priority: P, code: "review" }) },
  intercept: {
    label: NODE_KIND_SPECS.intercept.label,
    category: "action",
    summary: ({ data }) => `Intercept: ${data.reason}`,
    create: () => ({ priority: P, reason: "Stopped by rule" }),
  },
  splitPackage: {
    label: NODE_KIND_SPECS.splitPackage.label,
    category: "action",
    summary: ({ data }) => (data.strategy === "maxWeight" ? `Split at ${data.maxWeightGrams ?? "?"} g per package` : "Split by channel limits"),
    create: () => ({ priority: P, strategy: "channelLimits", maxWeightGrams: null, channelId: null }),
  },
  mergeOrders: {
    label: NODE_KIND_SPECS.mergeOrders.label,
    category: "action",
    summary: ({ data }) => `Merge the buyer's orders within ${data.withinHours} h`,
    create: () => ({ priority: P, withinHours: 24 }),
  },
  pushToWarehouse: { label: NODE_KIND_SPECS.pushToWarehouse.label, category: "action", summary: () => "Send the order to its warehouse", create: () => ({ priority: P }) },
  requestTracking: { label: NODE_KIND_SPECS.requestTracking.label, category: "action", summary: () => "Ask the carrier for a tracking number", create: () => ({ priority: P }) },
  addTag: { label: NODE_KIND_SPECS.addTag.label, category: "action", summary: ({ data }) => `Tag "${data.tag}"`, create: () => ({ priority: P, tag: "rule" }) },
  setPriority: { label: NODE_KIND_SPECS.setPriority.label, category: "action", summary: ({ data }) => `Priority ${data.level}`, create: () => ({ priority: P, level: "high" }) },
} satisfies { [K in TNodeKind]: KindUi<K> };

/** The palette's starting data for a kind (null when it needs missing master data). */
export function newNodeData<K extends TNodeKind>(kind: K, refs: NewNodeRefs): TNodeOf<K>["data"] | null {
  return (NODE_KIND_UI[kind] as unknown as KindUi<K>).create(refs);
}

export function summaryOf(node: { kind: TNodeKind; data: unknown }): string {
  return (NODE_KIND_UI[node.kind] as unknown as KindUi<TNodeKind>).summary(node as never);
}

/** Validation problems by node id, for the nodes to show. */
export const NodeProblemsContext = createContext<ReadonlyMap<string, TProblem[]>>(new Map());

const HANDLE_STYLE: Record<TEdgeHandle, { position: Position; style: React.CSSProperties; className: string; title: string }> = {
  next: { position: Position.Right, style: {}, className: "h-next", title: "next" },
  true: { position: Position.Right, style: { top: "35%" }, className: "h-true", title: "true" },
  false: { position: Position.Right, style: { top: "72%" }, className: "h-false", title: "false" },
  member: { position: Position.Bottom, style: {}, className: "h-member", title: "member" },
};

/** One React Flow node component for every kind. */
export const RuleNode = memo(function RuleNode({ id, data, selected }: NodeProps<TRuleFlowNode>) {
  const ui = NODE_KIND_UI[data.kind];
  const problems = useContext(NodeProblemsContext).get(id) ?? [];
  const errors = problems.filter((p) => p.severity === "error").length;
  const outHandles: readonly TEdgeHandle[] = NODE_KIND_SPECS[data.kind].outHandles;
  const cls = ["rule-node", `cat-${ui.category}`, selected ? "selected" : "", errors ? "has-errors" : problems.length ? "has-warnings" : ""].filter(Boolean).join(" ");
  return (
    <div className={cls} data-testid={`node-${id}`} data-kind={data.kind} title={problems.map((p) => p.message).join("\n") || undefined}>
      {ui.category !== "entry" ? <Handle type="target" position={Position.Left} className="h-in" /> : null}
      <div className="rule-node-head">
        <span className="rule-node-title">{data.label || ui.label}</span>
        {problems.length ? (
          <span className={errors ? "rule-node-count error" : "rule-node-count warn"} aria-label={`${problems.length} problem${problems.length === 1 ? "" : "s"}`}>
            {problems.length}
          </span>
        ) : null}
      </div>
      <div className="rule-node-summary">{summaryOf(data)}</div>
      {outHandles.map((h) => (
        <Handle key={h} id={h} type="source" position={HANDLE_STYLE[h].position} style={HANDLE_STYLE[h].style} className={HANDLE_STYLE[h].className} title={HANDLE_STYLE[h].title}>
          {h === "true" || h === "false" ? <span className="h-label">{h === "true" ? "yes" : "no"}</span> : null}
        </Handle>
      ))}
    </div>
  );
});
