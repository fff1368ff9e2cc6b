"use client";
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import { getFactDefinition } from "@/rules-schema/facts/fact-catalog";
import { ACTION_PRIORITY_DEFAULT, type TEdgeHandle, type TNodeKind, type TNodeOf, type TOperand } from "@/rules-schema/graph/graph-schema";
import { NODE_KIND_SPECS } from "@/rules-schema/graph/node-kinds";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import { getOperator } from "@/rules-schema/operators/operator-registry";
import type { TRuleFlowNode } from "./graph-to-flow";
import { formatQuantity, isUnitKind } from "@/rules-schema/util/quantity-units";
import { cellText, tableColumns } from "@/rules-schema/tables/table-edit";

/** Ids of existing master data that new nodes may point at. */
export interface NewNodeRefs {
  warehouseId: string | null;
  channelId: string | null;
}

interface KindUi<K extends TNodeKind> {
  label: string;
  category: "entry" | "test" | "action" | "table";
  /** One line describing what the node does, e.g. "Destination country equals US". */
  summary: (node: Pick<TNodeOf<K>, "data">, names: NameOf) => string;
  /** Data of a node added from the palette; null when it needs master data that is missing. */
  create: (refs: NewNodeRefs) => TNodeOf<K>["data"] | null;
}

/** Names a warehouse, channel or store id (the id itself when unknown). */
type NameOf = (id: string) => string;
const P = ACTION_PRIORITY_DEFAULT;
const G = (g: number | null) => (g === null ? "?" : formatQuantity(g, "g"));
const show = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(", ") : typeof v === "string" ? v : JSON.stringify(v));
function operandText(o: TOperand, fact: string, names: NameOf): string {
  if (o.type === "fact") return getFactDefinition(o.fact)?.label ?? o.fact;
  const def = getFactDefinition(fact);
  const one = (v: unknown): string => {
    if (typeof v === "number" && isUnitKind(def?.unit)) return formatQuantity(v, def.unit);
    if (typeof v === "number" && def?.unit) return String(v);
    if (typeof v === "string" && (def?.format === "storeId" || def?.format === "warehouseId")) return names(v);
    return show(v);
  };
  if (Array.isArray(o.value)) return o.value.length > 6 ? `${o.value.slice(0, 6).map(one).join(", ")} +${o.value.length - 6}` : o.value.map(one).join(", ");
  if (o.value && typeof o.value === "object") {
    const s = o.value as { prefixes?: unknown[]; ranges?: { from: string; to: string }[] };
    return [...(s.prefixes ?? []).map((p) => `${String(p)}*`), ...(s.ranges ?? []).map((r) => `${r.from}–${r.to}`)].join(", ");
  }
  return one(o.value);
}
function paramText(params: Record<string, unknown> | undefined, names: NameOf): string {
  if (!params) return "";
  if (typeof params.warehouseId === "string") return ` (${names(params.warehouseId)})`;
  if (typeof params.channelId === "string") return ` (${names(params.channelId)})`;
  if (typeof params.hours === "number") return ` within ${formatQuantity(params.hours, "h")}`;
  return "";
}

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
    summary: ({ data }, names) => {
      const op = getOperator(data.operator);
      const left = (getFactDefinition(data.fact)?.label ?? (data.fact || "(no fact)")) + paramText(data.params, names);
      return op?.takesNoValue ? `${left} ${op.label}` : `${left} ${op?.label ?? (data.operator || "(no operator)")} ${operandText(data.operand, data.fact, names)}`;
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
    summary: ({ data }, names) => `Ship from ${names(data.warehouseId)}`,
    create: (r) => (r.warehouseId ? { priority: P, warehouseId: r.warehouseId } : null),
  },
  assignChannel: {
    label: NODE_KIND_SPECS.assignChannel.label,
    category: "action",
    summary: ({ data }, names) => `Ship with ${names(data.channelId)}`,
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
    summary: ({ data }, names) => (data.strategy === "maxWeight" ? `Split at ${G(data.maxWeightGrams)} per parcel` : `Split by ${data.channelId ? names(data.channelId) : "the channel"}'s limits`),
    create: () => ({ priority: P, strategy: "channelLimits", maxWeightGrams: null, channelId: null }),
  },
  mergeOrders: {
    label: NODE_KIND_SPECS.mergeOrders.label,
    category: "action",
    summary: ({ data }) => `Merge the buyer's orders within ${formatQuantity(data.withinHours, "h")}`,
    create: () => ({ priority: P, withinHours: 24 }),
  },
  pushToWarehouse: { label: NODE_KIND_SPECS.pushToWarehouse.label, category: "action", summary: () => "Send the order to its warehouse", create: () => ({ priority: P }) },
  requestTracking: { label: NODE_KIND_SPECS.requestTracking.label, category: "action", summary: () => "Ask the carrier for a tracking number", create: () => ({ priority: P }) },
  addTag: { label: NODE_KIND_SPECS.addTag.label, category: "action", summary: ({ data }) => `Tag "${data.tag}"`, create: () => ({ priority: P, tag: "rule" }) },
  setPriority: { label: NODE_KIND_SPECS.setPriority.label, category: "action", summary: ({ data }) => `Priority ${data.level}`, create: () => ({ priority: P, level: "high" }) },
  decisionTable: {
    label: NODE_KIND_SPECS.decisionTable.label,
    category: "table",
    summary: ({ data }) => {
      const cols = data.conditions.map((c) => c.label ?? getFactDefinition(c.fact)?.label ?? c.fact);
      const acts = data.actions.map((c) => c.label ?? NODE_KIND_SPECS[c.kind].label);
      const n = data.rows.length;
      return `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"} · ${data.hitPolicy === "first" ? "first match" : "every match"} · ${cols.join(", ") || "no conditions"} → ${acts.join(", ") || "no actions"}`;
    },
    create: () => ({
      hitPolicy: "first",
      priority: P,
      conditions: [
        { id: "country", fact: "country", operator: "in" },
        { id: "weight", fact: "chargeableWeightGrams", operator: "between", unit: "kg" },
        { id: "battery", fact: "hasBattery", operator: "equal" },
      ],
      actions: [{ id: "channel", kind: "assignChannel" }],
      rows: [{ id: "r1", cells: {}, actions: {} }],
    }),
  },
  customsDeclaration: {
    label: NODE_KIND_SPECS.customsDeclaration.label,
    category: "action",
    summary: ({ data }) =>
      data.valueMode === "fixed"
        ? `Declare ${data.amount ?? "?"} ${data.currency ?? "(order currency)"}`
        : `Declare ${data.sharePercent ?? "?"}% of the order value${data.capAmount !== null ? `, at most ${data.capAmount}` : ""}`,
    create: () => ({ priority: P, valueMode: "share", amount: null, sharePercent: 30, capAmount: 20, currency: null, fallbackHsCode: null }),
  },
} satisfies { [K in TNodeKind]: KindUi<K> };

