import type { THoldsQueueInput } from "@/server/schemas/live-schemas";

/**
 * The holds queue's range and filters, its query input and its CSV link. "Today" starts at the
 * browser's local midnight; the other presets count back from now.
 */

export const HOLDS_RANGES = [
  { id: "today", label: "Today" },
  { id: "24h", label: "Last 24 h" },
  { id: "7d", label: "Last 7 days" },
] as const;
export type THoldsRange = (typeof HOLDS_RANGES)[number]["id"];

export interface HoldsFilters {
  range: THoldsRange;
  storeId: string;
  /** A hold or intercept reason ("" = every reason). */
  reason: string;
}

export const DEFAULT_HOLDS_FILTERS: HoldsFilters = { range: "24h", storeId: "", reason: "" };

/** The start of the range at `now` (local midnight for today). */
export function holdsFrom(range: THoldsRange, now: number): string {
  if (range === "today") {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.toISOString();
  }
  return new Date(now - (range === "24h" ? 1 : 7) * 86_400_000).toISOString();
}

/** The `live.holds` input at `now`. */
export function holdsInput(f: HoldsFilters, now: number): THoldsQueueInput {
  return {
    from: holdsFrom(f.range, now),
    to: new Date(now).toISOString(),
    storeIds: f.storeId ? [f.storeId] : [],
    ...(f.reason ? { reason: f.reason } : {}),
  };
}

/** The CSV download of the same queue: /api/live/holds.csv with from, to, storeIds (comma-separated) and reason. */
export function holdsCsvHref(input: THoldsQueueInput): string {
  const p = new URLSearchParams();
  if (input.from) p.set("from", input.from);
  if (input.to) p.set("to", input.to);
  if (input.storeIds?.length) p.set("storeIds", input.storeIds.join(","));
  if (input.reason) p.set("reason", input.reason);
  const q = p.toString();
  return `/api/live/holds.csv${q ? `?${q}` : ""}`;
}

type ParamSource = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;
function read(params: ParamSource, key: string): string {
  if (params instanceof URLSearchParams) return params.get(key) ?? "";
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

/** The queue's filters from the page's query (`range`, `store`, `reason`); the default for anything else. */
export function parseHoldsFilters(params: ParamSource): HoldsFilters {
  const range = HOLDS_RANGES.find((r) => r.id === read(params, "range"))?.id ?? DEFAULT_HOLDS_FILTERS.range;
  return { range, storeId: read(params, "store").slice(0, 100), reason: read(params, "reason").trim().slice(0, 200) };
}

/** The page's query for these filters ("" for the default). */
export function holdsFilterQuery(f: HoldsFilters): string {
  const p = new URLSearchParams();
  if (f.range !== DEFAULT_HOLDS_FILTERS.range) p.set("range", f.range);
  if (f.storeId) p.set("store", f.storeId);
  if (f.reason) p.set("reason", f.reason);
  return p.toString();
}
