import { z } from "zod";
import { businessHoursBetween, nextDispatchAt } from "../context/business-hours";
import { channelShipsFrom } from "../context/context-schema";
import { type TLineFacts, largestDimension } from "../order/derive-order-facts";
import { ORDER_STATUSES, PLATFORMS } from "../order/order-schema";
import { parseIsoMs } from "../util/parse-iso-ms";
import { type FactFrame, indexContext, ownValue } from "./fact-frame";

/** The value types facts have; operators declare which types they accept. */
export const FACT_TYPES = ["number", "string", "boolean", "stringList"] as const;
export type TFactType = (typeof FACT_TYPES)[number];

/** Extra meaning of a string fact, used to validate values and to pick a value editor. */
export type TFactFormat = "country" | "postalCode" | "currency" | "storeId" | "warehouseId" | "sku" | "text";

export type TFactGroup = "Order" | "Address" | "Items" | "Timing" | "Master data" | "Line item";

/** What a parameterised fact needs: a warehouse, a channel, or a number of hours. */
export type TFactParamKind = "warehouse" | "channel" | "hours";

export const FACT_PARAM_NAMES = { warehouse: "warehouseId", channel: "channelId", hours: "hours" } as const;

export const ZFactParamValue = {
  warehouse: z.object({ warehouseId: z.string().min(1, "pick a warehouse") }).strict(),
  channel: z.object({ channelId: z.string().min(1, "pick a channel") }).strict(),
  hours: z.object({ hours: z.number().positive().max(24 * 90) }).strict(),
} satisfies Record<TFactParamKind, z.ZodType>;

interface FactMeta {
  label: string;
  description: string;
  group: TFactGroup;
  type: TFactType;
  /** Allowed values for an enumerated string fact. */
  options?: readonly string[];
  format?: TFactFormat;
  unit?: "g" | "cm" | "h" | "money" | "count";
  /** True when the fact can be null (unknown), e.g. hours since paid on an unpaid order. */
  nullable?: boolean;
  param?: TFactParamKind;
}

export interface OrderFactDefinition extends FactMeta {
  scope: "order";
  get: (frame: FactFrame, params: Record<string, unknown> | undefined) => unknown;
}

export interface LineFactDefinition extends FactMeta {
  scope: "line";
  get: (line: TLineFacts) => unknown;
}

const o = (meta: FactMeta, get: OrderFactDefinition["get"]): OrderFactDefinition => ({ ...meta, scope: "order", get });
const l = (meta: FactMeta, get: LineFactDefinition["get"]): LineFactDefinition => ({ ...meta, scope: "line", get });

function memo<T>(frame: FactFrame, key: string, compute: () => T): T {
  if (frame.memo === null) frame.memo = new Map();
  else if (frame.memo.has(key)) return frame.memo.get(key) as T;
  const v = compute();
  frame.memo.set(key, v);
  return v;
}

function inStockAt(frame: FactFrame, warehouseId: string): boolean {
  const stock = ownValue(frame.context.inventory, warehouseId);
  if (!stock) return false;
  const needed = new Map<string, number>();
  for (const line of frame.order.lines) {
    if (line.warehouseSku === null) return false;
    needed.set(line.warehouseSku, (needed.get(line.warehouseSku) ?? 0) + line.quantity);
  }
  for (const [sku, qty] of needed) {
    if ((ownValue(stock, sku) ?? 0) < qty) return false;
  }
  return true;
}

function fitsChannel(frame: FactFrame, channelId: string): boolean {
  const ch = indexContext(frame.context).channels.get(channelId);
  if (!ch) return false;
  const d = frame.derived;
  if (d.chargeableWeightGrams > ch.maxWeightGrams) return false;
  if (ch.maxLengthCm !== null && d.largestDimensionCm > ch.maxLengthCm) return false;
  if (ch.maxGirthCm !== null && d.largestGirthCm > ch.maxGirthCm) return false;
  if (ch.countries.length > 0 && !ch.countries.includes(frame.order.shippingAddress.country)) return false;
  if (d.hasBattery && !ch.batteryAllowed) return false;
  if (d.hasLiquid && !ch.liquidAllowed) return false;
  if (d.hasHazmat && !ch.hazmatAllowed) return false;
  // Once a warehouse is assigned (logistics matching and later), the channel must collect from it.
  if (frame.assignedWarehouseId !== null && !channelShipsFrom(ch, frame.assignedWarehouseId)) return false;
  return true;
}

