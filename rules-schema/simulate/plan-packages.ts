import { VOLUMETRIC_DIVISOR } from "../order/derive-order-facts";
import type { TOrder, TOrderLine } from "../order/order-schema";

/** `count` parcels of the same chargeable weight holding `units` units each. */
export interface ParcelRun {
  grams: number;
  units: number;
  count: number;
}

export interface TPackagePlan {
  /** How many parcels the order ships in. */
  packages: number;
  /** Chargeable weight of each parcel in grams (for pricing), in packing order. */
  parcelsGrams: number[];
  /** Units in each parcel, parallel to `parcelsGrams`. */
  parcelsUnits: number[];
}

/**
 * Chargeable weight of one unit of a line in whole grams: the larger of its actual weight and its
 * volumetric weight (cm³ / VOLUMETRIC_DIVISOR kg), rounded up to the gram as carriers do.
 */
export function unitChargeableGrams(line: TOrderLine): number {
  const d = line.dimensionsCm;
  const volumetric = d === null ? 0 : ((d.length * d.width * d.height) / VOLUMETRIC_DIVISOR) * 1000;
  // The epsilon keeps float noise (1998.0000000002) from adding a gram.
  return Math.max(0, Math.ceil(Math.max(line.weightGrams, volumetric) - 1e-6));
}

/**
 * First-fit decreasing over the order's units, as runs of identical parcels (an order line of
 * 100,000 units costs one step, not 100,000). Units are taken heaviest first; each goes into the
 * first parcel, in the order parcels were opened, whose chargeable weight stays within `maxGrams`;
 * when none has room a parcel is opened. A unit heavier than `maxGrams` travels alone.
 * Identical units are placed in bulk, which gives exactly what placing them one by one would.
 */
export function planParcelRuns(order: TOrder, maxGrams: number): ParcelRun[] {
  if (!(maxGrams > 0)) throw new RangeError(`the weight limit per parcel must be positive, got ${maxGrams}`);
  // Units grouped by chargeable weight, heaviest first (orders have few lines: a linear scan beats a Map).
  const weights: number[] = [];
  const units: number[] = [];
  for (const line of order.lines) {
    const g = unitChargeableGrams(line);
    const at = weights.indexOf(g);
    if (at === -1) {
      weights.push(g);
      units.push(line.quantity);
    } else units[at]! += line.quantity;
  }
  const byWeight = weights.length === 1 ? [0] : weights.map((_w, i) => i).sort((a, b) => weights[b]! - weights[a]!);
  const runs: ParcelRun[] = [];
  for (const k of byWeight) {
    const w = weights[k]!;
    let left = units[k]!;
    if (w > maxGrams) {
      runs.push({ grams: w, units: 1, count: left });
      continue;
    }
    for (let r = 0; r < runs.length && left > 0; r++) {
      const run = runs[r]!;
      // Parcels over the limit hold one unit and take nothing more.
      if (run.grams > maxGrams) continue;
      const room = maxGrams - run.grams;
      if (room < w) continue;
      // w = 0: every unit fits in the first parcel with room.
      const fits = w === 0 ? left : Math.floor(room / w);
      if (left >= fits * run.count) {
        run.grams += fits * w;
        run.units += fits;
        left -= fits * run.count;
        continue;
      }
      // Only the first `need` parcels of the run are used: need − 1 take `fits` units, the last the rest.
      const need = Math.ceil(left / fits);
      const lastUnits = left - (need - 1) * fits;
      const pieces: ParcelRun[] = [];
      if (need > 1) pieces.push({ grams: run.grams + fits * w, units: run.units + fits, count: need - 1 });
      pieces.push({ grams: run.grams + lastUnits * w, units: run.units + lastUnits, count: 1 });
      if (run.count > need) pieces.push({ grams: run.grams, units: run.units, count: run.count - need });
      runs.splice(r, 1, ...pieces);
      left = 0;
    }
    if (left > 0) {
      const perParcel = w === 0 ? left : Math.floor(maxGrams / w);
      const full = Math.floor(left / perParcel);
      const rest = left - full * perParcel;
      if (full > 0) runs.push({ grams: perParcel * w, units: perParcel, count: full });
      if (rest > 0) runs.push({ grams: rest * w, units: rest, count: 1 });
    }
  }
  return runs;
}

/**
 * How many parcels an order ships in when split so that each parcel's chargeable weight stays
 * within `maxGrams` (see `planParcelRuns`), with each parcel's chargeable weight for pricing.
 * Throws a RangeError unless `maxGrams` is positive.
 */
export function planPackages(order: TOrder, maxGrams: number): TPackagePlan {
  const runs = planParcelRuns(order, maxGrams);
  const parcelsGrams: number[] = [];
  const parcelsUnits: number[] = [];
  for (const run of runs) {
    for (let i = 0; i < run.count; i++) {
      parcelsGrams.push(run.grams);
      parcelsUnits.push(run.units);
    }
  }
  return { packages: parcelsGrams.length, parcelsGrams, parcelsUnits };
}

/** Parcels of a plan, counted. */
export function countParcels(runs: readonly ParcelRun[]): number {
  let n = 0;
  for (const run of runs) n += run.count;
  return n;
}
