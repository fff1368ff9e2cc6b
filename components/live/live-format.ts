import { DECISION_STATUSES, type TDecisionStatus } from "@/server/services/decision-facets";

/**
 * Words and numbers of the Live screens: statuses, durations in µs / ms, ages, hours left to a
 * ship-by deadline, shares of orders, stage versions. Pure: the screens render what these return.
 */

export { DECISION_STATUSES, type TDecisionStatus };

/** Each status's label, its badge colour and what it means (the first that applies is the status). */
export const STATUS_UI: Readonly<Record<TDecisionStatus, { label: string; tone: string; hint: string }>> = {
  intercepted: { label: "Intercepted", tone: "red", hint: "Stopped before shipping" },
  held: { label: "Held", tone: "amber", hint: "Waiting on a hold" },
  merged: { label: "Merged", tone: "purple", hint: "Ships with the buyer’s earlier order" },
  routed: { label: "Routed", tone: "green", hint: "A warehouse was assigned" },
  undecided: { label: "Undecided", tone: "grey", hint: "No rule assigned a warehouse" },
};

export const isDecisionStatus = (v: string): v is TDecisionStatus => (DECISION_STATUSES as readonly string[]).includes(v);

const count = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => count.format(n);

/** An evaluation time: "640 µs" below a millisecond, else "1.25 ms" (two decimals); "—" when unknown. */
export function formatMicros(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return "—";
  if (us < 1000) return `${Math.max(0, Math.round(us))} µs`;
  return `${(us / 1000).toFixed(2)} ms`;
}

/** A request time in milliseconds: "0.8 ms", "12 ms"; "—" when unknown. */
export function formatMillis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
  return `${formatCount(Math.round(ms))} ms`;
}

/** A share of orders (0.123 → "12.3%"); "<0.1%" for a sliver, "0%" for none. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return "0%";
  const pct = share * 100;
  if (pct < 0.1) return "<0.1%";
  if (pct >= 99.95 && pct < 100) return ">99.9%";
  return `${pct >= 10 ? Math.round(pct * 10) / 10 : pct.toFixed(1)}%`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span of time as people say it: "12 min", "5 h", "3 h 20 min", "2 d 4 h". Under a minute: "<1 min". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return "<1 min";
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return h < 10 && m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h > 0 && d < 10 ? `${d} d ${h} h` : `${d} d`;
}

/** How long ago something happened, counted from `asOf` ("3 h 20 min"); "—" when unknown. */
export function formatAge(at: string | null, asOf: string | number): string {
  if (!at) return "—";
  const ms = (typeof asOf === "number" ? asOf : Date.parse(asOf)) - Date.parse(at);
  if (!Number.isFinite(ms)) return "—";
  return formatSpan(Math.max(0, ms));
}

/** Hours from `asOf` to the deadline, one decimal (negative: past it); null without a deadline. */
export function hoursLeft(deadline: string | null, asOf: string | number): number | null {
  if (!deadline) return null;
  const ms = Date.parse(deadline) - (typeof asOf === "number" ? asOf : Date.parse(asOf));
  if (!Number.isFinite(ms)) return null;
  return Math.round((ms / HOUR) * 10) / 10;
}

/** Orders due within this many hours are "due soon" (the holds queue's amber; the server counts the same). */
export const DUE_SOON_HOURS = 12;

export type Urgency = "overdue" | "soon" | "ok" | "none";

/** How urgent a deadline is: past it, within 12 hours, later, or no deadline. */
export function urgencyOf(hours: number | null): Urgency {
  if (hours === null) return "none";
  if (hours < 0) return "overdue";
  if (hours < DUE_SOON_HOURS) return "soon";
  return "ok";
}

/** Time left to a ship-by deadline in words: "5 h 30 min left", "overdue by 2 d 3 h", "no deadline". */
export function formatHoursLeft(hours: number | null): string {
  if (hours === null) return "no deadline";
  const ms = hours * HOUR;
  if (hours < 0) return `overdue by ${formatSpan(ms)}`;
  return `${formatSpan(ms)} left`;
}

/** A stage's version as the screens name it: "Warehouses v3". */
export const versionLabel = (v: { rulesetName: string; version: number }) => `${v.rulesetName} v${v.version}`;

/** A long id shortened for a table cell ("cmabc1…9f2e"); the full id goes in a title. */
export const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id);

/** A name for an id of a `names` map: "" or null is `none`; an unknown id shows shortened. */
export function nameOr(names: Readonly<Record<string, string>>, id: string | null | undefined, none = "—"): string {
  if (id === null || id === undefined || id === "") return none;
  return Object.hasOwn(names, id) ? names[id]! : shortId(id);
}