function businessHoursToDeadline(frame: FactFrame, warehouseId: string): number | null {
  const wh = indexContext(frame.context).warehouses.get(warehouseId);
  if (!wh || frame.order.shipByDeadline === null) return null;
  return businessHoursBetween(wh.calendar, frame.derived.nowMs, parseIsoMs(frame.order.shipByDeadline));
}

function canMeetDeadline(frame: FactFrame, warehouseId: string): boolean {
  const wh = indexContext(frame.context).warehouses.get(warehouseId);
  if (!wh) return false;
  if (frame.order.shipByDeadline === null) return true;
  const dispatch = nextDispatchAt(wh.calendar, frame.derived.nowMs);
  return dispatch !== null && dispatch <= parseIsoMs(frame.order.shipByDeadline);
}

function buyerOrdersWithinHours(frame: FactFrame, hours: number): number {
  const { order } = frame;
  if (order.buyerId === "") return 0;
  const others = ownValue(frame.context.buyerOpenOrders, order.buyerId) ?? [];
  const created = parseIsoMs(order.createdAt);
  const windowMs = hours * 3_600_000;
  let count = 0;
  for (const other of others) {
    if (other.orderId === order.id) continue;
    if (Math.abs(parseIsoMs(other.createdAt) - created) <= windowMs) count++;
  }
  return count;
}

const str = (v: unknown) => String(v);

/**
 * Every fact a condition may test on an order, defined once. The key is the fact id used in
 * json-rules-engine conditions.
 */
