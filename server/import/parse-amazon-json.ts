/**
 * Amazon Selling Partner API orders, as the API returns them:
 *
 * - Orders API v0 (models/orders-api-model/ordersV0.json): getOrders `{"payload":{"Orders":[...],"NextToken":…}}`,
 *   getOrder `{"payload":{ order }}`, getOrderItems `{"payload":{"AmazonOrderId":"…","OrderItems":[...]}}`,
 *   and getOrderAddress / getOrderBuyerInfo `{"payload":{"AmazonOrderId":"…","ShippingAddress"|"BuyerEmail":…}}`
 *   (the restricted data, merged into their order); also bare orders, orders with their `OrderItems`
 *   embedded, and `{"orders":[...]}`. Items, addresses and buyer info are joined to orders by AmazonOrderId.
 * - Orders API 2026-01-01 (models/orders-api-model/orders_2026-01-01.json): searchOrders
 *   `{"orders":[...],"pagination":{"nextToken":…}}` and getOrder `{"order":{...}}`, whose orders carry
 *   their `orderItems`.
 *
 * Documents may come one per line, in a JSON array, or concatenated; an error response
 * (`{"errors":[{"code","message"}]}`) is one file error naming it. Reads the whole text: API pages are
 * small. `row` is the order's position among the orders of the file (1-based).
 *
 * Currency: the order total's, else the items' prices', else the marketplace's (MarketplaceId /
 * `salesChannel.marketplaceId`), else the caller's default.
 *
 * Lines: the platform SKU is SellerSKU / `product.sellerSku`, else the ASIN, else the title (with a
 * notice). Items with QuantityOrdered / `quantityOrdered` 0 (cancelled before shipment) are not
 * routed; an order of only such items is skipped with a notice.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { apiErrorResponse, describeDocument } from "./api-envelopes";
import { buildAddress, buildLine, fileError, finishOrder, nothingToShipMessage, pickCurrency, platformSkuOf, RowIssues, type DraftInput, type OrderDraft } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapAmazon2026Status, mapAmazonStatus } from "./map-platform-status";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, idText, parseBoolean, parseInteger, parseMoney, roundMoney } from "./parse-values";
import { isRecord, parseJsonDocuments } from "./read-json";
import { readAllText } from "./read-text-chunks";

type FoundOrder = { version: "v0" | "2026-01-01"; value: unknown };

/**
 * Currency of each marketplace (developer-docs.amazon.com/sp-api/docs/marketplace-ids): the fallback
 * when an order names none — a Pending order has no OrderTotal and its items no prices.
 */
const MARKETPLACE_CURRENCY: Record<string, string> = {
  A2EUQ1WTGCTBG2: "CAD", ATVPDKIKX0DER: "USD", A1AM78C64UM0Y8: "MXN", A2Q3Y263D00KWC: "BRL",
  A28R8C7NBKEWEA: "EUR", A1RKKUPIHCS9HS: "EUR", A1F83G8C2ARO7P: "GBP", A13V1IB3VIYZZH: "EUR", AMEN7PMS3EDWL: "EUR",
  A1805IZSGTT6HS: "EUR", A1PA6795UKMFR9: "EUR", APJ6JRA9NG5V4: "EUR", A2NODRKZP88ZB9: "SEK", AE08WJ6YKNBMC: "ZAR",
  A1C3SOZRARQ6R3: "PLN", ARBP9OOSHTCHU: "EGP", A33AVAJ2PDY3EV: "TRY", A17E79C6D8DWNP: "SAR", A2VIGQ35RCS4UG: "AED",
  A21TJRUUN4KGV: "INR", A19VAU5U5O7RUS: "SGD", A39IBJ37TRP1C6: "AUD", A1VC38T7YXB528: "JPY",
};

interface Collected {
  orders: FoundOrder[];
  itemsByOrder: Map<string, unknown[]>;
  addressByOrder: Map<string, Record<string, unknown>>;
  buyerByOrder: Map<string, Record<string, unknown>>;
  /** The first document that is an API error response, or that holds nothing recognisable. */
  errorResponse: string | null;
  unrecognised: unknown[];
}

