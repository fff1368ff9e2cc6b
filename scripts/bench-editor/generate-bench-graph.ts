/**
 * A large, valid warehouse-matching graph for the editor benchmark: exactly `nodeCount` nodes.
 *
 * Shape (what an operations team's big ruleset looks like): Start leads into a chain of segment gates
 * ("Destination country equals XX"); each gate's true output starts a chain of rules, its false output
 * the next gate. A rule is a test block whose true output goes to an action and whose false output to
 * the next rule. Test blocks rotate through a plain condition, All / Any groups with two member
 * conditions, Not with one, a line-item quantifier with two line conditions, and a condition that
 * splits into two actions. The Fallback entry leads to one warehouse. Every action has one path and the
 * paths are pairwise exclusive, so the graph validates without errors or warnings (no shadowing).
 *
 * Positions come from layoutGraph (the decompiler's tidy left-to-right layout).
 */
import { layoutGraph } from "../../rules-schema/decompile/decompile-rules";
import type { TConditionData, TEdgeHandle, TGraphEdge, TGraphNode, TRuleGraph } from "../../rules-schema/graph/graph-schema";

const COUNTRIES = ["US", "DE", "GB", "FR", "CA", "AU", "JP", "KR", "IT", "ES", "NL", "SE", "PL", "MX", "BR", "SG", "MY", "TH", "NZ", "IE"] as const;
/** Rules per segment before the next country gate. */
const RULES_PER_SEGMENT = 14;

type Cond = TConditionData;
const value = (v: unknown): Cond["operand"] => ({ type: "value", value: v });

/** Order-scope conditions, cycled. */
function orderCondition(i: number, warehouseIds: readonly string[]): Cond {
  const wh = warehouseIds[i % warehouseIds.length]!;
  const pick: Cond[] = [
    { fact: "totalWeightGrams", operator: "greaterThan", operand: value(250 + (i % 40) * 50) },
    { fact: "totalValue", operator: "lessThan", operand: value(20 + (i % 30) * 5) },
    { fact: "inStockAt", params: { warehouseId: wh }, operator: "equal", operand: value(true) },
    { fact: "hasBattery", operator: "equal", operand: value(i % 2 === 0) },
    { fact: "platform", operator: "equal", operand: value(["temu", "tiktok", "aliexpress", "shopify"][i % 4]) },
    { fact: "canMeetDeadline", params: { warehouseId: wh }, operator: "equal", operand: value(true) },
    { fact: "totalQuantity", operator: "greaterThanInclusive", operand: value(2 + (i % 6)) },
    { fact: "largestDimensionCm", operator: "lessThanInclusive", operand: value(30 + (i % 10) * 5) },
  ];
  return pick[i % pick.length]!;
}

/** Line-scope conditions (members of a line-item quantifier), cycled. */
function lineCondition(i: number): Cond {
  const pick: Cond[] = [
    { fact: "line.hasBattery", operator: "equal", operand: value(true) },
    { fact: "line.quantity", operator: "greaterThan", operand: value(1 + (i % 5)) },
    { fact: "line.weightGrams", operator: "greaterThan", operand: value(500 + (i % 8) * 100) },
    { fact: "line.isPaired", operator: "equal", operand: value(true) },
  ];
  return pick[i % pick.length]!;
}

type ActionNode = Extract<TGraphNode, { kind: "assignWarehouse" | "hold" | "flag" | "addTag" | "setPriority" | "splitPackage" }>;

function actionNode(id: string, i: number, warehouseIds: readonly string[]): ActionNode {
  const priority = 100 + (i % 50);
  const position = { x: 0, y: 0 };
  switch (i % 8) {
    case 0:
    case 1:
    case 2:
      return { id, kind: "assignWarehouse", position, data: { priority, warehouseId: warehouseIds[i % warehouseIds.length]! } };
    case 3:
      return { id, kind: "hold", position, data: { priority, reason: `Check stock before shipping (rule ${i})` } };
    case 4:
      return { id, kind: "flag", position, data: { priority, code: `review-${i % 12}` } };
    case 5:
      return { id, kind: "addTag", position, data: { priority, tag: `bench-${i % 20}` } };
    case 6:
      return { id, kind: "setPriority", position, data: { priority, level: (["low", "normal", "high", "urgent"] as const)[i % 4]! } };
    default:
      return { id, kind: "splitPackage", position, data: { priority, strategy: "channelLimits", maxWeightGrams: null, channelId: null } };
  }
}

