/**
 * Shopify admin "Export orders" CSV: one row per line item; the order's own fields (Financial Status,
 * Created at, Total, Shipping address...) are filled on its first row only, later rows of the same
 * Name leave them blank. Streams: only the current order's rows are held.
 *
 * A row with an empty `Lineitem sku` (custom items, stores that set no SKUs) is known by its
 * `Lineitem name` — the export has no variant id column — with a notice. Rows with `Lineitem requires
 * shipping` false (gift cards, digital goods) are not routed; an order of only such rows is skipped.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, nothingToShipMessage, platformSkuOf, RowIssues, type OrderDraft } from "./build-order";
import { groupCsvRows, MAX_ROWS_PER_ORDER, type CsvRowGroup } from "./group-csv-rows";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapShopifyStatus } from "./map-platform-status";
import { parseOffsetTimestamp } from "./parse-timestamp";
import { clip, parseBoolean, parseMoney, quantityProblem, roundMoney, splitTags } from "./parse-values";
import { CsvSyntaxError, readCsvRows, type CsvRow } from "./read-csv-records";

const REQUIRED_COLUMNS = ["Name", "Created at", "Lineitem quantity", "Lineitem sku", "Lineitem price", "Total"];

export async function* parseShopifyCsv(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  let checked = false;
  try {
    for await (const group of groupCsvRows(readCsvRows(source), (row) => row.get("Name"))) {
      if (!checked) {
        checked = true;
        const missing = REQUIRED_COLUMNS.filter((c) => !group.rows[0]!.has(c));
        if (missing.length > 0) {
          yield fileError(1, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} — is this a Shopify "Export orders" CSV?`);
          return;
        }
      }
      yield* finishOrder(readShopifyCsvOrder(group, options), options);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) yield fileError(error.row, error.message);
    else throw error;
  }
}

/** A time cell: "" → null; unreadable → an issue. */
function timeCell(row: CsvRow, column: string, issues: RowIssues): string | null {
  const text = row.get(column);
  if (text === "") return null;
  const iso = parseOffsetTimestamp(text);
  if (iso === null) issues.add(row.row, column, `"${text}" is not a date-time like 2024-03-05 14:22:10 -0500`);
  return iso;
}

function readShopifyCsvOrder(group: CsvRowGroup, options: ImportOptions): OrderDraft {
  const first = group.rows[0]!;
  const issues = new RowIssues();
  const draft: OrderDraft = { row: first.row, externalId: group.key, issues };
  if (group.key === "") {
    issues.add(first.row, "Name", "the order name (e.g. #1001) is empty");
    return draft;
  }
  if (group.droppedRows > 0) {
    issues.add(first.row, "Name", `order ${group.key} has ${group.rows.length + group.droppedRows} rows; at most ${MAX_ROWS_PER_ORDER} line items are supported`);
    return draft;
  }
  if (first.get("Created at") === "" && first.get("Financial Status") === "" && first.get("Currency") === "") {
    issues.add(first.row, "Created at", `the first row of order ${group.key} has no order fields — are its rows separated from the order's first row?`);
    return draft;
  }
  const platform = options.platform ?? "shopify";

  const createdAt = timeCell(first, "Created at", issues);
  if (first.get("Created at") === "") issues.add(first.row, "Created at", "the order's creation time is empty");
  const paidAt = timeCell(first, "Paid at", issues);
  const cancelledAt = timeCell(first, "Cancelled at", issues);

  const currency = pickCurrency(first.get("Currency"), options);
  if (currency === null) issues.add(first.row, "Currency", `"${first.get("Currency")}" is not an ISO-4217 currency code and no defaultCurrency was given`);

  const total = parseMoney(first.get("Total"));
  if (total === null || total.amount < 0) issues.add(first.row, "Total", `"${first.get("Total")}" is not an order total`);

  const lines: TOrderLineInput[] = [];
  const lineRows: number[] = [];
  const notices = new RowIssues();
  draft.notices = notices;
  let nonShipping = 0;
  for (const row of group.rows) {
    // The export has no variant or product id column: a line without a SKU is known by its name.
    const { sku, notice } = platformSkuOf([
      { label: "Lineitem sku", value: row.get("Lineitem sku") },
      { label: "Lineitem name", value: row.get("Lineitem name"), text: true },
    ]);
    const quantityText = row.get("Lineitem quantity");
    const problem = quantityProblem(quantityText);
    const price = parseMoney(row.get("Lineitem price"));
    const discount = row.get("Lineitem discount") === "" ? { amount: 0 } : parseMoney(row.get("Lineitem discount"));
    if (sku === "") issues.add(row.row, "Lineitem sku", "the line has neither a Lineitem sku nor a Lineitem name to identify it");
    if (problem) issues.add(row.row, "Lineitem quantity", problem);
    if (price === null || price.amount < 0) issues.add(row.row, "Lineitem price", `"${row.get("Lineitem price")}" is not a unit price`);
    if (discount === null) issues.add(row.row, "Lineitem discount", `"${row.get("Lineitem discount")}" is not an amount`);
    if (sku === "" || problem || price === null || price.amount < 0 || discount === null) continue;
    // Gift cards and digital goods need no parcel: they are not lines to route.
    if (parseBoolean(row.get("Lineitem requires shipping")) === false) {
      nonShipping++;
      notices.add(row.row, "Lineitem requires shipping", `${JSON.stringify(row.get("Lineitem name") || sku)} needs no shipping; not routed`);
      continue;
    }
    if (notice) notices.add(row.row, "Lineitem sku", notice);
    const quantity = Number(quantityText);
    lines.push(buildLine({ platformSku: sku, quantity, unitPrice: Math.max(0, roundMoney((price.amount * quantity - discount.amount) / quantity)) }, platform, options));
    lineRows.push(row.row);
  }
  if (issues.any) return draft;
  if (lines.length === 0) {
    draft.nothingToShip = { row: first.row, field: "Lineitem requires shipping", message: nothingToShipMessage(nonShipping, 0) };
    return draft;
  }

  const cancelled = cancelledAt !== null;
  const financial = first.get("Financial Status");
  const refunded = parseMoney(first.get("Refunded Amount"));
  const risk = first.get("Risk Level").toLowerCase();
  draft.lineRows = lineRows;
  draft.input = {
    platform,
    status: mapShopifyStatus({ cancelled, financial, fulfillment: first.get("Fulfillment Status") }),
    createdAt: createdAt!,
    paidAt,
    shipByDeadline: null,
    currency: currency!,
    totalValue: total!.amount,
    buyerId: clip(first.get("Email").toLowerCase(), 200),
    shippingAddress: buildAddress({
      country: first.get("Shipping Country"),
      region: first.get("Shipping Province"),
      city: first.get("Shipping City"),
      postalCode: first.get("Shipping Zip"),
    }),
    lines,
    cancellationRequested: cancelled,
    refundRequested: (refunded !== null && refunded.amount > 0) || /refunded/i.test(financial),
    riskFlags: risk === "medium" || risk === "high" ? [`shopify_risk_${risk}`] : [],
    buyerMessage: clip(first.get("Notes"), 2_000),
    sellerNote: "",
    tags: splitTags(first.get("Tags")),
    requestedShippingService: clip(first.get("Shipping Method"), 120),
  };
  return draft;
}
