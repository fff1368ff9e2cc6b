import { z } from "zod";
import { ZCountryCode, ZCurrencyCode, ZRateCard } from "@/rules-schema";
import { ZCode, ZId, ZListInput, ZRevision } from "./common-schemas";

const distinct = <T>(values: T[]) => new Set(values).size === values.length;

export const ZChannelFields = z
  .object({
    code: ZCode,
    name: z.string().trim().min(1, "required").max(120),
    carrier: z.string().trim().min(1, "required").max(80),
    service: z.string().trim().max(120).default(""),
    /** Warehouses of the same organization this channel ships from. */
    originWarehouseIds: z.array(ZId).max(100).default([]).refine(distinct, "each warehouse once"),
    maxWeightGrams: z.number().int().positive().max(1_000_000),
    maxLengthCm: z.number().positive().max(10_000).nullable().default(null),
    maxGirthCm: z.number().positive().max(10_000).nullable().default(null),
    /** Destination countries served; empty means every country. */
    countries: z.array(ZCountryCode).max(250).default([]).refine(distinct, "each country once"),
    batteryAllowed: z.boolean().default(false),
    liquidAllowed: z.boolean().default(false),
    hazmatAllowed: z.boolean().default(false),
    /** The carrier's price list; null when unknown (stored as `{}`). */
    rateCard: ZRateCard.nullable().default(null),
    transitDaysMin: z.number().int().nonnegative().max(365).nullable().default(null),
    transitDaysMax: z.number().int().nonnegative().max(365).nullable().default(null),
    currency: ZCurrencyCode.default("USD"),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.transitDaysMin === null) !== (c.transitDaysMax === null)) {
      ctx.addIssue({ code: "custom", message: "give both transit bounds or neither", path: [c.transitDaysMin === null ? "transitDaysMin" : "transitDaysMax"] });
    } else if (c.transitDaysMin !== null && c.transitDaysMax !== null && c.transitDaysMin > c.transitDaysMax) {
      ctx.addIssue({ code: "custom", message: "must not exceed the maximum transit days", path: ["transitDaysMin"] });
    }
    if (c.rateCard && /^[A-Z]{3}$/.test(c.currency) && c.rateCard.currency !== c.currency) {
      ctx.addIssue({ code: "custom", message: `must be the channel's currency (${c.currency})`, path: ["rateCard", "currency"] });
    }
  });
export type TChannelFields = z.infer<typeof ZChannelFields>;

export const ZChannelCreate = ZChannelFields;
export const ZChannelUpdate = z.object({ id: ZId, revision: ZRevision, fields: ZChannelFields }).strict();
export const ZChannelDelete = z.object({ id: ZId, revision: ZRevision }).strict();
export const ZChannelListInput = ZListInput.extend({
  active: z.boolean().optional(),
  /** Only channels shipping from this warehouse. */
  warehouseId: ZId.optional(),
  /** Only channels serving this destination (including channels serving every country). */
  country: ZCountryCode.optional(),
});
export type TChannelListInput = z.infer<typeof ZChannelListInput>;

export const ZChannelOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  carrier: z.string(),
  service: z.string(),
  originWarehouseIds: z.array(z.string()),
  /** The origin warehouses that still exist, for display. */
  originWarehouses: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  maxWeightGrams: z.number(),
  maxLengthCm: z.number().nullable(),
  maxGirthCm: z.number().nullable(),
  countries: z.array(z.string()),
  batteryAllowed: z.boolean(),
  liquidAllowed: z.boolean(),
  hazmatAllowed: z.boolean(),
  rateCard: ZRateCard.nullable(),
  transitDaysMin: z.number().nullable(),
  transitDaysMax: z.number().nullable(),
  currency: z.string(),
  active: z.boolean(),
  revision: z.number(),
  updatedAt: z.date(),
});
export type TChannelOut = z.infer<typeof ZChannelOut>;
