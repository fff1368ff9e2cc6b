import type { TTelemetry, TTelemetryInput } from "@/server/schemas/live-schemas";
import { DECISION_STATUSES, STATUS_UI, type TDecisionStatus } from "./live-format";

/**
 * Rule telemetry's ranges and the shaping of its series for the charts: stacked rows per bucket with
 * the biggest keys and the rest as "Other", bucket labels in the browser's time zone, sparkline bars,
 * versions in the order the screen lists them. Pure.
 */

export const TELEMETRY_RANGES = [
  { id: "24h", label: "24 hours", hint: "hourly", granularity: "hour", ms: 86_400_000 },
  { id: "7d", label: "7 days", hint: "daily", granularity: "day", ms: 7 * 86_400_000 },
  { id: "30d", label: "30 days", hint: "daily", granularity: "day", ms: 30 * 86_400_000 },
] as const;
export type TTelemetryRange = (typeof TELEMETRY_RANGES)[number]["id"];

export const isTelemetryRange = (v: string): v is TTelemetryRange => TELEMETRY_RANGES.some((r) => r.id === v);

/**
 * The `live.telemetry` input at `now`: days start at the browser's midnight (`utcOffsetMinutes` is
 * the browser's offset east of UTC, `-new Date().getTimezoneOffset()`).
 */
export function telemetryInput(range: TTelemetryRange, rulesetId: string, now: number, utcOffsetMinutes: number): TTelemetryInput & { utcOffsetMinutes: number } {
  const r = TELEMETRY_RANGES.find((x) => x.id === range) ?? TELEMETRY_RANGES[0];
  return {
    from: new Date(now - r.ms).toISOString(),
    to: new Date(now).toISOString(),
    granularity: r.granularity,
    ...(rulesetId ? { rulesetId } : {}),
    utcOffsetMinutes,
  };
}

const HOUR_FMT = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const DAY_FMT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const DAY_HOUR_FMT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** A bucket's label on the x axis: "14:00" for hours, "3 Dec" for days. */
export function bucketLabel(at: string, granularity: "hour" | "day"): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return granularity === "hour" ? HOUR_FMT.format(d) : DAY_FMT.format(d);
}

/** A bucket in full, for tooltips: "3 Dec, 14:00" or "3 Dec". */
export function bucketTitle(at: string, granularity: "hour" | "day"): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return granularity === "hour" ? DAY_HOUR_FMT.format(d) : DAY_FMT.format(d);
}

/** Colours of the stacked series, in key order; "Other" is grey. */
export const PALETTE = ["#2f6fed", "#12b76a", "#f79009", "#7a5af8", "#ee46bc", "#06aed4", "#98a2b3"];
export const OTHER_COLOUR = "#d0d5dd";
export const NONE_COLOUR = "#98a2b3";
export const STATUS_COLOURS: Readonly<Record<TDecisionStatus, string>> = {
  intercepted: "#f04438",
  held: "#f79009",
  merged: "#7a5af8",
  routed: "#12b76a",
  undecided: "#98a2b3",
};

export const OTHER_KEY = "__other";

export interface StackKey {
  key: string;
  /** The key in the rows (`s0`, `s1`, … and `other`): a series key may be "" (no warehouse) or any text (a hold reason). */
  dataKey: string;
  label: string;
  colour: string;
  total: number;
}

export interface StackedSeries {
  keys: StackKey[];
  /** One row per bucket: `at`, `label`, `title` and a count per key's `dataKey`. */
  rows: Record<string, string | number>[];
  total: number;
}

type Series = TTelemetry["outcomes"]["status"];

/**
 * A series as stacked bar rows: the `top` keys with the most orders (ties by label), the rest added up
 * as "Other". `labelOf` names a key; `order` fixes the keys' order instead (statuses).
 */
