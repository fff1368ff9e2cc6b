import { z } from "zod";
import { ZCountryCode, ZCurrencyCode } from "../order/order-schema";

/**
 * A carrier's price list. Zones group destinations (countries, optionally narrowed by postal prefix);
 * bands price a parcel by chargeable weight: `fixed + perKg × kg`, using the first band of the zone
 * whose `upToGrams` covers the weight. Flat weight-band tariffs use perKg 0; per-kilogram lines
 * (typical of China → overseas services) use a registration fee as `fixed`.
 */
export const ZRateZone = z.object({
  code: z.string().min(1).max(40),
  countries: z.array(ZCountryCode).min(1),
  postalPrefixes: z.array(z.string().min(1).max(10)).default([]),
});

export const ZRateBand = z.object({
  zone: z.string().min(1).max(40),
  upToGrams: z.number().int().positive(),
  fixed: z.number().nonnegative(),
  perKg: z.number().nonnegative().default(0),
});

export const ZRateCard = z
  .object({
    currency: ZCurrencyCode,
    /** Weight is rounded up to this step before pricing (e.g. 10 g, or 1 oz ≈ 28 g). */
    roundUpGrams: z.number().int().positive().default(1),
    zones: z.array(ZRateZone).min(1),
    bands: z.array(ZRateBand).min(1),
  })
  .refine((c) => c.bands.every((b) => c.zones.some((zn) => zn.code === b.zone)), { message: "every band must name a zone of the card", path: ["bands"] });
export type TRateCard = z.infer<typeof ZRateCard>;

/** The zone a destination falls in: a zone with a matching postal prefix wins over a country-wide one. */
export function findZone(card: TRateCard, country: string, postalCode: string): string | null {
  let fallback: string | null = null;
  const pc = postalCode.toUpperCase().replace(/\s/g, "");
  for (const zone of card.zones) {
    if (!zone.countries.includes(country)) continue;
    if (zone.postalPrefixes.length === 0) fallback ??= zone.code;
    else if (zone.postalPrefixes.some((p) => pc.startsWith(p.toUpperCase()))) return zone.code;
  }
  return fallback;
}

/** Price of one parcel, or null when the card does not serve the destination or the weight. */
export function priceParcel(card: TRateCard, country: string, postalCode: string, chargeableGrams: number): number | null {
  const zone = findZone(card, country, postalCode);
  if (zone === null) return null;
  const grams = Math.ceil(Math.max(chargeableGrams, 1) / card.roundUpGrams) * card.roundUpGrams;
  let best: z.infer<typeof ZRateBand> | null = null;
  for (const b of card.bands) {
    if (b.zone !== zone || b.upToGrams < grams) continue;
    if (best === null || b.upToGrams < best.upToGrams) best = b;
  }
  if (best === null) return null;
  return Math.round((best.fixed + (best.perKg * grams) / 1000) * 100) / 100;
}
