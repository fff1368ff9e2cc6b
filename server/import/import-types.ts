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

export interface ImportedOrder {
  ok: true;
  /** 1-based: the file line (NDJSON), the CSV record of the order's first row (header = 1), or the order's index + 1 (JSON). */
  row: number;
  order: TOrder;
}

export interface ImportError {
  ok: false;
  row: number;
  /** The source column / JSON field at fault, or the ZOrder path (`lines.0.quantity`) when validation failed; `$` for the whole row. */
  field: string;
  message: string;
  externalId?: string;
}

export type ImportResult = ImportedOrder | ImportError;

export type OrderParser = (source: ImportSource, options: ImportOptions) => AsyncGenerator<ImportResult, void, undefined>;