export const ORDER_FACTS = {
  platform: o({ label: "Platform", description: "Marketplace the order came from", group: "Order", type: "string", options: PLATFORMS }, (f) => f.order.platform),
  storeId: o({ label: "Store", description: "Store the order belongs to", group: "Order", type: "string", format: "storeId" }, (f) => f.order.storeId),
  status: o({ label: "Status", description: "Order status", group: "Order", type: "string", options: ORDER_STATUSES }, (f) => f.order.status),
  currency: o({ label: "Currency", description: "Currency of the order total", group: "Order", type: "string", format: "currency" }, (f) => f.order.currency),
  totalValue: o({ label: "Order value", description: "Total value in the order currency", group: "Order", type: "number", unit: "money" }, (f) => f.order.totalValue),
  buyerId: o({ label: "Buyer", description: "Buyer id on the platform", group: "Order", type: "string", format: "text" }, (f) => f.order.buyerId),
  cancellationRequested: o({ label: "Cancellation requested", description: "The buyer asked to cancel", group: "Order", type: "boolean" }, (f) => f.order.cancellationRequested),
  refundRequested: o({ label: "Refund requested", description: "The buyer asked for a refund", group: "Order", type: "boolean" }, (f) => f.order.refundRequested),
  riskFlags: o({ label: "Risk flags", description: "Fraud / risk flags set by the platform", group: "Order", type: "stringList" }, (f) => f.order.riskFlags),
  tags: o({ label: "Tags", description: "Tags on the order", group: "Order", type: "stringList" }, (f) => f.order.tags),
  buyerMessage: o({ label: "Buyer message", description: "Message left by the buyer", group: "Order", type: "string", format: "text" }, (f) => f.order.buyerMessage),
  sellerNote: o({ label: "Seller note", description: "Internal note on the order", group: "Order", type: "string", format: "text" }, (f) => f.order.sellerNote),
  requestedShippingService: o({ label: "Requested shipping", description: "Shipping service the buyer chose", group: "Order", type: "string", format: "text" }, (f) => f.order.requestedShippingService),

  country: o({ label: "Destination country", description: "ISO country code of the shipping address", group: "Address", type: "string", format: "country" }, (f) => f.order.shippingAddress.country),
  region: o({ label: "Region / state", description: "State, province or region", group: "Address", type: "string", format: "text" }, (f) => f.order.shippingAddress.region),
  city: o({ label: "City", description: "City of the shipping address", group: "Address", type: "string", format: "text" }, (f) => f.order.shippingAddress.city),
  postalCode: o({ label: "Postal code", description: "Postal / ZIP code", group: "Address", type: "string", format: "postalCode" }, (f) => f.order.shippingAddress.postalCode),
  addressValid: o({ label: "Address valid", description: "The address passed validation", group: "Address", type: "boolean" }, (f) => f.order.shippingAddress.addressValid),

  totalWeightGrams: o({ label: "Total weight", description: "Actual weight of all units", group: "Items", type: "number", unit: "g" }, (f) => f.derived.totalWeightGrams),
  volumetricWeightGrams: o({ label: "Volumetric weight", description: "L×W×H / 5000 per unit, summed", group: "Items", type: "number", unit: "g" }, (f) => f.derived.volumetricWeightGrams),
  chargeableWeightGrams: o({ label: "Chargeable weight", description: "The larger of actual and volumetric weight", group: "Items", type: "number", unit: "g" }, (f) => f.derived.chargeableWeightGrams),
  totalQuantity: o({ label: "Total quantity", description: "Units across all lines", group: "Items", type: "number", unit: "count" }, (f) => f.derived.totalQuantity),
  lineCount: o({ label: "Line count", description: "Number of order lines", group: "Items", type: "number", unit: "count" }, (f) => f.derived.lineCount),
  skus: o({ label: "Platform SKUs", description: "Distinct platform SKUs in the order", group: "Items", type: "stringList", format: "sku" }, (f) => f.derived.skus),
  warehouseSkus: o({ label: "Warehouse SKUs", description: "Distinct paired warehouse SKUs", group: "Items", type: "stringList", format: "sku" }, (f) => f.derived.warehouseSkus),
  categories: o({ label: "Categories", description: "Distinct product categories", group: "Items", type: "stringList" }, (f) => f.derived.categories),
  hasBattery: o({ label: "Contains battery", description: "Any line contains a battery", group: "Items", type: "boolean" }, (f) => f.derived.hasBattery),
  hasLiquid: o({ label: "Contains liquid", description: "Any line contains liquid", group: "Items", type: "boolean" }, (f) => f.derived.hasLiquid),
  hasHazmat: o({ label: "Contains hazmat", description: "Any line is dangerous goods", group: "Items", type: "boolean" }, (f) => f.derived.hasHazmat),
  largestDimensionCm: o({ label: "Largest dimension", description: "Longest side of any unit", group: "Items", type: "number", unit: "cm" }, (f) => f.derived.largestDimensionCm),
  largestGirthCm: o({ label: "Largest girth", description: "Length + 2×(width+height) of the largest unit", group: "Items", type: "number", unit: "cm" }, (f) => f.derived.largestGirthCm),
  allSkusPaired: o({ label: "All SKUs paired", description: "Every line has a warehouse SKU", group: "Items", type: "boolean" }, (f) => f.derived.allSkusPaired),
  unpairedSkus: o({ label: "Unpaired SKUs", description: "Platform SKUs without a warehouse SKU", group: "Items", type: "stringList", format: "sku" }, (f) => f.derived.unpairedSkus),
  unpairedSkuCount: o({ label: "Unpaired SKU count", description: "Number of unpaired platform SKUs", group: "Items", type: "number", unit: "count" }, (f) => f.derived.unpairedSkuCount),

  hoursSinceCreated: o({ label: "Hours since created", description: "Wall-clock hours since the order was placed", group: "Timing", type: "number", unit: "h" }, (f) => f.derived.hoursSinceCreated),
  hoursSincePaid: o({ label: "Hours since paid", description: "Wall-clock hours since payment; unknown when unpaid", group: "Timing", type: "number", unit: "h", nullable: true }, (f) => f.derived.hoursSincePaid),
  hoursToDeadline: o({ label: "Hours to ship-by deadline", description: "Wall-clock hours left; negative when late; unknown without deadline", group: "Timing", type: "number", unit: "h", nullable: true }, (f) => f.derived.hoursToDeadline),

  assignedWarehouse: o(
    {
      label: "Assigned warehouse",
      description: "The warehouse the warehouse-matching stage chose; known in logistics matching and auto-processing, unknown before",
      group: "Master data",
      type: "string",
      format: "warehouseId",
      nullable: true,
    },
    (f) => f.assignedWarehouseId,
  ),
  businessHoursToDeadline: o(
    { label: "Business hours to deadline", description: "Working hours of the warehouse left before the ship-by deadline", group: "Master data", type: "number", unit: "h", nullable: true, param: "warehouse" },
    (f, p) => { const id = str(p?.warehouseId); return memo(f, `bh:${id}`, () => businessHoursToDeadline(f, id)); },
  ),
  canMeetDeadline: o(
    { label: "Warehouse can meet deadline", description: "The warehouse's next cut-off is before the ship-by deadline", group: "Master data", type: "boolean", param: "warehouse" },
    (f, p) => { const id = str(p?.warehouseId); return memo(f, `cm:${id}`, () => canMeetDeadline(f, id)); },
  ),
  inStockAt: o(
    { label: "In stock at warehouse", description: "Every line is paired and the warehouse holds enough units", group: "Master data", type: "boolean", param: "warehouse" },
    (f, p) => { const id = str(p?.warehouseId); return memo(f, `st:${id}`, () => inStockAt(f, id)); },
  ),
  fitsChannel: o(
    { label: "Fits channel limits", description: "Weight, size, destination and battery/liquid rules of the channel allow the parcel, and the channel collects from the assigned warehouse (once one is assigned)", group: "Master data", type: "boolean", param: "channel" },
    (f, p) => { const id = str(p?.channelId); return memo(f, `fc:${id}`, () => fitsChannel(f, id)); },
  ),
  buyerOrdersWithinHours: o(
    { label: "Buyer's other open orders", description: "Other open orders of the same buyer placed within N hours", group: "Master data", type: "number", unit: "count", param: "hours" },
    (f, p) => { const h = Number(p?.hours); return memo(f, `bo:${h}`, () => buyerOrdersWithinHours(f, h)); },
  ),
} satisfies Record<string, OrderFactDefinition>;

