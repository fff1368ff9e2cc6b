/**
 * TikTok Shop Open API order detail (202309 "Get Order Detail" / "Get Order List"): `{"data":{"orders":[...]}}`,
 * `{"orders":[...]}`, a bare array, or several responses one per line. Reads the whole document: API
 * pages are small. Order and SKU ids are strings (they exceed 2^53). Line items are one per unit:
 * items of the same SKU are merged into one line whose quantity is the number of units.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapTiktokApiStatus } from "./map-platform-status";
import { parseUnixSeconds } from "./parse-timestamp";
import { clip, idText, parseInteger, parseMoney, roundMoney } from "./parse-values";
import { isRecord, parseJsonDocuments } from "./read-json";
import { readAllText } from "./read-text-chunks";

export async function* parseTiktokJson(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const parsed = parseJsonDocuments(await readAllText(source));
  if (!parsed.ok) {
    yield fileError(parsed.row, parsed.message);
    return;
  }
  const orders: unknown[] = [];
  for (const doc of parsed.documents) {
    const data = isRecord(doc) && isRecord(doc.data) ? doc.data : doc;
    if (Array.isArray(data)) orders.push(...data);
    else if (isRecord(data) && Array.isArray(data.orders)) orders.push(...data.orders);
    else {
      const apiError = isRecord(doc) && typeof doc.code === "number" && doc.code !== 0 ? ` (the response is an API error ${doc.code}: ${String(doc.message)})` : "";
      yield fileError(1, `expected {"data":{"orders":[...]}} or an array of TikTok Shop orders${apiError}`);
      return;
    }
  }
  for (let i = 0; i < orders.length; i++) yield* finishOrder(readTiktokJsonOrder(orders[i], i + 1, options), options);
}

function timeField(order: Record<string, unknown>, field: string, row: number, issues: RowIssues): string | null {
  const value = order[field];
  if (value === undefined || value === null || value === 0 || value === "") return null;
  const iso = parseUnixSeconds(value);
  if (iso === null) issues.add(row, field, `${JSON.stringify(value)} is not a Unix time in seconds`);
  return iso;
}

/** The district level named like `name` (State, City...), else the one at `level` (L1, L3...). */
function district(info: unknown, name: RegExp, level: string): string {
  if (!Array.isArray(info)) return "";
  const entries = info.filter(isRecord);
  const byName = entries.find((d) => name.test(idText(d.address_level_name)));
  const byLevel = entries.find((d) => idText(d.address_level).toUpperCase() === level);
  return idText((byName ?? byLevel)?.address_name);
}

interface SkuGroup {
  platformSku: string;
  quantity: number;
  amount: number;
}

function readTiktokJsonOrder(value: unknown, row: number, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.id);
  const draft: OrderDraft = { row, externalId, issues };
  if (externalId === "") issues.add(row, "id", "the order has no id");
  else if (typeof order.id === "number" && !Number.isSafeInteger(order.id)) {
    issues.add(row, "id", `order id ${externalId} was written as a JSON number above 2^53 and has lost digits; keep TikTok ids as strings`);
  }
  const platform = options.platform ?? "tiktok";

  const statusText = idText(order.status);
  let status = mapTiktokApiStatus(statusText);
  if (status === null) issues.add(row, "status", `unknown order status ${JSON.stringify(order.status ?? null)}`);
  if (order.create_time === undefined || order.create_time === null) issues.add(row, "create_time", "the order's creation time is missing");
  const createdAt = timeField(order, "create_time", row, issues);
  const paidAt = timeField(order, "paid_time", row, issues);
  const rtsSla = timeField(order, "rts_sla_time", row, issues);
  const shippingDue = timeField(order, "shipping_due_time", row, issues);

  const payment = isRecord(order.payment) ? order.payment : {};
  const total = parseMoney(payment.total_amount);
  if (total === null || total.amount < 0) issues.add(row, "payment.total_amount", `${JSON.stringify(payment.total_amount ?? null)} is not an order amount`);
  const currency = pickCurrency(idText(payment.currency), options);
  if (currency === null) issues.add(row, "payment.currency", `${JSON.stringify(payment.currency ?? null)} is not an ISO-4217 currency code and no defaultCurrency was given`);

  // One item per unit: merge by SKU id, keeping first-seen order.
  const groups = new Map<string, SkuGroup>();
  const items = Array.isArray(order.line_items) ? order.line_items : [];
  if (items.length === 0) issues.add(row, "line_items", "the order has no line items");
  let lineCancelled = false;
  items.forEach((item, i) => {
    const at = `line_items[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected a line item object");
      return;
    }
    const skuId = idText(item.sku_id);
    const platformSku = idText(item.seller_sku) || skuId;
    const price = parseMoney(item.sale_price) ?? parseMoney(item.original_price);
    // Item-per-unit is the norm; honour an explicit quantity if a response carries one.
    const units = item.quantity === undefined ? 1 : parseInteger(item.quantity);
    if (platformSku === "") issues.add(row, `${at}.sku_id`, `item ${JSON.stringify(item.product_name ?? "")} has neither a seller_sku nor a sku_id`);
    if (price === null || price.amount < 0) issues.add(row, `${at}.sale_price`, `${JSON.stringify(item.sale_price ?? null)} is not a price`);
    if (units === null || units < 1) issues.add(row, `${at}.quantity`, `quantity must be a whole number of at least 1, got ${JSON.stringify(item.quantity)}`);
    if (idText(item.cancel_reason) !== "" || idText(item.display_status).toUpperCase() === "CANCELLED") lineCancelled = true;
    if (platformSku === "" || price === null || price.amount < 0 || units === null || units < 1) return;
    const key = skuId || platformSku;
    const group = groups.get(key);
    if (group) {
      group.quantity += units;
      group.amount += price.amount * units;
    } else {
      groups.set(key, { platformSku, quantity: units, amount: price.amount * units });
    }
  });
  if (issues.any) return draft;

  const lines: TOrderLineInput[] = [...groups.values()].map((g) =>
    buildLine({ platformSku: g.platformSku, quantity: g.quantity, unitPrice: roundMoney(g.amount / g.quantity) }, platform, options),
  );
  if (status === "awaiting_fulfillment" && order.is_on_hold_order === true) status = "on_hold";
  const address = isRecord(order.recipient_address) ? order.recipient_address : {};
  const deadlines = [rtsSla, shippingDue].filter((d): d is string => d !== null).sort();
  const input: DraftInput = {
    platform,
    status: status!,
    createdAt: createdAt!,
    paidAt,
    // The earlier of the ready-to-ship SLA and the shipping due time is the binding dispatch deadline.
    shipByDeadline: deadlines[0] ?? null,
    currency: currency!,
    totalValue: total!.amount,
    buyerId: clip(idText(order.user_id), 200),
    shippingAddress: buildAddress({
      country: idText(address.region_code),
      region: district(address.district_info, /^(state|province|region)$/i, "L1"),
      city: district(address.district_info, /^city$/i, "L3"),
      postalCode: idText(address.postal_code),
    }),
    lines,
    cancellationRequested: status === "cancelled" || idText(order.cancel_reason) !== "" || lineCancelled,
    // The order detail carries no refund state (TikTok serves it from the Return & Refund API).
    refundRequested: false,
    riskFlags: [],
    buyerMessage: clip(idText(order.buyer_message), 2_000),
    sellerNote: clip(idText(order.seller_note), 2_000),
    tags: [],
    requestedShippingService: clip(idText(order.delivery_option_name), 120),
  };
  draft.input = input;
  return draft;
}
