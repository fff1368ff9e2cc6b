/**
 * Shopify Admin REST API orders: `{"orders":[...]}` (a page of GET /orders.json), `{"order":{...}}`
 * (GET /orders/{id}.json), one bare order, a bare array, or several pages one per line. Reads the whole
 * document: API pages are small. `row` is the order's position in the file (1-based, across pages).
 *
 * Lines: the platform SKU is the line's `sku`, else its `variant_id`, `product_id`, `title`, `name`
 * (custom line items have none of the first three), with a notice. Gift cards and lines with
 * `requires_shipping: false` are not routed; nor are units removed or refunded — `current_quantity`
 * (REST 2024-01 and later) or else `quantity` minus `refunds[].refund_line_items[].quantity`. An order
 * with no line left to ship is skipped with a notice. (`fulfillable_quantity` is not used: it drops to 0
 * once a line ships, which would empty every fulfilled order of the history.) The total is
 * `current_total_price` — what is left once refunds and removals are taken off — when the order has it,
 * else `total_price`. An API error response (`{"errors": …}`) is one file error naming it.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { describeDocument, apiErrorResponse } from "./api-envelopes";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, nothingToShipMessage, platformSkuOf, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapShopifyStatus } from "./map-platform-status";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, idText, parseBoolean, parseInteger, parseMoney, quantityProblem, roundMoney, splitTags } from "./parse-values";
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
    const found = shopifyOrdersOf(doc);
    if (typeof found === "string") {
      yield fileError(1, found);
      return;
    }
    orders.push(...found);
  }
  for (let i = 0; i < orders.length; i++) yield* finishOrder(readShopifyJsonOrder(orders[i], i + 1, options), options);
}

/** The orders of one document, or the one message saying what the document is instead. */
function shopifyOrdersOf(doc: unknown): unknown[] | string {
  const apiError = apiErrorResponse(doc);
  if (apiError) return apiError;
  if (Array.isArray(doc)) return doc.map((d) => (isRecord(d) && isRecord(d.order) && !("line_items" in d) ? d.order : d));
  if (isRecord(doc) && Array.isArray(doc.orders)) return doc.orders;
  if (isRecord(doc) && isRecord(doc.order)) return [doc.order];
  if (isRecord(doc) && Array.isArray(doc.line_items)) return [doc];
  return `expected a Shopify order, {"order": {...}} (GET /orders/{id}.json), {"orders": [...]} (GET /orders.json) or an array of orders; the body is ${describeDocument(doc)}`;
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

/** Units refunded per line item id, from `refunds[].refund_line_items[]`. */
function refundedUnits(order: Record<string, unknown>): Map<string, number> {
  const units = new Map<string, number>();
  for (const refund of Array.isArray(order.refunds) ? order.refunds : []) {
    if (!isRecord(refund) || !Array.isArray(refund.refund_line_items)) continue;
    for (const r of refund.refund_line_items) {
      if (!isRecord(r)) continue;
      const id = idText(r.line_item_id);
      const quantity = parseInteger(r.quantity);
      if (id !== "" && quantity !== null && quantity > 0) units.set(id, (units.get(id) ?? 0) + quantity);
    }
  }
  return units;
}

function readShopifyJsonOrder(value: unknown, row: number, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  const notices = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.name) || idText(order.id);
  const draft: OrderDraft = { row, externalId, issues, notices };
  if (externalId === "") issues.add(row, "name", "the order has neither a name nor an id");
  const platform = options.platform ?? "shopify";

  const createdAt = timeField(order, "created_at", row, issues);
  if (order.created_at === undefined || order.created_at === null) issues.add(row, "created_at", "the order's creation time is missing");
  const processedAt = timeField(order, "processed_at", row, issues);
  const cancelledAt = timeField(order, "cancelled_at", row, issues);
  const currency = pickCurrency(typeof order.currency === "string" ? order.currency : null, options);
  if (currency === null) issues.add(row, "currency", `${JSON.stringify(order.currency ?? null)} is not an ISO-4217 currency code and no defaultCurrency was given`);
  // What is left to pay for once refunds and removals are taken off; older API versions lack it.
  const totalField = order.current_total_price !== undefined && order.current_total_price !== null ? "current_total_price" : "total_price";
  const total = parseMoney(order[totalField]);
  if (total === null || total.amount < 0) issues.add(row, totalField, `${JSON.stringify(order[totalField] ?? null)} is not an order total`);

  const lines: TOrderLineInput[] = [];
  const items = Array.isArray(order.line_items) ? order.line_items : [];
  if (items.length === 0) issues.add(row, "line_items", "the order has no line items");
  const refunded = refundedUnits(order);
  let nonShipping = 0;
  let removed = 0;
  items.forEach((item, i) => {
    const at = `line_items[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected a line item object");
      return;
    }
    const { sku, notice } = platformSkuOf([
      { label: "SKU", value: item.sku },
      { label: "variant id", value: item.variant_id },
      { label: "product id", value: item.product_id },
      { label: "title", value: item.title, text: true },
      { label: "name", value: item.name, text: true },
    ]);
    const problem = quantityProblem(item.quantity);
    const price = parseMoney(item.price);
    const discount = lineDiscount(item);
    const hasCurrent = item.current_quantity !== undefined && item.current_quantity !== null;
    const current = hasCurrent ? parseInteger(item.current_quantity) : null;
    if (sku === "") issues.add(row, `${at}.sku`, "the line item has no SKU, variant id, product id, title or name to identify it");
    if (problem) issues.add(row, `${at}.quantity`, problem);
    if (price === null || price.amount < 0) issues.add(row, `${at}.price`, `${JSON.stringify(item.price ?? null)} is not a unit price`);
    if (discount === null) issues.add(row, `${at}.discount_allocations`, "a discount amount is not a number");
    const badCurrent = hasCurrent && (current === null || current < 0 || (problem === null && current > Number(item.quantity)));
    if (badCurrent) issues.add(row, `${at}.current_quantity`, `current_quantity ${JSON.stringify(item.current_quantity)} is not a whole number between 0 and the quantity ordered`);
    if (sku === "" || problem || price === null || price.amount < 0 || discount === null || badCurrent) return;
    const label = JSON.stringify(idText(item.name) || idText(item.title) || sku);
    // Gift cards and digital goods need no parcel: they are not lines to route.
    if (parseBoolean(item.requires_shipping) === false || item.gift_card === true) {
      nonShipping++;
      notices.add(row, at, `${label} ${item.gift_card === true ? "is a gift card" : "needs no shipping"}; not routed`);
      return;
    }
    const ordered = Number(item.quantity);
    const left = current ?? Math.max(0, ordered - (refunded.get(idText(item.id)) ?? 0));
    const how = hasCurrent ? `current_quantity ${current}` : "refunds";
    if (left === 0) {
      removed++;
      notices.add(row, at, `${label}: all ${ordered} removed or refunded (${how}); not routed`);
      return;
    }
    if (left < ordered) notices.add(row, at, `${label}: ${ordered - left} of ${ordered} removed or refunded (${how}); routing ${left}`);
    if (notice) notices.add(row, `${at}.sku`, notice);
    const grams = typeof item.grams === "number" && item.grams >= 0 ? item.grams : null;
    // The unit price after the line's discount, over what was ordered (refunds do not change it).
    const unitPrice = Math.max(0, roundMoney((price.amount * ordered - discount) / ordered));
    lines.push(buildLine({ platformSku: sku, quantity: left, unitPrice, platformWeightGrams: grams }, platform, options));
  });
  if (issues.any) return draft;
  if (lines.length === 0) {
    draft.nothingToShip = { row, field: "line_items", message: nothingToShipMessage(nonShipping, removed) };
    return draft;
  }

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