export type TOrderFactId = keyof typeof ORDER_FACTS;

/** Facts of one order line, tested inside a line-item quantifier. */
export const LINE_FACTS = {
  "line.platformSku": l({ label: "Line platform SKU", description: "SKU on the platform", group: "Line item", type: "string", format: "sku" }, (x) => x.platformSku),
  "line.warehouseSku": l({ label: "Line warehouse SKU", description: "Paired warehouse SKU; unknown when unpaired", group: "Line item", type: "string", format: "sku", nullable: true }, (x) => x.warehouseSku),
  "line.isPaired": l({ label: "Line is paired", description: "The line has a warehouse SKU", group: "Line item", type: "boolean" }, (x) => x.warehouseSku !== null),
  "line.quantity": l({ label: "Line quantity", description: "Units on the line", group: "Line item", type: "number", unit: "count" }, (x) => x.quantity),
  "line.unitPrice": l({ label: "Line unit price", description: "Price of one unit", group: "Line item", type: "number", unit: "money" }, (x) => x.unitPrice),
  "line.lineValue": l({ label: "Line value", description: "Unit price × quantity", group: "Line item", type: "number", unit: "money" }, (x) => Math.round(x.unitPrice * x.quantity * 100) / 100),
  "line.weightGrams": l({ label: "Line unit weight", description: "Weight of one unit", group: "Line item", type: "number", unit: "g" }, (x) => x.weightGrams),
  "line.lineWeightGrams": l({ label: "Line weight", description: "Unit weight × quantity", group: "Line item", type: "number", unit: "g" }, (x) => x.weightGrams * x.quantity),
  "line.largestDimensionCm": l({ label: "Line largest dimension", description: "Longest side of one unit", group: "Line item", type: "number", unit: "cm" }, largestDimension),
  "line.hasBattery": l({ label: "Line has battery", description: "The item contains a battery", group: "Line item", type: "boolean" }, (x) => x.hasBattery),
  "line.hasLiquid": l({ label: "Line has liquid", description: "The item contains liquid", group: "Line item", type: "boolean" }, (x) => x.hasLiquid),
  "line.isHazmat": l({ label: "Line is hazmat", description: "The item is dangerous goods", group: "Line item", type: "boolean" }, (x) => x.isHazmat),
  "line.category": l({ label: "Line category", description: "Product category", group: "Line item", type: "string", format: "text" }, (x) => x.category),
} satisfies Record<string, LineFactDefinition>;

export type TLineFactId = keyof typeof LINE_FACTS;
export type TFactId = TOrderFactId | TLineFactId;
export type FactDefinition = OrderFactDefinition | LineFactDefinition;

/** Reserved fact ids used inside compiled rules; not pickable in conditions. */
export const LINES_FACT = "lines";
export const MATCHED_RULE_COUNT_FACT = "matchedRuleCount";

export function getFactDefinition(id: string): FactDefinition | undefined {
  if (Object.prototype.hasOwnProperty.call(ORDER_FACTS, id)) return ORDER_FACTS[id as TOrderFactId];
  if (Object.prototype.hasOwnProperty.call(LINE_FACTS, id)) return LINE_FACTS[id as TLineFactId];
  return undefined;
}

export const ORDER_FACT_IDS = Object.keys(ORDER_FACTS) as TOrderFactId[];
export const LINE_FACT_IDS = Object.keys(LINE_FACTS) as TLineFactId[];
