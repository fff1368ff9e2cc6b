import { countryName } from "@/rules-schema/context/countries";
import type { NameLookup } from "@/rules-schema/actions/action-effect";
import { ACTION_KINDS } from "@/rules-schema/actions/action-effects";
import { actionEffect } from "@/rules-schema/actions/decision-slots";
import type { TActionChangeKind, TChangeKind, TDeadlineRisk, TSideOutcome } from "@/rules-schema/simulate/simulation-schema";
import type { TSimulationSource, TSimulationStatus } from "@/server/schemas/simulation-schemas";

/** What each kind of change is called on the results screens (filter, badges, before → after rows): from the action registry. */
export const CHANGE_LABELS: Readonly<Record<TChangeKind, string>> = {
  decided: "Decided / gap",
  ...(Object.fromEntries(ACTION_KINDS.map((k) => [actionEffect(k).outcome.change, actionEffect(k).outcome.label])) as Record<TActionChangeKind, string>),
};

export const STATUS_LABELS: Record<TSimulationStatus, { label: string; tone: string }> = {
  queued: { label: "Queued", tone: "" },
  running: { label: "Running", tone: "amber" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  cancelled: { label: "Cancelled", tone: "" },
};

export const isActive = (status: TSimulationStatus) => status === "queued" || status === "running";

export const DEADLINE_LABELS: Record<TDeadlineRisk, string> = {
  ok: "Can make it",
  late: "Will be late",
  noDeadline: "No deadline",
  noWarehouse: "No warehouse",
};

const count = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => count.format(n);

/** "12.3%" of a whole; "—" when there is no whole. Below 0.1% but not zero: "<0.1%". */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const pct = (part / whole) * 100;
  if (pct > 0 && pct < 0.1) return "<0.1%";
  return `${pct >= 10 || Number.isInteger(pct) ? Math.round(pct * 10) / 10 : pct.toFixed(1)}%`;
}

/** A signed difference: "+12", "−3", "±0" (the minus is a real minus sign). */
export function formatDelta(n: number, format: (v: number) => string = formatCount): string {
  if (n === 0) return "±0";
  return n > 0 ? `+${format(n)}` : `−${format(-n)}`;
}

/** "1,234 orders/s"; below 10 with one decimal. */
export function formatRate(rate: number | null): string | null {
  if (rate === null || !Number.isFinite(rate) || rate <= 0) return null;
  return `${rate < 10 ? rate.toFixed(1) : formatCount(Math.round(rate))} orders/s`;
}

/** Time left, rounded the way people read it: "12 s left", "about 3 min left", "about 1 h 20 min left". */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 1) return "almost done";
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ""} left`;
}

/** How long something took: "850 ms", "12.4 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** An amount in its currency ("$1,234.50", "CN¥88.00"); a plain number with the code when the code is not ISO. */
export function formatMoney(amount: number, currency: string | null, options: { signed?: boolean } = {}): string {
  const sign = options.signed ? (amount > 0 ? "+" : amount < 0 ? "−" : "±") : amount < 0 ? "−" : "";
  const abs = Math.abs(amount);
  let text: string;
  try {
    text = currency ? new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(abs) : abs.toFixed(2);
  } catch {
    text = `${abs.toFixed(2)} ${currency}`;
  }
  return `${sign}${text}`;
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
/** "2026-10-21" → "21 Oct 2026" (days are UTC days). */
export function formatDay(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : DAY.format(d);
}

/** "21 Oct – 19 Nov 2026", or with both years when they differ. */
export function formatDayRange(from: string, to: string): string {
  if (from === to) return formatDay(from);
  const a = formatDay(from);
  const b = formatDay(to);
  if (from.slice(0, 4) === to.slice(0, 4)) return `${a.replace(/ \d{4}$/, "")} – ${b}`;
  return `${a} – ${b}`;
}

/** Days between two ISO days, both included. */
export function daysInRange(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.round(ms / 86_400_000) + 1 : 0;
}

/** An ISO day `days` before `isoDay` (negative: after). */
export function shiftDay(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function listOf(items: string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} +${items.length - max}`;
}

/**
 * Where a simulation's orders come from, in one line: "History · 21 Oct – 19 Nov 2026 · 2 stores ·
 * Temu, Shopify · US, CA" or "Upload · orders.csv · 1,204 orders".
 */
export function sourceLabel(source: TSimulationSource, platformLabel: (p: string) => string = (p) => p): string {
  if (source.kind === "upload") return `Upload · ${source.fileName} · ${formatCount(source.orders)} ${source.orders === 1 ? "order" : "orders"}`;
  if (source.kind === "shadow") return `Live traffic (shadow) · ${source.sampleRate >= 1 ? "every order" : `${Math.round(source.sampleRate * 1000) / 10}% of orders`}`;
  const parts = [`History · ${formatDayRange(source.from, source.to)}`];
  if (source.storeIds.length) parts.push(`${source.storeIds.length} ${source.storeIds.length === 1 ? "store" : "stores"}`);
  if (source.platforms.length) parts.push(listOf(source.platforms.map(platformLabel), 3));
  if (source.countries.length) parts.push(listOf(source.countries, 4));
  return parts.join(" · ");
}

/** A name for an id in one of the `names` maps: "" (nothing assigned) is "None"; an unknown id shows as itself. */
export function nameIn(names: Readonly<Record<string, string>>, id: string | null): string {
  if (id === null || id === "") return "None";
  return names[id] ?? id;
}

export interface OutcomeNames {
  warehouses: Readonly<Record<string, string>>;
  channels: Readonly<Record<string, string>>;
}

/** Names for outcome texts: the id itself when unknown. */
export function nameLookup(names: OutcomeNames): NameLookup {
  return { warehouse: (id) => names.warehouses[id] ?? id, channel: (id) => names.channels[id] ?? id };
}

const OUTCOME_OF = new Map(ACTION_KINDS.map((k) => [actionEffect(k).outcome.change as string, actionEffect(k).outcome]));

/** One side's value for one kind of change, as text ("Los Angeles 3PL", "Address check, Unpaired SKU", "no"): the registry entry's text. */
export function outcomeText(side: TSideOutcome, kind: TChangeKind, names: OutcomeNames): string {
  if (kind === "decided") return side.decided ? "decided" : "no rule fired";
  const o = OUTCOME_OF.get(kind)!;
  return o.text((side as unknown as Record<string, unknown>)[o.key], side, nameLookup(names));
}

/** The cost of one side's outcome, or why there is none. */
export function costText(side: TSideOutcome): string {
  if (side.cost !== null) return formatMoney(side.cost, side.currency);
  if (side.costGap === "noChannel") return "no channel";
  if (side.costGap === "noRateCard") return "no rate card";
  if (side.costGap === "notServed") return "destination not served";
  return "—";
}

export function deadlineText(side: TSideOutcome): string {
  const label = DEADLINE_LABELS[side.deadline];
  if (side.deadlineMarginHours === null) return label;
  const h = Math.round(Math.abs(side.deadlineMarginHours) * 10) / 10;
  return `${label} (${side.deadlineMarginHours >= 0 ? `${h} h to spare` : `${h} h late`})`;
}

/** "United States (US)". */
export const countryText = (code: string) => (countryName(code) === code ? code : `${countryName(code)} (${code})`);
