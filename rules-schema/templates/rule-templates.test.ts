import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { EMPTY_CONTEXT, type TEvaluationContext, type TEvaluationContextInput } from "../context/context-schema";
import { evaluate } from "../evaluate/evaluate";
import { evaluatePipeline } from "../evaluate/evaluate-pipeline";
import { evaluateReference } from "../evaluate/evaluate-reference";
import type { TDecision } from "../evaluate/decision-schema";
import { validateGraph } from "../graph/analyze-graph";
import { isActionKind } from "../graph/graph-schema";
import { NODE_KIND_SPECS } from "../graph/node-kinds";
import { makeContext, makeLine, makeOrder } from "../testing/factories";
import { pickHeavyChannel, pickLosAngelesWarehouse } from "./pick-master-data";
import { RULE_TEMPLATES, RULE_TEMPLATE_IDS, type TRuleTemplateId, buildRuleTemplate } from "./rule-templates";

const CALENDAR_US = { timeZone: "America/New_York", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "08:00", cutoffTime: "16:00" };

/**
 * A small cross-border seller like the demo merchant: a Shenzhen warehouse, a Los Angeles 3PL,
 * a battery line that takes 2 kg, USPS from LA (US only, batteries), a 30 kg general line and
 * China Post for small parcels.
 */
const CHANNELS: TEvaluationContextInput["channels"] = [
  { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, maxLengthCm: 56, maxGirthCm: 274, countries: ["US"], batteryAllowed: true },
  { id: "ch-post", name: "China Post registered air mail", maxWeightGrams: 2000, maxLengthCm: 60, maxGirthCm: 90, countries: [] },
  { id: "ch-bat", name: "YunExpress Battery Line", maxWeightGrams: 2000, maxLengthCm: 60, countries: ["US", "GB", "DE"], batteryAllowed: true },
  { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30000, maxLengthCm: 120, countries: ["US", "GB", "DE", "FR"] },
];
const seller = (overrides: Partial<TEvaluationContextInput> = {}) => makeContext({ channels: CHANNELS, ...overrides });
const SELLER = seller();

interface Outcome {
  warehouseId: string | null;
  channelId: string | null;
  holds: string[];
  intercept: string | null;
  split: string | null;
  merge: number | null;
  priority: string | null;
  fired: number;
}
const NOTHING: Outcome = { warehouseId: null, channelId: null, holds: [], intercept: null, split: null, merge: null, priority: null, fired: 0 };
/** What a person reading the decision would notice. */
const outcomeOf = (d: TDecision): Outcome => ({
  warehouseId: d.warehouseId,
  channelId: d.channelId,
  holds: d.holds.map((h) => h.reason),
  intercept: d.intercept?.reason ?? null,
  split: d.split ? `${d.split.strategy}:${d.split.channelId}` : null,
  merge: d.merge?.withinHours ?? null,
  priority: d.priorityLevel,
  fired: d.firedRules.length,
});

function compiledOf(id: TRuleTemplateId, context: TEvaluationContext): TCompiledRuleset {
  const built = buildRuleTemplate(id, context);
  if (!built.ok) throw new Error(`${id} is unavailable: ${built.reason}`);
  const result = compileGraph(built.graph, { context });
  if (!result.ok) throw new Error(`${id} does not compile: ${JSON.stringify(result.problems)}`);
  return result.compiled;
}

const battery = (weightGrams: number) => [makeLine({ weightGrams, hasBattery: true })];
const buyerOrderAt = (createdAt: string) => seller({ buyerOpenOrders: { "buyer-1": [{ orderId: "ord-0", createdAt }] } });

