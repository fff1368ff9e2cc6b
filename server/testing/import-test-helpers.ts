/** Test support for the importers: fixtures, a SKU catalog, result collection and expected-order builders. */
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TOrder, TOrderLine, TPlatform } from "../../rules-schema/order/order-schema";
import type { ImportOptions, ImportResult, SkuCatalogEntry } from "../import/import-types";

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../import/fixtures/${name}`, import.meta.url));
}

/** A fixture as a byte stream in small chunks, so every reader meets split fields, lines and UTF-8 sequences. */
export function fixtureStream(name: string, highWaterMark = 97) {
  return createReadStream(fixturePath(name), { highWaterMark });
}

/** The merchant's warehouse catalog used by every fixture test; other SKUs are unpaired. */
export const CATALOG: Record<string, SkuCatalogEntry> = {
  "MUG-11OZ-WHT": { warehouseSku: "WH-MUG-001", weightGrams: 420, dimensionsCm: { length: 12, width: 9, height: 10 }, category: "kitchen" },
  "TEE-BLK-M": { warehouseSku: "WH-TEE-BLK-M", weightGrams: 180, category: "apparel" },
  "PWRBANK-10K": { warehouseSku: "WH-PB-10K", weightGrams: 250, hasBattery: true, category: "electronics" },
  "SERUM-30ML": { warehouseSku: "WH-SERUM-30", weightGrams: 95, hasLiquid: true, category: "beauty" },
  "LIPTINT-ROSE": { warehouseSku: "WH-LIP-ROSE", weightGrams: 30, category: "beauty" },
};

export const OPTIONS: ImportOptions = { storeId: "store-7", skuCatalog: (sku) => CATALOG[sku] };

export async function collect<T = ImportResult>(results: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of results) out.push(r);
  return out;
}

/** One line per result: `row id` for orders, `row ! field` for errors, `row skipped externalId` for skipped orders — the shape of a whole import at a glance. */
export function outline(results: ImportResult[]): string[] {
  return results.map((r) => (r.ok === true ? `${r.row} ${r.order.id}` : r.ok === "skipped" ? `${r.row} skipped ${r.externalId}` : `${r.row} ! ${r.field}`));
}

export function ordersById(results: ImportResult[]): Map<string, TOrder> {
  return new Map(results.flatMap((r) => (r.ok === true ? [[r.order.externalId, r.order] as const] : [])));
}

export function errorsOf(results: ImportResult[]) {
  return results.flatMap((r) => (r.ok === false ? [r] : []));
}

/** Every notice of the results (of imported and skipped orders), as `externalId field: message`. */
export function noticesOf(results: ImportResult[]): string[] {
  return results.flatMap((r) => (r.ok === false ? [] : (r.notices ?? []).map((n) => `${n.externalId ?? ""} ${n.field}: ${n.message}`)));
}

/** A line paired through CATALOG. */
export function pairedLine(platformSku: string, quantity: number, unitPrice: number): TOrderLine {
  const e = CATALOG[platformSku]!;
  return {
    platformSku,
    warehouseSku: e.warehouseSku,
    quantity,
    unitPrice,
    weightGrams: e.weightGrams,
    dimensionsCm: e.dimensionsCm ?? null,
    hasBattery: e.hasBattery ?? false,
    hasLiquid: e.hasLiquid ?? false,
    isHazmat: e.isHazmat ?? false,
    category: e.category ?? "",
    hsCode: e.hsCode ?? null,
  };
}

/** A line the catalog does not know: unpaired, with the platform's weight if it gave one. */
export function unpairedLine(platformSku: string, quantity: number, unitPrice: number, weightGrams = 0, category = ""): TOrderLine {
  return { platformSku, warehouseSku: null, quantity, unitPrice, weightGrams, dimensionsCm: null, hasBattery: false, hasLiquid: false, isHazmat: false, category, hsCode: null };
}

type Required = Pick<TOrder, "externalId" | "status" | "createdAt" | "currency" | "totalValue" | "shippingAddress" | "lines">;

/** An expected imported order: the listed fields, with the schema's defaults for the rest. */
export function expectedOrder(platform: TPlatform, fields: Required & Partial<TOrder>): TOrder {
  return {
    id: `${OPTIONS.storeId}:${fields.externalId}`,
    platform,
    storeId: OPTIONS.storeId,
    paidAt: null,
    shipByDeadline: null,
    buyerId: "",
    cancellationRequested: false,
    refundRequested: false,
    riskFlags: [],
    buyerMessage: "",
    sellerNote: "",
    tags: [],
    requestedShippingService: "",
    ...fields,
  };
}
