import type { Db } from "../db/create-db";
import type { SkuCatalog, SkuCatalogEntry } from "../import";

/**
 * The SKU catalog of one store for the importers: each paired platform SKU → its warehouse SKU with
 * weight, size, dangerous-goods flags and category. A pairing of `quantity` warehouse units per
 * platform unit (a 3-pack listing) weighs `quantity ×` the warehouse SKU; the size stays the unit's.
 * Platform SKUs without a pairing stay unpaired (the importers keep the platform's own weight, if any).
 * With `platformSkus`, only those SKUs' pairings are loaded (the live router pairs one order's lines).
 */
/** ZOrderLine's limit on a unit's weight. */
const MAX_LINE_WEIGHT_GRAMS = 1_000_000;

export async function loadSkuCatalog(db: Db, organizationId: string, storeId: string, platformSkus?: readonly string[]): Promise<{ catalog: SkuCatalog; size: number }> {
  const pairings = await db.skuPairing.findMany({
    // Only the SKUs asked for (one live order's lines), else the whole store (an import).
    where: { organizationId, storeId, ...(platformSkus ? { platformSku: { in: [...new Set(platformSkus)] } } : {}) },
    select: {
      platformSku: true,
      quantity: true,
      sku: { select: { code: true, weightGrams: true, lengthCm: true, widthCm: true, heightCm: true, hasBattery: true, hasLiquid: true, isHazmat: true, category: true, hsCode: true } },
    },
  });
  const entries = new Map<string, SkuCatalogEntry>();
  for (const { platformSku, quantity, sku } of pairings) {
    const dims = sku.lengthCm !== null && sku.widthCm !== null && sku.heightCm !== null ? { length: sku.lengthCm, width: sku.widthCm, height: sku.heightCm } : null;
    entries.set(platformSku, {
      warehouseSku: sku.code,
      weightGrams: Math.min(MAX_LINE_WEIGHT_GRAMS, sku.weightGrams * Math.max(1, quantity)),
      dimensionsCm: dims,
      hasBattery: sku.hasBattery,
      hasLiquid: sku.hasLiquid,
      isHazmat: sku.isHazmat,
      category: sku.category,
      hsCode: sku.hsCode,
    });
  }
  return { catalog: (platformSku) => entries.get(platformSku), size: entries.size };
}

/** The HS (customs) codes of warehouse SKUs by code; SKUs without one are left out. */
export async function loadHsCodes(db: Db, organizationId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.sku.findMany({ where: { organizationId, code: { in: [...new Set(codes)] }, hsCode: { not: null } }, select: { code: true, hsCode: true } });
  return new Map(rows.map((r) => [r.code, r.hsCode!]));
}