describe("rule templates", () => {
  it.each(RULE_TEMPLATE_IDS)("%s builds a graph with no problems at all (errors or warnings) that compiles to its stage and hit policy", (id) => {
    const template = RULE_TEMPLATES[id];
    const built = buildRuleTemplate(id, SELLER);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(validateGraph(built.graph, { context: SELLER })).toEqual([]);
    expect(built.graph).toMatchObject({ name: template.title, stage: template.stage, hitPolicy: template.hitPolicy });
    const compiled = compiledOf(id, SELLER);
    expect([compiled.stage, compiled.hitPolicy]).toEqual([template.stage, template.hitPolicy]);
    // Every action is one the stage is meant for.
    for (const n of built.graph.nodes) if (isActionKind(n.kind)) expect(NODE_KIND_SPECS[n.kind].stages).toContain(template.stage);
  });

  it.each(RULE_TEMPLATE_IDS)("%s reads left to right: every connection goes to a node further right, and every node but Start has a label", (id) => {
    const built = buildRuleTemplate(id, SELLER, "My copy");
    if (!built.ok) throw new Error(built.reason);
    expect(built.graph.name).toBe("My copy");
    const at = new Map(built.graph.nodes.map((n) => [n.id, n.position]));
    for (const e of built.graph.edges) expect(at.get(e.targetId)!.x).toBeGreaterThan(at.get(e.sourceId)!.x);
    const spots = built.graph.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    for (const n of built.graph.nodes) if (n.kind !== "start") expect(n.label?.trim()).toBeTruthy();
  });

  it("names the master data each template picked", () => {
    const uses = Object.fromEntries(RULE_TEMPLATE_IDS.map((id) => [id, (buildRuleTemplate(id, SELLER) as { uses: string[] }).uses]));
    expect(uses).toEqual({
      "us-orders-from-los-angeles": ["Los Angeles"],
      "nearest-warehouse-with-stock": ["Los Angeles", "Shenzhen"],
      "battery-approved-channels": ["YunExpress Battery Line", "USPS Ground Advantage"],
      "channels-by-warehouse": ["China Post registered air mail", "USPS Ground Advantage", "YunExpress Battery Line", "YunExpress Global Direct"],
      "channel-matrix": ["China Post registered air mail", "YunExpress Battery Line", "USPS Ground Advantage", "YunExpress Global Direct"],
      "heavy-parcels": ["YunExpress Global Direct"],
      "intercept-cancellations": [],
      "hold-unpaired-skus": [],
      "hold-invalid-addresses": [],
      "merge-buyer-orders": [],
      "deadline-priority": ["Shenzhen"],
    });
  });

  type Row = [TRuleTemplateId, string, ReturnType<typeof makeOrder>, TEvaluationContext, Partial<Outcome>];
  const rows: Row[] = [
    ["us-orders-from-los-angeles", "a US order in stock in LA ships from LA", makeOrder(), SELLER, { warehouseId: "wh-la", fired: 1 }],
    ["us-orders-from-los-angeles", "a US order LA has no stock for is left to other rules", makeOrder({ lines: [makeLine({ warehouseSku: "W-2" })] }), SELLER, {}],
    ["us-orders-from-los-angeles", "a US order LA has too few units for is left alone", makeOrder({ lines: [makeLine({ quantity: 11 })] }), SELLER, {}],
    ["us-orders-from-los-angeles", "a German order is left alone though LA has stock", makeOrder({ shippingAddress: { country: "DE" } }), SELLER, {}],
    ["battery-approved-channels", "a 500 g battery order to the US takes the battery line", makeOrder({ lines: battery(500) }), SELLER, { channelId: "ch-bat", fired: 1 }],
    ["battery-approved-channels", "a 5 kg battery order to the US takes USPS (the battery line stops at 2 kg)", makeOrder({ lines: battery(5000) }), SELLER, { channelId: "ch-usps", fired: 1 }],
    ["battery-approved-channels", "a battery order to France, served by no battery channel, is held", makeOrder({ lines: battery(500), shippingAddress: { country: "FR" } }), SELLER, { holds: ["No battery-approved channel fits this parcel"], fired: 1 }],
    ["battery-approved-channels", "an order without a battery is left alone", makeOrder({ lines: [makeLine({ weightGrams: 500 })] }), SELLER, {}],
    ["heavy-parcels", "a 3 kg order takes the heavy channel", makeOrder({ lines: [makeLine({ weightGrams: 3000 })] }), SELLER, { channelId: "ch-gd", fired: 1 }],
    ["heavy-parcels", "a 40 kg order is split to fit the heavy channel", makeOrder({ lines: [makeLine({ weightGrams: 10000, quantity: 4 })] }), SELLER, { split: "channelLimits:ch-gd", fired: 1 }],
    ["heavy-parcels", "exactly 2 kg is not over 2 kg", makeOrder({ lines: [makeLine({ weightGrams: 1000, quantity: 2 })] }), SELLER, {}],
    ["heavy-parcels", "a 300 g order is left alone", makeOrder(), SELLER, {}],
    ["intercept-cancellations", "an order whose buyer asked to cancel is intercepted", makeOrder({ cancellationRequested: true }), SELLER, { intercept: "Buyer requested cancellation", fired: 1 }],
    ["intercept-cancellations", "an order without a cancellation request goes on", makeOrder({ refundRequested: true }), SELLER, {}],
    ["hold-unpaired-skus", "an order with an unpaired line is held for pairing", makeOrder({ lines: [makeLine(), makeLine({ platformSku: "NEW-1", warehouseSku: null })] }), SELLER, { holds: ["Waiting for SKU pairing"], fired: 1 }],
    ["hold-unpaired-skus", "an order whose lines are all paired goes on", makeOrder({ lines: [makeLine(), makeLine({ platformSku: "SKU-2", warehouseSku: "W-2" })] }), SELLER, {}],
    ["hold-invalid-addresses", "an order whose address failed validation is held", makeOrder({ shippingAddress: { addressValid: false } }), SELLER, { holds: ["Invalid shipping address"], fired: 1 }],
    ["hold-invalid-addresses", "an order with a valid address goes on", makeOrder(), SELLER, {}],
    ["merge-buyer-orders", "the buyer's other open order 12 h earlier is merged", makeOrder(), buyerOrderAt("2026-11-19T20:00:00Z"), { merge: 24, fired: 1 }],
    ["merge-buyer-orders", "the buyer's other open order 30 h earlier is not", makeOrder(), buyerOrderAt("2026-11-19T02:00:00Z"), {}],
    ["merge-buyer-orders", "a buyer with no other open order is not", makeOrder(), SELLER, {}],
    // Paid Friday 16:05 in Shenzhen (works Mon–Sat 09:00–18:00).
    ["deadline-priority", "due Saturday 16:00 Shenzhen time (about 9 business hours) is urgent", makeOrder({ shipByDeadline: "2026-11-21T08:00:00Z" }), SELLER, { priority: "urgent", fired: 1 }],
    ["deadline-priority", "a deadline already passed is urgent", makeOrder({ shipByDeadline: "2026-11-20T06:00:00Z" }), SELLER, { priority: "urgent", fired: 1 }],
    ["deadline-priority", "due next Wednesday is not", makeOrder({ shipByDeadline: "2026-11-25T08:00:00Z" }), SELLER, {}],
    ["deadline-priority", "no deadline at all is not", makeOrder({ shipByDeadline: null }), SELLER, {}],
  ];

  it.each(rows)("%s: %s", async (id, _what, order, context, expected) => {
    const compiled = compiledOf(id, context);
    const fast = evaluate(compiled, order, context);
    expect(outcomeOf(fast.decision)).toEqual({ ...NOTHING, ...expected });
    // json-rules-engine itself decides the same.
    const reference = await evaluateReference(compiled, order, context);
    expect(reference.decision).toEqual(fast.decision);
  });

  const noUsOverseas = seller({
    warehouses: [
      { id: "wh-nj", name: "New Jersey", kind: "own", country: "US", calendar: CALENDAR_US },
      { id: "wh-de", name: "Hamburg 3PL", kind: "overseas_3pl", country: "DE", calendar: CALENDAR_US },
    ],
  });
  it.each<[string, TEvaluationContext, TRuleTemplateId, string]>([
    ["no overseas warehouse in the US", noUsOverseas, "us-orders-from-los-angeles", "no overseas warehouse in the US"],
    ["no warehouse at all", seller({ warehouses: [] }), "us-orders-from-los-angeles", "no overseas warehouse in the US"],
    ["no channel that takes batteries", seller({ channels: CHANNELS.map((c) => ({ ...c, batteryAllowed: false })) }), "battery-approved-channels", "no logistics channel accepts batteries"],
    ["no channel over 2 kg", seller({ channels: CHANNELS.filter((c) => c.maxWeightGrams <= 2000) }), "heavy-parcels", "no logistics channel takes parcels over 2 kg"],
    ["no warehouse for the business calendar", seller({ warehouses: [] }), "deadline-priority", "no warehouse yet"],
  ])("with %s, %s is unavailable and says why", (_what, context, id, reason) => {
    const built = buildRuleTemplate(id, context);
    expect(built.ok).toBe(false);
    expect(built.ok ? "" : built.reason).toContain(reason);
  });

  it("offers the templates that need no master data to an organization that has none", () => {
    const available = RULE_TEMPLATE_IDS.filter((id) => buildRuleTemplate(id, EMPTY_CONTEXT).ok);
    expect(available).toEqual(["intercept-cancellations", "hold-unpaired-skus", "hold-invalid-addresses", "merge-buyer-orders"]);
  });
});

