import { z } from "zod";
import { ZBusinessCalendar, ZCountryCode, WAREHOUSE_KINDS } from "@/rules-schema";
import { ZCode, ZId, ZRevision } from "./common-schemas";

export const ZWarehouseFields = z
  .object({
    code: ZCode,
    name: z.string().trim().min(1, "required").max(120),
    kind: z.enum(WAREHOUSE_KINDS),
    country: ZCountryCode,
    address: z
      .object({ line1: z.string().trim().max(200).default(""), city: z.string().trim().max(120).default(""), postalCode: z.string().trim().max(20).default("") })
      .strict()
      .nullable()
      .default(null),
    calendar: ZBusinessCalendar,
  })
  .strict();
export type TWarehouseFields = z.infer<typeof ZWarehouseFields>;

export const ZWarehouseCreate = ZWarehouseFields;
export const ZWarehouseUpdate = z.object({ id: ZId, revision: ZRevision, fields: ZWarehouseFields }).strict();
export const ZWarehouseDelete = z.object({ id: ZId, revision: ZRevision }).strict();

export const ZWarehouseOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(WAREHOUSE_KINDS),
  country: z.string(),
  address: z.object({ line1: z.string(), city: z.string(), postalCode: z.string() }).nullable(),
  calendar: ZBusinessCalendar,
  revision: z.number(),
  updatedAt: z.date(),
});
export type TWarehouseOut = z.infer<typeof ZWarehouseOut>;
