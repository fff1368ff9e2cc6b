/** Small factories for tests: orders, contexts and graphs with sensible defaults. */
import { type TEvaluationContext, type TEvaluationContextInput, ZEvaluationContext } from "../context/context-schema";
import type { TConditionData, TGraphEdge, TGraphNodeInput, THitPolicy, TRuleGraphInput, TStage } from "../graph/graph-schema";
import { type TOrder, type TOrderInput, type TOrderLineInput, ZOrder } from "../order/order-schema";

export function makeLine(overrides: Partial<TOrderLineInput> = {}): TOrderLineInput {
  return { platformSku: "SKU-1", warehouseSku: "W-1", quantity: 1, unitPrice: 10, weightGrams: 300, ...overrides };
}

type OrderOverrides = Omit<Partial<TOrderInput>, "shippingAddress"> & { shippingAddress?: Partial<TOrderInput["shippingAddress"]> };

export function makeOrder(overrides: OrderOverrides = {}): TOrder {
  const { shippingAddress, ...rest } = overrides;
  return ZOrder.parse({
    id: "ord-1",
    platform: "shopify",
    storeId: "store-1",
    createdAt: "2026-11-20T08:00:00Z",
    paidAt: "2026-11-20T08:05:00Z",
    shipByDeadline: "2026-11-22T08:00:00Z",
    currency: "USD",
    totalValue: 25,
    buyerId: "buyer-1",
    lines: [makeLine()],
    ...rest,
    shippingAddress: { country: "US", region: "CA", city: "Los Angeles", postalCode: "90210", ...shippingAddress },
  });
}

export const CALENDAR_LA = { timeZone: "America/Los_Angeles", workingDays: [1, 2, 3, 4, 5], holidays: ["2026-11-26"], workdayStart: "08:00", cutoffTime: "16:00" };
export const CALENDAR_SZ = { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5, 6], holidays: [], workdayStart: "09:00", cutoffTime: "18:00" };

export function makeContext(overrides: Partial<TEvaluationContextInput> = {}): TEvaluationContext {
  return ZEvaluationContext.parse({
    warehouses: [
      { id: "wh-la", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar: CALENDAR_LA },
      { id: "wh-sz", name: "Shenzhen", kind: "own", country: "CN", calendar: CALENDAR_SZ },
    ],
    channels: [
      { id: "ch-usps", name: "USPS Ground Advantage", carrier: "USPS", maxWeightGrams: 9000, maxLengthCm: 56, maxGirthCm: 274, countries: ["US"], batteryAllowed: true },
      { id: "ch-post", name: "China Post registered air mail", carrier: "China Post", maxWeightGrams: 2000, maxLengthCm: 60, maxGirthCm: 90, countries: [] },
    ],
    inventory: { "wh-la": { "W-1": 10, "W-2": 0 }, "wh-sz": { "W-1": 100, "W-2": 100 } },
    ...overrides,
  });
}

/** A condition node's data. */
export function cond(fact: string, operator: string, value: unknown, params?: Record<string, unknown>) {
  return params ? { fact, params, operator, operand: { type: "value" as const, value } } : { fact, operator, operand: { type: "value" as const, value } };
}

/** A tiny graph builder: nodes get ids n1, n2…; edges e1, e2…. */
export class GraphBuilder {
  nodes: TGraphNodeInput[] = [{ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} }];
  edges: TGraphEdge[] = [];
  private n = 0;
  constructor(
    public stage: TStage = "warehouseMatching",
    public hitPolicy: THitPolicy = "all",
  ) {}

  add(kind: string, data: Record<string, unknown> = {}, position?: { x: number; y: number }): string {
    const id = `n${++this.n}`;
    this.nodes.push({ id, kind, position: position ?? { x: 100 * this.n, y: 50 * this.n }, data } as TGraphNodeInput);
    return id;
  }
  link(sourceId: string, targetId: string, sourceHandle: TGraphEdge["sourceHandle"] = "true"): this {
    this.edges.push({ id: `e${this.edges.length + 1}`, sourceId, targetId, sourceHandle });
    return this;
  }
  build(): TRuleGraphInput {
    return { stage: this.stage, hitPolicy: this.hitPolicy, nodes: this.nodes, edges: this.edges };
  }
}

/** start → condition → (true) action. */
export function singleRule(condition: TConditionData, actionKind = "flag", actionData: Record<string, unknown> = { code: "hit" }) {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", condition);
  const a = b.add(actionKind, actionData);
  b.link("start", c, "next").link(c, a, "true");
  return b.build();
}

/**
 * Graphs at the validator's limits, for tests and benchmarks:
 * - staircase(n): n conditions in a chain with a flag off each one's false output (n paths, n(n+1)/2 tests);
 * - ladder(n): n conditions each wired both ways to the next, a flag at the end (2^n paths);
 * - chain(n): n conditions in one path to a flag.
 */
export function staircaseGraph(n: number): TRuleGraphInput {
  const b = new GraphBuilder("orderReview", "all");
  let prev = "start";
  let handle: "next" | "true" = "next";
  for (let i = 0; i < n; i++) {
    const id = b.add("condition", cond("totalValue", "greaterThan", i));
    b.link(prev, id, handle).link(id, b.add("flag", { code: `f${i}` }), "false");
    prev = id;
    handle = "true";
  }
  return b.build();
}
export function ladderGraph(n: number): TRuleGraphInput {
  const b = new GraphBuilder("orderReview", "all");
  const ids = Array.from({ length: n }, (_v, i) => b.add("condition", cond("totalValue", "greaterThan", i)));
  b.link("start", ids[0]!, "next");
  for (let i = 0; i + 1 < n; i++) b.link(ids[i]!, ids[i + 1]!, "true").link(ids[i]!, ids[i + 1]!, "false");
  const flag = b.add("flag", { code: "x" });
  b.link(ids[n - 1]!, flag, "true").link(ids[n - 1]!, flag, "false");
  return b.build();
}
export function chainGraph(n: number): TRuleGraphInput {
  const b = new GraphBuilder("orderReview", "all");
  let prev = "start";
  let handle: "next" | "true" = "next";
  for (let i = 0; i < n; i++) {
    const id = b.add("condition", cond("totalValue", "greaterThan", i));
    b.link(prev, id, handle);
    prev = id;
    handle = "true";
  }
  b.link(prev, b.add("flag", { code: "deep" }), "true");
  return b.build();
}