/** Test block kinds by node count (the test nodes, without the action(s) they lead to). */
type Block = "condition" | "all" | "any" | "not" | "lines" | "split";
const ROTATION: readonly Block[] = ["condition", "all", "condition", "lines", "any", "not", "split", "condition"];
/** Nodes a rule adds: its test block plus its action(s). */
const RULE_SIZE: Record<Block, number> = { condition: 2, all: 4, any: 4, not: 3, lines: 4, split: 4 };

export function generateBenchGraph(nodeCount: number, warehouseIds: readonly string[]): TRuleGraph {
  if (warehouseIds.length === 0) throw new Error("generateBenchGraph needs at least one warehouse id");
  if (!Number.isInteger(nodeCount) || nodeCount < 8) throw new Error(`nodeCount must be an integer >= 8 (got ${nodeCount})`);
  const nodes: TGraphNode[] = [];
  const edges: TGraphEdge[] = [];
  const pos = { x: 0, y: 0 };
  let n = 0;
  const addEdge = (sourceId: string, targetId: string, sourceHandle: TEdgeHandle) => edges.push({ id: `e${edges.length + 1}`, sourceId, targetId, sourceHandle });
  const cond = (data: Cond, label?: string): string => {
    const id = `c${++n}`;
    nodes.push({ id, kind: "condition", position: pos, data, ...(label ? { label } : {}) });
    return id;
  };
  const action = (): string => {
    const id = `a${++n}`;
    nodes.push(actionNode(id, n, warehouseIds));
    return id;
  };
  const group = (kind: "all" | "any" | "not"): string => {
    const id = `g${++n}`;
    nodes.push({ id, kind, position: pos, data: {} });
    return id;
  };

  nodes.push({ id: "start", kind: "start", position: pos, data: {} });
  nodes.push({ id: "fallback", kind: "fallback", position: pos, data: {} });
  addEdge("fallback", action(), "next");

  /** Builds the test block of one rule; returns the node whose true/false outputs continue. */
  const testBlock = (block: Block): string => {
    switch (block) {
      case "condition":
      case "split":
        return cond(orderCondition(n, warehouseIds));
      case "all":
      case "any": {
        const g = group(block);
        addEdge(g, cond(orderCondition(n, warehouseIds)), "member");
        addEdge(g, cond(orderCondition(n + 3, warehouseIds)), "member");
        return g;
      }
      case "not": {
        const g = group("not");
        addEdge(g, cond(orderCondition(n, warehouseIds)), "member");
        return g;
      }
      case "lines": {
        const id = `q${++n}`;
        nodes.push({ id, kind: "lineQuantifier", position: pos, data: { quantifier: (["any", "all", "none"] as const)[n % 3]! } });
        addEdge(id, cond(lineCondition(n)), "member");
        addEdge(id, cond(lineCondition(n + 1)), "member");
        return id;
      }
    }
  };

  let prevGate: string | null = null;
  let segment = 0;
  let rule = 0;
  // The node whose output the next rule hangs on: a gate's true output (first rule of a segment), else
  // the previous rule's false output.
  let open: string | null = null;
  const openHandle = (): TEdgeHandle => (rule === 0 ? "true" : "false");
  while (nodes.length < nodeCount) {
    const left = nodeCount - nodes.length;
    if (open === null || (rule >= RULES_PER_SEGMENT && left >= 3)) {
      const country = COUNTRIES[segment % COUNTRIES.length]!;
      const gate = cond({ fact: "country", operator: "equal", operand: value(country) }, `Segment ${segment + 1}: ships to ${country}`);
      addEdge(prevGate ?? "start", gate, prevGate ? "false" : "next");
      prevGate = gate;
      open = gate;
      segment += 1;
      rule = 0;
      continue;
    }
    if (left === 1) {
      // One node left: the catch-all action of this segment.
      addEdge(open, action(), openHandle());
      break;
    }
    const wanted = ROTATION[(segment * 3 + rule) % ROTATION.length]!;
    const block: Block = RULE_SIZE[wanted] <= left ? wanted : left === 3 ? "not" : "condition";
    const test = testBlock(block);
    addEdge(open, test, openHandle());
    if (block === "split") {
      const inner = cond(orderCondition(n + 5, warehouseIds));
      addEdge(test, inner, "true");
      addEdge(inner, action(), "true");
      addEdge(inner, action(), "false");
    } else {
      addEdge(test, action(), "true");
    }
    open = test;
    rule += 1;
  }

  const graph: TRuleGraph = { schemaVersion: 1, name: `Editor benchmark — ${nodeCount} nodes`, stage: "warehouseMatching", hitPolicy: "first", nodes, edges };
  // layoutGraph assigns new position objects; nodes above shared one placeholder.
  layoutGraph(graph);
  return graph;
}
