/**
 * The wrappers platform APIs put around orders, and their error responses, named in one message when
 * a document is not what the importer expects — instead of one "missing field" error per order field.
 */
import { idText } from "./parse-values";
import { isRecord } from "./read-json";

function shorten(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The message for an API error response saved instead of orders, or null when `doc` is not one:
 * TikTok Shop `{"code": 36009004, "message": "…", "request_id": "…"}` (any non-zero code), Amazon
 * SP-API `{"errors": [{"code", "message", "details"}]}`, Shopify `{"errors": "Not Found"}` or
 * `{"errors": {"field": ["…"]}}`.
 */
export function apiErrorResponse(doc: unknown): string | null {
  if (!isRecord(doc)) return null;
  if (typeof doc.code === "number" && doc.code !== 0 && ("message" in doc || "request_id" in doc)) {
    const requestId = idText(doc.request_id);
    return shorten(`the body is a TikTok Shop API error response (code ${doc.code}: ${idText(doc.message) || "no message"}${requestId ? `; request_id ${requestId}` : ""}), not orders`);
  }
  if (Array.isArray(doc.errors) && doc.errors.length > 0 && !isRecord(doc.payload)) {
    const list = doc.errors
      .filter(isRecord)
      .map((e) => [idText(e.code), idText(e.message), idText(e.details)].filter((s) => s !== "").join(" — "))
      .filter((s) => s !== "");
    return shorten(`the body is an Amazon SP-API error response (${list.join("; ") || "no details"}), not orders`);
  }
  if ((typeof doc.errors === "string" || isRecord(doc.errors)) && !("orders" in doc) && !("order" in doc)) {
    const detail = typeof doc.errors === "string" ? doc.errors : JSON.stringify(doc.errors);
    return shorten(`the body is a Shopify API error response (${detail}), not orders`);
  }
  return null;
}

/** Which platform's order an object looks like, from fields only that platform's orders have. */
function orderKind(value: unknown): string | null {
  if (!isRecord(value)) return null;
  if ("AmazonOrderId" in value) return "an Amazon SP-API v0 order";
  if ("orderId" in value && "orderItems" in value) return "an Amazon Orders API 2026-01-01 order";
  if ("recipient_address" in value || "sku_id" in value || "rts_sla_time" in value) return "a TikTok Shop order";
  if ("line_items" in value && ("financial_status" in value || "total_price" in value || "order_number" in value)) return "a Shopify order";
  return null;
}

/**
 * A short description of a JSON document, naming the API wrapper it resembles — for the one error
 * an importer gives when a document holds no orders it can read.
 */
export function describeDocument(doc: unknown): string {
  if (Array.isArray(doc)) {
    const kind = orderKind(doc[0]);
    return `a JSON array of ${doc.length} element${doc.length === 1 ? "" : "s"}${kind ? ` (the first looks like ${kind})` : ""}`;
  }
  if (!isRecord(doc)) return `a JSON ${doc === null ? "null" : typeof doc}`;
  const keys = Object.keys(doc);
  const shown = `an object with keys ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}`;
  if (keys.length === 0) return "an empty object";
  let hint: string | null = null;
  if (isRecord(doc.payload)) hint = "an Amazon SP-API v0 response ({\"payload\": …})";
  else if (typeof doc.code === "number" && "data" in doc) hint = "a TikTok Shop API response ({\"code\": 0, \"data\": …})";
  else if (Array.isArray(doc.orders)) hint = orderKind(doc.orders[0]) ? `a page of ${orderKind(doc.orders[0])}s ({"orders": […]})` : "a page of orders ({\"orders\": […]})";
  else if (isRecord(doc.order)) hint = orderKind(doc.order) ? `one ${orderKind(doc.order)!.replace(/^an? /, "")} ({"order": …})` : "one order ({\"order\": …})";
  else hint = orderKind(doc);
  return hint ? `${shown}: it looks like ${hint}` : shown;
}
