import { z } from "zod";
import type { TEvaluationContext } from "../context/context-schema";
import type { THitPolicy, TRuleGraph, TStage } from "../graph/graph-schema";
import {
  HEAVY_PARCEL_GRAMS,
  pickBatteryChannels,
  pickChannelsByWarehouse,
  pickHeavyChannel,
  pickHomeWarehouse,
  pickLosAngelesWarehouse,
  pickOverseasWarehouses,
  refName,
} from "./pick-master-data";
import { TemplateGraph } from "./template-graph";
import type { TChannelRef } from "../context/context-schema";
import { ACTION_PRIORITY_DEFAULT } from "../graph/graph-schema";
import { checkTable } from "../tables/table-checks";
import { type TDecisionTableData, type TTableRow, ZDecisionTableData } from "../tables/table-schema";

/** Templates in the order the issue lists them (the order the "New ruleset" dialog shows within a stage). */
export const RULE_TEMPLATE_IDS = [
  "us-orders-from-los-angeles",
  "nearest-warehouse-with-stock",
  "battery-approved-channels",
  "channels-by-warehouse",
  "channel-matrix",
  "heavy-parcels",
  "intercept-cancellations",
  "hold-unpaired-skus",
  "hold-invalid-addresses",
  "merge-buyer-orders",
  "deadline-priority",
] as const;
export const ZRuleTemplateId = z.enum(RULE_TEMPLATE_IDS);
export type TRuleTemplateId = z.infer<typeof ZRuleTemplateId>;

/** A template's graph for one organization, with the names of the master data it picked; or why it cannot be built there. */
export type TTemplateBuild = { ok: true; graph: TRuleGraph; uses: string[] } | { ok: false; reason: string };

export interface RuleTemplate {
  id: TRuleTemplateId;
  title: string;
  description: string;
  stage: TStage;
  hitPolicy: THitPolicy;
  /** A pure function of the organization's master data. */
  build: (context: TEvaluationContext) => TTemplateBuild;
}

type Drawn = { ok: true; uses: string[] } | { ok: false; reason: string };

/** A template whose `draw` adds its nodes to a graph of the template's stage and hit policy. */
function defineTemplate(meta: Omit<RuleTemplate, "build">, draw: (g: TemplateGraph, context: TEvaluationContext) => Drawn): RuleTemplate {
  return {
    ...meta,
    build: (context) => {
      const g = new TemplateGraph(meta.stage, meta.hitPolicy);
      const drawn = draw(g, context);
      return drawn.ok ? { ok: true, graph: g.build(meta.title), uses: drawn.uses } : drawn;
    },
  };
}

/** Intercepting outranks anything else the stage may decide. */
const INTERCEPT_PRIORITY = 1000;
const MERGE_WINDOW_HOURS = 24;
const URGENT_BUSINESS_HOURS = 12;

const usOrdersFromLosAngeles = defineTemplate(
  {
    id: "us-orders-from-los-angeles",
    title: "US orders from Los Angeles",
    description: "US orders whose items are all in stock at your Los Angeles overseas warehouse ship from there instead of crossing the ocean.",
    stage: "warehouseMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    const la = pickLosAngelesWarehouse(context);
    if (!la.ok) return la;
    const name = refName(la.value);
    g.chain([
      g.condition("to-us", "US order", "country", "equal", "US"),
      g.condition("in-stock-la", `All in stock at ${name}`, "inStockAt", "equal", true, { warehouseId: la.value.id }),
      g.action("ship-from-la", "assignWarehouse", "Ship locally", { warehouseId: la.value.id }),
    ]);
    return { ok: true, uses: [name] };
  },
);

