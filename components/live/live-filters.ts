import { PLATFORMS } from "@/rules-schema/order/order-schema";
import type { TDecisionListInput } from "@/server/schemas/live-schemas";
import { DECISION_STATUSES, type TDecisionStatus, isDecisionStatus } from "./live-format";

/**
 * The decisions explorer's filters, kept in the URL query so that a link opens the same list:
 * `range` (1h, 24h, 7d; none = all time) or `from`/`to` (instants, ISO), `status` (comma-separated),
 * `store`, `platform`, `country`, `q` (an exact order number, order id, buyer id or decision id) and
 * the filters other screens link with: `ruleKey`, `versionKey`, `holdReason`, `warehouseId`, `channelId`.
 */

export const RANGE_PRESETS = [
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "24h", label: "Last 24 h", ms: 86_400_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { id: "all", label: "All", ms: null },
] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number]["id"];

/** Filters that arrive by link (rule telemetry, the holds queue): shown as chips that can be removed. */
export const LINK_FILTERS = ["ruleKey", "versionKey", "holdReason", "warehouseId", "channelId"] as const;
export type TLinkFilter = (typeof LINK_FILTERS)[number];

export interface LiveFilters {
  /** A preset, or "custom" for `from` / `to`. */
  range: TRangePreset | "custom";
  /** Custom range ends as ISO instants ("" = open). */
  from: string;
  to: string;
  statuses: TDecisionStatus[];
  storeId: string;
  platform: string;
  country: string;
  search: string;
  ruleKey: string;
  versionKey: string;
  holdReason: string;
  warehouseId: string;
  channelId: string;
}

export const DEFAULT_LIVE_FILTERS: LiveFilters = {
  range: "all",
  from: "",
  to: "",
  statuses: [],
  storeId: "",
  platform: "",
  country: "",
  search: "",
  ruleKey: "",
  versionKey: "",
  holdReason: "",
  warehouseId: "",
  channelId: "",
};

type ParamSource = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;
function read(params: ParamSource, key: string): string {
  if (params instanceof URLSearchParams) return params.get(key) ?? "";
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

const isInstant = (v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v));
const COUNTRY = /^[A-Za-z]{2}$/;

/** Filters from a query string (or Next's searchParams); anything unknown or malformed is left out. */
export function parseLiveFilters(params: ParamSource): LiveFilters {
  const from = read(params, "from");
  const to = read(params, "to");
  const custom = (from && isInstant(from)) || (to && isInstant(to));
  const preset = RANGE_PRESETS.find((p) => p.id === read(params, "range"))?.id;
  const text = (key: string, max: number) => read(params, key).trim().slice(0, max);
  const platform = read(params, "platform");
  const country = read(params, "country").trim();
  return {
    range: custom ? "custom" : (preset ?? DEFAULT_LIVE_FILTERS.range),
    from: custom && isInstant(from) ? new Date(from).toISOString() : "",
    to: custom && isInstant(to) ? new Date(to).toISOString() : "",
    statuses: [...new Set(read(params, "status").split(",").filter(isDecisionStatus))].sort((a, b) => DECISION_STATUSES.indexOf(a) - DECISION_STATUSES.indexOf(b)),
    storeId: text("store", 100),
    platform: (PLATFORMS as readonly string[]).includes(platform) ? platform : "",
    country: COUNTRY.test(country) ? country.toUpperCase() : "",
    search: text("q", 200),
    ruleKey: text("ruleKey", 400),
    versionKey: text("versionKey", 200),
    holdReason: text("holdReason", 200),
    warehouseId: text("warehouseId", 100),
    channelId: text("channelId", 100),
  };
}

/** The query of the filters that differ from the default ("" when none do). */
export function liveFilterQuery(f: LiveFilters): string {
  const p = new URLSearchParams();
  if (f.range === "custom") {
    if (f.from) p.set("from", f.from);
    if (f.to) p.set("to", f.to);
  } else if (f.range !== DEFAULT_LIVE_FILTERS.range) p.set("range", f.range);
  if (f.statuses.length) p.set("status", f.statuses.join(","));
  if (f.storeId) p.set("store", f.storeId);
  if (f.platform) p.set("platform", f.platform);
  if (f.country) p.set("country", f.country);
  if (f.search.trim()) p.set("q", f.search.trim());
  for (const k of LINK_FILTERS) if (f[k]) p.set(k, f[k]);
  return p.toString();
}

/** The explorer's link for some filters: `/live?…`. */
export function liveHref(patch: Partial<LiveFilters> = {}): string {
  const q = liveFilterQuery({ ...DEFAULT_LIVE_FILTERS, ...patch });
  return q ? `/live?${q}` : "/live";
}

/** The time range the filters stand for at `now`: presets count back from it; custom ends as given. */
export function rangeOf(f: LiveFilters, now: number): { from?: string; to?: string } {
  if (f.range === "custom") return { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
  const preset = RANGE_PRESETS.find((p) => p.id === f.range);
  if (!preset || preset.ms === null) return {};
  return { from: new Date(now - preset.ms).toISOString() };
}

/** A custom range that ends before it starts (checked here so the message shows at once, under the field). */
export function rangeError(f: LiveFilters): string | null {
  if (f.range !== "custom" || !f.from || !f.to) return null;
  return Date.parse(f.to) <= Date.parse(f.from) ? "must be after the start" : null;
}

/** The `live.decisions` input for these filters (without the page cursor). */
export function decisionsInput(f: LiveFilters, now: number, limit = 50): Omit<TDecisionListInput, "cursor"> {
  const search = f.search.trim();
  return {
    ...rangeOf(f, now),
    storeIds: f.storeId ? [f.storeId] : [],
    platforms: f.platform ? [f.platform as (typeof PLATFORMS)[number]] : [],
    countries: f.country ? [f.country] : [],
    statuses: f.statuses,
    ...(search ? { search } : {}),
    ...(f.ruleKey ? { ruleKey: f.ruleKey } : {}),
    ...(f.versionKey ? { versionKey: f.versionKey } : {}),
    ...(f.holdReason ? { holdReason: f.holdReason } : {}),
    ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
    ...(f.channelId ? { channelId: f.channelId } : {}),
    limit,
  };
}

/** Whether anything narrows the list (the range included). */
export function isFiltered(f: LiveFilters): boolean {
  return liveFilterQuery(f) !== "";
}

/** `rulesetId@version/ruleName` read back; null when it is not one. */
export function parseRuleKey(key: string): { rulesetId: string; version: number; ruleName: string } | null {
  const at = key.indexOf("@");
  const slash = at < 0 ? -1 : key.indexOf("/", at);
  if (at <= 0 || slash < 0) return null;
  const version = Number(key.slice(at + 1, slash));
  if (!Number.isInteger(version) || version < 1) return null;
  return { rulesetId: key.slice(0, at), version, ruleName: key.slice(slash + 1) };
}

/** `rulesetId@version` read back; null when it is not one. */
export function parseVersionKey(key: string): { rulesetId: string; version: number } | null {
  const at = key.lastIndexOf("@");
  if (at <= 0) return null;
  const version = Number(key.slice(at + 1));
  return Number.isInteger(version) && version >= 1 ? { rulesetId: key.slice(0, at), version } : null;
}

export const ruleKeyOf = (rulesetId: string, version: number, ruleName: string) => `${rulesetId}@${version}/${ruleName}`;
export const versionKeyOf = (rulesetId: string, version: number) => `${rulesetId}@${version}`;

/** A datetime-local input's value ("2026-12-03T14:05") for an instant, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant of a datetime-local input's value (the browser's time zone); "" when empty or invalid. */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}
