import { z } from "zod";
import { PLATFORMS } from "@/rules-schema";
import { ZId, ZListInput, ZRevision } from "./common-schemas";

export const ZStoreFields = z
  .object({
    platform: z.enum(PLATFORMS),
    name: z.string().trim().min(1, "required").max(120),
    /** Marketplace site or region, e.g. "US", "EU", "Global". */
    site: z.string().trim().max(40).default(""),
    /** The platform's id of the shop; blank means unknown. */
    externalId: z
      .string()
      .trim()
      .max(120)
      .nullable()
      .default(null)
      .transform((v) => (v ? v : null)),
  })
  .strict();
export type TStoreFields = z.infer<typeof ZStoreFields>;

export const ZStoreCreate = ZStoreFields;
export const ZStoreUpdate = z.object({ id: ZId, revision: ZRevision, fields: ZStoreFields }).strict();
export const ZStoreDelete = z.object({ id: ZId, revision: ZRevision }).strict();
export const ZStoreListInput = ZListInput.extend({ platform: z.enum(PLATFORMS).optional() });
export type TStoreListInput = z.infer<typeof ZStoreListInput>;

export const ZStoreOut = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS),
  name: z.string(),
  site: z.string(),
  externalId: z.string().nullable(),
  /** Orders imported for this store (a store with orders cannot be deleted). */
  orderCount: z.number(),
  pairingCount: z.number(),
  revision: z.number(),
  updatedAt: z.date(),
});
export type TStoreOut = z.infer<typeof ZStoreOut>;