const nearestWarehouseWithStock = defineTemplate(
  {
    id: "nearest-warehouse-with-stock",
    title: "Nearest warehouse with stock",
    description:
      "Orders go to the overseas warehouse that serves their destination (the countries its channels deliver to) when all items are in stock there; every other order ships from your own warehouse.",
    stage: "warehouseMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    const home = pickHomeWarehouse(context);
    if (!home.ok) return home;
    const overseas = pickOverseasWarehouses(context);
    const uses: string[] = [];
    overseas.forEach(({ warehouse, countries }, i) => {
      const name = refName(warehouse);
      uses.push(name);
      const to = g.condition(`to-${i + 1}`, `Delivers to ${countries.length > 4 ? `${countries.slice(0, 4).join(", ")}…` : countries.join(", ")}`, "country", "in", countries);
      const stock = g.condition(`in-stock-${i + 1}`, `All in stock at ${name}`, "inStockAt", "equal", true, { warehouseId: warehouse.id });
      const ship = g.action(`ship-from-${i + 1}`, "assignWarehouse", `Ship from ${name}`, { warehouseId: warehouse.id, priority: 200 - i });
      g.link("start", to, "next").link(to, stock, "true").link(stock, ship, "true");
    });
    const fallback = g.fallback();
    g.link(fallback, g.action("ship-from-home", "assignWarehouse", `Ship from ${refName(home.value)}`, { warehouseId: home.value.id }), "next");
    uses.push(refName(home.value));
    return { ok: true, uses };
  },
);

const channelsByWarehouse = defineTemplate(
  {
    id: "channels-by-warehouse",
    title: "Fastest channel that fits, per warehouse",
    description:
      "For each warehouse, its channels are tried fastest first: the first whose weight, size, destination and battery rules the parcel fits carries it; when none fits, the order is held.",
    stage: "logisticsMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    const byWarehouse = pickChannelsByWarehouse(context);
    if (!byWarehouse.ok) return byWarehouse;
    const uses = new Set<string>();
    byWarehouse.value.forEach(({ warehouse, channels }, w) => {
      const from = g.condition(`from-${w + 1}`, `Ships from ${refName(warehouse)}`, "assignedWarehouse", "equal", warehouse.id);
      g.link("start", from, "next");
      let previous = from;
      channels.forEach((ch, c) => {
        uses.add(refName(ch));
        const fits = g.condition(`fits-${w + 1}-${c + 1}`, `Fits ${refName(ch)}`, "fitsChannel", "equal", true, { channelId: ch.id });
        g.link(previous, fits, c === 0 ? "true" : "false");
        g.link(fits, g.action(`ship-${w + 1}-${c + 1}`, "assignChannel", refName(ch), { channelId: ch.id }), "true");
        previous = fits;
      });
      g.link(previous, g.action(`hold-${w + 1}`, "hold", "No channel fits", { reason: `No channel from ${refName(warehouse)} fits this parcel` }), "false");
    });
    return { ok: true, uses: [...uses] };
  },
);

/** Weight bands of the channel matrix, in grams (each row covers its band up to the channel's own limit; the last band is open). */
const WEIGHT_BANDS: readonly [number, number][] = [
  [0, 500],
  [500, 2000],
  [2000, Number.MAX_SAFE_INTEGER],
];

