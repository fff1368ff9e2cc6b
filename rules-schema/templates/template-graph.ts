import { layoutGraph } from "../decompile/decompile-rules";
import {
  ACTION_DATA_SCHEMAS,
  type TActionKind,
  type TConditionData,
  type TEdgeHandle,
  type TGraphEdge,
  type TGraphNodeInput,
  type THitPolicy,
  type TRuleGraph,
  type TStage,
  ZRuleGraph,
} from "../graph/graph-schema";
import type { z } from "zod";
import type { TDecisionTableData } from "../tables/table-schema";

/** Action data as written in a template: the priority may be left to its default. */
type ActionInput<K extends TActionKind> = z.input<(typeof ACTION_DATA_SCHEMAS)[K]>;

/**
 * Builds a template's graph: nodes with readable ids and labels, edges named after their ends, then
 * laid out left to right (layoutGraph).
 */
export class TemplateGraph {
  private readonly nodes: TGraphNodeInput[] = [{ id: "start", kind: "start", data: {} }];
  private readonly edges: TGraphEdge[] = [];

  constructor(
    private readonly stage: TStage,
    private readonly hitPolicy: THitPolicy,
  ) {}

  /** A condition on an order fact; `value` is compared with `operator`. */
  condition(id: string, label: string, fact: string, operator: string, value: unknown, params?: Record<string, unknown>): string {
    const data: TConditionData = params ? { fact, params, operator, operand: { type: "value", value } } : { fact, operator, operand: { type: "value", value } };
    this.nodes.push({ id, kind: "condition", label, data });
    return id;
  }

  action<K extends TActionKind>(id: string, kind: K, label: string, data: ActionInput<K>): string {
    this.nodes.push({ id, kind, label, data } as TGraphNodeInput);
    return id;
  }

  /** A decision table. */
  table(id: string, label: string, data: TDecisionTableData): string {
    this.nodes.push({ id, kind: "decisionTable", label, data } as TGraphNodeInput);
    return id;
  }

  /** The fallback entry: what it leads to fires only when no other rule matched. */
  fallback(id = "fallback"): string {
    this.nodes.push({ id, kind: "fallback", label: "When nothing else matched", data: {} });
    return id;
  }

  link(sourceId: string, targetId: string, sourceHandle: TEdgeHandle): this {
    this.edges.push({ id: `${sourceId}-${sourceHandle}-${targetId}`, sourceId, targetId, sourceHandle });
    return this;
  }

  /** Links start → the first node, then each node to the next on `true`: conditions that must all hold, then the action. */
  chain(ids: readonly string[]): this {
    ids.forEach((id, i) => this.link(i === 0 ? "start" : ids[i - 1]!, id, i === 0 ? "next" : "true"));
    return this;
  }

  build(name: string): TRuleGraph {
    const graph = ZRuleGraph.parse({ name, stage: this.stage, hitPolicy: this.hitPolicy, nodes: this.nodes, edges: this.edges });
    layoutGraph(graph);
    return graph;
  }
}