describe("picking master data", () => {
  const wh = (id: string, name: string, kind: "own" | "overseas_3pl", country = "US") => ({ id, name, kind, country, calendar: CALENDAR_US });
  it.each<[string, TEvaluationContextInput["warehouses"], string]>([
    ["the one named Los Angeles", [wh("w1", "Dallas 3PL", "overseas_3pl"), wh("w2", "Los Angeles 3PL (Ontario, CA)", "overseas_3pl")], "w2"],
    ["the one called LA", [wh("w1", "Dallas 3PL", "overseas_3pl"), wh("w2", "West Coast LA hub", "overseas_3pl")], "w2"],
    ["an own US warehouse in Los Angeles does not count", [wh("w1", "Los Angeles office", "own"), wh("w2", "Newark 3PL", "overseas_3pl")], "w2"],
    ["otherwise the first US overseas warehouse by name", [wh("w1", "Newark 3PL", "overseas_3pl"), wh("w2", "Dallas 3PL", "overseas_3pl"), wh("w3", "Lahore 3PL", "overseas_3pl", "PK")], "w2"],
  ])("the LA warehouse is %s", (_what, warehouses, expected) => {
    const picked = pickLosAngelesWarehouse(makeContext({ warehouses }));
    expect(picked.ok && picked.value.id).toBe(expected);
  });

  const ch = (id: string, maxWeightGrams: number, countries: string[]) => ({ id, name: id, maxWeightGrams, countries });
  it.each<[string, TEvaluationContextInput["channels"], string]>([
    ["the one serving every country", [ch("us-30kg", 31000, ["US"]), ch("world-5kg", 5000, [])], "world-5kg"],
    ["the one serving the most countries", [ch("us-30kg", 31000, ["US"]), ch("eu-30kg", 31500, ["DE", "FR"]), ch("global-20kg", 20000, ["US", "DE", "FR", "GB"])], "global-20kg"],
    ["among equal coverage, the heaviest", [ch("a-10kg", 10000, ["US", "DE"]), ch("b-20kg", 20000, ["US", "GB"])], "b-20kg"],
    ["never one that stops at 2 kg", [ch("world-2kg", 2000, []), ch("us-9kg", 9000, ["US"])], "us-9kg"],
  ])("the heavy channel is %s", (_what, channels, expected) => {
    const picked = pickHeavyChannel(makeContext({ channels }));
    expect(picked.ok && picked.value.id).toBe(expected);
  });
});

