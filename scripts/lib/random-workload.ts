/**
 * Deterministic random orders and rulesets for benchmarks (seeded, no fast-check, so numbers are
 * comparable run to run).
 */
import { compileGraph } from "../../rules-schema/compile/compile-graph";
import type { TCompiledRuleset } from "../../rules-schema/compile/compiled-schema";
import { type TEvaluationContext, ZEvaluationContext } from "../../rules-schema/context/context-schema";
import type { TConditionData, THitPolicy, TRuleGraphInput } from "../../rules-schema/graph/graph-schema";
import { type TOrder, ZOrder } from "../../rules-schema/order/order-schema";

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const COUNTRIES = ["US", "US", "US", "DE", "GB", "FR", "CA", "AU", "JP", "BR", "MX", "ES", "IT", "NL", "PL"];
const PLATFORMS = ["temu", "tiktok", "aliexpress", "amazon", "shopify", "taobao"] as const;
const SKU_PREFIXES = ["CASE-", "CABLE-", "LAMP-", "BAT-", "TOY-", "MUG-"];
const TAGS = ["vip", "gift", "repeat", "fragile", "promo"];
const RISK = ["fraud", "chargeback", "address-mismatch"];
const CATEGORIES = ["electronics", "home", "toys", "apparel", "beauty"];

export function randomOrders(count: number, seed = 1): TOrder[] {
  const r = rng(seed);
  const out: TOrder[] = [];
  const base = Date.parse("2026-08-01T00:00:00Z");
  for (let i = 0; i < count; i++) {
    const created = base + r.int(0, 90 * 24) * 3_600_000 + r.int(0, 3_599) * 1000;
    const lines = Array.from({ length: r.int(1, 4) }, () => {
      const prefix = r.pick(SKU_PREFIXES);
      const n = r.int(1, 40);
      return {
        platformSku: `${prefix}${n}`,
        warehouseSku: r.chance(0.92) ? `W-${prefix}${n}` : null,
        quantity: r.int(1, 3),
        unitPrice: r.int(2, 80),
        weightGrams: r.int(20, 1800),
        dimensionsCm: r.chance(0.8) ? { length: r.int(5, 60), width: r.int(5, 40), height: r.int(1, 30) } : null,
        hasBattery: prefix === "BAT-" || r.chance(0.05),
        hasLiquid: r.chance(0.03),
        isHazmat: r.chance(0.01),
        category: r.pick(CATEGORIES),
      };
    });
    out.push(
      ZOrder.parse({
        id: `o-${seed}-${i}`,
        externalId: String(100000 + i),
        platform: r.pick(PLATFORMS),
        storeId: `store-${r.int(1, 4)}`,
        createdAt: new Date(created).toISOString(),
        paidAt: r.chance(0.95) ? new Date(created + r.int(0, 7200) * 1000).toISOString() : null,
        shipByDeadline: r.chance(0.85) ? new Date(created + r.int(24, 96) * 3_600_000).toISOString() : null,
        currency: "USD",
        totalValue: lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0),
        buyerId: `b-${r.int(1, count / 2 + 1)}`,
        shippingAddress: {
          country: r.pick(COUNTRIES),
          region: "",
          city: "",
          postalCode: String(r.int(10000, 99999)),
          addressValid: r.chance(0.97),
        },
        lines,
        cancellationRequested: r.chance(0.03),
        refundRequested: r.chance(0.02),
        riskFlags: r.chance(0.05) ? [r.pick(RISK)] : [],
        buyerMessage: r.chance(0.1) ? "please ship fast" : "",
        tags: r.chance(0.3) ? [r.pick(TAGS)] : [],
      }),
    );
  }
  return out;
}

export const benchContext: TEvaluationContext = ZEvaluationContext.parse({
  warehouses: [
    { id: "wh-sz", name: "Shenzhen", kind: "own", country: "CN", calendar: { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5, 6] } },
    { id: "wh-la", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar: { timeZone: "America/Los_Angeles" } },
  ],
  channels: [{ id: "ch-usps", maxWeightGrams: 9000, maxLengthCm: 56, countries: ["US"], batteryAllowed: true }],
});

