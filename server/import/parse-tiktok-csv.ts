/**
 * TikTok Shop Seller Center order export CSV: one row per SKU line, the order's fields repeated on
 * each row. Times are the seller's local wall-clock time in US form (`11/05/2024 10:22:31 AM`), read
 * in `options.timeZone` (default UTC). Amounts are bare (`12.99`) or carry a currency code; the
 * currency falls back to `options.defaultCurrency`. Streams: only the current order's rows are held.
 * A row without a Seller SKU is known by its SKU ID, else its Product Name, with a notice.
 */
import type { TOrderLineInput } from "../../rules-schema/order/order-schema";
import { buildAddress, buildLine, fileError, finishOrder, pickCurrency, platformSkuOf, RowIssues, type OrderDraft } from "./build-order";
import { groupCsvRows, MAX_ROWS_PER_ORDER, type CsvRowGroup } from "./group-csv-rows";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { mapTiktokExportStatus } from "./map-platform-status";
import { assertTimeZone, parseUsLocalDateTime } from "./parse-timestamp";
import { clip, parseInteger, parseMoney, quantityProblem, roundMoney } from "./parse-values";
import { CsvSyntaxError, readCsvRows, type CsvRow } from "./read-csv-records";

const REQUIRED_COLUMNS = ["Order ID", "Order Status", "Quantity", "Order Amount", "Created Time"];

export async function* parseTiktokCsv(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const timeZone = options.timeZone ?? "UTC";
  assertTimeZone(timeZone);
  let checked = false;
  try {
    for await (const group of groupCsvRows(readCsvRows(source), (row) => row.get("Order ID"))) {
      if (!checked) {
        checked = true;
        const missing = REQUIRED_COLUMNS.filter((c) => !group.rows[0]!.has(c));
        if (missing.length > 0) {
          yield fileError(1, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} — is this a TikTok Shop Seller Center order export?`);
          return;
        }
      }
      yield* finishOrder(readTiktokCsvOrder(group, timeZone, options), options);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) yield fileError(error.row, error.message);
    else throw error;
  }
}

function timeCell(row: CsvRow, column: string, timeZone: string, issues: RowIssues): string | null {
  const text = row.get(column);
  if (text === "") return null;
  const iso = parseUsLocalDateTime(text, timeZone);
  if (iso === null) issues.add(row.row, column, `"${text}" is not a date-time like 11/05/2024 10:22:31 AM (month/day/year)`);
  return iso;
}

function readTiktokCsvOrder(group: CsvRowGroup, timeZone: string, options: ImportOptions): OrderDraft {
  const first = group.rows[0]!;
  const issues = new RowIssues();
  const draft: OrderDraft = { row: first.row, externalId: group.key, issues };
  if (group.key === "") {
    issues.add(first.row, "Order ID", "the order ID is empty");
    return draft;
  }
  if (group.droppedRows > 0) {
    issues.add(first.row, "Order ID", `order ${group.key} has ${group.rows.length + group.droppedRows} rows; at most ${MAX_ROWS_PER_ORDER} SKU lines are supported`);
    return draft;
  }
  const platform = options.platform ?? "tiktok";

  const status = mapTiktokExportStatus(first.get("Order Status"), first.get("Order Substatus"));
  if (status === null) issues.add(first.row, "Order Status", `unknown order status "${first.get("Order Status")}"`);
  if (first.get("Created Time") === "") issues.add(first.row, "Created Time", "the order's creation time is empty");
  const createdAt = timeCell(first, "Created Time", timeZone, issues);
  const paidAt = timeCell(first, "Paid Time", timeZone, issues);

  const total = parseMoney(first.get("Order Amount"));
  if (total === null || total.amount < 0) issues.add(first.row, "Order Amount", `"${first.get("Order Amount")}" is not an order amount`);
  const currency = pickCurrency(total?.currency, options);
  if (total !== null && currency === null) issues.add(first.row, "Order Amount", "the amounts name no currency and no valid defaultCurrency was given");

  const lines: TOrderLineInput[] = [];
  const lineRows: number[] = [];
  let returnedUnits = 0;
  const notices = new RowIssues();
  draft.notices = notices;
  for (const row of group.rows) {
    const { sku, notice } = platformSkuOf([
      { label: "Seller SKU", value: row.get("Seller SKU") },
      { label: "SKU ID", value: row.get("SKU ID") },
      { label: "Product Name", value: row.get("Product Name"), text: true },
    ]);
    const quantityText = row.get("Quantity");
    const problem = quantityProblem(quantityText);
    const after = parseMoney(row.get("SKU Subtotal After Discount"));
    const unitOriginal = parseMoney(row.get("SKU Unit Original Price"));
    if (sku === "") issues.add(row.row, "Seller SKU", "the line has no Seller SKU, SKU ID or Product Name to identify it");
    if (problem) issues.add(row.row, "Quantity", problem);
    if (after === null && unitOriginal === null) issues.add(row.row, "SKU Subtotal After Discount", "the line has no price");
    else if ((after?.amount ?? 0) < 0 || (unitOriginal?.amount ?? 0) < 0) issues.add(row.row, "SKU Subtotal After Discount", "the line's price is negative");
    if (issues.any) continue;
    if (notice) notices.add(row.row, "Seller SKU", notice);
    const quantity = Number(quantityText);
    const unitPrice = after !== null ? roundMoney(after.amount / quantity) : unitOriginal!.amount;
    const weightKg = parseMoney(row.get("Weight(kg)"));
    lines.push(
      buildLine(
        {
          platformSku: sku,
          quantity,
          unitPrice,
          platformWeightGrams: weightKg !== null && weightKg.amount >= 0 ? Math.round(weightKg.amount * 1000) : null,
          category: row.get("Product Category"),
        },
        platform,
        options,
      ),
    );
    lineRows.push(row.row);
    returnedUnits += Math.max(0, parseInteger(row.get("Sku Quantity of return")) ?? 0);
  }
  if (issues.any) return draft;

  const returnType = first.get("Cancelation/Return Type");
  const refund = parseMoney(first.get("Order Refund Amount"));
  const tags: string[] = [];
  if (/pre-?order/i.test(first.get("Normal or Pre-order"))) tags.push("pre_order");
  if (/tiktok/i.test(first.get("Fulfillment Type"))) tags.push("fulfilled_by_tiktok");
  draft.lineRows = lineRows;
  draft.input = {
    platform,
    status: status!,
    createdAt: createdAt!,
    paidAt,
    shipByDeadline: null,
    currency: currency!,
    totalValue: total!.amount,
    buyerId: clip(first.get("Buyer Username"), 200),
    shippingAddress: buildAddress({ country: first.get("Country"), region: first.get("State"), city: first.get("City"), postalCode: first.get("Zipcode") }),
    lines,
    cancellationRequested: status === "cancelled" || /cancel/i.test(returnType) || first.get("Cancel Reason") !== "",
    refundRequested: /return|refund/i.test(returnType) || (refund !== null && refund.amount > 0) || returnedUnits > 0,
    riskFlags: [],
    buyerMessage: clip(first.get("Buyer Message"), 2_000),
    sellerNote: clip(first.get("Seller Note"), 2_000),
    tags,
    requestedShippingService: clip(first.get("Delivery Option"), 120),
  };
  return draft;
}
