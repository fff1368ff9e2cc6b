import { z } from "zod";
import { ZId, ZListInput, ZRevision } from "./common-schemas";

const ZQuantity = z.number().int().min(0).max(100_000_000);

export const ZInventoryFields = z.object({ quantity: ZQuantity, lowStockThreshold: ZQuantity }).strict();
export type TInventoryFields = z.infer<typeof ZInventoryFields>;

export const ZInventoryUpdate = z.object({ id: ZId, revision: ZRevision, fields: ZInventoryFields }).strict();

/**
 * Sets the stock of a SKU in a warehouse. `revision` is that of the stock row as last read, or null
 * when there was none yet (the row is then created; if someone created it meanwhile, a conflict).
 */
export const ZInventorySetQuantity = z
  .object({ warehouseId: ZId, skuId: ZId, quantity: ZQuantity, lowStockThreshold: ZQuantity.optional(), revision: ZRevision.nullable() })
  .strict();
export type TInventorySetQuantity = z.infer<typeof ZInventorySetQuantity>;

export const ZInventoryListInput = ZListInput.extend({ warehouseId: ZId.optional(), skuId: ZId.optional() });
export type TInventoryListInput = z.infer<typeof ZInventoryListInput>;
export const ZLowStockInput = ZListInput.extend({ warehouseId: ZId.optional() });
export type TLowStockInput = z.infer<typeof ZLowStockInput>;

export const ZInventoryOut = z.object({
  id: z.string(),
  warehouseId: z.string(),
  skuId: z.string(),
  warehouse: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  sku: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  quantity: z.number(),
  lowStockThreshold: z.number(),
  /** lowStockThreshold − quantity when positive, else 0. */
  shortfall: z.number(),
  revision: z.number(),
  updatedAt: z.date(),
});
export type TInventoryOut = z.infer<typeof ZInventoryOut>;
