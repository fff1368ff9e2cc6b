import type { TEvaluationContext } from "../context/context-schema";
import { createFactFrame } from "../facts/fact-frame";
import type { TJreCondition } from "../jre/jre-rule-schema";
import { type TOrder, type TOrderLine, ZOrder } from "../order/order-schema";
import { interpretCondition } from "../evaluate/interpret-condition";
import { orderFactResolver } from "../evaluate/resolve-order-fact";
import { type Formula, type RuleSpace, and, not } from "./rule-space";
import { Budget, BudgetExceeded, solutions } from "./search";

/** An order the analysis built, with the stage input it needs (the warehouse an earlier stage assigned). */
export interface ExampleOrder {
  order: TOrder;
  assignedWarehouseId: string | null;
}

/** Where the example's clock stands when the context has no `now` (evaluation then uses the paid time). */
const ANCHOR = "2026-11-20T08:00:00.000Z";
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function defaultLine(i: number): TOrderLine {
  return {
    platformSku: `SKU-${i + 1}`,
    warehouseSku: `W-${i + 1}`,
    quantity: 1,
    unitPrice: 20,
    weightGrams: 300,
    dimensionsCm: { length: 10, width: 10, height: 5 },
    hasBattery: false,
    hasLiquid: false,
    isHazmat: false,
    category: "",
    hsCode: null,
  };
}

function baseOrder(nowMs: number, context: TEvaluationContext): TOrder {
  const warehouseCountry = context.warehouses[0]?.country;
  return {
    id: "analysis-example",
    externalId: "EXAMPLE-1",
    platform: "shopify",
    storeId: "store-1",
    status: "awaiting_review",
    createdAt: iso(nowMs - 2 * HOUR),
    paidAt: iso(nowMs),
    shipByDeadline: null,
    currency: "USD",
    totalValue: 20,
    buyerId: "buyer-1",
    shippingAddress: { country: warehouseCountry && /^[A-Z]{2}$/.test(warehouseCountry) ? warehouseCountry : "US", region: "", city: "", postalCode: "", addressValid: true },
    lines: [defaultLine(0)],
    cancellationRequested: false,
    refundRequested: false,
    riskFlags: [],
    buyerMessage: "",
    sellerNote: "",
    tags: [],
    requestedShippingService: "",
  };
}

