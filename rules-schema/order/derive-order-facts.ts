import { parseIsoMs } from "../util/parse-iso-ms";
import type { TOrder, TOrderLine } from "./order-schema";

const HOUR_MS = 3_600_000;
/** Volumetric divisor used by most express carriers: cm³ per kg. */
export const VOLUMETRIC_DIVISOR = 5000;

/** Line-item conditions read the order line itself; line facts are computed from it by the fact catalog. */
export type TLineFacts = TOrderLine;

/** Facts derived from an order alone, computed once per evaluation. */
export interface TDerivedFacts {
  nowMs: number;
  totalWeightGrams: number;
  totalQuantity: number;
  lineCount: number;
  readonly skus: string[];
  readonly warehouseSkus: string[];
  readonly categories: string[];
  hasBattery: boolean;
  hasLiquid: boolean;
  hasHazmat: boolean;
  largestDimensionCm: number;
  volumetricWeightGrams: number;
  chargeableWeightGrams: number;
  /** Length + 2 × (width + height) of the largest line's unit, in cm. */
  largestGirthCm: number;
  allSkusPaired: boolean;
  readonly unpairedSkus: string[];
  readonly unpairedSkuCount: number;
  hoursSinceCreated: number;
  hoursSincePaid: number | null;
  hoursToDeadline: number | null;
  lines: TLineFacts[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Longest side of one unit, 0 when dimensions are unknown. */
export function largestDimension(line: TOrderLine): number {
  const d = line.dimensionsCm;
  return d ? Math.max(d.length, d.width, d.height) : 0;
}

/** The evaluation instant: the context's `now`, else when the order was paid, else when it was created. */
export function evaluationInstant(order: TOrder, now: string | null | undefined): number {
  return parseIsoMs(now ?? order.paidAt ?? order.createdAt);
}

function distinct(lines: readonly TOrderLine[], pick: (l: TOrderLine) => string | null): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const v = pick(lines[i]!);
    if (v !== null && v !== "" && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * The derived facts of one order. Numbers and flags are computed in one pass when the object is
 * made; the SKU and category lists are computed from the same lines the first time they are read
 * (most rules never read them), then kept.
 */
class DerivedFacts implements TDerivedFacts {
  nowMs: number;
  totalWeightGrams = 0;
  totalQuantity = 0;
  lineCount: number;
  hasBattery = false;
  hasLiquid = false;
  hasHazmat = false;
  largestDimensionCm = 0;
  volumetricWeightGrams = 0;
  chargeableWeightGrams = 0;
  largestGirthCm = 0;
  allSkusPaired = true;
  hoursSinceCreated: number;
  hoursSincePaid: number | null;
  hoursToDeadline: number | null;
  lines: TLineFacts[];
  private _skus: string[] | null = null;
  private _warehouseSkus: string[] | null = null;
  private _categories: string[] | null = null;
  private _unpaired: string[] | null = null;

  constructor(order: TOrder, nowMs: number) {
    const lines = order.lines;
    this.nowMs = nowMs;
    this.lines = lines;
    this.lineCount = lines.length;
    let volumetric = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      this.totalWeightGrams += line.weightGrams * line.quantity;
      this.totalQuantity += line.quantity;
      const d = line.dimensionsCm;
      if (d !== null) {
        volumetric += ((d.length * d.width * d.height) / VOLUMETRIC_DIVISOR) * 1000 * line.quantity;
        const longest = Math.max(d.length, d.width, d.height);
        if (longest > this.largestDimensionCm) this.largestDimensionCm = longest;
        // Girth: the longest side + 2 × (the other two).
        const girth = longest + 2 * (d.length + d.width + d.height - longest);
        if (girth > this.largestGirthCm) this.largestGirthCm = girth;
      }
      if (line.hasBattery) this.hasBattery = true;
      if (line.hasLiquid) this.hasLiquid = true;
      if (line.isHazmat) this.hasHazmat = true;
      if (line.warehouseSku === null) this.allSkusPaired = false;
    }
    this.volumetricWeightGrams = Math.round(volumetric);
    this.chargeableWeightGrams = Math.max(this.totalWeightGrams, this.volumetricWeightGrams);
    this.hoursSinceCreated = round2((nowMs - parseIsoMs(order.createdAt)) / HOUR_MS);
    this.hoursSincePaid = order.paidAt === null ? null : round2((nowMs - parseIsoMs(order.paidAt)) / HOUR_MS);
    this.hoursToDeadline = order.shipByDeadline === null ? null : round2((parseIsoMs(order.shipByDeadline) - nowMs) / HOUR_MS);
  }

  get skus(): string[] {
    return (this._skus ??= distinct(this.lines, (l) => l.platformSku));
  }
  get warehouseSkus(): string[] {
    return (this._warehouseSkus ??= distinct(this.lines, (l) => l.warehouseSku));
  }
  get categories(): string[] {
    return (this._categories ??= distinct(this.lines, (l) => l.category));
  }
  get unpairedSkus(): string[] {
    return (this._unpaired ??= distinct(this.lines, (l) => (l.warehouseSku === null ? l.platformSku : null)));
  }
  get unpairedSkuCount(): number {
    return this.unpairedSkus.length;
  }

  toJSON(): Omit<TDerivedFacts, "lines"> {
    const { lines: _lines, _skus, _warehouseSkus, _categories, _unpaired, ...plain } = this;
    return { ...plain, skus: this.skus, warehouseSkus: this.warehouseSkus, categories: this.categories, unpairedSkus: this.unpairedSkus, unpairedSkuCount: this.unpairedSkuCount };
  }
}

/**
 * Every order-derived fact, defined in one place so that the editor, the simulator, the router and
 * the API see the same numbers. `now` defaults to when the order was paid (or created).
 */
export function deriveOrderFacts(order: TOrder, now?: string | null): TDerivedFacts {
  return new DerivedFacts(order, evaluationInstant(order, now));
}
