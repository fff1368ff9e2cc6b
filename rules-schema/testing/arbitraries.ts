/**
 * fast-check arbitraries for the rules core: random orders, evaluation contexts and valid rule
 * graphs. Shared by the property / fuzz tests and the engine benchmarks.
 *
 * Every vocabulary (SKUs, countries, postal codes, tags, warehouses, channels…) is shared between
 * orders, contexts and graphs so that generated conditions are true reasonably often.
 */
import fc from "fast-check";
import type { TEvaluationContext } from "../context/context-schema";
import { SINGLE_VALUED_ACTIONS, contradictionBetween } from "../actions/decision-slots";
import { type FactDefinition, LINE_FACT_IDS, ORDER_FACT_IDS, getFactDefinition } from "../facts/fact-catalog";
import {
  ACTION_DATA_SCHEMAS,
  ACTION_KINDS,
  HIT_POLICIES,
  STAGES,
  type TActionKind,
  type TGraphEdge,
  type TGraphNodeInput,
  type THitPolicy,
  type TRuleGraphInput,
  type TStage,
} from "../graph/graph-schema";
import { OPERATORS, OPERATOR_NAMES, type TOperatorName, operatorsForFactType } from "../operators/operator-registry";
import { ORDER_STATUSES, PLATFORMS, type TOrder, type TOrderLine } from "../order/order-schema";

// ---------------------------------------------------------------------------------------------
// fc.gen, made composable
// ---------------------------------------------------------------------------------------------

/** A small PRNG (mulberry32) with pure-rand's RandomGenerator interface. */
class Mulberry32 {
  constructor(private state: number) {}
  clone(): Mulberry32 {
    return new Mulberry32(this.state);
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) | 0;
  }
  getState(): readonly number[] {
    return [this.state];
  }
}

/**
 * `fc.gen()` draws from a clone of the random source without advancing it, so next to other
 * arbitraries (tuple, record) its values correlate with theirs, and `.filter` regenerates the same
 * value forever. This wrapper feeds it a source seeded from one draw of the real one; shrinking
 * is the inner arbitrary's.
 */