const isV0Order = (v: Record<string, unknown>) => typeof v.AmazonOrderId === "string" && ("PurchaseDate" in v || "OrderStatus" in v);
const is2026Order = (v: Record<string, unknown>) => typeof v.orderId === "string" && ("createdTime" in v || "orderItems" in v);

function pushOrder(value: unknown, into: Collected): boolean {
  if (!isRecord(value)) {
    into.orders.push({ version: "v0", value }); // reported as "expected an order object"
    return true;
  }
  if (is2026Order(value)) into.orders.push({ version: "2026-01-01", value });
  else into.orders.push({ version: "v0", value });
  return true;
}

function collect(doc: unknown, into: Collected): void {
  if (Array.isArray(doc)) {
    for (const d of doc) collect(d, into);
    return;
  }
  const apiError = apiErrorResponse(doc);
  if (apiError) {
    into.errorResponse ??= apiError;
    return;
  }
  if (!isRecord(doc)) {
    into.unrecognised.push(doc);
    return;
  }
  if (isV0Order(doc) || is2026Order(doc)) {
    pushOrder(doc, into); // a bare order
    return;
  }
  const body = isRecord(doc.payload) ? doc.payload : doc;
  let found = false;
  for (const key of ["Orders", "orders"]) {
    if (Array.isArray(body[key])) {
      for (const o of body[key] as unknown[]) pushOrder(o, into);
      found = true;
    }
  }
  if (isRecord(body.order)) found = pushOrder(body.order, into);
  const id = typeof body.AmazonOrderId === "string" ? body.AmazonOrderId.trim() : "";
  if (id !== "" && isV0Order(body)) found = pushOrder(body, into); // getOrder's payload
  else if (id !== "") {
    if (Array.isArray(body.OrderItems)) {
      into.itemsByOrder.set(id, [...(into.itemsByOrder.get(id) ?? []), ...body.OrderItems]);
      found = true;
    }
    if (isRecord(body.ShippingAddress)) {
      into.addressByOrder.set(id, body.ShippingAddress);
      found = true;
    }
    if ("BuyerEmail" in body || "BuyerName" in body) {
      into.buyerByOrder.set(id, body);
      found = true;
    }
  }
  if (!found) into.unrecognised.push(doc);
}

const EXPECTED =
  'expected SP-API orders: getOrders {"payload":{"Orders":[...]}} or getOrder {"payload":{...}} with their getOrderItems {"payload":{"AmazonOrderId":"…","OrderItems":[...]}}, ' +
  'or Orders API 2026-01-01 searchOrders {"orders":[...]} / getOrder {"order":{...}}';

export async function* parseAmazonJson(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const parsed = parseJsonDocuments(await readAllText(source));
  if (!parsed.ok) {
    yield fileError(parsed.row, parsed.message);
    return;
  }
  const collected: Collected = { orders: [], itemsByOrder: new Map(), addressByOrder: new Map(), buyerByOrder: new Map(), errorResponse: null, unrecognised: [] };
  for (const doc of parsed.documents) collect(doc, collected);
  if (collected.errorResponse) {
    yield fileError(1, collected.errorResponse);
    return;
  }
  if (collected.orders.length === 0) {
    const itemsOf = [...collected.itemsByOrder.keys()];
    yield fileError(
      1,
      itemsOf.length > 0
        ? `the body holds the getOrderItems response of ${itemsOf.join(", ")} but not the order itself: add its getOrder response ({"payload":{"AmazonOrderId":"${itemsOf[0]}","PurchaseDate":…}})`
        : `no orders found: ${EXPECTED}; the body is ${describeDocument(parsed.documents.length === 1 ? parsed.documents[0] : parsed.documents)}`,
    );
    return;
  }
  for (let i = 0; i < collected.orders.length; i++) {
    const { version, value } = collected.orders[i]!;
    yield* finishOrder(version === "v0" ? readV0Order(value, i + 1, collected, options) : read2026Order(value, i + 1, options), options);
  }
}

function timeField(order: Record<string, unknown>, field: string, row: number, issues: RowIssues, at = field): string | null {
  const value = order[field];
  if (value === undefined || value === null || value === "") return null;
  const iso = typeof value === "string" ? parseOffsetTimestamp(value) : null;
  if (iso === null) issues.add(row, at, `${JSON.stringify(value)} is not an ISO-8601 date-time with offset`);
  return iso;
}

