import type { TChannelRef, TEvaluationContext, TWarehouseRef } from "../context/context-schema";

/** A piece of master data a template needs, or why the organization does not have it. */
export type TPick<T> = { ok: true; value: T } | { ok: false; reason: string };

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Display name of a warehouse or channel (the id when it has no name). */
export const refName = (ref: { name: string; id: string }) => ref.name || ref.id;

/** Weight above which a parcel counts as heavy, in grams. */
export const HEAVY_PARCEL_GRAMS = 2000;
/** At most this many battery-approved channels are tried in turn; more would not read well on a canvas. */
export const MAX_BATTERY_CHANNELS = 5;

const LOS_ANGELES = /los angeles/i;
const LA_CODE = /\bLA\b/;

/**
 * The US overseas warehouse that ships US orders locally: an overseas (3PL) warehouse in the US,
 * preferably the one named (or with an id) for Los Angeles / "LA"; otherwise the first by name.
 */
export function pickLosAngelesWarehouse(context: TEvaluationContext): TPick<TWarehouseRef> {
  const us = context.warehouses.filter((w) => w.kind === "overseas_3pl" && w.country === "US").sort(byName);
  if (us.length === 0) return { ok: false, reason: "no overseas warehouse in the US (add one under Warehouses, kind “overseas 3PL”, country US)" };
  const la = us.find((w) => LOS_ANGELES.test(w.name) || LA_CODE.test(w.name) || LA_CODE.test(w.id));
  return { ok: true, value: la ?? us[0]! };
}

/**
 * Channels that may carry batteries, the smallest maximum weight first (small-parcel lines are
 * usually the cheaper ones), at most MAX_BATTERY_CHANNELS.
 */
export function pickBatteryChannels(context: TEvaluationContext): TPick<TChannelRef[]> {
  const channels = context.channels.filter((c) => c.batteryAllowed).sort((a, b) => a.maxWeightGrams - b.maxWeightGrams || byName(a, b));
  if (channels.length === 0) return { ok: false, reason: "no logistics channel accepts batteries (tick “Batteries allowed” on a channel)" };
  return { ok: true, value: channels.slice(0, MAX_BATTERY_CHANNELS) };
}

/** How many destinations a channel serves; an empty country list means every country. */
const coverage = (c: TChannelRef) => (c.countries.length === 0 ? Number.MAX_SAFE_INTEGER : c.countries.length);

/**
 * The channel heavy parcels go to. A heavy-parcel rule applies to every destination, so among the
 * channels that take more than 2 kg it is the one serving the most destinations (every country
 * counts most); among those, the one with the largest maximum weight.
 */
export function pickHeavyChannel(context: TEvaluationContext): TPick<TChannelRef> {
  const heavy = context.channels.filter((c) => c.maxWeightGrams > HEAVY_PARCEL_GRAMS);
  if (heavy.length === 0) return { ok: false, reason: "no logistics channel takes parcels over 2 kg" };
  return { ok: true, value: heavy.sort((a, b) => coverage(b) - coverage(a) || b.maxWeightGrams - a.maxWeightGrams || byName(a, b))[0]! };
}

/**
 * The warehouse whose business calendar counts the hours to a deadline: the organization's own
 * warehouse (first by name) when it has one, otherwise its first warehouse by name.
 */
export function pickHomeWarehouse(context: TEvaluationContext): TPick<TWarehouseRef> {
  const all = [...context.warehouses].sort(byName);
  if (all.length === 0) return { ok: false, reason: "no warehouse yet (its business calendar counts the hours to the deadline)" };
  return { ok: true, value: all.find((w) => w.kind === "own") ?? all[0]! };
}

/** At most this many channels are tried per warehouse; more would not read well on a canvas. */
export const MAX_CHANNELS_PER_WAREHOUSE = 5;

/**
 * Overseas (3PL) warehouses and the destinations each serves: the countries of the channels that
 * collect from it (a channel with no country list adds the warehouse's own country), else just its
 * own country. By name.
 */
export function pickOverseasWarehouses(context: TEvaluationContext): { warehouse: TWarehouseRef; countries: string[] }[] {
  return context.warehouses
    .filter((w) => w.kind === "overseas_3pl")
    .sort(byName)
    .map((warehouse) => {
      const served = new Set<string>();
      for (const c of context.channels) {
        if (!c.originWarehouseIds.includes(warehouse.id)) continue;
        for (const country of c.countries.length ? c.countries : [warehouse.country]) served.add(country);
      }
      return { warehouse, countries: served.size ? [...served].sort() : [warehouse.country] };
    });
}

/**
 * Each warehouse with the channels that collect from it (or from any warehouse), fastest first (by
 * the longest transit time, then the shortest; unknown transit last), at most MAX_CHANNELS_PER_WAREHOUSE.
 * Warehouses no channel collects from are left out.
 */
export function pickChannelsByWarehouse(context: TEvaluationContext): TPick<{ warehouse: TWarehouseRef; channels: TChannelRef[] }[]> {
  const slowest = (c: TChannelRef) => c.transitDays?.max ?? Number.MAX_SAFE_INTEGER;
  const fastest = (c: TChannelRef) => c.transitDays?.min ?? Number.MAX_SAFE_INTEGER;
  const out = [...context.warehouses].sort(byName).flatMap((warehouse) => {
    const channels = context.channels
      .filter((c) => c.originWarehouseIds.length === 0 || c.originWarehouseIds.includes(warehouse.id))
      .sort((a, b) => slowest(a) - slowest(b) || fastest(a) - fastest(b) || byName(a, b))
      .slice(0, MAX_CHANNELS_PER_WAREHOUSE);
    return channels.length ? [{ warehouse, channels }] : [];
  });
  if (out.length === 0) return { ok: false, reason: "no warehouse has a logistics channel (add channels and tick the warehouses they collect from)" };
  return { ok: true, value: out };
}
