import { type TChannelRef, type TWarehouseRef, ZChannelRef, ZWarehouseRef } from "@/rules-schema";
import type { Db } from "../db/create-db";
import type { TDesignerMasterData } from "../schemas/ruleset-schemas";
import type { Scope } from "./scope";

/** More than any merchant's own network; past it the designer says the list is cut. */
export const DESIGNER_MASTER_DATA_LIMIT = 2_000;
/** Stock rows the designer loads for the rule analysis's example orders (past it, examples that need stock may not be built). */
export const DESIGNER_STOCK_LIMIT = 20_000;

/**
 * Everything the designer's pickers and its validator need, in one request and without paging:
 * warehouses (with calendars), logistics channels (with limits; inactive ones flagged) and stores.
 * Rows that do not fit the rules model are left out, as in loadEvaluationContext.
 */
export async function loadDesignerMasterData(db: Db, scope: Scope): Promise<TDesignerMasterData> {
  const where = { organizationId: scope.organizationId };
  const take = DESIGNER_MASTER_DATA_LIMIT + 1;
  const [warehouses, channels, stores, published, stock] = await Promise.all([
    db.warehouse.findMany({ where, orderBy: { code: "asc" }, take, select: { id: true, code: true, name: true, kind: true, country: true, calendar: true } }),
    db.logisticsChannel.findMany({
      where,
      orderBy: { code: "asc" },
      take,
      select: {
        id: true,
        code: true,
        name: true,
        carrier: true,
        maxWeightGrams: true,
        maxLengthCm: true,
        maxGirthCm: true,
        countries: true,
        batteryAllowed: true,
        liquidAllowed: true,
        hazmatAllowed: true,
        // The designer's validator checks each channel against the warehouses it collects from.
        originWarehouseIds: true,
        active: true,
      },
    }),
    db.store.findMany({ where, orderBy: { name: "asc" }, take, select: { id: true, name: true, platform: true } }),
    // Read inside the database: a published table can compile to thousands of rules.
    db.$queryRaw<{ published: number; ids: string[] | null }[]>`
      SELECT count(DISTINCT s.id)::int AS published,
             array_agg(DISTINCT r->'event'->'params'->>'warehouseId') FILTER (WHERE r->'event'->>'type' = 'assignWarehouse' AND r->'event'->'params'->>'warehouseId' IS NOT NULL) AS ids
      FROM rulesets s
      JOIN ruleset_versions v ON v.id = s."publishedVersionId"
      LEFT JOIN LATERAL jsonb_array_elements(v.compiled->'rules') r ON true
      WHERE s."organizationId" = ${scope.organizationId} AND s.stage::text = 'warehouseMatching'`,
    db.inventory.findMany({ where: { ...where, quantity: { gt: 0 } }, orderBy: { id: "asc" }, take: DESIGNER_STOCK_LIMIT, select: { warehouseId: true, quantity: true, sku: { select: { code: true } } } }),
  ]);
  const inventory: Record<string, Record<string, number>> = {};
  for (const row of stock) (inventory[row.warehouseId] ??= {})[row.sku.code] = row.quantity;
  const arrivingWarehouseIds = published[0] && published[0].published > 0 ? (published[0].ids ?? []) : null;
  const truncated = warehouses.length > DESIGNER_MASTER_DATA_LIMIT || channels.length > DESIGNER_MASTER_DATA_LIMIT || stores.length > DESIGNER_MASTER_DATA_LIMIT;
  const cut = <T>(rows: T[]) => rows.slice(0, DESIGNER_MASTER_DATA_LIMIT);
  return {
    warehouses: cut(warehouses).flatMap((w) => {
      const ref = ZWarehouseRef.safeParse({ id: w.id, name: w.name, kind: w.kind, country: w.country, calendar: w.calendar });
      return ref.success ? [{ ...ref.data, code: w.code } satisfies TWarehouseRef & { code: string }] : [];
    }),
    channels: cut(channels).flatMap((c) => {
      const ref = ZChannelRef.safeParse({ ...c, rateCard: null, transitDays: null });
      return ref.success ? [{ ...ref.data, code: c.code, active: c.active } satisfies TChannelRef & { code: string; active: boolean }] : [];
    }),
    stores: cut(stores),
    truncated,
    arrivingWarehouseIds,
    inventory,
  };
}
