import { type TChannelRef, type TEvaluationContext, type TWarehouseRef, ZChannelRef, ZEvaluationContext, ZWarehouseRef } from "@/rules-schema";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import type { Tx } from "./db-helpers";
import type { Scope } from "./scope";

/** `{}` (the column default) means "no rate card". */
const rateCardOf = (json: Prisma.JsonValue) => (json && typeof json === "object" && !Array.isArray(json) && Object.keys(json).length > 0 ? json : null);

/**
 * The organization's master data as an evaluation context: warehouses with their calendars, channels
 * with their limits and rate cards, and stock as warehouse id → warehouse SKU code → quantity.
 * Rows that do not fit the rules model (data written before a stricter schema) are left out rather
 * than failing the whole context; references to them then show up as unknown.
 */
export async function loadEvaluationContext(db: Db | Tx, scope: Scope): Promise<TEvaluationContext> {
  const where = { organizationId: scope.organizationId };
  const [warehouses, channels, stock] = await Promise.all([
    db.warehouse.findMany({ where, orderBy: { code: "asc" } }),
    db.logisticsChannel.findMany({ where, orderBy: { code: "asc" } }),
    db.inventory.findMany({ where, select: { warehouseId: true, quantity: true, sku: { select: { code: true } } } }),
  ]);

  const warehouseRefs: TWarehouseRef[] = warehouses.flatMap((w) => {
    const parsed = ZWarehouseRef.safeParse({ id: w.id, name: w.name, kind: w.kind, country: w.country, calendar: w.calendar });
    return parsed.success ? [parsed.data] : [];
  });
  const channelRefs: TChannelRef[] = channels.flatMap((c) => {
    const base = {
      id: c.id,
      name: c.name,
      carrier: c.carrier,
      maxWeightGrams: c.maxWeightGrams,
      maxLengthCm: c.maxLengthCm,
      maxGirthCm: c.maxGirthCm,
      countries: c.countries,
      originWarehouseIds: c.originWarehouseIds,
      batteryAllowed: c.batteryAllowed,
      liquidAllowed: c.liquidAllowed,
      hazmatAllowed: c.hazmatAllowed,
      transitDays: c.transitDaysMin !== null && c.transitDaysMax !== null ? { min: c.transitDaysMin, max: c.transitDaysMax } : null,
    };
    const parsed = ZChannelRef.safeParse({ ...base, rateCard: rateCardOf(c.rateCard) });
    if (parsed.success) return [parsed.data];
    // A rate card that no longer parses should not hide the channel itself.
    const withoutCard = ZChannelRef.safeParse({ ...base, rateCard: null });
    return withoutCard.success ? [withoutCard.data] : [];
  });
  const inventory: Record<string, Record<string, number>> = {};
  for (const row of stock) (inventory[row.warehouseId] ??= {})[row.sku.code] = row.quantity;

  return ZEvaluationContext.parse({ warehouses: warehouseRefs, channels: channelRefs, inventory });
}
