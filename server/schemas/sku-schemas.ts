import { z } from "zod";
import { ZHsCode } from "../../rules-schema/order/order-schema";
import { ZCode, ZId, ZListInput, ZRevision } from "./common-schemas";

const ZCm = z.number().positive().max(10_000).nullable().default(null);

export const ZSkuFields = z
  .object({
    code: ZCode,
    name: z.string().trim().min(1, "required").max(200),
    weightGrams: z.number().int().positive().max(1_000_000),
    lengthCm: ZCm,
    widthCm: ZCm,
    heightCm: ZCm,
    hasBattery: z.boolean().default(false),
    hasLiquid: z.boolean().default(false),
    isHazmat: z.boolean().default(false),
    category: z.string().trim().max(80).default(""),
    /** Customs classification; "8517.62" and "85176200" are both accepted (stored as digits). */
    hsCode: ZHsCode.default(null),
  })
  .strict();
export type TSkuFields = z.infer<typeof ZSkuFields>;

export const ZSkuCreate = ZSkuFields;
export const ZSkuUpdate = z.object({ id: ZId, revision: ZRevision, fields: ZSkuFields }).strict();
export const ZSkuDelete = z.object({ id: ZId, revision: ZRevision }).strict();
export const ZSkuListInput = ZListInput.extend({ category: z.string().trim().max(80).optional() });
export type TSkuListInput = z.infer<typeof ZSkuListInput>;

export const ZSkuOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  weightGrams: z.number(),
  lengthCm: z.number().nullable(),
  widthCm: z.number().nullable(),
  heightCm: z.number().nullable(),
  hasBattery: z.boolean(),
  hasLiquid: z.boolean(),
  isHazmat: z.boolean(),
  category: z.string(),
  hsCode: z.string().nullable(),
  pairingCount: z.number(),
  revision: z.number(),
  updatedAt: z.date(),
});
export type TSkuOut = z.infer<typeof ZSkuOut>;

// --- SKU pairings: a store's platform SKU → `quantity` units of a warehouse SKU -------------------

export const ZPairingFields = z
  .object({
    storeId: ZId,
    platformSku: z.string().trim().min(1, "required").max(120),
    skuId: ZId,
    quantity: z.number().int().min(1).max(10_000).default(1),
  })
  .strict();
export type TPairingFields = z.infer<typeof ZPairingFields>;

/**
 * SkuPairing has no `revision` column, so `updatedAt` (as last read) is the optimistic-concurrency
 * token: the update applies only if the row was not saved since.
 */
export const ZPairingUpdate = z.object({ id: ZId, updatedAt: z.date(), fields: ZPairingFields }).strict();
export const ZPairingDelete = z.object({ id: ZId, updatedAt: z.date() }).strict();
export const ZPairingListInput = ZListInput.extend({ storeId: ZId.optional(), skuId: ZId.optional() });
export type TPairingListInput = z.infer<typeof ZPairingListInput>;

export const ZPairingOut = z.object({
  id: z.string(),
  storeId: z.string(),
  platformSku: z.string(),
  skuId: z.string(),
  quantity: z.number(),
  store: z.object({ id: z.string(), name: z.string(), platform: z.string() }),
  sku: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  updatedAt: z.date(),
});
export type TPairingOut = z.infer<typeof ZPairingOut>;