const channelMatrix = defineTemplate(
  {
    id: "channel-matrix",
    title: "Channel matrix (decision table)",
    description:
      "One table: destination countries × weight bands × battery (and the warehouse a channel collects from) → channel, from each channel's own limits, fastest first within a band; the first matching row decides, and an order no row fits is held.",
    stage: "logisticsMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    if (context.channels.length === 0) return { ok: false, reason: "no logistics channel yet (add one under Channels)" };
    const speed = (c: TChannelRef) => c.transitDays?.max ?? Number.MAX_SAFE_INTEGER;
    const channels = [...context.channels].sort((a, b) => speed(a) - speed(b) || a.maxWeightGrams - b.maxWeightGrams || refName(a).localeCompare(refName(b)));
    const withOrigins = channels.some((c) => c.originWarehouseIds.length > 0);
    const conditions = [
      { id: "country", fact: "country", operator: "in", label: "Destination" },
      { id: "weight", fact: "chargeableWeightGrams", operator: "between", unit: "kg", label: "Chargeable weight" },
      { id: "battery", fact: "hasBattery", operator: "equal", label: "Battery" },
      ...(withOrigins ? [{ id: "from", fact: "assignedWarehouse", operator: "in", label: "Ships from" }] : []),
    ];
    let rows: TTableRow[] = [];
    for (const [lo, hi] of WEIGHT_BANDS)
      for (const c of channels) {
        if (c.maxWeightGrams <= lo) continue;
        const cells: Record<string, unknown> = { weight: [lo, Math.min(hi, c.maxWeightGrams)] };
        if (c.countries.length > 0) cells.country = [...c.countries];
        if (!c.batteryAllowed) cells.battery = false;
        if (withOrigins && c.originWarehouseIds.length > 0) cells.from = [...c.originWarehouseIds];
        rows.push({ id: `${c.id}-${lo}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 60), description: `${refName(c)}, ${lo / 1000}–${Math.min(hi, c.maxWeightGrams) / 1000} kg`, cells, actions: { channel: { channelId: c.id } } });
      }
    rows.push({ id: "none-fits", description: "No channel fits", cells: {}, actions: { hold: { reason: "No channel in the matrix fits this parcel" } } });
    const table = (r: TTableRow[]): TDecisionTableData =>
      ZDecisionTableData.parse({ hitPolicy: "first", priority: ACTION_PRIORITY_DEFAULT, conditions, actions: [{ id: "channel", kind: "assignChannel", label: "Channel" }, { id: "hold", kind: "hold", label: "Otherwise hold" }], rows: r });
    // A row an earlier row always beats can never decide: leave it out.
    for (;;) {
      const hidden = new Set(
        checkTable("matrix", table(rows), { context, rulesetHitPolicy: "first" })
          .filter((p) => p.code === "shadowedRow")
          .map((p) => Number(/^data\.rows\.(\d+)/.exec(p.field ?? "")?.[1])),
      );
      if (hidden.size === 0) break;
      rows = rows.filter((_r, i) => !hidden.has(i));
    }
    g.table("matrix", "Channel matrix", table(rows));
    g.link("start", "matrix", "next");
    return { ok: true, uses: channels.filter((c) => rows.some((r) => (r.actions.channel as { channelId?: string } | undefined)?.channelId === c.id)).map(refName) };
  },
);

const batteryApprovedChannels = defineTemplate(
  {
    id: "battery-approved-channels",
    title: "Batteries only on battery-approved channels",
    description: "Orders containing a battery go to the first battery-approved channel whose limits the parcel fits; when none fits, the order is held.",
    stage: "logisticsMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    const channels = pickBatteryChannels(context);
    if (!channels.ok) return channels;
    g.chain([g.condition("has-battery", "Contains a battery", "hasBattery", "equal", true)]);
    let previous = "has-battery";
    channels.value.forEach((ch, i) => {
      const name = refName(ch);
      const fits = g.condition(`fits-${i + 1}`, `Fits ${name}`, "fitsChannel", "equal", true, { channelId: ch.id });
      g.link(previous, fits, i === 0 ? "true" : "false");
      g.link(fits, g.action(`ship-${i + 1}`, "assignChannel", "Use this channel", { channelId: ch.id }), "true");
      previous = fits;
    });
    g.link(previous, g.action("hold-no-channel", "hold", "No battery channel fits", { reason: "No battery-approved channel fits this parcel" }), "false");
    return { ok: true, uses: channels.value.map(refName) };
  },
);

const heavyParcels = defineTemplate(
  {
    id: "heavy-parcels",
    title: "Heavy parcels over 2 kg",
    description: "Orders over 2 kg go to your heavy-parcel channel when they fit its limits; otherwise the package is split to fit them.",
    stage: "logisticsMatching",
    hitPolicy: "first",
  },
  (g, context) => {
    const heavy = pickHeavyChannel(context);
    if (!heavy.ok) return heavy;
    const name = refName(heavy.value);
    // A channel that collects only from some warehouses takes (and splits) only their orders.
    const origins = heavy.value.originWarehouseIds.filter((id) => context.warehouses.some((w) => w.id === id));
    const fromOrigin = origins.length
      ? [g.condition("from-origin", `Ships from ${origins.map((id) => refName(context.warehouses.find((w) => w.id === id)!)).join(", ")}`, "assignedWarehouse", "in", origins)]
      : [];
    g.chain([
      g.condition("over-2kg", "Over 2 kg", "totalWeightGrams", "greaterThan", HEAVY_PARCEL_GRAMS),
      ...fromOrigin,
      g.condition("fits-heavy", `Fits ${name}`, "fitsChannel", "equal", true, { channelId: heavy.value.id }),
      g.action("ship-heavy", "assignChannel", "Heavy-parcel channel", { channelId: heavy.value.id }),
    ]);
    g.link("fits-heavy", g.action("split-heavy", "splitPackage", "Split into lighter parcels", { strategy: "channelLimits", channelId: heavy.value.id }), "false");
    return { ok: true, uses: [name] };
  },
);

const interceptCancellations = defineTemplate(
  {
    id: "intercept-cancellations",
    title: "Intercept cancellation requests",
    description: "Orders whose buyer asked to cancel are intercepted before they are pushed to a warehouse; nothing else is decided for them.",
    stage: "autoProcessing",
    hitPolicy: "first",
  },
  (g) => {
    g.chain([
      g.condition("cancel-requested", "Buyer asked to cancel", "cancellationRequested", "equal", true),
      g.action("intercept", "intercept", "Stop before shipping", { priority: INTERCEPT_PRIORITY, reason: "Buyer requested cancellation" }),
    ]);
    return { ok: true, uses: [] };
  },
);

const holdUnpairedSkus = defineTemplate(
  {
    id: "hold-unpaired-skus",
    title: "Hold orders with unpaired SKUs",
    description: "Orders with a platform SKU that is not paired to a warehouse SKU wait on hold until someone pairs it.",
    stage: "skuPairing",
    hitPolicy: "first",
  },
  (g) => {
    g.chain([
      g.condition("unpaired", "Has an unpaired SKU", "allSkusPaired", "equal", false),
      g.action("hold-pairing", "hold", "Wait for pairing", { reason: "Waiting for SKU pairing" }),
    ]);
    return { ok: true, uses: [] };
  },
);

const holdInvalidAddresses = defineTemplate(
  {
    id: "hold-invalid-addresses",
    title: "Hold invalid addresses",
    description: "Orders whose shipping address failed validation are held until the address is corrected.",
    stage: "orderReview",
    hitPolicy: "all",
  },
  (g) => {
    g.chain([
      g.condition("address-invalid", "Address failed validation", "addressValid", "equal", false),
      g.action("hold-address", "hold", "Wait for a corrected address", { reason: "Invalid shipping address" }),
    ]);
    return { ok: true, uses: [] };
  },
);

const mergeBuyerOrders = defineTemplate(
  {
    id: "merge-buyer-orders",
    title: "Merge a buyer's orders within 24 h",
    description: "When the same buyer placed other open orders within 24 hours, they are merged into one shipment.",
    stage: "autoProcessing",
    hitPolicy: "all",
  },
  (g) => {
    g.chain([
      g.condition("same-buyer-24h", "Same buyer ordered within 24 h", "buyerOrdersWithinHours", "greaterThanInclusive", 1, { hours: MERGE_WINDOW_HOURS }),
      g.action("merge", "mergeOrders", "Ship together", { withinHours: MERGE_WINDOW_HOURS }),
    ]);
    return { ok: true, uses: [] };
  },
);

const deadlinePriority = defineTemplate(
  {
    id: "deadline-priority",
    title: "Rush orders due within 12 business hours",
    description: "Orders whose ship-by deadline is at most 12 working hours of your warehouse away (or already passed) get urgent priority.",
    stage: "autoProcessing",
    hitPolicy: "all",
  },
  (g, context) => {
    const home = pickHomeWarehouse(context);
    if (!home.ok) return home;
    const name = refName(home.value);
    g.chain([
      g.condition("due-soon", "Due within 12 business hours", "businessHoursToDeadline", "lessThanInclusive", URGENT_BUSINESS_HOURS, { warehouseId: home.value.id }),
      g.action("urgent", "setPriority", "Rush", { level: "urgent" }),
    ]);
    return { ok: true, uses: [name] };
  },
);

/** Every template, by id. */
export const RULE_TEMPLATES: Record<TRuleTemplateId, RuleTemplate> = {
  "us-orders-from-los-angeles": usOrdersFromLosAngeles,
  "nearest-warehouse-with-stock": nearestWarehouseWithStock,
  "battery-approved-channels": batteryApprovedChannels,
  "channels-by-warehouse": channelsByWarehouse,
  "channel-matrix": channelMatrix,
  "heavy-parcels": heavyParcels,
  "intercept-cancellations": interceptCancellations,
  "hold-unpaired-skus": holdUnpairedSkus,
  "hold-invalid-addresses": holdInvalidAddresses,
  "merge-buyer-orders": mergeBuyerOrders,
  "deadline-priority": deadlinePriority,
};

/** A template's starting graph for an organization's master data, named `name` (the template's title by default). */
export function buildRuleTemplate(id: TRuleTemplateId, context: TEvaluationContext, name?: string): TTemplateBuild {
  const template = RULE_TEMPLATES[id];
  const built = template.build(context);
  if (!built.ok) return built;
  return { ...built, graph: { ...built.graph, name: name ?? template.title } };
}