/** The palette's starting data for a kind (null when it needs missing master data). */
export function newNodeData<K extends TNodeKind>(kind: K, refs: NewNodeRefs): TNodeOf<K>["data"] | null {
  return (NODE_KIND_UI[kind] as unknown as KindUi<K>).create(refs);
}

export function summaryOf(node: { kind: TNodeKind; data: unknown }, names: NameOf = (id) => id): string {
  return (NODE_KIND_UI[node.kind] as unknown as KindUi<TNodeKind>).summary(node as never, names);
}

/** A compiled rule as people read it: its action node's title and summary. */
export interface RuleName {
  title: string;
  summary: string;
}

/**
 * Compiled rule names are `rule:<action node id>`: the action node's label and summary name them. A
 * decision table's rules are `rule:<table>:<row>` (`:<action column>` with several): "Table · Row 3".
 */
export function ruleNamesOf(graph: { nodes: readonly { id: string; kind: TNodeKind; label?: string | undefined; data: unknown }[] } | undefined, nameOf: (id: string) => string): Map<string, RuleName> {
  const out = new Map<string, RuleName>();
  for (const n of graph?.nodes ?? []) {
    const title = n.label || NODE_KIND_UI[n.kind].label;
    if (n.kind === "decisionTable") {
      const t = n.data as TNodeOf<"decisionTable">["data"];
      t.rows.forEach((row, i) => {
        const name = `rule:${n.id}:${row.id}`;
        // The row's text is read only when shown: a table may have thousands of rows, named again on every edit.
        const entry = {
          title: `${title} · Row ${i + 1}`,
          get summary() {
            const text = tableColumns(t)
              .map((_c, j) => cellText(t, i, j, null))
              .filter((x) => x !== "");
            return row.description || text.join(" · ") || "any order";
          },
        };
        if (t.actions.length > 1) for (const a of t.actions) out.set(`${name}:${a.id}`, entry);
        else out.set(name, entry);
      });
      continue;
    }
    out.set(`rule:${n.id}`, { title, summary: summaryOf(n, nameOf) });
  }
  return out;
}

/** Validation problems by node id, for the nodes to show. */
export const NodeProblemsContext = createContext<ReadonlyMap<string, TProblem[]>>(new Map());

/** What a test run says about one node, overlaid on it. */
export interface NodeTraceMark {
  /** For tests: true/false, null when not evaluated. For actions: whether the rule fired. */
  result: boolean | null;
  actual?: unknown;
  expected?: unknown;
  /** The first test that failed on the path of the rule that was closest to matching. */
  firstFailed?: boolean;
  /** For a decision table: each row's outcome, by row id. */
  rows?: ReadonlyMap<string, TableRowMark>;
}