const num = (v: unknown) => (typeof v === "number" ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Sets one line fact on a line (best effort; the result is checked afterwards). */
function setLineFact(line: TOrderLine, fact: string, v: unknown): void {
  switch (fact) {
    case "line.platformSku":
      if (typeof v === "string" && v !== "") line.platformSku = v;
      return;
    case "line.warehouseSku":
      line.warehouseSku = typeof v === "string" && v !== "" ? v : null;
      return;
    case "line.isPaired":
      if (v === false) line.warehouseSku = null;
      else if (line.warehouseSku === null) line.warehouseSku = `W-${line.platformSku}`;
      return;
    case "line.quantity":
      if (num(v) !== null) line.quantity = num(v)!;
      return;
    case "line.unitPrice":
      if (num(v) !== null) line.unitPrice = num(v)!;
      return;
    case "line.lineValue":
      if (num(v) !== null) line.unitPrice = num(v)! / line.quantity;
      return;
    case "line.weightGrams":
      if (num(v) !== null) line.weightGrams = num(v)!;
      return;
    case "line.lineWeightGrams":
      if (num(v) !== null) line.weightGrams = num(v)! / line.quantity;
      return;
    case "line.largestDimensionCm": {
      const d = num(v);
      if (d !== null) line.dimensionsCm = { length: d, width: Math.min(d, 1), height: Math.min(d, 1) };
      return;
    }
    case "line.hasBattery":
      line.hasBattery = v === true;
      return;
    case "line.hasLiquid":
      line.hasLiquid = v === true;
      return;
    case "line.isHazmat":
      line.isHazmat = v === true;
      return;
    case "line.category":
      line.category = typeof v === "string" ? v : "";
      return;
  }
}

/** Line facts that depend on others are set last (line value and weight on the quantity). */
const LINE_FACT_ORDER = ["line.quantity", "line.isPaired", "line.warehouseSku"];
const lineRank = (f: string) => {
  const i = LINE_FACT_ORDER.indexOf(f);
  return i === -1 ? LINE_FACT_ORDER.length : i;
};

function lineFrom(space: RuleSpace, values: Map<number, unknown>, i: number): TOrderLine {
  const line = defaultLine(i);
  const entries = [...values].map(([v, value]) => ({ fact: space.vars[v]!.fact, value, free: space.vars[v]!.free }));
  entries.sort((a, b) => lineRank(a.fact) - lineRank(b.fact));
  for (const e of entries) if (!e.free) setLineFact(line, e.fact, e.value);
  return line;
}

/**
 * Lines satisfying the line-item quantifiers an assignment asks for: one line for each "some line …"
 * (and each "not every line …" / "not no line …"), every line meeting the "every line …" and "no
 * line …" requirements. Null when the line conditions cannot be met together.
 */
function buildLines(space: RuleSpace, values: Map<number, unknown>, budget: Budget): TOrderLine[] | null {
  const lineSpace = space.lineSpace;
  const exists: Formula[] = [];
  const forAll: Formula[] = [];
  for (const atom of space.atoms) {
    const q = atom.quantifier;
    if (!q || !values.has(atom.v)) continue;
    const yes = values.get(atom.v) === true;
    if (q.op === "someLine") (yes ? exists : forAll).push(yes ? q.line : not(q.line));
    else if (q.op === "everyLine") (yes ? forAll : exists).push(yes ? q.line : not(q.line));
    else (yes ? forAll : exists).push(yes ? not(q.line) : q.line);
  }
  if (!lineSpace || (exists.length === 0 && forAll.length === 0)) return [defaultLine(0)];
  const goals = exists.length ? exists.map((e) => and([e, ...forAll])) : [and(forAll)];
  const lines: TOrderLine[] = [];
  for (const goal of goals) {
    let found: Map<number, unknown> | null = null;
    try {
      for (const s of solutions(goal, lineSpace, budget)) {
        found = s;
        break;
      }
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
    }
    if (!found) return null;
    lines.push(lineFrom(lineSpace, found, lines.length));
  }
  return lines;
}

function setDims(line: TOrderLine, longest: number, girth: number | null, volumetric: number | null, totalQuantity: number): void {
  // Two equal short sides a: girth = L + 4a; volumetric = L·a²/5 g per unit.
  let a = Math.min(longest, 1);
  if (girth !== null) a = (girth - longest) / 4;
  else if (volumetric !== null && longest > 0) a = Math.sqrt((volumetric * 5) / (longest * totalQuantity));
  if (a > longest) a = longest;
  line.dimensionsCm = { length: longest, width: a, height: a };
}

/**
 * Builds an order whose facts take the assigned values (as far as orders allow), or null when it
 * cannot. The caller checks the result against every condition the assignment decided.
 */
export function buildExample(space: RuleSpace, values: Map<number, unknown>, context: TEvaluationContext, budget: Budget): ExampleOrder | null {
  const nowMs = Date.parse(context.now ?? ANCHOR);
  const order = baseOrder(nowMs, context);
  const lines = buildLines(space, values, budget);
  if (!lines) return null;
  order.lines = lines;
  const fact = new Map<string, unknown>();
  for (const [v, value] of values) {
    const variable = space.vars[v]!;
    if (!variable.free) fact.set(variable.fact, value);
  }
  const has = (f: string) => fact.has(f);
  const get = (f: string) => fact.get(f);
  let assignedWarehouseId: string | null = null;

  // Direct fields.
  for (const [f, v] of fact) {
    switch (f) {
      case "platform":
      case "status":
      case "storeId":
      case "currency":
      case "buyerId":
      case "buyerMessage":
      case "sellerNote":
      case "requestedShippingService":
        if (typeof v === "string") (order as unknown as Record<string, unknown>)[f] = v;
        break;
      case "totalValue":
        if (num(v) !== null) order.totalValue = num(v)!;
        break;
      case "cancellationRequested":
      case "refundRequested":
        (order as unknown as Record<string, unknown>)[f] = v === true;
        break;
      case "riskFlags":
      case "tags":
        (order as unknown as Record<string, unknown>)[f] = strs(v);
        break;
      case "country":
      case "region":
      case "city":
      case "postalCode":
        if (typeof v === "string") (order.shippingAddress as unknown as Record<string, unknown>)[f] = v;
        break;
      case "addressValid":
        order.shippingAddress.addressValid = v === true;
        break;
      case "assignedWarehouse":
        assignedWarehouseId = typeof v === "string" ? v : null;
        break;
    }
  }

  // Lines: how many, which SKUs and categories, pairing.
  const ls = order.lines;
  const addLine = () => ls.push({ ...structuredClone(ls[ls.length - 1]!), platformSku: `SKU-${ls.length + 1}`, warehouseSku: ls[ls.length - 1]!.warehouseSku === null ? null : `W-${ls.length + 1}` });
  const wantLines = Math.max(
    num(get("lineCount")) ?? 0,
    strs(get("skus")).length,
    strs(get("categories")).length,
    strs(get("warehouseSkus")).length,
    strs(get("unpairedSkus")).length + (strs(get("warehouseSkus")).length > 0 ? strs(get("warehouseSkus")).length : 0),
    num(get("unpairedSkuCount")) ?? 0,
  );
  if (wantLines > 50) return null;
  while (ls.length < wantLines) addLine();
  if (has("lineCount") && ls.length > (num(get("lineCount")) ?? 0)) return null;
  if (has("skus")) {
    const skus = strs(get("skus"));
    if (skus.length === 0) return null;
    ls.forEach((l, i) => (l.platformSku = skus[i % skus.length]!));
  }
  if (has("categories")) {
    const cats = strs(get("categories"));
    ls.forEach((l, i) => (l.category = cats.length ? cats[i % cats.length]! : ""));
  }
  const unpairedCount = num(get("unpairedSkuCount"));
  const unpaired = has("unpairedSkus") ? strs(get("unpairedSkus")) : null;
  const wskus = has("warehouseSkus") ? strs(get("warehouseSkus")) : null;
  if (unpaired !== null || unpairedCount !== null || wskus !== null || has("allSkusPaired")) {
    let nUnpaired = unpaired !== null ? unpaired.length : unpairedCount ?? (get("allSkusPaired") === false ? 1 : 0);
    if (wskus !== null && wskus.length === 0) nUnpaired = ls.length;
    ls.forEach((l, i) => {
      if (i >= ls.length - nUnpaired) {
        l.warehouseSku = null;
        if (unpaired && unpaired.length) l.platformSku = unpaired[(i - (ls.length - nUnpaired)) % unpaired.length]!;
      } else l.warehouseSku = wskus && wskus.length ? wskus[i % wskus.length]! : l.warehouseSku ?? `W-${i + 1}`;
    });
  }

  // Quantities, weights and sizes.
  const q = num(get("totalQuantity"));
  if (q !== null) {
    const others = ls.slice(0, -1).reduce((s, l) => s + l.quantity, 0);
    ls[ls.length - 1]!.quantity = q - others;
  }
  const totalQty = ls.reduce((s, l) => s + l.quantity, 0);
  for (const flag of [["hasBattery", "hasBattery"], ["hasLiquid", "hasLiquid"], ["hasHazmat", "isHazmat"]] as const) {
    if (!has(flag[0])) continue;
    if (get(flag[0]) === true) {
      if (!ls.some((l) => l[flag[1]])) ls[0]![flag[1]] = true;
    } else for (const l of ls) l[flag[1]] = false;
  }
  const longest = num(get("largestDimensionCm"));
  const girth = num(get("largestGirthCm"));
  const volumetric = num(get("volumetricWeightGrams"));
  let total = num(get("totalWeightGrams"));
  const chargeable = num(get("chargeableWeightGrams"));
  if (total === null && chargeable !== null) total = chargeable;
  if (longest !== null || girth !== null || volumetric !== null || chargeable !== null) {
    let L = longest ?? (girth !== null ? Math.max(1, girth / 3) : 10);
    if (longest === null && volumetric === null && girth === null && chargeable !== null) {
      // Keep the volumetric weight at or under the chargeable weight.
      L = Math.min(10, Math.cbrt(((chargeable * 5) / Math.max(totalQty, 1)) || 0));
    }
    for (const l of ls) setDims(l, L, girth, volumetric !== null ? volumetric : chargeable !== null ? Math.min(chargeable, (L * Math.min(L, 1) ** 2) / 5) : null, totalQty);
    if (longest === 0) for (const l of ls) l.dimensionsCm = null;
  }
  if (total !== null) for (const l of ls) l.weightGrams = totalQty > 0 ? total / totalQty : total;

  // Stock: a warehouse SKU held (enough) where "In stock at warehouse" must be true and not where it must be false.
  const stock = stockRequirements(space, values);
  if (stock.size) {
    const want = [...stock];
    const needed = ls.reduce((n, l) => n + l.quantity, 0);
    const skus = [...new Set(Object.values(context.inventory).flatMap((w) => Object.keys(w)))].sort();
    const level = (w: string, sku: string) => (Object.prototype.hasOwnProperty.call(context.inventory, w) && Object.prototype.hasOwnProperty.call(context.inventory[w]!, sku) ? context.inventory[w]![sku]! : 0);
    const fits = (sku: string) => want.every(([w, inStock]) => (level(w, sku) >= needed) === inStock);
    const sku = want.some(([, inStock]) => inStock) ? skus.find(fits) : "W-NOT-STOCKED";
    if (sku === undefined) return null;
    for (const l of ls) l.warehouseSku = sku;
  }

  // Time.
  const now = nowMs;
  const h = (f: string) => num(get(f));
  if (has("hoursSinceCreated")) {
    if (h("hoursSinceCreated") === null) return null;
    order.createdAt = iso(now - h("hoursSinceCreated")! * HOUR);
  }
  if (has("hoursSincePaid")) order.paidAt = get("hoursSincePaid") === null ? null : iso(now - h("hoursSincePaid")! * HOUR);
  if (has("hoursToDeadline")) order.shipByDeadline = get("hoursToDeadline") === null ? null : iso(now + h("hoursToDeadline")! * HOUR);

  const parsed = ZOrder.safeParse(order);
  if (!parsed.success) return null;
  return { order: parsed.data, assignedWarehouseId };
}

/** Warehouses where "In stock at warehouse" must hold (true) or must not (false), from the assignment's stock conditions. */
function stockRequirements(space: RuleSpace, values: Map<number, unknown>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const atom of space.atoms) {
    const c = atom.cond;
    if (c.fact !== "inStockAt" || !values.has(atom.v) || typeof c.value !== "boolean" || typeof c.params?.warehouseId !== "string") continue;
    const holds = values.get(atom.v) === true;
    if (c.operator === "equal") out.set(c.params.warehouseId, holds === c.value);
    else if (c.operator === "notEqual") out.set(c.params.warehouseId, holds !== c.value);
  }
  return out;
}

/**
 * Whether the built order decides every assigned condition the way the assignment did: then any
 * formula over those conditions has the same truth on the order as in the search.
 */
export function exampleAgrees(space: RuleSpace, values: Map<number, unknown>, example: ExampleOrder, context: TEvaluationContext): boolean {
  const frame = createFactFrame(example.order, context, undefined, example.assignedWarehouseId);
  const resolve = orderFactResolver(frame);
  for (const atom of space.atoms) {
    if (!values.has(atom.v)) continue;
    const wanted = atom.test(values.get(atom.v));
    const actual = interpretCondition(atom.cond as TJreCondition, resolve);
    if (wanted !== actual) return false;
  }
  return true;
}