/** v0 Money `{CurrencyCode, Amount}`. */
function amountOf(value: unknown): number | null {
  return isRecord(value) ? (parseMoney(value.Amount)?.amount ?? null) : null;
}

/** 2026-01-01 Money `{amount, currencyCode}`. */
function money2026(value: unknown): { amount: number; currency: string } | null {
  if (!isRecord(value)) return null;
  const amount = parseMoney(value.amount);
  return amount === null ? null : { amount: amount.amount, currency: idText(value.currencyCode) };
}

function readV0Order(value: unknown, row: number, collected: Collected, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  const notices = new RowIssues();
  if (!isRecord(value)) {
    issues.add(row, "$", "expected an order object");
    return { row, externalId: "", issues };
  }
  const order = value;
  const externalId = idText(order.AmazonOrderId);
  const draft: OrderDraft = { row, externalId, issues, notices };
  if (externalId === "") issues.add(row, "AmazonOrderId", "the order has no AmazonOrderId");
  const platform = options.platform ?? "amazon";

  const statusText = idText(order.OrderStatus);
  const status = mapAmazonStatus(statusText);
  if (status === null) issues.add(row, "OrderStatus", `unknown order status ${JSON.stringify(order.OrderStatus ?? null)}`);
  if (order.PurchaseDate === undefined || order.PurchaseDate === null) issues.add(row, "PurchaseDate", "the order's purchase date is missing");
  const createdAt = timeField(order, "PurchaseDate", row, issues);
  const latestShip = timeField(order, "LatestShipDate", row, issues);

  const items = Array.isArray(order.OrderItems) ? order.OrderItems : externalId ? collected.itemsByOrder.get(externalId) : undefined;
  if (!items || items.length === 0) {
    issues.add(
      row,
      "OrderItems",
      `no order items for ${externalId || "the order"}: getOrders/getOrder responses carry none — add its getOrderItems response {"payload":{"AmazonOrderId":"${externalId}","OrderItems":[...]}} (in the file, or with the order in one JSON array), or embed OrderItems in the order`,
    );
  }
  const lines: TOrderLineInput[] = [];
  let itemTotal = 0;
  let itemCurrency: string | null = null;
  let buyerRequestedCancel = false;
  let cancelledItems = 0;
  (items ?? []).forEach((item, i) => {
    const at = `OrderItems[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected an order item object");
      return;
    }
    const { sku, notice } = platformSkuOf([
      { label: "SellerSKU", value: item.SellerSKU },
      { label: "ASIN", value: item.ASIN },
      { label: "Title", value: item.Title, text: true },
    ]);
    const quantity = parseInteger(item.QuantityOrdered);
    const price = item.ItemPrice === undefined ? 0 : amountOf(item.ItemPrice);
    const promotion = item.PromotionDiscount === undefined ? 0 : amountOf(item.PromotionDiscount);
    if (isRecord(item.BuyerRequestedCancel) && parseBoolean(item.BuyerRequestedCancel.IsBuyerRequestedCancel) === true) buyerRequestedCancel = true;
    if (sku === "") issues.add(row, `${at}.SellerSKU`, "the item has no SellerSKU, ASIN or Title to identify it");
    if (quantity === null || quantity < 0) issues.add(row, `${at}.QuantityOrdered`, `quantity must be a whole number of at least 0, got ${JSON.stringify(item.QuantityOrdered ?? null)}`);
    if (price === null || price < 0) issues.add(row, `${at}.ItemPrice`, "ItemPrice.Amount is not a price");
    if (promotion === null) issues.add(row, `${at}.PromotionDiscount`, "PromotionDiscount.Amount is not an amount");
    if (sku === "" || quantity === null || quantity < 0 || price === null || price < 0 || promotion === null) return;
    if (!itemCurrency && isRecord(item.ItemPrice)) itemCurrency = idText(item.ItemPrice.CurrencyCode) || null;
    itemTotal += price;
    // QuantityOrdered 0 marks an item cancelled before shipment: nothing left to route.
    if (quantity === 0) {
      cancelledItems++;
      notices.add(row, at, `${JSON.stringify(idText(item.Title) || sku)}: QuantityOrdered 0 (cancelled); not routed`);
      return;
    }
    if (notice) notices.add(row, `${at}.SellerSKU`, notice);
    // ItemPrice is the price of the whole quantity, not of one unit.
    lines.push(buildLine({ platformSku: sku, quantity, unitPrice: Math.max(0, roundMoney((price - promotion) / quantity)) }, platform, options));
  });

  const orderTotal = isRecord(order.OrderTotal) ? order.OrderTotal : null;
  const total = orderTotal ? amountOf(orderTotal) : roundMoney(itemTotal);
  if (total === null || total < 0) issues.add(row, "OrderTotal.Amount", `${JSON.stringify(orderTotal?.Amount ?? null)} is not an order total`);
  const currency = pickCurrency((orderTotal ? idText(orderTotal.CurrencyCode) : "") || itemCurrency || MARKETPLACE_CURRENCY[idText(order.MarketplaceId)], options);
  if (currency === null) issues.add(row, "OrderTotal.CurrencyCode", "the order names no valid currency and no defaultCurrency was given");
  if (issues.any) return draft;
  if (lines.length === 0) {
    draft.nothingToShip = { row, field: "OrderItems", message: nothingToShipMessage(0, cancelledItems) };
    return draft;
  }

  // ShippingAddress and BuyerInfo are restricted data: getOrderAddress / getOrderBuyerInfo responses supply them.
  const address = isRecord(order.ShippingAddress) ? order.ShippingAddress : (collected.addressByOrder.get(externalId) ?? {});
  const buyer = isRecord(order.BuyerInfo) ? order.BuyerInfo : (collected.buyerByOrder.get(externalId) ?? {});
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

/** An Orders API 2026-01-01 `Order` (searchOrders / getOrder): items, proceeds and fulfillment come with it. */
function read2026Order(value: unknown, row: number, options: ImportOptions): OrderDraft {
  const issues = new RowIssues();
  const notices = new RowIssues();
  const order = value as Record<string, unknown>;
  const externalId = idText(order.orderId);
  const draft: OrderDraft = { row, externalId, issues, notices };
  const platform = options.platform ?? "amazon";

  if (order.createdTime === undefined || order.createdTime === null) issues.add(row, "createdTime", "the order's creation time is missing");
  const createdAt = timeField(order, "createdTime", row, issues);
  const fulfillment = isRecord(order.fulfillment) ? order.fulfillment : null;
  let status: ReturnType<typeof mapAmazon2026Status> = null;
  if (fulfillment) {
    status = mapAmazon2026Status(idText(fulfillment.fulfillmentStatus));
    if (status === null) issues.add(row, "fulfillment.fulfillmentStatus", `unknown fulfillment status ${JSON.stringify(fulfillment.fulfillmentStatus ?? null)}`);
  } else {
    status = "awaiting_review";
    notices.add(row, "fulfillment", "the order has no fulfillment data (request it with includedData=FULFILLMENT): status set to awaiting_review, no ship-by deadline");
  }
  const shipByWindow = fulfillment && isRecord(fulfillment.shipByWindow) ? fulfillment.shipByWindow : {};
  const shipBy = timeField(shipByWindow, "latestDateTime", row, issues, "fulfillment.shipByWindow.latestDateTime");

  const items = Array.isArray(order.orderItems) ? order.orderItems : [];
  if (items.length === 0) issues.add(row, "orderItems", "the order has no orderItems");
  const lines: TOrderLineInput[] = [];
  let itemTotal = 0;
  let itemCurrency = "";
  let cancellationRequested = false;
  let cancelledItems = 0;
  items.forEach((item, i) => {
    const at = `orderItems[${i}]`;
    if (!isRecord(item)) {
      issues.add(row, at, "expected an order item object");
      return;
    }
    const product = isRecord(item.product) ? item.product : {};
    const { sku, notice } = platformSkuOf([
      { label: "product.sellerSku", value: product.sellerSku },
      { label: "ASIN", value: product.asin },
      { label: "title", value: product.title, text: true },
    ]);
    const quantity = parseInteger(item.quantityOrdered);
    const unit = money2026(isRecord(product.price) ? product.price.unitPrice : undefined);
    if (sku === "") issues.add(row, `${at}.product.sellerSku`, "the item has no sellerSku, asin or title to identify it");
    if (quantity === null || quantity < 0) issues.add(row, `${at}.quantityOrdered`, `quantity must be a whole number of at least 0, got ${JSON.stringify(item.quantityOrdered ?? null)}`);
    if (unit !== null && unit.amount < 0) issues.add(row, `${at}.product.price.unitPrice.amount`, `${JSON.stringify(unit.amount)} is not a unit price`);
    if (sku === "" || quantity === null || quantity < 0 || (unit !== null && unit.amount < 0)) return;
    const cancellation = isRecord(item.cancellation) ? item.cancellation : {};
    if (isRecord(cancellation.cancellationRequest) || isRecord(cancellation.cancellationExecution)) cancellationRequested = true;
    if (unit) {
      itemCurrency ||= unit.currency;
      itemTotal += unit.amount * quantity;
    }
    if (quantity === 0) {
      cancelledItems++;
      notices.add(row, at, `${JSON.stringify(idText(product.title) || sku)}: quantityOrdered 0 (cancelled); not routed`);
      return;
    }
    if (notice) notices.add(row, `${at}.product.sellerSku`, notice);
    lines.push(buildLine({ platformSku: sku, quantity, unitPrice: unit?.amount ?? 0 }, platform, options));
  });

  const proceeds = isRecord(order.proceeds) ? order.proceeds : null;
  const grandTotal = proceeds ? money2026(proceeds.grandTotal) : null;
  if (proceeds && proceeds.grandTotal !== undefined && (grandTotal === null || grandTotal.amount < 0)) {
    issues.add(row, "proceeds.grandTotal.amount", `${JSON.stringify(isRecord(proceeds.grandTotal) ? (proceeds.grandTotal.amount ?? null) : proceeds.grandTotal)} is not an order total`);
  }
  if (!grandTotal && !issues.any) notices.add(row, "proceeds.grandTotal", "the order has no proceeds (request them with includedData=PROCEEDS): the total is the items' unit prices × quantities");
  const salesChannel = isRecord(order.salesChannel) ? order.salesChannel : {};
  const currency = pickCurrency(grandTotal?.currency || itemCurrency || MARKETPLACE_CURRENCY[idText(salesChannel.marketplaceId)], options);
  if (currency === null) issues.add(row, "proceeds.grandTotal.currencyCode", "the order names no valid currency and no defaultCurrency was given");
  if (issues.any) return draft;
  if (lines.length === 0) {
    draft.nothingToShip = { row, field: "orderItems", message: nothingToShipMessage(0, cancelledItems) };
    return draft;
  }

  const recipient = isRecord(order.recipient) ? order.recipient : {};
  const address = isRecord(recipient.deliveryAddress) ? recipient.deliveryAddress : {};
  const buyer = isRecord(order.buyer) ? order.buyer : {};
  const programs = Array.isArray(order.programs) ? order.programs.map(idText) : [];
  const tags: string[] = [];
  if (fulfillment && idText(fulfillment.fulfilledBy).toUpperCase() === "AMAZON") tags.push("fba");
  if (programs.includes("PRIME")) tags.push("prime");
  if (programs.includes("AMAZON_BUSINESS")) tags.push("business");
  const input: DraftInput = {
    platform,
    status: status!,
    createdAt: createdAt!,
    // No payment time in the model either: the creation time stands in once the order left PENDING.
    paidAt: status === "pending_payment" || status === "cancelled" || status === "awaiting_review" ? null : createdAt,
    shipByDeadline: shipBy,
    currency: currency!,
    totalValue: grandTotal ? grandTotal.amount : roundMoney(itemTotal),
    buyerId: clip(idText(buyer.buyerEmail).toLowerCase(), 200),
    shippingAddress: buildAddress({
      country: idText(address.countryCode),
      region: idText(address.stateOrRegion),
      city: idText(address.city),
      postalCode: idText(address.postalCode),
    }),
    lines,
    cancellationRequested: status === "cancelled" || cancellationRequested,
    refundRequested: false,
    riskFlags: [],
    buyerMessage: "",
    sellerNote: "",
    tags,
    requestedShippingService: clip(fulfillment ? idText(fulfillment.fulfillmentServiceLevel) : "", 120),
  };
  draft.input = input;
  return draft;
}
