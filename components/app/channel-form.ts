import { readNumber } from "@/components/ui/edit-form-state";
import type { FieldErrors } from "@/components/ui/form-errors";
import type { TRateCard } from "@/rules-schema/context/rate-card";
import type { ChannelRow } from "./master-data-rows";

/** The channel dialog's form: numbers as typed, the rate card as rows of text. */
export interface ZoneRow {
  key: string;
  code: string;
  countries: string;
  postalPrefixes: string;
}
export interface BandRow {
  key: string;
  zone: string;
  upToGrams: string;
  fixed: string;
  perKg: string;
}
export type WeightUnit = "kg" | "g";
export interface ChannelForm {
  code: string;
  name: string;
  carrier: string;
  service: string;
  originWarehouseIds: string[];
  maxWeight: string;
  weightUnit: WeightUnit;
  maxLengthCm: string;
  maxGirthCm: string;
  countries: string;
  batteryAllowed: boolean;
  liquidAllowed: boolean;
  hazmatAllowed: boolean;
  transitDaysMin: string;
  transitDaysMax: string;
  currency: string;
  active: boolean;
  roundUpGrams: string;
  zones: ZoneRow[];
  bands: BandRow[];
}

let seq = 0;
/** A React key for a new zone or band row. */
export const rowKey = () => `row-${++seq}`;
const numText = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
export const tokens = (text: string) => text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
export const upperTokens = (text: string) => tokens(text).map((t) => t.toUpperCase());

export const EMPTY_CHANNEL: ChannelForm = {
  code: "",
  name: "",
  carrier: "",
  service: "",
  originWarehouseIds: [],
  maxWeight: "",
  weightUnit: "kg",
  maxLengthCm: "",
  maxGirthCm: "",
  countries: "",
  batteryAllowed: false,
  liquidAllowed: false,
  hazmatAllowed: false,
  transitDaysMin: "",
  transitDaysMax: "",
  currency: "USD",
  active: true,
  roundUpGrams: "10",
  zones: [],
  bands: [],
};

export function channelFormOf(c: ChannelRow): ChannelForm {
  const kg = c.maxWeightGrams / 1000;
  return {
    code: c.code,
    name: c.name,
    carrier: c.carrier,
    service: c.service,
    originWarehouseIds: [...c.originWarehouseIds],
    maxWeight: numText(c.maxWeightGrams >= 1000 ? kg : c.maxWeightGrams),
    weightUnit: c.maxWeightGrams >= 1000 ? "kg" : "g",
    maxLengthCm: numText(c.maxLengthCm),
    maxGirthCm: numText(c.maxGirthCm),
    countries: c.countries.join(", "),
    batteryAllowed: c.batteryAllowed,
    liquidAllowed: c.liquidAllowed,
    hazmatAllowed: c.hazmatAllowed,
    transitDaysMin: numText(c.transitDaysMin),
    transitDaysMax: numText(c.transitDaysMax),
    currency: c.currency,
    active: c.active,
    roundUpGrams: numText(c.rateCard?.roundUpGrams ?? 10),
    zones: (c.rateCard?.zones ?? []).map((z) => ({ key: rowKey(), code: z.code, countries: z.countries.join(", "), postalPrefixes: z.postalPrefixes.join(", ") })),
    bands: (c.rateCard?.bands ?? []).map((b) => ({ key: rowKey(), zone: b.zone, upToGrams: numText(b.upToGrams), fixed: numText(b.fixed), perKg: numText(b.perKg) })),
  };
}

/** The max weight in grams, as typed in kg or g (null when blank or unreadable). */
export function gramsOf(form: Pick<ChannelForm, "maxWeight" | "weightUnit">, local: FieldErrors = {}): number | null {
  const n = readNumber(form.maxWeight, "maxWeightGrams", local, true);
  return n === null ? null : Math.round(form.weightUnit === "kg" ? n * 1000 : n);
}