export function stackSeries(
  series: Series,
  granularity: "hour" | "day",
  labelOf: (key: string) => string,
  options: { top?: number; order?: readonly string[]; colourOf?: (key: string, i: number) => string } = {},
): StackedSeries {
  const totals = new Map<string, number>();
  for (const b of series) for (const [k, v] of Object.entries(b.values)) totals.set(k, (totals.get(k) ?? 0) + v);
  let keys = [...totals.entries()].filter(([, n]) => n > 0).map(([key, total]) => ({ key, label: labelOf(key), total }));
  if (options.order) {
    const rank = (k: string) => (options.order!.includes(k) ? options.order!.indexOf(k) : options.order!.length);
    keys.sort((a, b) => rank(a.key) - rank(b.key) || (a.label < b.label ? -1 : 1));
  } else keys.sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const top = options.top ?? Infinity;
  let other = 0;
  const rest = new Set<string>();
  if (keys.length > top) {
    // "Other" takes a place of its own: top - 1 named keys and the rest.
    for (const k of keys.slice(top - 1)) {
      rest.add(k.key);
      other += k.total;
    }
    keys = keys.slice(0, top - 1);
  }
  const colourOf = options.colourOf ?? ((_k: string, i: number) => PALETTE[i % PALETTE.length]!);
  const out: StackKey[] = keys.map((k, i) => ({ ...k, dataKey: `s${i}`, colour: colourOf(k.key, i) }));
  if (rest.size) out.push({ key: OTHER_KEY, dataKey: "other", label: `Other (${rest.size})`, colour: OTHER_COLOUR, total: other });
  const dataKeyOf = new Map(out.map((k) => [k.key, k.dataKey]));
  const rows = series.map((b) => {
    const row: Record<string, string | number> = { at: b.at, label: bucketLabel(b.at, granularity), title: bucketTitle(b.at, granularity) };
    for (const k of out) row[k.dataKey] = 0;
    for (const [k, v] of Object.entries(b.values)) {
      const dk = rest.has(k) ? "other" : dataKeyOf.get(k);
      if (dk) row[dk] = (row[dk] as number) + v;
    }
    return row;
  });
  return { keys: out, rows, total: out.reduce((s, k) => s + k.total, 0) };
}

/** The status series: statuses in their rank order, each in its colour. */
export function statusSeries(series: Series, granularity: "hour" | "day"): StackedSeries {
  return stackSeries(series, granularity, (k) => (k in STATUS_UI ? STATUS_UI[k as TDecisionStatus].label : k), {
    order: DECISION_STATUSES,
    colourOf: (k) => STATUS_COLOURS[k as TDecisionStatus] ?? NONE_COLOUR,
  });
}

/** Names for a warehouse or channel series: "" is "None" (no warehouse / channel was decided). */
export function idLabel(names: Readonly<Record<string, string>>, none: string) {
  return (key: string) => (key === "" ? none : Object.hasOwn(names, key) ? names[key]! : key);
}

/** Colours for a warehouse or channel series, with "None" in grey. */
export const idColour = (key: string, i: number) => (key === "" ? NONE_COLOUR : PALETTE[i % PALETTE.length]!);

/** Heights of a sparkline's bars (0…height, a bar with hits at least 1 px high). */
export function sparkHeights(series: readonly number[], height: number): number[] {
  const max = Math.max(0, ...series);
  if (max === 0) return series.map(() => 0);
  return series.map((v) => (v <= 0 ? 0 : Math.max(1, Math.round((v / max) * height))));
}

type Version = TTelemetry["versions"][number];

/** Versions as the screen lists them: live (published) ones first, each group in pipeline order (the server's). */
export function orderVersions(versions: readonly Version[]): Version[] {
  return versions.map((v, i) => ({ v, i })).sort((a, b) => Number(b.v.published) - Number(a.v.published) || a.i - b.i).map(({ v }) => v);
}

/** Rules most fired first; rules that never fired last, in the ruleset's order. */
export function orderRules(rules: readonly Version["rules"][number][]): Version["rules"][number][] {
  return rules.map((r, i) => ({ r, i })).sort((a, b) => b.r.hits - a.r.hits || a.i - b.i).map(({ r }) => r);
}

const STATUS_WORDS: Record<string, string> = {
  "400": "bad request",
  "401": "no or bad key",
  "403": "not allowed",
  "404": "not found",
  "409": "conflict",
  "413": "too large",
  "422": "order refused",
  "429": "rate limited",
  "500": "server error",
  "503": "unavailable",
};

/** Error counts by HTTP status, most first: [{ status, label, count }]. */
export function errorRows(errors: Readonly<Record<string, number>>): { status: string; label: string; count: number }[] {
  return Object.entries(errors)
    .filter(([, n]) => n > 0)
    .map(([status, count]) => ({ status, label: STATUS_WORDS[status] ?? (status.startsWith("5") ? "server error" : "refused"), count }))
    .sort((a, b) => b.count - a.count || (a.status < b.status ? -1 : 1));
}

/**
 * A rule's title as the server words it for messages ("“Ship from LA” (ship-la)", "row 3 of “Channel
 * matrix”") in the screen's words: the node's name, the table and row; the node id apart (for a hover).
 */
export function ruleTitleParts(title: string): { text: string; nodeId: string | null } {
  const node = /^“(.*)” \(([^()]*)\)$/.exec(title);
  if (node) return { text: node[1]!, nodeId: node[2]! || null };
  const row = /^row (\d+) of “(.*)”$/.exec(title);
  if (row) return { text: `${row[2]} · Row ${row[1]}`, nodeId: null };
  return { text: title, nodeId: null };
}
