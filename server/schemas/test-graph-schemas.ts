import { z } from "zod";
import { ZEvaluation } from "@/rules-schema/evaluate/decision-schema";
import { ZNodeResult } from "@/rules-schema/evaluate/summarize-trace";
import { ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { ZProblem } from "@/rules-schema/graph/problem-schema";
import { ZOrder } from "@/rules-schema/order/order-schema";
import { ZId } from "./common-schemas";
import { ZOrderSummary } from "./order-schemas";

/**
 * The designer's test panel: one graph against one order.
 * - the graph: `graph` (the canvas as it is, saved or not) or `rulesetId` + `versionNumber`;
 * - the order: `orderId` (a stored order) or `order` (a sample in the rules model; its field errors
 *   come back as `order.lines.0.quantity` …).
 */
export const ZTestGraphInput = z
  .object({
    graph: ZRuleGraph.optional(),
    rulesetId: ZId.optional(),
    versionNumber: z.number().int().min(1).max(2_147_483_647, "is not a version number").optional(),
    orderId: ZId.optional(),
    order: ZOrder.optional(),
    /**
     * For logistics matching and auto-processing: evaluate as if the earlier stages had assigned this
     * warehouse (an analysis example says which), instead of running the published warehouse rules.
     */
    assignedWarehouseId: ZId.optional(),
    /** Stock levels that replace the organization's for these warehouses (a test case's own; warehouse id → SKU → units). */
    inventory: z.record(ZId, z.record(z.string().min(1).max(200), z.number().int().min(0).max(1_000_000_000))).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const version = v.rulesetId !== undefined || v.versionNumber !== undefined;
    if (v.graph !== undefined && version) ctx.addIssue({ code: "custom", path: ["graph"], message: "give a graph or a ruleset version, not both" });
    else if (v.graph === undefined && !version) ctx.addIssue({ code: "custom", path: ["graph"], message: "give a graph, or a rulesetId and versionNumber" });
    else if (version && v.rulesetId === undefined) ctx.addIssue({ code: "custom", path: ["rulesetId"], message: "required with versionNumber" });
    else if (version && v.versionNumber === undefined) ctx.addIssue({ code: "custom", path: ["versionNumber"], message: "required with rulesetId" });
    if (v.orderId !== undefined && v.order !== undefined) ctx.addIssue({ code: "custom", path: ["orderId"], message: "give a stored orderId or a sample order, not both" });
    else if (v.orderId === undefined && v.order === undefined) ctx.addIssue({ code: "custom", path: ["orderId"], message: "give a stored orderId or a sample order" });
  });
export type TTestGraphInput = z.infer<typeof ZTestGraphInput>;

export const ZTestGraphOut = z.object({
  /** The order evaluated: the stored order's data, or the sample with the model's defaults filled in. */
  order: ZOrder,
  /** The stored order's list row when `orderId` was given; null for a sample order. */
  storedOrder: ZOrderSummary.nullable(),
  /** Decision, matched rules and the full trace; null when the graph does not compile. */
  evaluation: ZEvaluation.nullable(),
  /** One result per test node (summarizeTrace); empty without an evaluation. */
  nodeResults: z.array(ZNodeResult),
  /** Action nodes whose rules fired; empty without an evaluation. */
  firedNodeIds: z.array(z.string()),
  /** The validator's problems (errors and warnings), with node and edge ids. */
  problems: z.array(ZProblem),
  /** Why nothing was evaluated (the graph has errors); null when it was. */
  message: z.string().nullable(),
  /** The compiled ruleset's content hash; null when the graph does not compile. */
  compiledHash: z.string().nullable(),
  /**
   * For logistics and auto-processing graphs: the warehouse the organization's published earlier
   * stages assign to the order (what "Assigned warehouse" and a channel's origin read); else null.
   */
  assignedWarehouseId: z.string().nullable(),
});
export type TTestGraphOut = z.infer<typeof ZTestGraphOut>;