/** The rate card as typed: null when it has no zone and no band (the channel then has no price list). */
export function rateCardOf(form: ChannelForm, local: FieldErrors): unknown {
  if (form.zones.length === 0 && form.bands.length === 0) return null;
  return {
    currency: form.currency.trim().toUpperCase(),
    roundUpGrams: readNumber(form.roundUpGrams, "rateCard.roundUpGrams", local, false) ?? 1,
    zones: form.zones.map((z) => ({ code: z.code.trim(), countries: upperTokens(z.countries), postalPrefixes: tokens(z.postalPrefixes) })),
    bands: form.bands.map((b, i) => ({
      zone: b.zone,
      upToGrams: readNumber(b.upToGrams, `rateCard.bands.${i}.upToGrams`, local, true) ?? 0,
      fixed: readNumber(b.fixed, `rateCard.bands.${i}.fixed`, local, true) ?? 0,
      perKg: readNumber(b.perKg, `rateCard.bands.${i}.perKg`, local, false) ?? 0,
    })),
  };
}

/** The create/update fields of the form, and what the browser found wrong before sending. */
export function channelFieldsOf(form: ChannelForm) {
  const local: FieldErrors = {};
  const fields = {
    code: form.code,
    name: form.name,
    carrier: form.carrier,
    service: form.service,
    originWarehouseIds: form.originWarehouseIds,
    maxWeightGrams: gramsOf(form, local) ?? 0,
    maxLengthCm: readNumber(form.maxLengthCm, "maxLengthCm", local, false),
    maxGirthCm: readNumber(form.maxGirthCm, "maxGirthCm", local, false),
    countries: upperTokens(form.countries),
    batteryAllowed: form.batteryAllowed,
    liquidAllowed: form.liquidAllowed,
    hazmatAllowed: form.hazmatAllowed,
    rateCard: rateCardOf(form, local) as TRateCard | null,
    transitDaysMin: readNumber(form.transitDaysMin, "transitDaysMin", local, false),
    transitDaysMax: readNumber(form.transitDaysMax, "transitDaysMax", local, false),
    currency: form.currency.trim().toUpperCase(),
    active: form.active,
  };
  return { fields, local };
}

/** Which error paths a change of a form key makes stale (rate-card rows are touched by the editor). */
export const CHANNEL_STALE_ALIASES: Partial<Record<keyof ChannelForm, readonly string[]>> = {
  maxWeight: ["maxWeightGrams"],
  weightUnit: ["maxWeightGrams"],
  transitDaysMin: ["transitDaysMin", "transitDaysMax"],
  transitDaysMax: ["transitDaysMin", "transitDaysMax"],
  currency: ["currency", "rateCard.currency"],
  roundUpGrams: ["rateCard.roundUpGrams"],
  zones: [],
  bands: [],
};

/** The error paths the dialog's fields show. */
export const CHANNEL_CLAIMED = [
  "code",
  "name",
  "carrier",
  "service",
  "originWarehouseIds",
  "maxWeightGrams",
  "maxLengthCm",
  "maxGirthCm",
  "countries",
  "batteryAllowed",
  "liquidAllowed",
  "hazmatAllowed",
  "rateCard",
  "transitDaysMin",
  "transitDaysMax",
  "currency",
  "active",
];

/** `countries.2: must be an ISO…` becomes `“USA”: must be an ISO…`, naming what the user typed. */
export function listErrors(errors: FieldErrors, path: string, typed: string[]): string[] | undefined {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (k === path) out.push(...v);
    else if (k.startsWith(`${path}.`)) {
      const i = Number(k.slice(path.length + 1));
      const token = Number.isInteger(i) ? typed[i] : undefined;
      out.push(...v.map((m) => (token !== undefined ? `“${token}”: ${m}` : m)));
    }
  }
  return out.length ? out : undefined;
}

export const fmtKg = (grams: number) => `${(grams / 1000).toLocaleString(undefined, { maximumFractionDigits: 3 })} kg`;
export const fmtMoney = (amount: number, currency: string) => {
  try {
    return amount.toLocaleString(undefined, { style: "currency", currency });
  } catch {
    return `${currency} ${amount.toFixed(2)}`;
  }
};
