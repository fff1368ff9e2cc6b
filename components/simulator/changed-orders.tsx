"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { PlatformBadge, platformLabel } from "@/components/ui/platform-badge";
import { formatDate, formatDateTime } from "@/components/ui/time-text";
import { useDebounced } from "@/components/ui/use-debounced";
import { useTRPC } from "@/lib/trpc";
import { CHANGE_KINDS, type TChangeKind } from "@/rules-schema/simulate/simulation-schema";
import type { TChangedOrder, TSimulationOut } from "@/server/schemas/simulation-schemas";
import { type ChangeFilters, changesCsvHref, changesInput, isFiltered } from "./change-filters";
import { CHANGE_LABELS, countryText, formatCount, formatMoney, nameIn, outcomeText } from "./simulation-format";

const PAGE_SIZE = 25;
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
/** The select value for "any" (a real id or "" can never be this). */
const ANY = "\u0000any";

type SortId = ChangeFilters["sort"];

/** The orders whose outcome changed, filtered, sorted and paged (all of it in the URL), with the CSV export. */
export function ChangedOrders({ sim, filters, onChange }: { sim: TSimulationOut; filters: ChangeFilters; onChange: (next: ChangeFilters) => void }) {
  const trpc = useTRPC();
  const totals = sim.totals!;
  const [search, setSearch] = useState(filters.search);
  const debounced = useDebounced(search, 300);
  useEffect(() => {
    if (debounced.trim() !== filters.search.trim()) onChange({ ...filters, search: debounced, page: 1 });
  }, [debounced]);
  // A filter set from outside (a "What changed" chip, Back) shows in the box too.
  useEffect(() => {
    if (filters.search.trim() !== search.trim()) setSearch(filters.search);
  }, [filters.search]);

  // A finished simulation never changes; a shadow on live traffic adds changed orders while it runs.
  const live = sim.source.kind === "shadow" && sim.status === "running";
  const changes = useQuery(
    trpc.simulations.changes.queryOptions(changesInput(sim.id, filters, PAGE_SIZE), { placeholderData: keepPreviousData, staleTime: live ? 2_000 : Infinity, refetchInterval: live ? 5_000 : false }),
  );
  const set = (patch: Partial<ChangeFilters>) => onChange({ ...filters, page: 1, ...patch });
  const sortBy = (sort: SortId) => onChange({ ...filters, page: 1, sort, dir: filters.sort === sort && filters.dir === "asc" ? "desc" : filters.sort === sort ? "asc" : sort === "costDelta" ? "desc" : "asc" });
  const names = sim.names;
  const warehouses = Object.entries(names.warehouses).sort((a, b) => a[1].localeCompare(b[1]));
  const channels = Object.entries(names.channels).sort((a, b) => a[1].localeCompare(b[1]));
  const filtered = isFiltered(filters);
  const data = changes.data;

  return (
    <section aria-labelledby="sim-changes-heading" className="sim-section" id="changed-orders">
      <div className="sim-section-head">
        <h2 id="sim-changes-heading" className="sim-section-title">
          Changed orders <span className="count">{formatCount(totals.changed)}</span>
        </h2>
        <a className="btn small" href={changesCsvHref(sim.id, filters)} download data-testid="export-csv" title="Download the changed orders matching these filters as CSV">
          Export CSV
        </a>
      </div>
      <div className="toolbar wrap sim-changes-toolbar" role="search" aria-label="Filter changed orders">
        <select className="select" aria-label="Kind of change" data-testid="change-filter" value={filters.change ?? ""} onChange={(e) => set({ change: (e.target.value || null) as TChangeKind | null })}>
          <option value="">Any change ({formatCount(totals.changed)})</option>
          {CHANGE_KINDS.filter((k) => (totals.changedBy[k] ?? 0) > 0 || filters.change === k).map((k) => (
            <option key={k} value={k}>
              {CHANGE_LABELS[k]} ({formatCount(totals.changedBy[k] ?? 0)})
            </option>
          ))}
        </select>
        <select className="select" aria-label="Warehouse" value={filters.warehouseId ?? ANY} onChange={(e) => set({ warehouseId: e.target.value === ANY ? null : e.target.value })}>
          <option value={ANY}>Any warehouse</option>
          <option value="">No warehouse</option>
          {warehouses.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
          {filters.warehouseId && !(filters.warehouseId in names.warehouses) ? <option value={filters.warehouseId}>{filters.warehouseId}</option> : null}
        </select>
        <select className="select" aria-label="Channel" value={filters.channelId ?? ANY} onChange={(e) => set({ channelId: e.target.value === ANY ? null : e.target.value })}>
          <option value={ANY}>Any channel</option>
          <option value="">No channel</option>
          {channels.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
          {filters.channelId && !(filters.channelId in names.channels) ? <option value={filters.channelId}>{filters.channelId}</option> : null}
        </select>
        <input className="input search" type="search" aria-label="Search orders" placeholder="Order number or id" value={search} onChange={(e) => setSearch(e.target.value)} />
        {filtered ? (
          <button
            type="button"
            className="btn ghost"
            onClick={() => {
              setSearch("");
              onChange({ ...filters, change: null, warehouseId: null, channelId: null, search: "", page: 1 });
            }}
          >
            Clear filters
          </button>
        ) : null}
        <span className="toolbar-note muted small" aria-live="polite">
          {data && filtered ? `${formatCount(data.total)} matching` : null}
          {changes.isFetching && !changes.isLoading ? " · updating…" : null}
        </span>
      </div>
      <div className="table-wrap" data-testid="changes-table" aria-busy={changes.isFetching}>
        {changes.isLoading ? (
          <LoadingRows rows={6} />
        ) : changes.error ? (
          <LoadError message={changes.error.message} onRetry={() => void changes.refetch()} />
        ) : data && data.items.length === 0 ? (
          totals.changed === 0 ? (
            <EmptyState title="No order changed">The candidate decides every replayed order exactly as the baseline does.</EmptyState>
          ) : (
            <EmptyState
              title="No changed order matches these filters"
              action={
                <button
                  className="btn"
                  onClick={() => {
                    setSearch("");
                    onChange({ ...filters, change: null, warehouseId: null, channelId: null, search: "", page: 1 });
                  }}
                >
                  Clear filters
                </button>
              }
            >
              {filters.search ? `No changed order number or id starts with “${filters.search}”.` : "Try another kind of change, warehouse or channel."}
            </EmptyState>
          )
        ) : data ? (
          <table className="data sim-changes" aria-label="Changed orders">
            <thead>
              <tr>
                <SortHeader id="externalId" label="Order" filters={filters} onSort={sortBy} />
                <SortHeader id="placedAt" label="Placed" filters={filters} onSort={sortBy} />
                <SortHeader id="country" label="Country" filters={filters} onSort={sortBy} />
                <th>
                  Changes <span className="sim-th-note">baseline → candidate</span>
                </th>
                <SortHeader id="costDelta" label="Cost change" filters={filters} onSort={sortBy} num />
                <th aria-label="Trace" />
              </tr>
            </thead>
            <tbody>
              {data.items.map((o) => (
                <ChangedOrderRow key={o.orderId} simId={sim.id} order={o} names={names} focus={filters.change} />
              ))}
            </tbody>
          </table>
        ) : null}
        {data && data.total > 0 ? <Pager page={data.page} pageCount={data.pageCount} total={data.total} onPage={(page) => onChange({ ...filters, page })} /> : null}
      </div>
    </section>
  );
}

function SortHeader({ id, label, filters, onSort, num }: { id: SortId; label: string; filters: ChangeFilters; onSort: (id: SortId) => void; num?: boolean }) {
  const active = filters.sort === id;
  return (
    <th className={num ? "num" : undefined} aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className={`sim-sort${active ? " active" : ""}`} onClick={() => onSort(id)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span className="sim-sort-arrow" aria-hidden="true">
          {active ? (filters.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

function ChangedOrderRow({ simId, order: o, names, focus }: { simId: string; order: TChangedOrder; names: TSimulationOut["names"]; focus: TChangeKind | null }) {
  const href = `/simulations/${encodeURIComponent(simId)}/orders/${encodeURIComponent(o.orderId)}`;
  // The filtered kind first, then the rest in the order the core lists them.
  const kinds = focus && o.changes.includes(focus) ? [focus, ...o.changes.filter((k) => k !== focus)] : o.changes;
  const currency = o.candidate.currency ?? o.baseline.currency;
  return (
    <tr data-order={o.externalId || o.orderId}>
      <td className="sim-order-cell">
        <Link href={href} className="row-link">
          <strong className="mono">{o.externalId || o.orderId}</strong>
        </Link>
        <div className="sub sim-order-store" title={`${platformLabel(o.platform)} · ${nameIn(names.stores, o.storeId)}`}>
          <PlatformBadge platform={o.platform} /> {nameIn(names.stores, o.storeId)}
        </div>
      </td>
      <td className="nowrap">
        <time dateTime={o.placedAt.toISOString()} title={formatDateTime(o.placedAt)}>
          {formatDate(o.placedAt)}
          <div className="sub">{TIME.format(o.placedAt)}</div>
        </time>
      </td>
      <td className="nowrap" title={countryText(o.country)}>
        {o.country}
      </td>
      <td>
        <dl className="sim-change-list">
          {kinds.map((k) => (
            <div key={k}>
              <dt className={`sim-kind kind-${k}`}>{CHANGE_LABELS[k]}</dt>
              <dd>
                <span className="val before">{outcomeText(o.baseline, k, names)}</span>
                <span className="arrow" aria-label="becomes">
                  →
                </span>
                <span className="val after">{outcomeText(o.candidate, k, names)}</span>
              </dd>
            </div>
          ))}
        </dl>
      </td>
      <td className={`num${o.costDelta === null ? "" : o.costDelta > 0 ? " sim-cost-up" : o.costDelta < 0 ? " sim-cost-down" : ""}`}>
        {o.costDelta === null ? <span className="muted" title="No estimate on one side, or different currencies">—</span> : formatMoney(o.costDelta, currency, { signed: true })}
      </td>
      <td className="actions">
        <Link className="btn small" href={href} aria-label={`Trace ${o.externalId || o.orderId}`}>
          Trace
        </Link>
      </td>
    </tr>
  );
}
