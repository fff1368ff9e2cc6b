/** The order-history file formats Switchyard imports, and the parser of each. */
import { z } from "zod";
import type { TPlatform } from "../../rules-schema/order/order-schema";
import { findUnsafeInput, storableText } from "../schemas/input-guard";
import type { ImportOptions, ImportResult, ImportSource, OrderParser } from "./import-types";
import { parseAmazonJson } from "./parse-amazon-json";
import { parseNative } from "./parse-native";
import { parseShopifyCsv } from "./parse-shopify-csv";
import { parseShopifyJson } from "./parse-shopify-json";
import { parseTiktokCsv } from "./parse-tiktok-csv";
import { parseTiktokJson } from "./parse-tiktok-json";

export interface ImportFormatSpec {
  id: string;
  label: string;
  /** File name endings offered by the upload dialog (no dot). */
  extensions: readonly string[];
  /** Platform of the orders; null when the file itself says (native). */
  platform: TPlatform | null;
  /** true when the parser streams the file in bounded memory; false when it reads one (small) API document. */
  streaming: boolean;
  /** The name the v1 API's `format` parameter gives this format (one order document per element); absent: files only. */
  api?: string;
  parse: OrderParser;
}

export const IMPORT_FORMATS = [
  { id: "native", label: "Switchyard orders (NDJSON or JSON array)", extensions: ["ndjson", "jsonl", "json"], platform: null, streaming: true, parse: parseNative },
  { id: "shopify-csv", label: "Shopify order export (CSV)", extensions: ["csv"], platform: "shopify", streaming: true, parse: parseShopifyCsv },
  { id: "tiktok-csv", label: "TikTok Shop Seller Center order export (CSV)", extensions: ["csv"], platform: "tiktok", streaming: true, parse: parseTiktokCsv },
  { id: "shopify-json", label: "Shopify Admin API orders (JSON)", extensions: ["json", "ndjson"], platform: "shopify", streaming: false, api: "shopify", parse: parseShopifyJson },
  { id: "tiktok-json", label: "TikTok Shop API order details (JSON)", extensions: ["json", "ndjson"], platform: "tiktok", streaming: false, api: "tiktok", parse: parseTiktokJson },
  { id: "amazon-json", label: "Amazon SP-API orders (JSON: Orders v0 with their order items, or 2026-01-01)", extensions: ["json", "ndjson"], platform: "amazon", streaming: false, api: "amazon", parse: parseAmazonJson },
] as const satisfies readonly ImportFormatSpec[];

export type TImportFormat = (typeof IMPORT_FORMATS)[number]["id"];

export const ZImportFormat = z.enum(IMPORT_FORMATS.map((f) => f.id) as [TImportFormat, ...TImportFormat[]]);

type ApiFormatSpec = Extract<(typeof IMPORT_FORMATS)[number], { api: string }>;
/** The formats the v1 API reads platform orders in, by their API name. */
export const API_IMPORT_FORMATS = IMPORT_FORMATS.filter((f): f is ApiFormatSpec => "api" in f);
export type TApiPlatformFormat = ApiFormatSpec["api"];

export function getImportFormat(id: TImportFormat): ImportFormatSpec {
  const spec = IMPORT_FORMATS.find((f) => f.id === id);
  if (!spec) throw new RangeError(`unknown import format "${id}"`);
  return spec;
}

/**
 * Parses `source` in the given format: a stream of orders and row-level errors, never stopping at a bad
 * row. An order holding text the database cannot store (a NUL character, an unpaired surrogate) is a
 * row error naming the field, and report texts are made storable, so one such row cannot fail a batch
 * or leave an import unfinished.
 */
export async function* importOrders(format: TImportFormat, source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  for await (const r of getImportFormat(format).parse(source, options)) yield guarded(r);
}

function guarded(r: ImportResult): ImportResult {
  if (r.ok === true) {
    const problem = findUnsafeInput(r.order);
    if (!problem) return r;
    return { ok: false, row: r.row, field: problem.path || "$", message: problem.message, externalId: storableText(r.order.externalId) };
  }
  if (r.ok === false) {
    return { ...r, field: storableText(r.field), message: storableText(r.message), ...(r.externalId !== undefined ? { externalId: storableText(r.externalId) } : {}) };
  }
  return { ...r, externalId: storableText(r.externalId), notices: r.notices.map((n) => ({ ...n, message: storableText(n.message), ...(n.externalId !== undefined ? { externalId: storableText(n.externalId) } : {}) })) };
}
