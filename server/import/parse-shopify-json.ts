/**
 * Shopify Admin REST API orders: `{"orders":[...]}` (a page of GET /orders.json), `{"order":{...}}`,
 * a bare array, or several pages one per line. Reads the whole document: API pages are small.
 * `row` is the order's position in the file (1-based, across pages).
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapShopifyStatus } from "./map-platform-status";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, idText, parseBoolean, parseMoney, quantityProblem, roundMoney, splitTags } from "./parse-values";
import { isRecord, parseJsonDocuments } from "./read-json";
import { readAllText } from "./read-text-chunks";

export async function* parseShopifyJson(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const parsed = parseJsonDocuments(await readAllText(source));
  if (!parsed.ok) {
    yield fileError(parsed.row, parsed.message);
    return;
  }
  const orders: unknown[] = [];
  for (const doc of parsed.documents) {
    if (Array.isArray(doc)) orders.push(...doc);
    else if (isRecord(doc) && Array.isArray(doc.orders)) orders.push(...doc.orders);
    else if (isRecord(doc) && isRecord(doc.order)) orders.push(doc.order);
    else {
      yield fileError(1, 'expected {"orders":[...]}, {"order":{...}} or an array of Shopify orders');
      return;
    }
  }
  for (let i = 0; i < orders.length; i++) yield* finishOrder(readShopifyJsonOrder(orders[i], i + 1, options), options);
}

/** Sum of a line's discount allocations (current API) or its total_discount (older versions). */
function lineDiscount(item: Record<string, unknown>): number | null {
  if (Array.isArray(item.discount_allocations) && item.discount_allocations.length > 0) {
    let sum = 0;
    for (const a of item.discount_allocations) {
      const amount = isRecord(a) ? parseMoney(a.amount) : null;
      if (amount === null) return null;
      sum += amount.amount;
    }
    return sum;
  }
  if (item.total_discount === undefined || item.total_discount === null) return 0;
  return parseMoney(item.total_discount)?.amount ?? null;
}

function timeField(order: Record<string, unknown>, field: string, row: number, issues: RowIssues): string | null {
  const value = order[field];
  if (value === undefined || value === null || value === "") return null;
  const iso = typeof value === "string" ? parseOffsetTimestamp(value) : null;
  if (iso === null) issues.add(row, field, `${JSON.stringify(value)} is not an ISO-8601 date-time with offset`);
  return iso;
}

function readShopifyJsonOrder(value: unknown, row: number, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.name) || idText(order.id);
  const draft: OrderDraft = { row, externalId, issues };
  if (externalId === "") issues.add(row, "name", "the order has neither a name nor an id");
  const platform = options.platform ?? "shopify";

  const createdAt = timeField(order, "created_at", row, issues);
  if (order.created_at === undefined || order.created_at === null) issues.add(row, "created_at", "the order's creation time is missing");
  const processedAt = timeField(order, "processed_at", row, issues);
  const cancelledAt = timeField(order, "cancelled_at", row, issues);
  const currency = pickCurrency(typeof order.currency === "string" ? order.currency : null, options);
  if (currency === null) issues.add(row, "currency", `${JSON.stringify(order.currency ?? null)} is not an ISO-4217 currency code and no defaultCurrency was given`);
  const total = parseMoney(order.total_price);
  if (total === null || total.amount < 0) issues.add(row, "total_price", `${JSON.stringify(order.total_price ?? null)} is not an order total`);

  const lines: TOrderLineInput[] = [];
  const items = Array.isArray(order.line_items) ? order.line_items : [];
  if (items.length === 0) issues.add(row, "line_items", "the order has no line items");
  let nonShipping = 0;
  items.forEach((item, i) => {
    const at = `line_items[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected a line item object");
      return;
    }
    const sku = idText(item.sku);
    const problem = quantityProblem(item.quantity);
    const price = parseMoney(item.price);
    const discount = lineDiscount(item);
    if (sku === "") issues.add(row, `${at}.sku`, `line item ${JSON.stringify(item.name ?? item.title ?? "")} has no SKU, so it cannot be paired with a warehouse SKU`);
    if (problem) issues.add(row, `${at}.quantity`, problem);
    if (price === null || price.amount < 0) issues.add(row, `${at}.price`, `${JSON.stringify(item.price ?? null)} is not a unit price`);
    if (discount === null) issues.add(row, `${at}.discount_allocations`, "a discount amount is not a number");
    if (sku === "" || problem || price === null || price.amount < 0 || discount === null) return;
    if (parseBoolean(item.requires_shipping) === false) {
      nonShipping++;
      return;
    }
    const quantity = Number(item.quantity);
    const grams = typeof item.grams === "number" && item.grams >= 0 ? item.grams : null;
    lines.push(
      buildLine({ platformSku: sku, quantity, unitPrice: Math.max(0, roundMoney((price.amount * quantity - discount) / quantity)), platformWeightGrams: grams }, platform, options),
    );
  });
  if (!issues.any && lines.length === 0 && nonShipping > 0) issues.add(row, "line_items", "the order has no line item that requires shipping");
  if (issues.any) return draft;

  const financial = typeof order.financial_status === "string" ? order.financial_status : "";
  const fulfillment = typeof order.fulfillment_status === "string" ? order.fulfillment_status : "";
  const address = isRecord(order.shipping_address) ? order.shipping_address : {};
  const customer = isRecord(order.customer) ? order.customer : {};
  const shippingLine = Array.isArray(order.shipping_lines) && isRecord(order.shipping_lines[0]) ? order.shipping_lines[0] : {};
  const cancelled = cancelledAt !== null;
  const input: DraftInput = {
    platform,
    status: mapShopifyStatus({ cancelled, financial, fulfillment }),
    createdAt: createdAt!,
    // The REST order has no paid-at time; processed_at is when checkout completed and payment was taken.
    paidAt: ["paid", "partially_refunded", "refunded"].includes(financial) ? (processedAt ?? createdAt) : null,
    shipByDeadline: null,
    currency: currency!,
    totalValue: total!.amount,
    buyerId: clip(idText(customer.id) || idText(order.email).toLowerCase(), 200),
    shippingAddress: buildAddress({
      country: idText(address.country_code) || idText(address.country),
      region: idText(address.province_code) || idText(address.province),
      city: idText(address.city),
      postalCode: idText(address.zip),
    }),
    lines,
    cancellationRequested: cancelled,
    refundRequested: (Array.isArray(order.refunds) && order.refunds.length > 0) || financial.includes("refunded"),
    riskFlags: [],
    buyerMessage: clip(idText(order.note), 2_000),
    sellerNote: "",
    tags: splitTags(idText(order.tags)),
    requestedShippingService: clip(idText(shippingLine.title), 120),
  };
  draft.input = input;
  return draft;
}
