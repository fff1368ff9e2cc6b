import { CHANGE_KINDS, type TChangeKind } from "@/rules-schema/simulate/simulation-schema";
import type { TChangesInput } from "@/server/schemas/simulation-schemas";

/** The changed-orders table's filters, sort and page: kept in the URL so a link reopens the same view. */
export interface ChangeFilters {
  change: TChangeKind | null;
  /** A warehouse or channel id; "" = orders without one; null = any. */
  warehouseId: string | null;
  channelId: string | null;
  search: string;
  sort: TChangesInput["sort"];
  dir: "asc" | "desc";
  page: number;
}

export const CHANGE_SORT_OPTIONS = [
  { id: "placedAt", label: "Placed" },
  { id: "externalId", label: "Order number" },
  { id: "costDelta", label: "Cost change" },
  { id: "country", label: "Country" },
] as const satisfies readonly { id: TChangesInput["sort"]; label: string }[];

export const DEFAULT_CHANGE_FILTERS: ChangeFilters = { change: null, warehouseId: null, channelId: null, search: "", sort: "placedAt", dir: "asc", page: 1 };

type ParamSource = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;
function read(params: ParamSource, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Filters from a query string (or Next's searchParams); anything unknown or malformed falls back to the default. */
export function parseChangeFilters(params: ParamSource): ChangeFilters {
  const change = read(params, "change");
  const sort = read(params, "sort");
  const dir = read(params, "dir");
  const page = Number(read(params, "page"));
  const id = (v: string | undefined) => (v === undefined || v.length > 100 ? null : v);
  return {
    change: change && (CHANGE_KINDS as readonly string[]).includes(change) ? (change as TChangeKind) : null,
    warehouseId: id(read(params, "warehouseId")),
    channelId: id(read(params, "channelId")),
    search: (read(params, "search") ?? "").slice(0, 200),
    sort: CHANGE_SORT_OPTIONS.find((o) => o.id === sort)?.id ?? DEFAULT_CHANGE_FILTERS.sort,
    dir: dir === "desc" ? "desc" : "asc",
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query parameters of the filters that differ from the default (the CSV export leaves out the page). */
export function changeFilterParams(f: ChangeFilters, options: { page?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (f.change) p.set("change", f.change);
  if (f.warehouseId !== null) p.set("warehouseId", f.warehouseId);
  if (f.channelId !== null) p.set("channelId", f.channelId);
  if (f.search.trim()) p.set("search", f.search.trim());
  if (f.sort !== DEFAULT_CHANGE_FILTERS.sort) p.set("sort", f.sort);
  if (f.dir !== DEFAULT_CHANGE_FILTERS.dir) p.set("dir", f.dir);
  if (options.page !== false && f.page > 1) p.set("page", String(f.page));
  return p;
}

/** The `changes` query's input for these filters. */
export function changesInput(id: string, f: ChangeFilters, pageSize: number): TChangesInput {
  return {
    id,
    page: f.page,
    pageSize,
    sort: f.sort,
    dir: f.dir,
    search: f.search.trim(),
    ...(f.change ? { change: f.change } : {}),
    ...(f.warehouseId !== null ? { warehouseId: f.warehouseId } : {}),
    ...(f.channelId !== null ? { channelId: f.channelId } : {}),
  };
}

/** The CSV download of the changed orders with the same filters (every page). */
export function changesCsvHref(id: string, f: ChangeFilters): string {
  const q = changeFilterParams(f, { page: false }).toString();
  return `/api/simulations/${encodeURIComponent(id)}/changes.csv${q ? `?${q}` : ""}`;
}

/** Whether any filter narrows the list (sort and page do not). */
export const isFiltered = (f: ChangeFilters) => f.change !== null || f.warehouseId !== null || f.channelId !== null || f.search.trim() !== "";