describe("a whole pipeline from the templates, with channels that know where they ship from", () => {
  /** USPS collects in Los Angeles (2–5 days); the China lines in Shenzhen, Global Direct fastest of them. */
  const context = makeContext({
    channels: [
      { id: "ch-usps", name: "USPS Ground Advantage", maxWeightGrams: 9000, countries: ["US"], batteryAllowed: true, originWarehouseIds: ["wh-la"], transitDays: { min: 2, max: 5 } },
      { id: "ch-post", name: "China Post registered air mail", maxWeightGrams: 2000, countries: [], originWarehouseIds: ["wh-sz"], transitDays: { min: 12, max: 30 } },
      { id: "ch-bat", name: "YunExpress Battery Line", maxWeightGrams: 2000, countries: ["US", "GB", "DE"], batteryAllowed: true, originWarehouseIds: ["wh-sz"], transitDays: { min: 8, max: 14 } },
      { id: "ch-gd", name: "YunExpress Global Direct", maxWeightGrams: 30000, countries: ["US", "GB", "DE", "FR"], originWarehouseIds: ["wh-sz"], transitDays: { min: 7, max: 12 } },
    ],
  });
  const pipeline = (["nearest-warehouse-with-stock", "channels-by-warehouse"] as const).map((id) => {
    const compiled = compiledOf(id, context);
    return { stage: compiled.stage, compiled };
  });
  const route = (order: ReturnType<typeof makeOrder>) => {
    const d = evaluatePipeline(pipeline, order, context).decision;
    return { warehouseId: d.warehouseId, channelId: d.channelId, holds: d.holds.map((h) => h.reason), conflicts: d.conflicts.length };
  };

  it("validates with no problems against master data with origins", () => {
    for (const id of ["nearest-warehouse-with-stock", "channels-by-warehouse"] as const) {
      const built = buildRuleTemplate(id, context);
      expect(built.ok && validateGraph(built.graph, { context })).toEqual([]);
    }
  });

  it.each<[string, ReturnType<typeof makeOrder>, ReturnType<typeof route>]>([
    ["a US order in stock in Los Angeles ships from there by USPS", makeOrder(), { warehouseId: "wh-la", channelId: "ch-usps", holds: [], conflicts: 0 }],
    ["a US order Los Angeles lacks ships from Shenzhen on the fastest line that fits", makeOrder({ lines: [makeLine({ warehouseSku: "W-2" })] }), { warehouseId: "wh-sz", channelId: "ch-gd", holds: [], conflicts: 0 }],
    ["a German battery order ships from Shenzhen on the battery line (Global Direct refuses batteries)", makeOrder({ shippingAddress: { country: "DE" }, lines: [makeLine({ hasBattery: true })] }), { warehouseId: "wh-sz", channelId: "ch-bat", holds: [], conflicts: 0 }],
    ["a Japanese order only China Post serves", makeOrder({ shippingAddress: { country: "JP" } }), { warehouseId: "wh-sz", channelId: "ch-post", holds: [], conflicts: 0 }],
    ["a 5 kg battery order to Japan fits no Shenzhen channel and is held", makeOrder({ shippingAddress: { country: "JP" }, lines: [makeLine({ hasBattery: true, weightGrams: 5000 })] }), { warehouseId: "wh-sz", channelId: null, holds: ["No channel from Shenzhen fits this parcel"], conflicts: 0 }],
  ])("%s", (_what, order, expected) => {
    expect(route(order)).toEqual(expected);
  });
});
