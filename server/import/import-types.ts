/** Shared types of the order-history importers. */
import type { TDimensionsCm, TOrder, TPlatform } from "../../rules-schema/order/order-schema";

/** A merchant's export: a Node `Readable`, or any (async) iterable of text or byte chunks. */
export type ImportSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Warehouse data of one platform SKU, from the merchant's SKU catalog. */
export interface SkuCatalogEntry {
  /** The warehouse SKU the platform SKU is paired to; null keeps the line unpaired. */
  warehouseSku: string | null;
  weightGrams: number;
  dimensionsCm?: TDimensionsCm | null;
  hasBattery?: boolean;
  hasLiquid?: boolean;
  isHazmat?: boolean;
  category?: string;
  /** The warehouse SKU's HS (customs) code; null or absent when not known. */
  hsCode?: string | null;
}

export type SkuCatalog = (platformSku: string, platform: TPlatform) => SkuCatalogEntry | undefined;

export interface ImportOptions {
  /** The store the file belongs to (chosen by the caller); order ids are `${storeId}:${externalId}`. */
  storeId: string;
  /** Overrides the platform of the format (e.g. a Shopify-layout CSV exported by another storefront). */
  platform?: TPlatform;
  /** IANA time zone of local timestamps without an offset (TikTok Seller Center CSV). Default UTC. */
  timeZone?: string;
  /** Currency used when the file names none (e.g. a TikTok CSV with bare amounts). */
  defaultCurrency?: string;
  /** Pairs platform SKUs with warehouse SKUs and supplies weight, size and dangerous-goods flags. */
  skuCatalog?: SkuCatalog;
}

/**
 * Something the reader changed or left out that a person should know, although the order imports: a
 * line without a SKU identified by the next best id, a refunded or non-shipping line not routed, an
 * order with nothing left to ship. Never a reason to reject the order.
 */
export interface ImportNotice {
  row: number;
  /** The source column or JSON field concerned (`line_items[2].sku`), or `$` for the whole order. */
  field: string;
  message: string;
  externalId?: string;
}

export interface ImportedOrder {
  ok: true;
  /** 1-based: the file line (NDJSON), the CSV record of the order's first row (header = 1), or the order's index + 1 (JSON). */
  row: number;
  order: TOrder;
  /** Notices about this order (present only when there are some). */
  notices?: ImportNotice[];
}

/**
 * An order read without error but not imported because nothing is left to ship: every line is a gift
 * card or digital good, or was removed, refunded or cancelled. Its notices say why.
 */
export interface ImportSkipped {
  ok: "skipped";
  row: number;
  externalId: string;
  notices: ImportNotice[];
}

export interface ImportError {
  ok: false;
  row: number;
  /** The source column / JSON field at fault, or the ZOrder path (`lines.0.quantity`) when validation failed; `$` for the whole row. */
  field: string;
  message: string;
  externalId?: string;
}

export type ImportResult = ImportedOrder | ImportSkipped | ImportError;

export type OrderParser = (source: ImportSource, options: ImportOptions) => AsyncGenerator<ImportResult, void, undefined>;
