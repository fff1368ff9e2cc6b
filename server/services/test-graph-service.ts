import { evaluate } from "@/rules-schema/evaluate/evaluate";
import { warehouseAssignedBefore } from "@/rules-schema/evaluate/evaluate-pipeline";
import { summarizeTrace } from "@/rules-schema/evaluate/summarize-trace";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TOrder } from "@/rules-schema/order/order-schema";
import type { Db } from "../db/create-db";
import { compileForServer } from "../graph-work/compile-off-thread";
import type { TOrderSummary } from "../schemas/order-schemas";
import type { TTestGraphInput, TTestGraphOut } from "../schemas/test-graph-schemas";
import { buyerWindowHours, loadBuyerOpenOrders } from "./load-buyer-open-orders";
import { loadEvaluationContext } from "./load-evaluation-context";
import { loadPublishedStages } from "./load-published-stages";
import { getOrder } from "./order-service";
import type { Scope } from "./scope";
import { FieldError, NotFoundError } from "./service-errors";

async function graphOf(db: Db, scope: Scope, input: TTestGraphInput): Promise<TRuleGraph> {
  if (input.graph) return input.graph;
  const rulesetId = input.rulesetId!;
  const number = input.versionNumber!;
  const version = await db.rulesetVersion.findFirst({ where: { rulesetId, number, organizationId: scope.organizationId }, select: { graph: true } });
  if (!version) throw new NotFoundError("Ruleset version", `${rulesetId}#${number}`);
  return ZRuleGraph.parse(version.graph);
}

async function orderOf(db: Db, scope: Scope, input: TTestGraphInput): Promise<{ order: TOrder; storedOrder: TOrderSummary | null }> {
  if (input.order) return { order: input.order, storedOrder: null };
  const { order, importedAt: _importedAt, ...summary } = await getOrder(db, scope, input.orderId!);
  return { order, storedOrder: summary };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Runs a graph (the canvas as it is, or a stored version) against one order, exactly as the router
 * would: compiled with `compileGraph` against the organization's master data, evaluated with
 * `evaluate(…, { trace: true })` and the same context. Evaluation happens at the order's paid (or
 * placed) time, so a test is repeatable. When the graph uses the buyer's other open orders, those
 * within the widest window it asks for are read from the order history. A graph with errors is not
 * evaluated: its problems come back instead.
 */
export async function testGraph(db: Db, scope: Scope, input: TTestGraphInput): Promise<TTestGraphOut> {
  const [graph, { order, storedOrder }, loaded] = await Promise.all([graphOf(db, scope, input), orderOf(db, scope, input), loadEvaluationContext(db, scope)]);
  // A test case's own stock levels replace the organization's for the warehouses it names (as the suite runs it).
  const context = input.inventory ? { ...loaded, inventory: { ...loaded.inventory, ...input.inventory } } : loaded;
  const built = await compileForServer(graph, context);
  if (!built.ok) {
    const errors = built.problems.filter((p) => p.severity === "error").length;
    return {
      order,
      storedOrder,
      evaluation: null,
      nodeResults: [],
      firedNodeIds: [],
      problems: built.problems,
      message: `The graph has ${plural(errors, "error")}; fix ${errors === 1 ? "it" : "them"} to test it against an order.`,
      compiledHash: null,
      assignedWarehouseId: null,
    };
  }
  const hours = buyerWindowHours(built.compiled);
  if (hours !== null && order.buyerId !== "") {
    context.buyerOpenOrders = { [order.buyerId]: await loadBuyerOpenOrders(db, scope, order, hours) };
  }
  // A later stage sees the warehouse the organization's published earlier stages assign, as live.
  const stage = built.compiled.stage;
  const later = stage === "logisticsMatching" || stage === "autoProcessing";
  if (input.assignedWarehouseId !== undefined && !context.warehouses.some((w) => w.id === input.assignedWarehouseId))
    throw new FieldError("assignedWarehouseId", "is not one of your warehouses");
  const assignedWarehouseId = !later
    ? null
    : input.assignedWarehouseId !== undefined
      ? input.assignedWarehouseId
      : warehouseAssignedBefore(await loadPublishedStages(db, scope, input.rulesetId ? { exceptRulesetId: input.rulesetId } : {}), stage, order, context);
  const evaluation = evaluate(built.compiled, order, context, { trace: true, assignedWarehouseId });
  return {
    order,
    storedOrder,
    evaluation,
    ...summarizeTrace(evaluation.trace!),
    problems: built.problems,
    message: null,
    compiledHash: built.compiled.manifest.contentHash,
    assignedWarehouseId,
  };
}