/** A decision table row in a test run: matched (and fired), or the first cell that failed, with actual vs expected. */
export interface TableRowMark {
  matched: boolean;
  fired: boolean;
  /** Condition column of the first failing cell (null: the path into the table failed, or no cell failed). */
  failedColumn: string | null;
  actual?: unknown;
  expected?: unknown;
}
/** The trace of the last test run by node id; null when no test result is shown. */
export const NodeTraceContext = createContext<ReadonlyMap<string, NodeTraceMark> | null>(null);
/** Names of master-data ids for node summaries. */
export const NodeNamesContext = createContext<NameOf>((id) => id);

const short = (v: unknown): string => {
  const t = v === undefined ? "—" : typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
};

const HANDLE_STYLE: Record<TEdgeHandle, { position: Position; style: React.CSSProperties; className: string; title: string }> = {
  next: { position: Position.Right, style: {}, className: "h-next", title: "next" },
  true: { position: Position.Right, style: { top: "35%" }, className: "h-true", title: "true" },
  false: { position: Position.Right, style: { top: "72%" }, className: "h-false", title: "false" },
  member: { position: Position.Bottom, style: {}, className: "h-member", title: "member" },
};

/** "✓ Row 3 decided" / "✗ no row matched" for a table on the canvas. */
function tableTraceText(t: TNodeOf<"decisionTable">["data"], mark: NodeTraceMark): string {
  const rows = mark.rows;
  if (!rows) return mark.result ? "✓ matched" : "✗ no row matched";
  const index = (id: string) => t.rows.findIndex((r) => r.id === id) + 1;
  const fired = [...rows].filter(([, m]) => m.fired).map(([id]) => index(id)).filter((i) => i > 0);
  if (fired.length > 0) return `✓ Row${fired.length > 1 ? "s" : ""} ${fired.slice(0, 5).join(", ")}${fired.length > 5 ? ", …" : ""} decided`;
  return [...rows.values()].some((m) => m.matched) ? "✓ matched, did not decide" : "✗ no row matched";
}

/** One React Flow node component for every kind. */
export const RuleNode = memo(function RuleNode({ id, data, selected, isConnectable }: NodeProps<TRuleFlowNode>) {
  const ui = NODE_KIND_UI[data.kind];
  const problems = useContext(NodeProblemsContext).get(id) ?? [];
  const names = useContext(NodeNamesContext);
  const traces = useContext(NodeTraceContext);
  const mark = traces?.get(id);
  const errors = problems.filter((p) => p.severity === "error").length;
  const outHandles: readonly TEdgeHandle[] = NODE_KIND_SPECS[data.kind].outHandles;
  const traceCls = !traces ? "" : !mark || mark.result === null ? "trace-skipped" : mark.result ? "trace-true" : mark.firstFailed ? "trace-false trace-first-fail" : "trace-false";
  const cls = ["rule-node", `cat-${ui.category}`, selected ? "selected" : "", errors ? "has-errors" : problems.length ? "has-warnings" : "", traceCls].filter(Boolean).join(" ");
  return (
    <div className={cls} data-testid={`node-${id}`} data-kind={data.kind} title={problems.map((p) => p.message).join("\n") || undefined}>
      {ui.category !== "entry" ? <Handle type="target" position={Position.Left} className="h-in" isConnectable={isConnectable} /> : null}
      <div className="rule-node-head">
        <span className="rule-node-title">{data.label || ui.label}</span>
        {problems.length ? (
          <span className={errors ? "rule-node-count error" : "rule-node-count warn"} aria-label={`${problems.length} problem${problems.length === 1 ? "" : "s"}`}>
            {problems.length}
          </span>
        ) : null}
      </div>
      <div className="rule-node-summary">{summaryOf(data, names)}</div>
      {traces && data.kind !== "start" ? (
        <div className="rule-node-trace" data-testid={`trace-${id}`}>
          {!mark || mark.result === null ? (
            <span className="muted">not evaluated</span>
          ) : data.kind === "decisionTable" ? (
            <strong>{tableTraceText(data.data as TNodeOf<"decisionTable">["data"], mark)}</strong>
          ) : ui.category === "action" || data.kind === "fallback" ? (
            <strong>{mark.result ? (ui.category === "action" ? "✓ fired" : "✓ ran") : "✗ did not fire"}</strong>
          ) : (
            <>
              <strong>{mark.result ? "✓ true" : mark.firstFailed ? "✗ false — first failing test" : "✗ false"}</strong>
              {"actual" in mark ? (
                <span className="trace-values">
                  actual {short(mark.actual)}
                  {"expected" in mark ? ` · expected ${short(mark.expected)}` : ""}
                </span>
              ) : null}
            </>
          )}
        </div>
      ) : null}
      {outHandles.map((h) => (
        <Handle key={h} id={h} type="source" isConnectable={isConnectable} position={HANDLE_STYLE[h].position} style={HANDLE_STYLE[h].style} className={HANDLE_STYLE[h].className} title={HANDLE_STYLE[h].title}>
          {h === "true" || h === "false" ? <span className="h-label">{h === "true" ? "yes" : "no"}</span> : null}
        </Handle>
      ))}
    </div>
  );
});
