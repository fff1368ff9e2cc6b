/**
 * Units a quantity can be typed and shown in. Rules always store the base unit (grams, centimetres,
 * hours); the designer shows and takes other units. Pure functions, shared by the inspector's
 * QuantityInput and the node summaries on the canvas, so both show the same quantity the same way.
 */
export const UNITS = {
  g: [
    { id: "g", label: "g", factor: 1, readDecimals: 3 },
    { id: "kg", label: "kg", factor: 1000, readDecimals: 3 },
    { id: "lb", label: "lb", factor: 453.59237, readDecimals: 2 },
    { id: "oz", label: "oz", factor: 28.349523125, readDecimals: 2 },
  ],
  cm: [
    { id: "cm", label: "cm", factor: 1, readDecimals: 3 },
    { id: "in", label: "in", factor: 2.54, readDecimals: 2 },
  ],
  h: [
    { id: "h", label: "hours", factor: 1, readDecimals: 3 },
    { id: "d", label: "days", factor: 24, readDecimals: 0 },
  ],
} as const;
export type TUnitKind = keyof typeof UNITS;
export type TUnit = (typeof UNITS)[TUnitKind][number];

export const isUnitKind = (u: unknown): u is TUnitKind => typeof u === "string" && u in UNITS;

export const roundTo = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A quantity in the base unit from a number typed in `unit` (rounded to 6 decimals of the base unit). */
export const toBase = (n: number, unit: TUnit): number => roundTo(n * unit.factor, 6);

/** A base-unit quantity as the number shown in `unit`. */
export const fromBase = (value: number, unit: TUnit): number => roundTo(value / unit.factor);

/** A typed number ("2", "2.5", "2,5", " 3 "); null when empty or not a number. */
export function parseTyped(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The unit a stored quantity reads best in: the largest unit in which it is at least 1 and a round
 * number (at most the unit's `readDecimals`: 3 for kg, whole days), else the base unit. 2000 g → kg, 2500 g → kg (2.5), 453.59237 g → lb,
 * 750 g → g, 48 h → days, 36 h → hours.
 */
export function preferredUnit(kind: TUnitKind, value: number | null): TUnit {
  const units: readonly TUnit[] = UNITS[kind];
  const base = units[0]!;
  if (value === null || value === 0) return base;
  const abs = Math.abs(value);
  let best: TUnit = base;
  for (const u of units) {
    const shown = abs / u.factor;
    const scale = 10 ** u.readDecimals;
    const clean = Math.abs(shown * scale - Math.round(shown * scale)) < 1e-6;
    if (shown >= 1 && clean && u.factor > best.factor) best = u;
  }
  return best;
}

/** A quantity as people read it, in its preferred unit: "2 kg", "750 g", "1 lb", "2 days". */
export function formatQuantity(value: number, kind: TUnitKind): string {
  const unit = preferredUnit(kind, value);
  const n = fromBase(value, unit);
  return `${n} ${n === 1 && unit.label.endsWith("s") ? unit.label.slice(0, -1) : unit.label}`;
}

/** What a quantity typed in `unit` is in the base unit, when that is not obvious: "= 2,000 g". */
export function baseHint(value: number | null, unit: TUnit, kind: TUnitKind): string | null {
  const base = UNITS[kind][0];
  if (value === null || unit.id === base.id) return null;
  return `= ${value.toLocaleString("en-US", { maximumFractionDigits: 3 })} ${base.label}`;
}
