/**
 * TikTok Shop Open API order detail (202309 "Get Order Detail" / "Get Order List"): the whole response
 * `{"code":0,"message":"Success","request_id":"…","data":{"orders":[...]}}`, `{"data":{"orders":[...]}}`,
 * `{"orders":[...]}`, a bare array, one bare order, or several responses one per line; an error response
 * (`{"code": 36009004, "message": …}`) is one file error naming it. Reads the whole document: API
 * pages are small. Order and SKU ids are strings (they exceed 2^53). Line items are one per unit:
 * items of the same SKU are merged into one line whose quantity is the number of units.
 *
 * The platform SKU is `seller_sku`, else `sku_id`, `product_id`, `product_name` (with a notice).
 * Items with `display_status` CANCELLED are not routed; an order of only cancelled items is skipped.
 * Region and city come from `district_info` (see regionAndCity); markets without postcodes (Vietnam…)
 * keep a valid address without one.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { apiErrorResponse, describeDocument } from "./api-envelopes";
import { buildAddress, buildLine, fileError, finishOrder, nothingToShipMessage, pickCurrency, platformSkuOf, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
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
    const found = tiktokOrdersOf(doc);
    if (typeof found === "string") {
      yield fileError(1, found);
      return;
    }
    orders.push(...found);
  }
  for (let i = 0; i < orders.length; i++) yield* finishOrder(readTiktokJsonOrder(orders[i], i + 1, options), options);
}

/** The orders of one document, or the one message saying what the document is instead. */
function tiktokOrdersOf(doc: unknown): unknown[] | string {
  const apiError = apiErrorResponse(doc);
  if (apiError) return apiError;
  const data = isRecord(doc) && isRecord(doc.data) ? doc.data : doc;
  if (Array.isArray(data)) return data;
  if (isRecord(data) && Array.isArray(data.orders)) return data.orders;
  if (isRecord(data) && Array.isArray(data.line_items) && "id" in data) return [data];
  return `expected a TikTok Shop order detail response {"code": 0, "data": {"orders": [...]}}, {"orders": [...]}, an array of orders or one order; the body is ${describeDocument(doc)}`;
}

function timeField(order: Record<string, unknown>, field: string, row: number, issues: RowIssues): string | null {
  const value = order[field];
  if (value === undefined || value === null || value === 0 || value === "") return null;
  const iso = parseUnixSeconds(value);
  if (iso === null) issues.add(row, field, `${JSON.stringify(value)} is not a Unix time in seconds`);
  return iso;
}

/**
 * Level of `district_info` that holds the city where the level names do not say: the markets whose
 * L2 is the city or district (L1 province/state, L2 city or district, L3 ward or sub-district) —
 * Vietnam, Indonesia, Thailand, Malaysia, the Philippines. Elsewhere (US: L1 state, L2 county,
 * L3 city; UK: L1 country, L2 county, L3 post town) it is L3.
 */
const CITY_LEVEL: Record<string, string> = { VN: "L2", ID: "L2", TH: "L2", MY: "L2", PH: "L2" };

/** Region and city of a recipient address from `district_info` (by level name, else by level) and `post_town`. */
function regionAndCity(address: Record<string, unknown>, country: string): { region: string; city: string } {
  const entries = Array.isArray(address.district_info) ? address.district_info.filter(isRecord) : [];
  const named = (name: RegExp) => entries.find((d) => name.test(idText(d.address_level_name)));
  const atLevel = (level: string) => entries.find((d) => idText(d.address_level).toUpperCase() === level);
  const region = named(/^(state|province|region|prefecture)$/i) ?? atLevel("L1");
  const city = named(/^(city|town|post ?town|municipality|city\/municipality)$/i) ?? atLevel(CITY_LEVEL[country.toUpperCase()] ?? "L3");
  return { region: idText(region?.address_name), city: idText(address.post_town) || idText(city?.address_name) };
}

interface SkuGroup {
  platformSku: string;
  quantity: number;
  amount: number;
}

function readTiktokJsonOrder(value: unknown, row: number, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  const notices = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.id);
  const draft: OrderDraft = { row, externalId, issues, notices };
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
  const cancelledUnits = new Map<string, { at: string; name: string; units: number }>();
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
    const { sku: platformSku, notice } = platformSkuOf([
      { label: "seller_sku", value: item.seller_sku },
      { label: "sku_id", value: item.sku_id },
      { label: "product_id", value: item.product_id },
      { label: "product_name", value: item.product_name, text: true },
    ]);
    const price = parseMoney(item.sale_price) ?? parseMoney(item.original_price);
    // Item-per-unit is the norm; honour an explicit quantity if a response carries one.
    const units = item.quantity === undefined ? 1 : parseInteger(item.quantity);
    if (platformSku === "") issues.add(row, `${at}.seller_sku`, "the item has no seller_sku, sku_id, product_id or product_name to identify it");
    if (price === null || price.amount < 0) issues.add(row, `${at}.sale_price`, `${JSON.stringify(item.sale_price ?? null)} is not a price`);
    if (units === null || units < 1) issues.add(row, `${at}.quantity`, `quantity must be a whole number of at least 1, got ${JSON.stringify(item.quantity)}`);
    const cancelled = idText(item.display_status).toUpperCase() === "CANCELLED";
    // A cancel reason on an item still to ship is a pending request; a cancelled item is simply not routed.
    if (idText(item.cancel_reason) !== "" && !cancelled) lineCancelled = true;
    if (platformSku === "" || price === null || price.amount < 0 || units === null || units < 1) return;
    const key = skuId || platformSku;
    if (cancelled) {
      // A cancelled item is not shipped: count it for one notice per SKU.
      const c = cancelledUnits.get(key);
      if (c) c.units += units;
      else cancelledUnits.set(key, { at, name: idText(item.product_name) || platformSku, units });
      return;
    }
    const group = groups.get(key);
    if (group) {
      group.quantity += units;
      group.amount += price.amount * units;
    } else {
      groups.set(key, { platformSku, quantity: units, amount: price.amount * units });
      if (notice) notices.add(row, `${at}.seller_sku`, notice);
    }
  });
  if (issues.any) return draft;
  for (const c of cancelledUnits.values()) {
    notices.add(row, c.at, `${JSON.stringify(c.name)}: ${c.units} unit${c.units === 1 ? "" : "s"} cancelled (display_status CANCELLED); not routed`);
  }
  if (groups.size === 0) {
    draft.nothingToShip = { row, field: "line_items", message: nothingToShipMessage(0, cancelledUnits.size) };
    return draft;
  }

  const lines: TOrderLineInput[] = [...groups.values()].map((g) =>
    buildLine({ platformSku: g.platformSku, quantity: g.quantity, unitPrice: roundMoney(g.amount / g.quantity) }, platform, options),
  );
  if (status === "awaiting_fulfillment" && order.is_on_hold_order === true) status = "on_hold";
  const address = isRecord(order.recipient_address) ? order.recipient_address : {};
  const country = idText(address.region_code);
  const { region, city } = regionAndCity(address, country);
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
    shippingAddress: buildAddress({ country, region, city, postalCode: idText(address.postal_code) }),
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
