/**
 * Amazon Selling Partner API Orders (v0): getOrders responses `{"payload":{"Orders":[...]}}` with the
 * items either embedded as `OrderItems` on each order or given as getOrderItems responses
 * `{"payload":{"AmazonOrderId":"...","OrderItems":[...]}}` elsewhere in the file (pages one per line,
 * in an array, or concatenated); also a combined `{"orders":[{...order, "OrderItems":[...]}]}`.
 * Items are joined to orders by AmazonOrderId. Reads the whole document: API pages are small.
 * `row` is the order's position among the orders of the file (1-based).
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapAmazonStatus } from "./map-platform-status";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, idText, parseBoolean, parseInteger, parseMoney, roundMoney } from "./parse-values";
import { isRecord, parseJsonDocuments } from "./read-json";
import { readAllText } from "./read-text-chunks";

interface Collected {
  orders: unknown[];
  itemsByOrder: Map<string, unknown[]>;
  unrecognised: number;
}

function collect(doc: unknown, into: Collected): void {
  if (Array.isArray(doc)) {
    for (const d of doc) collect(d, into);
    return;
  }
  if (!isRecord(doc)) {
    into.unrecognised++;
    return;
  }
  if (typeof doc.AmazonOrderId === "string" && typeof doc.PurchaseDate === "string") {
    into.orders.push(doc); // a bare order
    return;
  }
  const body = isRecord(doc.payload) ? doc.payload : doc;
  let found = false;
  for (const key of ["Orders", "orders"]) {
    if (Array.isArray(body[key])) {
      into.orders.push(...(body[key] as unknown[]));
      found = true;
    }
  }
  if (Array.isArray(body.OrderItems) && typeof body.AmazonOrderId === "string") {
    const id = body.AmazonOrderId.trim();
    into.itemsByOrder.set(id, [...(into.itemsByOrder.get(id) ?? []), ...body.OrderItems]);
    found = true;
  }
  if (!found) into.unrecognised++;
}

export async function* parseAmazonJson(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const parsed = parseJsonDocuments(await readAllText(source));
  if (!parsed.ok) {
    yield fileError(parsed.row, parsed.message);
    return;
  }
  const collected: Collected = { orders: [], itemsByOrder: new Map(), unrecognised: 0 };
  for (const doc of parsed.documents) collect(doc, collected);
  if (collected.orders.length === 0) {
    yield fileError(1, 'no orders found: expected {"payload":{"Orders":[...]}} or {"orders":[...]} from the SP-API Orders API');
    return;
  }
  for (let i = 0; i < collected.orders.length; i++) {
    yield* finishOrder(readAmazonOrder(collected.orders[i], i + 1, collected.itemsByOrder, options), options);
  }
}

function timeField(order: Record<string, unknown>, field: string, row: number, issues: RowIssues): string | null {
  const value = order[field];
  if (value === undefined || value === null || value === "") return null;
  const iso = typeof value === "string" ? parseOffsetTimestamp(value) : null;
  if (iso === null) issues.add(row, field, `${JSON.stringify(value)} is not an ISO-8601 date-time with offset`);
  return iso;
}

function amountOf(value: unknown): number | null {
  return isRecord(value) ? (parseMoney(value.Amount)?.amount ?? null) : null;
}

function readAmazonOrder(value: unknown, row: number, itemsByOrder: Map<string, unknown[]>, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.AmazonOrderId);
  const draft: OrderDraft = { row, externalId, issues };
  if (externalId === "") issues.add(row, "AmazonOrderId", "the order has no AmazonOrderId");
  const platform = options.platform ?? "amazon";

  const statusText = idText(order.OrderStatus);
  const status = mapAmazonStatus(statusText);
  if (status === null) issues.add(row, "OrderStatus", `unknown order status ${JSON.stringify(order.OrderStatus ?? null)}`);
  if (order.PurchaseDate === undefined || order.PurchaseDate === null) issues.add(row, "PurchaseDate", "the order's purchase date is missing");
  const createdAt = timeField(order, "PurchaseDate", row, issues);
  const latestShip = timeField(order, "LatestShipDate", row, issues);

  const items = Array.isArray(order.OrderItems) ? order.OrderItems : externalId ? itemsByOrder.get(externalId) : undefined;
  if (!items || items.length === 0) {
    issues.add(row, "OrderItems", `no order items for ${externalId || "the order"}: embed OrderItems in the order or include its getOrderItems response`);
  }
  const lines: TOrderLineInput[] = [];
  let itemTotal = 0;
  let itemCurrency: string | null = null;
  let buyerRequestedCancel = false;
  (items ?? []).forEach((item, i) => {
    const at = `OrderItems[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected an order item object");
      return;
    }
    const sku = idText(item.SellerSKU);
    const quantity = parseInteger(item.QuantityOrdered);
    const price = item.ItemPrice === undefined ? 0 : amountOf(item.ItemPrice);
    const promotion = item.PromotionDiscount === undefined ? 0 : amountOf(item.PromotionDiscount);
    if (isRecord(item.BuyerRequestedCancel) && parseBoolean(item.BuyerRequestedCancel.IsBuyerRequestedCancel) === true) buyerRequestedCancel = true;
    if (sku === "") issues.add(row, `${at}.SellerSKU`, `item ${JSON.stringify(item.ASIN ?? "")} has no SellerSKU, so it cannot be paired with a warehouse SKU`);
    if (quantity === null || quantity < 0) issues.add(row, `${at}.QuantityOrdered`, `quantity must be a whole number of at least 0, got ${JSON.stringify(item.QuantityOrdered ?? null)}`);
    if (price === null || price < 0) issues.add(row, `${at}.ItemPrice`, "ItemPrice.Amount is not a price");
    if (promotion === null) issues.add(row, `${at}.PromotionDiscount`, "PromotionDiscount.Amount is not an amount");
    if (sku === "" || quantity === null || quantity < 0 || price === null || price < 0 || promotion === null) return;
    if (!itemCurrency && isRecord(item.ItemPrice)) itemCurrency = idText(item.ItemPrice.CurrencyCode) || null;
    itemTotal += price;
    // QuantityOrdered 0 marks an item cancelled before shipment: nothing left to route.
    if (quantity === 0) return;
    // ItemPrice is the price of the whole quantity, not of one unit.
    lines.push(buildLine({ platformSku: sku, quantity, unitPrice: Math.max(0, roundMoney((price - promotion) / quantity)) }, platform, options));
  });
  if (!issues.any && lines.length === 0) issues.add(row, "OrderItems", "every item has QuantityOrdered 0: nothing to ship");

  const orderTotal = isRecord(order.OrderTotal) ? order.OrderTotal : null;
  const total = orderTotal ? amountOf(orderTotal) : roundMoney(itemTotal);
  if (total === null || total < 0) issues.add(row, "OrderTotal.Amount", `${JSON.stringify(orderTotal?.Amount ?? null)} is not an order total`);
  const currency = pickCurrency((orderTotal ? idText(orderTotal.CurrencyCode) : "") || itemCurrency, options);
  if (currency === null) issues.add(row, "OrderTotal.CurrencyCode", "the order names no valid currency and no defaultCurrency was given");
  if (issues.any) return draft;

  const address = isRecord(order.ShippingAddress) ? order.ShippingAddress : {};
  const buyer = isRecord(order.BuyerInfo) ? order.BuyerInfo : {};
  const tags: string[] = [];
  if (idText(order.FulfillmentChannel) === "AFN") tags.push("fba");
  if (parseBoolean(order.IsPrime) === true) tags.push("prime");
  if (parseBoolean(order.IsBusinessOrder) === true) tags.push("business");
  const input: DraftInput = {
    platform,
    status: status!,
    createdAt: createdAt!,
    // SP-API reports no payment time: an order leaves Pending once payment is authorised, so the
    // purchase time stands in for it; pending and cancelled orders count as unpaid.
    paidAt: status === "pending_payment" || status === "cancelled" ? null : createdAt,
    shipByDeadline: latestShip,
    currency: currency!,
    totalValue: total!,
    buyerId: clip(idText(buyer.BuyerEmail).toLowerCase(), 200),
    shippingAddress: buildAddress({
      country: idText(address.CountryCode),
      region: idText(address.StateOrRegion),
      city: idText(address.City),
      postalCode: idText(address.PostalCode),
    }),
    lines,
    cancellationRequested: status === "cancelled" || buyerRequestedCancel,
    // The Orders API carries no refund state (refunds live in the Finances API).
    refundRequested: false,
    riskFlags: [],
    buyerMessage: "",
    sellerNote: "",
    tags,
    requestedShippingService: clip(idText(order.ShipServiceLevel), 120),
  };
  draft.input = input;
  return draft;
}