class Reseeded<T> extends fc.Arbitrary<T> {
  constructor(private readonly inner: fc.Arbitrary<T>) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const seed = mrng.nextInt(-0x80000000, 0x7fffffff);
    return this.inner.generate(new fc.Random(new Mulberry32(seed)), biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}

/** An arbitrary built imperatively with `fc.gen()`, safe to combine and filter. */
export const fromGen = <T>(build: (g: fc.GeneratorValue) => T): fc.Arbitrary<T> => new Reseeded(fc.gen().map(build));

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

export const COUNTRIES = ["US", "DE", "GB", "FR", "CN", "AU", "CA", "JP", "NL", "ES", "BR", "MX"] as const;
export const POSTAL_CODES: Record<(typeof COUNTRIES)[number], readonly string[]> = {
  US: ["90210", "10001", "94105", "33101", "60601-1234"],
  DE: ["10115", "80331", "20095"],
  GB: ["SW1A 1AA", "EC1A 1BB", "M1 1AE", "sw1a 2aa"],
  FR: ["75001", "13001", "69002"],
  CN: ["200000", "100000", "518000"],
  AU: ["2000", "3000", "6000"],
  CA: ["M5V 3L9", "H2X 1Y4"],
  JP: ["100-0001", "530-0001"],
  NL: ["1012 AB", "3011"],
  ES: ["28001", "08001"],
  BR: ["01310-100"],
  MX: ["06600"],
};
export const ALL_POSTAL_CODES = Object.values(POSTAL_CODES).flat();
const POSTAL_PREFIXES = ["902", "941", "10", "1011", "SW1A", "sw1", "EC1", "75", "2000", "M5V", "100-", "H2X", "0"];
const POSTAL_RANGES = [
  { from: "90000", to: "96199" },
  { from: "10000", to: "10999" },
  { from: "10115", to: "10115" },
  { from: "SW1A", to: "SW1Z" },
  { from: "sw1a 0", to: "SW1A 9" },
  { from: "2000", to: "2999" },
  { from: "750", to: "759" },
  { from: "100-0000", to: "100-9999" },
  { from: "M5", to: "M9" },
  { from: "00000", to: "49999" },
] as const;
const REGIONS = ["CA", "NY", "TX", "Berlin", "Bayern", "England", "Île-de-France", "Shanghai", "Guangdong", "NSW", "ON", ""];
const CITIES = ["Los Angeles", "New York", "Berlin", "München", "London", "Paris", "Shanghai", "Shenzhen", "Sydney", "Toronto", ""];
export const CURRENCIES = ["USD", "EUR", "GBP", "CNY", "AUD", "CAD", "JPY"] as const;
export const STORE_IDS = ["store-1", "store-2", "store-us", "store-eu"] as const;
export const BUYER_IDS = ["buyer-1", "buyer-2", "buyer-3", "buyer-4", "buyer-5"] as const;
export const ORDER_IDS = Array.from({ length: 20 }, (_v, i) => `o-${i + 1}`);

/** Platform SKUs with shared prefixes ("TS-", "TS-RED-", "MUG-"…) so prefix operators hit. */
export const PLATFORM_SKUS = [
  "TS-RED-S",
  "TS-RED-M",
  "TS-RED-L",
  "TS-BLU-S",
  "TS-BLU-M",
  "MUG-01",
  "MUG-02",
  "BAT-AA-4",
  "BAT-PWR-10K",
  "LIQ-PERF-50",
  "LIQ-OIL-1L",
  "CASE-IP15",
  "CASE-IP15-PRO",
] as const;
/** The warehouse SKU a platform SKU is paired to. */
export const pairedSku = (platformSku: string) => `W-${platformSku}`;
export const WAREHOUSE_SKUS = [...PLATFORM_SKUS.map(pairedSku), "W-BUNDLE-1", "W-GIFT-BOX"];
const SKU_PREFIXES = ["TS-", "TS-RED", "TS-BLU-", "MUG", "BAT-", "LIQ-", "CASE-IP15", "X-"];
const WH_SKU_PREFIXES = ["W-", "W-TS-", "W-TS-RED", "W-MUG", "W-BAT", "W-LIQ", "W-CASE", "W-GIFT"];
export const CATEGORIES = ["apparel", "kitchen", "electronics", "beauty", "accessories"] as const;
export const RISK_FLAGS = ["high_risk", "address_mismatch", "new_buyer", "chargeback_history", "vpn"] as const;
export const TAGS = ["vip", "gift", "wholesale", "repeat", "promo", "Gift"] as const;
/** Longer than the fast evaluator's inline-literal limit (200 characters). */
const LONG_MESSAGE = `Gift for my mother, please wrap it and leave the parcel with the neighbours at number 12 if nobody answers. ${"Thank you! ".repeat(12)}`;
const BUYER_MESSAGES = ["", "Please ship fast", "gift wrap please", "URGENT: need it by Friday", "Don't include the invoice", "请尽快发货", "no message", 'quote " and \\ backslash', LONG_MESSAGE];
const SELLER_NOTES = ["", "fragile", "check stock", "VIP customer", "resend of o-3"];
const SHIPPING_SERVICES = ["", "standard", "express", "Express Plus", "economy", "Standard Shipping"];

export const WAREHOUSE_IDS = ["WH-SZ", "WH-LA", "WH-BER", "WH-LON", "WH-SYD"] as const;
export const CHANNEL_IDS = ["CH-YUN", "CH-DHL", "CH-UPS", "CH-ROYAL", "CH-SF"] as const;

const WAREHOUSE_POOL = [
  { id: "WH-SZ", name: "Shenzhen", kind: "own", country: "CN", timeZone: "Asia/Shanghai" },
  { id: "WH-LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", timeZone: "America/Los_Angeles" },
  { id: "WH-BER", name: "Berlin", kind: "overseas_3pl", country: "DE", timeZone: "Europe/Berlin" },
  { id: "WH-LON", name: "London", kind: "platform", country: "GB", timeZone: "Europe/London" },
  { id: "WH-SYD", name: "Sydney", kind: "overseas_3pl", country: "AU", timeZone: "Australia/Sydney" },
] as const;
const TIME_ZONES = ["Asia/Shanghai", "America/Los_Angeles", "Europe/Berlin", "Europe/London", "Australia/Sydney", "America/New_York", "Asia/Kolkata", "UTC"];

/**
 * Orders and contexts live in one month that crosses both DST changes (EU 2026-10-25, US
 * 2026-11-01), Singles' Day and Thanksgiving, so calendars and offsets matter but business-hour
 * walks stay short.
 */
export const WINDOW_START_MS = Date.UTC(2026, 9, 20, 0, 0, 0);
export const WINDOW_MINUTES = 35 * 24 * 60;
const HOLIDAYS = ["2026-10-26", "2026-11-02", "2026-11-11", "2026-11-26", "2026-11-27", "2026-12-25"];

/** UTC offsets used for timestamps, in minutes. */
const OFFSETS = [0, 0, 480, -300, -480, 60, 120, 330, 540, -210, 345];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** An ISO-8601 timestamp of `ms` written in the given UTC offset ("Z" when `z` and the offset is 0). */
export function isoWithOffset(ms: number, offsetMinutes: number, withMillis = false, z = true): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  const base = withMillis ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0 && z) return `${base}Z`;
  const a = Math.abs(offsetMinutes);
  return `${base}${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const arbTimestampAt = (ms: number) =>
  fc.tuple(fc.constantFrom(...OFFSETS), fc.integer({ min: 0, max: 9 }), fc.boolean()).map(([off, ms2, z]) => isoWithOffset(ms, off, ms2 === 0, z));

/** A minute inside the window. */
const arbWindowMinute = fc.integer({ min: 0, max: WINDOW_MINUTES });

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

const round2 = (x: number) => Math.round(x * 100) / 100;

/** fc.record with ordinary prototypes (fast-check may otherwise build null-prototype objects). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const arbDimensions = fc.option(
  rec({
    length: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 200 }), fc.constantFrom(0, 0.5, 33.3)),
    width: fc.integer({ min: 0, max: 60 }),
    height: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0.5, 2.5)),
  }),
  { nil: null, freq: 4 },
);

export const HS_CODES = ["610910", "850760", "330300", "691200", "392690", "8517620000"] as const;

const arbLine: fc.Arbitrary<TOrderLine> = rec({
  platformSku: fc.constantFrom(...PLATFORM_SKUS),
  pairing: fc.integer({ min: 0, max: 19 }),
  otherWh: fc.constantFrom(...WAREHOUSE_SKUS),
  quantity: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 60 }) }),
  unitPrice: fc.oneof(fc.constantFrom(0, 0.99, 5, 9.99, 19.5, 49.99, 100, 250), fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100)),
  weightGrams: fc.oneof(fc.constantFrom(0, 50, 180, 250, 500, 1000, 2000), fc.integer({ min: 0, max: 30_000 })),
  dimensionsCm: arbDimensions,
  flags: fc.integer({ min: 0, max: 63 }),
  category: fc.constantFrom<string>(...CATEGORIES, ""),
}).map((r) => {
  const sku = r.platformSku;
  const warehouseSku = r.pairing < 5 ? null : r.pairing < 18 ? pairedSku(sku) : r.otherWh;
  // Battery / liquid SKUs usually carry the flag; any line sometimes does.
  return {
    platformSku: sku,
    warehouseSku,
    quantity: r.quantity,
    unitPrice: r.unitPrice,
    weightGrams: r.weightGrams,
    dimensionsCm: r.dimensionsCm,
    hasBattery: sku.startsWith("BAT-") ? r.flags % 4 !== 0 : (r.flags & 1) === 1 && r.flags > 40,
    hasLiquid: sku.startsWith("LIQ-") ? r.flags % 4 !== 1 : (r.flags & 2) === 2 && r.flags > 50,
    isHazmat: (r.flags & 4) === 4 && (sku.startsWith("BAT-") || r.flags > 56),
    category: r.category,
    // Paired lines mostly carry their SKU's customs code (derived, so no extra draw changes the streams).
    hsCode: warehouseSku !== null && r.flags % 3 !== 0 ? HS_CODES[r.pairing % HS_CODES.length]! : null,
  };
});

export interface OrderArbOptions {
  /** At most this many lines (default 6). */
  maxLines?: number;
}

/** Orders valid under ZOrder (already in parsed form: every default filled in). */
export function arbOrder(options: OrderArbOptions = {}): fc.Arbitrary<TOrder> {
  const maxLines = options.maxLines ?? 6;
  const times = rec({
    created: arbWindowMinute,
    paidDelay: fc.option(fc.integer({ min: 0, max: 72 * 60 }), { nil: null, freq: 3 }),
    deadline: fc.option(fc.integer({ min: -24 * 60, max: 120 * 60 }), { nil: null, freq: 3 }),
  }).chain(({ created, paidDelay, deadline }) => {
    const createdMs = WINDOW_START_MS + created * 60_000 + (created % 7) * 1000;
    const paidMs = paidDelay === null ? null : createdMs + paidDelay * 60_000;
    const deadlineMs = deadline === null ? null : (paidMs ?? createdMs) + deadline * 60_000;
    return rec({
      createdAt: arbTimestampAt(createdMs),
      paidAt: paidMs === null ? fc.constant(null) : arbTimestampAt(paidMs),
      shipByDeadline: deadlineMs === null ? fc.constant(null) : arbTimestampAt(deadlineMs),
    });
  });
  const address = fc.constantFrom(...COUNTRIES).chain((country) =>
    rec({
      country: fc.constant(country as string),
      region: fc.constantFrom(...REGIONS),
      city: fc.constantFrom(...CITIES),
      postalCode: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...POSTAL_CODES[country]) }, { weight: 1, arbitrary: fc.constantFrom("", ...ALL_POSTAL_CODES) }),
      addressValid: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  );
  return rec({
    id: fc.constantFrom(...ORDER_IDS),
    externalId: fc.constantFrom("", "PO-1001", "2407-118842"),
    platform: fc.constantFrom(...PLATFORMS),
    storeId: fc.constantFrom(...STORE_IDS),
    status: fc.constantFrom(...ORDER_STATUSES),
    times,
    currency: fc.constantFrom(...CURRENCIES),
    shipping: fc.constantFrom(0, 0, 4.99, 12.5),
    buyerId: fc.constantFrom("", ...BUYER_IDS),
    shippingAddress: address,
    lines: fc.array(arbLine, { minLength: 1, maxLength: maxLines }),
    requests: fc.integer({ min: 0, max: 15 }),
    riskFlags: fc.subarray([...RISK_FLAGS], { minLength: 0 }),
    buyerMessage: fc.constantFrom(...BUYER_MESSAGES),
    sellerNote: fc.constantFrom(...SELLER_NOTES),
    tags: fc.subarray([...TAGS], { minLength: 0 }),
    requestedShippingService: fc.constantFrom(...SHIPPING_SERVICES),
  }).map((r) => {
    const total = round2(r.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) + r.shipping);
    return {
      id: r.id,
      externalId: r.externalId,
      platform: r.platform,
      storeId: r.storeId,
      status: r.status,
      createdAt: r.times.createdAt,
      paidAt: r.times.paidAt,
      shipByDeadline: r.times.shipByDeadline,
      currency: r.currency,
      totalValue: Math.min(total, 100_000_000),
      buyerId: r.buyerId,
      shippingAddress: r.shippingAddress,
      lines: r.lines,
      cancellationRequested: r.requests % 5 === 1,
      refundRequested: r.requests % 7 === 2,
      riskFlags: r.riskFlags,
      buyerMessage: r.buyerMessage,
      sellerNote: r.sellerNote,
      tags: r.tags,
      requestedShippingService: r.requestedShippingService,
    } satisfies TOrder;
  });
}

// ---------------------------------------------------------------------------------------------
// Contexts
// ---------------------------------------------------------------------------------------------

const CLOCK_PAIRS: [string, string][] = [
  ["09:00", "17:00"],
  ["08:00", "16:00"],
  ["09:00", "18:00"],
  ["10:30", "15:00"],
  ["00:00", "23:59"],
  ["07:45", "12:15"],
];
const WORKING_DAYS = [
  [1, 2, 3, 4, 5],
  [1, 2, 3, 4, 5, 6],
  [1, 2, 3, 4, 5, 6, 7],
  [2, 3, 4, 5, 6],
  [1, 3, 5],
  [],
];

export interface ContextArbOptions {
  /** Always include every warehouse and channel of the vocabulary (default: usually, not always). */
  complete?: boolean;
}

/** Evaluation contexts valid under ZEvaluationContext (parsed form). */
export function arbContext(options: ContextArbOptions = {}): fc.Arbitrary<TEvaluationContext> {
  return fromGen((g): TEvaluationContext => {
    const int = (min: number, max: number) => g(fc.integer, { min, max });
    const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
    const chance = (p: number) => int(0, 999) < p * 1000;
    const subset = <T>(xs: readonly T[], min = 0): T[] => {
      const out = xs.filter(() => chance(0.5));
      while (out.length < min) {
        const x = pick(xs);
        if (!out.includes(x)) out.push(x);
      }
      return xs.filter((x) => out.includes(x));
    };
    const complete = options.complete ?? chance(0.75);
    const warehouses = (complete ? [...WAREHOUSE_POOL] : subset(WAREHOUSE_POOL, 1)).map((w) => {
      const [workdayStart, cutoffTime] = pick(CLOCK_PAIRS);
      return {
        id: w.id,
        name: w.name,
        kind: w.kind,
        country: w.country,
        calendar: {
          timeZone: chance(0.8) ? w.timeZone : pick(TIME_ZONES),
          workingDays: [...pick(WORKING_DAYS)],
          holidays: subset(HOLIDAYS),
          workdayStart,
          cutoffTime,
        },
      };
    });
    const channels = (complete ? [...CHANNEL_IDS] : subset(CHANNEL_IDS, 1)).map((id) => ({
      id,
      name: `${id} service`,
      carrier: id.slice(3),
      maxWeightGrams: pick([500, 2000, 5000, 20_000, 30_000, 1_000_000]),
      maxLengthCm: chance(0.5) ? null : pick([40, 60, 120, 150]),
      maxGirthCm: chance(0.5) ? null : pick([90, 200, 300]),
      countries: chance(0.4) ? [] : subset(COUNTRIES, 1),
      batteryAllowed: chance(0.5),
      liquidAllowed: chance(0.5),
      hazmatAllowed: chance(0.2),
      originWarehouseIds: chance(0.5) ? [] : subset(WAREHOUSE_IDS, 1),
      rateCard: null,
      transitDays: null,
    }));
    const inventory: Record<string, Record<string, number>> = {};
    for (const id of subset(WAREHOUSE_IDS)) {
      const stock: Record<string, number> = {};
      for (const sku of subset(WAREHOUSE_SKUS)) stock[sku] = chance(0.05) ? -1 : pick([0, 1, 2, 5, 10, 50, 1000]);
      inventory[id] = stock;
    }
    const buyerOpenOrders: Record<string, { orderId: string; createdAt: string }[]> = {};
    for (const buyer of subset(BUYER_IDS)) {
      buyerOpenOrders[buyer] = Array.from({ length: int(0, 4) }, () => ({
        orderId: pick(ORDER_IDS),
        createdAt: isoWithOffset(WINDOW_START_MS + int(0, WINDOW_MINUTES) * 60_000, pick(OFFSETS)),
      }));
    }
    return {
      now: chance(0.5) ? null : isoWithOffset(WINDOW_START_MS + int(0, WINDOW_MINUTES) * 60_000, pick(OFFSETS), chance(0.3)),
      warehouses,
      channels,
      inventory,
      buyerOpenOrders,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Condition values
// ---------------------------------------------------------------------------------------------

interface StringVocab {
  /** Whole values (equal / in). */
  values: readonly string[];
  /** Prefixes / fragments (startsWith / textContains); whole values for enumerated facts. */
  fragments: readonly string[];
}

const STRING_VOCAB: Record<string, StringVocab> = {
  platform: { values: PLATFORMS, fragments: PLATFORMS },
  status: { values: ORDER_STATUSES, fragments: ORDER_STATUSES },
  storeId: { values: STORE_IDS, fragments: ["store-", "store-u", "eu", "1"] },
  assignedWarehouse: { values: WAREHOUSE_IDS, fragments: ["WH-", "WH-L", "SZ", "wh"] },
  currency: { values: CURRENCIES, fragments: ["US", "E", "CN", "D"] },
  buyerId: { values: ["", ...BUYER_IDS], fragments: ["buyer-", "buyer-1", "3"] },
  buyerMessage: { values: BUYER_MESSAGES, fragments: ["gift", "GIFT", "urgent", "ship", "invoice", "尽快", "Please", '"', "\\", LONG_MESSAGE.slice(0, 210), LONG_MESSAGE.slice(0, 210).toUpperCase()] },
  sellerNote: { values: SELLER_NOTES, fragments: ["fragile", "vip", "stock", "o-"] },
  requestedShippingService: { values: SHIPPING_SERVICES, fragments: ["express", "Express", "stand", "eco"] },
  country: { values: COUNTRIES, fragments: COUNTRIES },
  region: { values: REGIONS, fragments: ["C", "Ber", "ny", "land", "Sh"] },
  city: { values: CITIES, fragments: ["Los", "on", "Shen", "Ber", "münchen"] },
  postalCode: { values: ALL_POSTAL_CODES, fragments: POSTAL_PREFIXES },
  "line.platformSku": { values: PLATFORM_SKUS, fragments: SKU_PREFIXES },
  "line.warehouseSku": { values: WAREHOUSE_SKUS, fragments: WH_SKU_PREFIXES },
  "line.category": { values: ["", ...CATEGORIES], fragments: ["app", "kitchen", "tron", "e"] },
};

const LIST_VOCAB: Record<string, StringVocab> = {
  riskFlags: { values: RISK_FLAGS, fragments: ["high", "address_", "new", "v"] },
  tags: { values: TAGS, fragments: ["v", "gi", "G", "pro"] },
  skus: { values: PLATFORM_SKUS, fragments: SKU_PREFIXES },
  unpairedSkus: { values: PLATFORM_SKUS, fragments: SKU_PREFIXES },
  warehouseSkus: { values: WAREHOUSE_SKUS, fragments: WH_SKU_PREFIXES },
  categories: { values: CATEGORIES, fragments: ["app", "k", "elec"] },
};

const NUMBER_VOCAB: Record<string, readonly number[]> = {
  money: [0, 5, 9.99, 20, 25, 50, 99.99, 150, 500, 1000],
  g: [0, 100, 250, 500, 1000, 2000, 5000, 20_000],
  cm: [0, 10, 30, 40, 60, 100, 150, 250],
  h: [-24, -2.5, -0, 0, 1, 4, 12, 24, 48, 96],
  count: [0, 1, 2, 3, 4, 5, 10],
  businessHoursToDeadline: [-8, 0, 2, 8, 16, 40],
  buyerOrdersWithinHours: [0, 1, 2, 3],
};

const numberVocab = (id: string, def: FactDefinition) => NUMBER_VOCAB[id] ?? NUMBER_VOCAB[def.unit ?? "count"] ?? NUMBER_VOCAB.count!;

type Gen = fc.GeneratorValue;

class Draw {
  constructor(private readonly g: Gen) {}
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }
  some<T>(xs: readonly T[], min: number, max: number): T[] {
    const n = this.int(min, max);
    return Array.from({ length: n }, () => this.pick(xs));
  }
}

export interface GraphArbOptions {
  /** Warehouses the graph may reference (default: the vocabulary). */
  warehouseIds?: readonly string[];
  /** Channels the graph may reference (default: the vocabulary). */
  channelIds?: readonly string[];
  minActions?: number;
  /** At most 15 by default. */
  maxActions?: number;
  /** Flow test nodes (not counting group members); 12 by default. */
  maxTests?: number;
  hitPolicy?: THitPolicy;
  stage?: TStage;
  /** Probability of a fallback entry (default 0.35). */
  fallback?: number;
  /** With a fallback, the share of tests and actions behind it (default 0.3). */
  fallbackShare?: number;
  /** Probability that an action is a decision table instead (default 0.1). */
  tables?: number;
}

function paramsFor(d: Draw, def: FactDefinition, o: Required<Pick<GraphArbOptions, "warehouseIds" | "channelIds">>): Record<string, unknown> | undefined {
  switch (def.param) {
    case "warehouse":
      return { warehouseId: d.pick(o.warehouseIds) };
    case "channel":
      return { channelId: d.pick(o.channelIds) };
    case "hours":
      return { hours: d.pick([0.5, 1, 6, 24, 48, 72, 168, 2160]) };
    default:
      return d.chance(0.05) ? {} : undefined;
  }
}

function scalarValue(d: Draw, id: string, def: FactDefinition): unknown {
  if (def.type === "number") return d.pick(numberVocab(id, def));
  if (def.type === "boolean") return d.chance(0.5);
  return d.pick(STRING_VOCAB[id]!.values);
}

function postalCodeSet(d: Draw): unknown {
  const prefixes = d.chance(0.7) ? d.some(POSTAL_PREFIXES, 1, 3) : [];
  const ranges = d.chance(0.6) || prefixes.length === 0 ? d.some(POSTAL_RANGES, 1, 2).map((r) => ({ ...r })) : [];
  const set: Record<string, unknown> = {};
  if (prefixes.length || d.chance(0.5)) set.prefixes = prefixes;
  if (ranges.length || d.chance(0.5)) set.ranges = ranges;
  return set;
}

/** A literal right-hand side for `operator` on fact `id`, drawn from the order vocabularies. */
function literalValue(d: Draw, id: string, def: FactDefinition, operator: TOperatorName): unknown {
  const listVocab = LIST_VOCAB[id];
  const strVocab = STRING_VOCAB[id];
  switch (operator) {
    case "equal":
    case "notEqual":
      return scalarValue(d, id, def);
    case "in":
    case "notIn":
      // Long lists too: the fast evaluator unrolls short ones only.
      return Array.from({ length: d.chance(0.8) ? d.int(1, 4) : d.int(15, 24) }, () => scalarValue(d, id, def));
    case "contains":
    case "doesNotContain":
      return d.pick(listVocab!.values);
    case "containsAny":
    case "containsAll":
    case "containsNone":
      return d.some(listVocab!.values, 1, 3);
    case "anyStartsWith":
      return d.some(listVocab!.fragments, 1, 3);
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      return d.pick(numberVocab(id, def));
    case "between": {
      const a = d.pick(numberVocab(id, def));
      const b = d.pick(numberVocab(id, def));
      return [Math.min(a, b), Math.max(a, b)];
    }
    case "startsWith":
    case "textContains":
    case "textDoesNotContain":
      return d.pick(strVocab!.fragments);
    case "startsWithAny":
      return d.some(strVocab!.fragments, 1, 3);
    case "isEmpty":
    case "isNotEmpty":
      return null;
    case "postalCodeIn":
      return postalCodeSet(d);
  }
}

const factsInScope = (scope: "order" | "line"): readonly string[] => (scope === "order" ? ORDER_FACT_IDS : LINE_FACT_IDS);

function factSupports(id: string, op: TOperatorName): boolean {
  const def = getFactDefinition(id)!;
  return operatorsForFactType(def.type, def.format).includes(op);
}

/** A type-correct condition: pick an operator first (so every operator is exercised), then a fact that takes it. */
function conditionData(d: Draw, scope: "order" | "line", o: Required<Pick<GraphArbOptions, "warehouseIds" | "channelIds">>): Record<string, unknown> {
  let op = d.pick(OPERATOR_NAMES);
  const supporting = factsInScope(scope).filter((f) => factSupports(f, op));
  const candidates = supporting.length > 0 ? supporting : factsInScope(scope);
  const fact = d.pick(candidates);
  const def = getFactDefinition(fact)!;
  const ops = operatorsForFactType(def.type, def.format);
  if (!ops.includes(op)) op = d.pick(ops);
  const params = paramsFor(d, def, o);
  let operand: Record<string, unknown>;
  if (OPERATORS[op].allowsFactOperand && d.chance(0.25)) {
    const others = factsInScope(scope).filter((f) => getFactDefinition(f)!.type === def.type);
    const other = d.pick(others);
    const otherParams = paramsFor(d, getFactDefinition(other)!, o);
    operand = otherParams ? { type: "fact", fact: other, params: otherParams } : { type: "fact", fact: other };
  } else {
    operand = { type: "value", value: literalValue(d, fact, def, op) };
  }
  return params ? { fact, params, operator: op, operand } : { fact, operator: op, operand };
}

const REASONS = ["Address check", "Manual review", "  Fraud check  ", "Waiting for stock", "Buyer asked to cancel"];
const FLAG_CODES = ["risk", "manual-review", "late.ship", "vip_1", "oversize"];
const TAG_VALUES = ["vip", " gift ", "bulk", "auto-routed", "Express"];
const PRIORITIES = [2, 10, 50, 100, 100, 100, 150, 200, 10_000];

function actionData(d: Draw, kind: TActionKind, o: Required<Pick<GraphArbOptions, "warehouseIds" | "channelIds">>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (d.chance(0.85)) data.priority = d.pick(PRIORITIES);
  switch (kind) {
    case "assignWarehouse":
      data.warehouseId = d.pick(o.warehouseIds);
      break;
    case "assignChannel":
      data.channelId = d.pick(o.channelIds);
      break;
    case "hold":
    case "intercept":
      data.reason = d.pick(REASONS);
      break;
    case "flag":
      data.code = d.pick(FLAG_CODES);
      break;
    case "splitPackage":
      data.strategy = d.pick(["channelLimits", "maxWeight"]);
      if (data.strategy === "maxWeight" || d.chance(0.4)) data.maxWeightGrams = d.pick([500, 2000, 10_000, 30_000]);
      if (d.chance(0.5)) data.channelId = d.chance(0.3) ? null : d.pick(o.channelIds);
      break;
    case "mergeOrders":
      data.withinHours = d.pick([1, 12, 24, 72, 0.5]);
      break;
    case "addTag":
      data.tag = d.pick(TAG_VALUES);
      break;
    case "setPriority":
      data.level = d.pick(["low", "normal", "high", "urgent"]);
      break;
    case "customsDeclaration":
      data.valueMode = d.pick(["fixed", "share"]);
      if (data.valueMode === "fixed") {
        data.amount = d.pick([5, 12.5, 20, 0]);
        if (d.chance(0.5)) data.currency = d.pick(["USD", "EUR", "CNY"]);
      } else {
        data.sharePercent = d.pick([10, 30, 50, 100]);
        if (d.chance(0.6)) data.capAmount = d.pick([5, 20, 100]);
      }
      if (d.chance(0.4)) data.fallbackHsCode = d.pick(HS_CODES);
      break;
    case "pushToWarehouse":
    case "requestTracking":
      break;
  }
  return data;
}

/** Action kinds a random decision table's columns use (the rest are covered by action nodes). */
const TABLE_ACTION_KINDS: readonly TActionKind[] = ["assignChannel", "assignWarehouse", "addTag", "flag", "hold", "setPriority", "pushToWarehouse"];

/**
 * A random decision table: 1–3 condition columns (order facts, any operator, literal cells), 1–2
 * action columns, 0–6 rows whose cells are filled at random (an empty cell is "any").
 */
function tableData(d: Draw, o: Required<Pick<GraphArbOptions, "warehouseIds" | "channelIds">>): Record<string, unknown> {
  const conditions = Array.from({ length: d.int(1, 3) }, (_v, i) => {
    const c = conditionData(d, "order", o) as { fact: string; params?: Record<string, unknown>; operator: string };
    return { id: `c${i}`, fact: c.fact, operator: c.operator, ...(c.params ? { params: c.params } : {}) };
  });
  const kinds = [...new Set(Array.from({ length: d.int(1, 2) }, () => d.pick(TABLE_ACTION_KINDS)))];
  const actions = kinds.map((kind, i) => ({ id: `a${i}`, kind }));
  // At least one row, and (below) the first row acts: a table without either is an error, like a group without members.
  const rows = Array.from({ length: d.int(1, 6) }, (_v, r) => {
    const cells: Record<string, unknown> = {};
    for (const c of conditions) {
      if (!d.chance(0.65)) continue;
      const def = getFactDefinition(c.fact)!;
      cells[c.id] = literalValue(d, c.fact, def, c.operator as TOperatorName);
    }
    const acts: Record<string, unknown> = {};
    for (const a of actions) {
      if (!d.chance(0.85) && !(r === 0 && a === actions[0])) continue;
      const { priority: _p, ...data } = actionData(d, a.kind, o);
      acts[a.id] = data;
    }
    return { id: `r${r}`, cells, actions: acts };
  });
  const data: Record<string, unknown> = { hitPolicy: d.pick(["first", "all"]), conditions, actions, rows };
  if (d.chance(0.85)) data.priority = d.pick(PRIORITIES);
  return data;
}

const ID_PREFIXES = ["n", "node_", "c.", "a:", "x-"];

/** An action's data as the validator compares it: parsed (defaults filled in), without the priority. */
const dataKey = (kind: TActionKind, data: Record<string, unknown>) => {
  const parsed = ACTION_DATA_SCHEMAS[kind].safeParse(data);
  const { priority: _p, ...rest } = (parsed.success ? parsed.data : data) as Record<string, unknown>;
  return JSON.stringify(rest);
};

/** Upper bound of entry-to-node paths while building, so rules stay small. */
const PATH_CAP = 12;

function buildGraph(g: Gen, options: GraphArbOptions): TRuleGraphInput {
  const d = new Draw(g);
  const o = { warehouseIds: options.warehouseIds ?? WAREHOUSE_IDS, channelIds: options.channelIds ?? CHANNEL_IDS };
  const hitPolicy = options.hitPolicy ?? d.pick(HIT_POLICIES);
  const stage = options.stage ?? d.pick(STAGES);
  const nActions = d.int(options.minActions ?? 1, options.maxActions ?? 15);
  const nTests = d.int(0, Math.min(options.maxTests ?? 12, nActions + 4));
  const useFallback = nActions >= 2 && d.chance(options.fallback ?? 0.35);

  const nodes: TGraphNodeInput[] = [];
  const edges: TGraphEdge[] = [];
  const idPrefix = d.pick(ID_PREFIXES);
  let nodeCounter = 0;
  const newId = () => `${idPrefix}${++nodeCounter}`;
  const position = () => (d.chance(0.1) ? { x: d.int(-50, 50) / 2, y: d.int(-50, 50) / 2 } : { x: d.int(0, 6) * 100, y: d.int(0, 8) * 80 });
  const addNode = (node: Record<string, unknown>) => {
    const n: Record<string, unknown> = { ...node };
    if (d.chance(0.95)) n.position = position();
    if (d.chance(0.15)) n.label = d.pick(["Check", "Route", "Überprüfen", ""]);
    nodes.push(n as unknown as TGraphNodeInput);
    return n.id as string;
  };
  const link = (sourceId: string, targetId: string, sourceHandle: TGraphEdge["sourceHandle"]) => {
    edges.push({ id: `e${edges.length + 1}`, sourceId, targetId, sourceHandle });
  };

  /** A test node with its member subtree; returns its id. */
  const test = (scope: "order" | "line", depth: number): string => {
    const r = depth >= 2 ? 0 : d.int(0, 99);
    const id = newId();
    if (r < (scope === "order" ? 52 : 60)) {
      return addNode({ id, kind: "condition", data: conditionData(d, scope, o) });
    }
    let kind: "all" | "any" | "not" | "lineQuantifier";
    if (scope === "order") kind = r < 64 ? "all" : r < 76 ? "any" : r < 86 ? "not" : "lineQuantifier";
    else kind = r < 73 ? "all" : r < 86 ? "any" : "not";
    if (kind === "lineQuantifier") addNode({ id, kind, data: { quantifier: d.pick(["any", "all", "none"] as const) } });
    else addNode(d.chance(0.3) ? { id, kind } : { id, kind, data: {} });
    const memberScope = kind === "lineQuantifier" ? "line" : scope;
    const count = kind === "not" ? 1 : d.int(1, 3);
    for (let i = 0; i < count; i++) link(id, test(memberScope, depth + 1), "member");
    return id;
  };

  const startId = addNode(d.chance(0.3) ? { id: "start", kind: "start" } : { id: "start", kind: "start", data: {} });
  const fallbackId = useFallback ? addNode({ id: "fallback", kind: "fallback", data: {} }) : null;

  type Region = "start" | "fallback";
  const entry = (r: Region) => (r === "start" ? startId : fallbackId!);
  /** Every entry-to-node path of a flow node, as the set of tests passed ("id:+" true, "id:-" false). */
  interface FlowPath {
    entry: Region;
    keys: string[];
  }
  const paths = new Map<string, FlowPath[]>([[startId, [{ entry: "start", keys: [] }]]]);
  if (fallbackId) paths.set(fallbackId, [{ entry: "fallback", keys: [] }]);
  const testsIn: Record<Region, string[]> = { start: [], fallback: [] };

  /** Connects `target` from 1–3 earlier nodes of its region (entry or tests), keeping paths bounded. */
  const connectFrom = (target: string, region: Region, weights: [number, number]) => {
    const r = d.int(0, 99);
    const want = r < weights[0] ? 1 : r < weights[1] ? 2 : 3;
    const sources: [string, TGraphEdge["sourceHandle"]][] = [];
    const targetPaths: FlowPath[] = [];
    for (let i = 0; i < want; i++) {
      const tests = testsIn[region];
      let src: string;
      if (tests.length > 0 && d.chance(0.4)) src = tests[tests.length - 1]!;
      else src = d.pick([entry(region), ...tests]);
      const handle: TGraphEdge["sourceHandle"] = src === entry(region) ? "next" : d.chance(0.7) ? "true" : "false";
      if (sources.some(([s, h]) => s === src && h === handle)) continue;
      const srcPaths = paths.get(src)!;
      if (sources.length > 0 && targetPaths.length + srcPaths.length > PATH_CAP) continue;
      sources.push([src, handle]);
      for (const p of srcPaths) targetPaths.push({ entry: p.entry, keys: handle === "next" ? p.keys : [...p.keys, `${src}:${handle === "false" ? "-" : "+"}`] });
    }
    for (const [s, h] of sources) link(s, target, h);
    paths.set(target, targetPaths);
  };

  const regionOf = (i: number, n: number): Region => {
    if (!useFallback) return "start";
    if (i === n - 1) return "fallback";
    if (i === 0) return "start";
    return d.chance(options.fallbackShare ?? 0.3) ? "fallback" : "start";
  };

  for (let i = 0; i < nTests; i++) {
    // With a fallback, the first two tests go one to each side.
    const region: Region = !useFallback ? "start" : i === 0 ? "start" : i === 1 ? "fallback" : d.chance(options.fallbackShare ?? 0.3) ? "fallback" : "start";
    const id = test("order", 0);
    connectFrom(id, region, [80, 95]);
    testsIn[region].push(id);
  }

  // With hit policy `all`, two actions that fire together (one's path is a subset of the other's)
  // must not contradict each other; the compiler refuses such graphs. Keep most graphs valid by
  // aligning such pairs; contradictions between independent paths stay (they are runtime conflicts).
  const actions: { id: string; kind: TActionKind; data: Record<string, unknown> }[] = [];
  const together = (a: string, b: string) =>
    paths.get(a)!.some((x) => paths.get(b)!.some((y) => x.entry === y.entry && (x.keys.every((k) => y.keys.includes(k)) || y.keys.every((k) => x.keys.includes(k)))));
  const contradicts = (a: { kind: TActionKind; data: Record<string, unknown> }, b: { kind: TActionKind; data: Record<string, unknown> }) => {
    // What the validator refuses on one path: the action registry's single-valued kinds and contradictions.
    if (a.kind === b.kind) {
      const single = SINGLE_VALUED_ACTIONS[a.kind];
      if (!single) return false;
      if ("field" in single.clash) return (a.data[single.clash.field] ?? null) !== (b.data[single.clash.field] ?? null);
      return dataKey(a.kind, a.data) !== dataKey(b.kind, b.data);
    }
    return contradictionBetween(a.kind, b.kind) !== null;
  };
  for (let i = 0; i < nActions; i++) {
    const region = regionOf(i, nActions);
    const id = newId();
    connectFrom(id, region, [70, 90]);
    // No draw at all without tables, so seeds picked before tables existed give the graphs they gave then.
    if ((options.tables ?? 0.1) > 0 && d.chance(options.tables ?? 0.1)) {
      // A decision table: its rows act, and what comes later may follow its matched / no-match outputs.
      addNode({ id, kind: "decisionTable", data: tableData(d, o) });
      testsIn[region].push(id);
      continue;
    }
    const action = { id, kind: d.pick(ACTION_KINDS) as TActionKind, data: {} as Record<string, unknown> };
    action.data = actionData(d, action.kind, o);
    if (hitPolicy === "all") {
      for (const other of actions) {
        if (!together(id, other.id) || !contradicts(action, other)) continue;
        if (action.kind === other.kind) {
          const { priority: _p, ...values } = other.data;
          action.data = { ...values, ...(action.data.priority !== undefined ? { priority: action.data.priority } : {}) };
        } else {
          action.kind = d.pick(["flag", "addTag", "setPriority"] as const);
          action.data = actionData(d, action.kind, o);
        }
      }
      // Still contradicting (aligned with one, clashing with another): make it harmless.
      if (actions.some((other) => together(id, other.id) && contradicts(action, other))) {
        action.kind = "flag";
        action.data = actionData(d, "flag", o);
      }
    }
    actions.push(action);
    addNode({ id, kind: action.kind, data: action.data });
  }
  // Occasionally list the nodes in another order: the compiler must not depend on it.
  if (d.chance(0.2)) nodes.reverse();

  const graph: TRuleGraphInput = { stage, hitPolicy, nodes, edges };
  if (d.chance(0.5)) graph.name = d.pick(["Random ruleset", "", "Règles"]);
  if (d.chance(0.5)) graph.schemaVersion = 1;
  return graph;
}

/**
 * Random valid rule graphs: DAGs from Start (and sometimes a fallback) through conditions and
 * all / any / not / line-item groups to 1–15 actions, exercising every node kind, operator and
 * action kind. A few are refused by the compiler (e.g. contradictory actions under hit policy `all`).
 */
export function arbGraph(options: GraphArbOptions = {}): fc.Arbitrary<TRuleGraphInput> {
  return fromGen((g) => buildGraph(g, options));
}
