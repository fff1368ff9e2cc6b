import { describe, expect, it } from "vitest";
import { makeLine, makeOrder } from "../testing/factories";
import { deriveOrderFacts } from "./derive-order-facts";
import { ZOrder } from "./order-schema";

describe("deriveOrderFacts", () => {
  const order = makeOrder({
    paidAt: "2026-11-20T10:00:00Z",
    shipByDeadline: "2026-11-22T10:00:00Z",
    lines: [
      makeLine({ platformSku: "A", warehouseSku: "W-A", quantity: 2, weightGrams: 400, dimensionsCm: { length: 30, width: 20, height: 10 }, category: "toys" }),
      makeLine({ platformSku: "B", warehouseSku: null, quantity: 1, weightGrams: 1200, hasBattery: true, category: "electronics" }),
      makeLine({ platformSku: "A", warehouseSku: "W-A", quantity: 1, weightGrams: 400, category: "toys" }),
    ],
  });
  const d = deriveOrderFacts(order, "2026-11-20T16:00:00Z");

  it.each([
    ["totalWeightGrams", 2 * 400 + 1200 + 400],
    ["totalQuantity", 4],
    ["lineCount", 3],
    ["skus", ["A", "B"]],
    ["warehouseSkus", ["W-A"]],
    ["categories", ["toys", "electronics"]],
    ["hasBattery", true],
    ["hasLiquid", false],
    ["largestDimensionCm", 30],
    ["largestGirthCm", 30 + 2 * (20 + 10)],
    ["volumetricWeightGrams", 2 * ((30 * 20 * 10) / 5000) * 1000],
    ["chargeableWeightGrams", 2400],
    ["allSkusPaired", false],
    ["unpairedSkus", ["B"]],
    ["hoursSinceCreated", 8],
    ["hoursSincePaid", 6],
    ["hoursToDeadline", 42],
  ] as const)("%s", (fact, expected) => {
    expect(d[fact]).toEqual(expected);
  });

  it("uses the paid time as 'now' when none is given, so replays are deterministic", () => {
    expect(deriveOrderFacts(order).hoursSincePaid).toBe(0);
    expect(deriveOrderFacts(makeOrder({ paidAt: null })).hoursSincePaid).toBeNull();
  });

  it("uses volumetric weight as chargeable weight when the parcel is bulky", () => {
    const bulky = deriveOrderFacts(makeOrder({ lines: [makeLine({ weightGrams: 100, dimensionsCm: { length: 50, width: 40, height: 30 } })] }));
    expect(bulky.volumetricWeightGrams).toBe(12_000);
    expect(bulky.chargeableWeightGrams).toBe(12_000);
  });
});

describe("ZOrder", () => {
  it.each([
    ["country not ISO", { shippingAddress: { country: "USA" } }, "shippingAddress.country"],
    ["no lines", { lines: [] }, "lines"],
    ["zero quantity", { lines: [{ platformSku: "A", quantity: 0, unitPrice: 1, weightGrams: 1 }] }, "lines.0.quantity"],
    ["timestamp without offset", { createdAt: "2026-11-20 08:00" }, "createdAt"],
    ["unknown platform", { platform: "ebay" }, "platform"],
  ])("rejects %s at %s", (_name, patch, path) => {
    const base = { id: "o", platform: "temu", storeId: "s", createdAt: "2026-11-20T08:00:00Z", currency: "USD", totalValue: 1, shippingAddress: { country: "US" }, lines: [{ platformSku: "A", quantity: 1, unitPrice: 1, weightGrams: 1 }] };
    const r = ZOrder.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