/** A random condition that tests an order fact, drawn so that rules match a fair share of orders. */
function randomCondition(r: ReturnType<typeof rng>): TConditionData {
  const v = (value: unknown) => ({ type: "value" as const, value });
  switch (r.int(0, 11)) {
    case 0:
      return { fact: "country", operator: "equal", operand: v(r.pick(COUNTRIES)) };
    case 1:
      return { fact: "country", operator: "in", operand: v([r.pick(COUNTRIES), r.pick(COUNTRIES), r.pick(COUNTRIES)]) };
    case 2:
      return { fact: "totalWeightGrams", operator: r.pick(["lessThan", "greaterThan", "greaterThanInclusive"]), operand: v(r.int(200, 3000)) };
    case 3:
      return { fact: "platform", operator: r.pick(["equal", "notEqual"]), operand: v(r.pick(PLATFORMS)) };
    case 4:
      return { fact: "hasBattery", operator: "equal", operand: v(r.chance(0.5)) };
    case 5:
      return { fact: "totalValue", operator: "between", operand: v([r.int(0, 50), r.int(50, 300)]) };
    case 6:
      return { fact: "skus", operator: "anyStartsWith", operand: v([r.pick(SKU_PREFIXES)]) };
    case 7:
      return { fact: "tags", operator: "doesNotContain", operand: v(r.pick(TAGS)) };
    case 8:
      return { fact: "addressValid", operator: "equal", operand: v(true) };
    case 9:
      return { fact: "hoursToDeadline", operator: "greaterThan", operand: v(r.int(6, 72)) };
    case 10:
      return { fact: "allSkusPaired", operator: "equal", operand: v(true) };
    default:
      return { fact: "postalCode", operator: "startsWith", operand: v(String(r.int(1, 9))) };
  }
}

/** A graph of `rules` independent rules, each start → 3–6 conditions → one action. */
export function randomRulesetGraph(rules: number, seed = 7, hitPolicy: THitPolicy = "all"): TRuleGraphInput {
  const r = rng(seed);
  const nodes: TRuleGraphInput["nodes"] = [{ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} }];
  const edges: TRuleGraphInput["edges"] = [];
  for (let i = 0; i < rules; i++) {
    let prev = "start";
    let handle: "next" | "true" = "next";
    const depth = r.int(3, 6);
    for (let c = 0; c < depth; c++) {
      const id = `r${i}c${c}`;
      nodes.push({ id, kind: "condition", position: { x: 300 * (c + 1), y: 120 * i }, data: randomCondition(r) });
      edges.push({ id: `e${i}-${c}`, sourceId: prev, targetId: id, sourceHandle: handle });
      prev = id;
      handle = "true";
    }
    const id = `r${i}a`;
    nodes.push({ id, kind: "addTag", position: { x: 300 * (depth + 1), y: 120 * i }, data: { tag: `rule-${i}`, priority: r.int(2, 1000) } });
    edges.push({ id: `e${i}-a`, sourceId: prev, targetId: id, sourceHandle: handle });
  }
  return { stage: "autoProcessing", hitPolicy, nodes, edges };
}

export function compileOrThrow(graph: TRuleGraphInput): TCompiledRuleset {
  const r = compileGraph(graph);
  if (!r.ok) throw new Error(`benchmark ruleset does not compile: ${JSON.stringify(r.problems.slice(0, 3))}`);
  return r.compiled;
}

/** Destinations of the channel matrix: the orders' countries and many more (as a global seller's matrix has). */
const MATRIX_COUNTRIES = [...new Set([...COUNTRIES, "AT", "BE", "CH", "CZ", "DK", "FI", "GR", "HU", "IE", "NO", "PT", "RO", "SE", "SK", "KR", "SG", "MY", "TH", "PH", "ID", "VN", "IL", "SA", "AE", "TR", "ZA", "NZ", "CL", "CO", "PE", "AR"])];
const MATRIX_BANDS: [number, number][] = [
  [0, 250],
  [250, 500],
  [500, 1000],
  [1000, 2000],
  [2000, 5000],
  [5000, 30000],
];

/**
 * A channel matrix as a decision table (hit policy first): `rows` rows of country groups × weight
 * bands × battery → channel, in logistics matching, straight after Start.
 */
export function channelTableGraph(rows: number, seed: number): TRuleGraphInput {
  const r = rng(seed);
  const tableRows: { id: string; cells: Record<string, unknown>; actions: Record<string, Record<string, unknown>> }[] = [];
  for (let g = 0; tableRows.length < rows; g++) {
    const group = [...new Set(Array.from({ length: r.int(1, 4) }, () => r.pick(MATRIX_COUNTRIES)))];
    for (const band of MATRIX_BANDS)
      for (const battery of [false, true]) {
        if (tableRows.length >= rows) break;
        tableRows.push({ id: `g${g}-${band[0]}-${battery ? "b" : "n"}`, cells: { country: group, weight: band, battery }, actions: { channel: { channelId: `ch-${r.int(1, 12)}` } } });
      }
  }
  return {
    stage: "logisticsMatching",
    hitPolicy: "first",
    nodes: [
      { id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} },
      {
        id: "matrix",
        kind: "decisionTable",
        position: { x: 300, y: 0 },
        data: {
          hitPolicy: "first",
          priority: 100,
          conditions: [
            { id: "country", fact: "country", operator: "in" },
            { id: "weight", fact: "chargeableWeightGrams", operator: "between", unit: "kg" },
            { id: "battery", fact: "hasBattery", operator: "equal" },
          ],
          actions: [{ id: "channel", kind: "assignChannel" }],
          rows: tableRows,
        },
      },
    ],
    edges: [{ id: "e1", sourceId: "start", targetId: "matrix", sourceHandle: "next" }],
  };
}
