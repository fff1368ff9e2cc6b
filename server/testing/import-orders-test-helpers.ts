/** Test support for order imports: stores with the fixture catalog paired, fixtures per format, expected orders. */
import type { Db } from "../db/create-db";
import type { Platform } from "../db/generated/prisma/client";
import { type TImportFormat, getImportFormat, importOrders } from "../import";
import { CATALOG, collect, fixtureStream } from "./import-test-helpers";
import type { Scope } from "../services/scope";

/** A real-shaped file of each format (server/import/fixtures), each with good orders and bad rows. */
export const FORMAT_FIXTURES: Record<TImportFormat, string> = {
  native: "native-orders.ndjson",
  "shopify-csv": "shopify-orders-export.csv",
  "tiktok-csv": "tiktok-seller-center-orders.csv",
  "shopify-json": "shopify-admin-orders.json",
  "tiktok-json": "tiktok-order-detail.json",
  "amazon-json": "amazon-sp-api-orders.json",
};

/** Options every fixture needs (TikTok's CSV has local times and bare amounts). */
export const FIXTURE_OPTIONS = { timeZone: "America/Los_Angeles", defaultCurrency: "USD" } as const;

export function systemScope(organizationId: string): Scope {
  return { organizationId, role: "owner", actor: { type: "system", id: "test" } };
}

/** The warehouse SKUs of the fixtures' CATALOG, once per organization. */
export async function createCatalogSkus(db: Db, organizationId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [platformSku, e] of Object.entries(CATALOG)) {
    const sku = await db.sku.create({
      data: {
        organizationId,
        code: e.warehouseSku!,
        name: platformSku,
        weightGrams: e.weightGrams,
        lengthCm: e.dimensionsCm?.length ?? null,
        widthCm: e.dimensionsCm?.width ?? null,
        heightCm: e.dimensionsCm?.height ?? null,
        hasBattery: e.hasBattery ?? false,
        hasLiquid: e.hasLiquid ?? false,
        isHazmat: e.isHazmat ?? false,
        category: e.category ?? "",
      },
    });
    ids.set(platformSku, sku.id);
  }
  return ids;
}

/** A store whose platform SKUs are paired like the fixtures' CATALOG. */
export async function createPairedStore(db: Db, organizationId: string, skuIds: Map<string, string>, name: string, platform: Platform): Promise<string> {
  const store = await db.store.create({ data: { organizationId, name, platform } });
  await db.skuPairing.createMany({ data: [...skuIds].map(([platformSku, skuId]) => ({ organizationId, storeId: store.id, platformSku, skuId })) });
  return store.id;
}

export function storePlatform(format: TImportFormat): Platform {
  return getImportFormat(format).platform ?? "other";
}

/** What the parser alone makes of a fixture for a store: the orders expected in the database, the errors, the orders skipped with nothing to ship, the notices. */
export async function expectedFromParser(format: TImportFormat, fixture: string, storeId: string, platform: Platform) {
  const results = await collect(
    importOrders(format, fixtureStream(fixture), { storeId, platform, ...FIXTURE_OPTIONS, skuCatalog: (sku) => CATALOG[sku] }),
  );
  const orders = results.flatMap((r) => (r.ok === true ? [r.order] : []));
  const errors = results.flatMap((r) => (r.ok === false ? [r] : []));
  const skipped = results.flatMap((r) => (r.ok === "skipped" ? [r] : []));
  const notices = results.flatMap((r) => (r.ok === false ? [] : (r.notices ?? [])));
  return { orders, errors, skipped, notices };
}

/** A Shopify export CSV from rows of [name, sku, quantity, created at, notes?, gift card (requires no shipping)?]; other columns as the admin writes them. */
export function shopifyCsv(rows: Array<{ name: string; sku: string; quantity?: string; createdAt?: string; notes?: string; price?: string; giftCard?: boolean }>): string {
  const header = "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Notes,Cancelled at,Refunded Amount,Risk Level,Tags,Fulfillment Status,Paid at,Shipping Method,Lineitem discount";
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  let previous = "";
  const lines = rows.map((r) => {
    const first = r.name !== previous;
    previous = r.name;
    const order = first
      ? ["a@example.com", "paid", "USD", "30.00", r.createdAt ?? "2024-03-05 14:22:10 -0500"]
      : ["", "", "", "", ""];
    const ship = first ? ["Boston", "'02134", "MA", "US", r.notes ?? "", "", "0.00", "Low", "", "unfulfilled", "", "Standard"] : ["", "", "", "", "", "", "", "", "", "", "", ""];
    return [r.name, ...order, r.quantity ?? "1", "Item", r.price ?? "10.00", r.sku, r.giftCard ? "false" : "true", ...ship, "0.00"].map(cell).join(",");
  });
  return `${header}\n${lines.join("\n")}\n`;
}
