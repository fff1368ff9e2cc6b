import { describe, expect, it } from "vitest";
import { ZOrder, deriveOrderFacts } from "@/rules-schema";
import { buildDemoInventory, buildDemoPairings, buildDemoSkus } from "./demo-merchant";
import { generateDemoOrders } from "./generate-demo-orders";

const skus = buildDemoSkus();
const pairings = buildDemoPairings(skus);
const anchor = new Date("2026-11-20T00:00:00Z");
const storeIds = { "temu-us": "st-temu", "tiktok-us": "st-tiktok", aliexpress: "st-ae", shopify: "st-shop" };
const orders = [...generateDemoOrders(skus, pairings, { count: 20_000, anchor, storeIds })];
const share = (pred: (o: (typeof orders)[number]) => boolean) => orders.filter(pred).length / orders.length;

describe("demo merchant data", () => {
  it("has about 200 SKUs with unique codes, battery and liquid items among them", () => {
    expect(skus.length).toBeGreaterThanOrEqual(195);
    expect(new Set(skus.map((s) => s.code)).size).toBe(skus.length);
    expect(skus.some((s) => s.hasBattery) && skus.some((s) => s.hasLiquid)).toBe(true);
  });

  it("leaves some listings unpaired and some stock empty", () => {
    const unpaired = pairings.filter((p) => p.skuCode === null).length / pairings.length;
    expect(unpaired).toBeGreaterThan(0.01);
    expect(unpaired).toBeLessThan(0.06);
    expect(buildDemoInventory(skus).some((i) => i.quantity === 0)).toBe(true);
  });

  it("is deterministic", () => {
    const a = [...generateDemoOrders(skus, pairings, { count: 500, anchor, storeIds })];
    const b = [...generateDemoOrders(skus, pairings, { count: 500, anchor, storeIds })];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(buildDemoSkus())).toBe(JSON.stringify(skus));
  });

  it("produces valid orders inside the 90-day window with unique ids", () => {
    for (const o of orders) expect(ZOrder.safeParse(o).success).toBe(true);
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
    const times = orders.map((o) => Date.parse(o.createdAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(anchor.getTime() - 90 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(anchor.getTime());
  });

  it.each([
    ["US destinations", (o: (typeof orders)[number]) => o.shippingAddress.country === "US", 0.6, 0.9],
    ["battery items", (o: (typeof orders)[number]) => o.lines.some((l) => l.hasBattery), 0.1, 0.5],
    ["cancellation requested", (o: (typeof orders)[number]) => o.cancellationRequested, 0.02, 0.045],
    ["invalid address", (o: (typeof orders)[number]) => !o.shippingAddress.addressValid, 0.01, 0.035],
    ["unpaired SKU", (o: (typeof orders)[number]) => o.lines.some((l) => l.warehouseSku === null), 0.01, 0.1],
    ["multi-line", (o: (typeof orders)[number]) => o.lines.length > 1, 0.15, 0.4],
    ["over 2 kg", (o: (typeof orders)[number]) => deriveOrderFacts(o).chargeableWeightGrams > 2000, 0.01, 0.3],
  ])("has a believable share of %s", (_name, pred, lo, hi) => {
    const s = share(pred);
    expect(s).toBeGreaterThan(lo);
    expect(s).toBeLessThan(hi);
  });

  it("has buyers ordering twice within a day and open orders past their deadline", () => {
    const byBuyer = new Map<string, number[]>();
    for (const o of orders) byBuyer.set(o.buyerId, [...(byBuyer.get(o.buyerId) ?? []), Date.parse(o.createdAt)]);
    const repeats = [...byBuyer.values()].filter((ts) => ts.some((t, i) => ts.some((u, j) => i !== j && Math.abs(t - u) < 86_400_000))).length;
    expect(repeats).toBeGreaterThan(100);
    const overdue = orders.filter((o) => o.status === "awaiting_fulfillment" && o.shipByDeadline !== null && Date.parse(o.shipByDeadline) < anchor.getTime());
    expect(overdue.length).toBeGreaterThan(10);
  });
});
