/**
 * The ruleset templates against the demo merchant's master data (warehouses, channels and stock as
 * server/services/load-evaluation-context.ts turns them into an evaluation context; codes stand in
 * for database ids): each builds without any problem and decides demo orders as its title says.
 */
import { describe, expect, it } from "vitest";
import { type TOrder, ZEvaluationContext, compileGraph, evaluate, evaluateReference, validateGraph } from "@/rules-schema";
import { makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { RULE_TEMPLATE_IDS, type TRuleTemplateId, buildRuleTemplate } from "@/rules-schema/templates/rule-templates";
import { DEMO_CHANNELS, DEMO_WAREHOUSES, type DemoSku, buildDemoInventory, buildDemoSkus } from "./demo-merchant";

const skus = buildDemoSkus();
const stock = buildDemoInventory(skus);
const inventory: Record<string, Record<string, number>> = {};
for (const row of stock) (inventory[row.warehouseCode] ??= {})[row.skuCode] = row.quantity;

const DEMO_CONTEXT = ZEvaluationContext.parse({
  warehouses: DEMO_WAREHOUSES.map((w) => ({ id: w.code, name: w.name, kind: w.kind, country: w.country, calendar: w.calendar })),
  channels: DEMO_CHANNELS.map((c) => ({
    id: c.code,
    name: c.name,
    carrier: c.carrier,
    maxWeightGrams: c.maxWeightGrams,
    maxLengthCm: c.maxLengthCm,
    maxGirthCm: c.maxGirthCm,
    countries: c.countries,
    batteryAllowed: c.batteryAllowed,
    liquidAllowed: c.liquidAllowed,
    hazmatAllowed: c.hazmatAllowed,
    rateCard: c.rateCard,
    transitDays: c.transitDays,
  })),
  inventory,
});

const sku = (code: string): DemoSku => skus.find((s) => s.code === code)!;
const lineOf = (s: DemoSku, quantity = 1) =>
  makeLine({
    platformSku: s.code,
    warehouseSku: s.code,
    quantity,
    weightGrams: s.weightGrams,
    dimensionsCm: { length: s.lengthCm, width: s.widthCm, height: s.heightCm },
    hasBattery: s.hasBattery,
    hasLiquid: s.hasLiquid,
    category: s.category,
  });
const order = (lines: ReturnType<typeof lineOf>[], country = "US", extra: Parameters<typeof makeOrder>[0] = {}) => makeOrder({ lines, shippingAddress: { country }, ...extra });

const inLa = sku(stock.find((r) => r.warehouseCode === "LA-3PL" && r.quantity >= 2)!.skuCode);
const notInLa = skus.find((s) => !stock.some((r) => r.warehouseCode === "LA-3PL" && r.skuCode === s.code && r.quantity > 0) && !s.hasLiquid)!;
const powerBank = sku("LL-PB-10000-BLK");
const lamp = sku("LL-LAMP-RING-18");
const cable = sku("LL-CBL-C2C-1M");

describe("ruleset templates on the demo merchant", () => {
  it.each(RULE_TEMPLATE_IDS)("%s is available, has no problems and compiles", (id) => {
    const built = buildRuleTemplate(id, DEMO_CONTEXT);
    if (!built.ok) throw new Error(built.reason);
    expect(validateGraph(built.graph, { context: DEMO_CONTEXT })).toEqual([]);
    expect(compileGraph(built.graph, { context: DEMO_CONTEXT }).ok).toBe(true);
  });

  it("picks the Los Angeles 3PL, the battery channels, YunExpress Global Direct for heavy parcels and Shenzhen's calendar", () => {
    const uses = Object.fromEntries(RULE_TEMPLATE_IDS.map((id) => [id, (buildRuleTemplate(id, DEMO_CONTEXT) as { uses: string[] }).uses]));
    expect(uses).toMatchObject({
      "us-orders-from-los-angeles": ["Los Angeles 3PL (Ontario, CA)"],
      "battery-approved-channels": ["YunExpress Battery Line", "4PX Global Express Standard", "DHL Paket (from Hamburg)", "USPS Ground Advantage (from LA)"],
      "heavy-parcels": ["YunExpress Global Direct"],
      "deadline-priority": ["Shenzhen Longhua warehouse"],
    });
  });

  const rows: [TRuleTemplateId, string, TOrder, Record<string, unknown>][] = [
    ["us-orders-from-los-angeles", `a US order of ${inLa.code} (in stock in LA) ships from LA`, order([lineOf(inLa, 2)]), { warehouseId: "LA-3PL" }],
    ["us-orders-from-los-angeles", `a US order of ${notInLa.code} (not in LA) is left to other rules`, order([lineOf(notInLa)]), { warehouseId: null }],
    ["us-orders-from-los-angeles", "a German order is left to other rules", order([lineOf(inLa)], "DE"), { warehouseId: null }],
    ["battery-approved-channels", "a power bank to the US takes the battery line", order([lineOf(powerBank)]), { channelId: "YUN-BAT" }],
    ["battery-approved-channels", "a power bank to Poland (no battery line there) takes 4PX", order([lineOf(powerBank)], "PL"), { channelId: "4PX-GES" }],
    ["battery-approved-channels", "a power bank to Japan, where no battery channel goes, is held", order([lineOf(powerBank)], "JP"), { channelId: null, holds: [{ reason: "No battery-approved channel fits this parcel" }] }],
    ["battery-approved-channels", "a cable has no battery and is left alone", order([lineOf(cable)]), { channelId: null, holds: [] }],
    ["heavy-parcels", "three ring lamps (5.7 kg) take YunExpress Global Direct", order([lineOf(lamp, 3)]), { channelId: "YUN-GD", split: null }],
    ["heavy-parcels", "twenty ring lamps (38 kg) are split to fit it", order([lineOf(lamp, 20)]), { channelId: null, split: { strategy: "channelLimits", channelId: "YUN-GD" } }],
    ["heavy-parcels", "one lamp (1.9 kg) is left alone", order([lineOf(lamp)]), { channelId: null, split: null }],
    ["intercept-cancellations", "a cancellation request is intercepted", order([lineOf(cable)], "US", { cancellationRequested: true }), { intercept: { reason: "Buyer requested cancellation" } }],
    ["hold-unpaired-skus", "an unpaired Temu listing is held", order([lineOf(cable), makeLine({ platformSku: "TM70000001", warehouseSku: null })]), { holds: [{ reason: "Waiting for SKU pairing" }] }],
    ["hold-invalid-addresses", "an address that failed validation is held", makeOrder({ lines: [lineOf(cable)], shippingAddress: { addressValid: false } }), { holds: [{ reason: "Invalid shipping address" }] }],
    ["channel-matrix", "a cable to the US takes USPS, the fastest channel serving the US at that weight", order([lineOf(cable)]), { channelId: "USPS-GA", holds: [] }],
    ["channel-matrix", "a cable to Germany takes DHL Paket", order([lineOf(cable)], "DE"), { channelId: "DHL-PAKET" }],
    ["channel-matrix", "a cable to Korea takes YunExpress Global Direct (4PX does not serve Korea)", order([lineOf(cable)], "KR"), { channelId: "YUN-GD" }],
    ["channel-matrix", "three ring lamps (5.7 kg) to Japan take YunExpress Global Direct", order([lineOf(lamp, 3)], "JP"), { channelId: "YUN-GD" }],
    ["channel-matrix", "a power bank to Japan fits no row (no channel there takes batteries) and is held", order([lineOf(powerBank)], "JP"), { channelId: null, holds: [{ reason: "No channel in the matrix fits this parcel" }] }],
    ["deadline-priority", "due Saturday 18:00 in Shenzhen (about 11 business hours away) is urgent", order([lineOf(cable)], "US", { shipByDeadline: "2026-11-21T10:00:00Z" }), { priorityLevel: "urgent" }],
    ["deadline-priority", "due in five days is not", order([lineOf(cable)], "US", { shipByDeadline: "2026-11-25T10:00:00Z" }), { priorityLevel: null }],
  ];

  it.each(rows)("%s: %s", async (id, _what, o, expected) => {
    const built = buildRuleTemplate(id, DEMO_CONTEXT);
    if (!built.ok) throw new Error(built.reason);
    const compiled = compileGraph(built.graph, { context: DEMO_CONTEXT });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const fast = evaluate(compiled.compiled, o, DEMO_CONTEXT);
    expect(fast.decision).toMatchObject(expected);
    expect((await evaluateReference(compiled.compiled, o, DEMO_CONTEXT)).decision).toEqual(fast.decision);
  });
});
