"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { PlatformBadge, platformLabel } from "@/components/ui/platform-badge";
import { TimeText } from "@/components/ui/time-text";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { countryName } from "@/rules-schema/context/countries";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import { PLATFORMS } from "@/rules-schema/order/order-schema";
import type { TDecisionSummary, TNames } from "@/server/schemas/live-schemas";
import { DECISION_STATUSES, STATUS_UI, formatCount, formatMicros, nameOr, versionLabel } from "./live-format";
import { type LiveFilters, RANGE_PRESETS, fromLocalInput, toLocalInput } from "./live-filters";
import { LiveCrumbs, StatusBadge, ToggleGroup } from "./live-ui";
import { useLinkFilterChips } from "./use-link-filter-chips";
import { useDecisionPages, useLiveFilters } from "./use-live-filters";

/** /live: every decision the live router made, newest first, filtered by time, status, store, platform, country, order and the links of other screens. */
export function DecisionsScreen({ initialFilters }: { initialFilters: LiveFilters }) {
  const trpc = useTRPC();
  const live = useLiveFilters(initialFilters);
  const { filters } = live;
  const pages = useDecisionPages(filters, live.now, !live.rangeError);
  const stores = useQuery(trpc.stores.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }));
  const chips = useLinkFilterChips(filters);
  const err = formErrorOf(pages.query.error);
  const rangeError = live.rangeError ? [live.rangeError] : (err?.fieldErrors.to ?? undefined);
  const fromError = err?.fieldErrors.from;

  return (
    <div className="live">
      <div className="page-head">
        <div>
          <LiveCrumbs />
          <h1>Decisions</h1>
          <p>Every order the live router decided, newest first. Open one to see why it went where it went.</p>
        </div>
        <button
          type="button"
          className="btn"
          // A preset counts back from a new "now"; all time and a custom range read the same range again.
          onClick={() => (filters.range === "all" || filters.range === "custom" ? void pages.query.refetch() : live.refresh())}
          disabled={pages.query.isFetching}
          title="Show decisions made since the list was loaded"
        >
          {pages.query.isFetching && !pages.loadingMore ? "Refreshing…" : "Refresh"}
        </button>
      </div>

      <div className="live-filter-panel" role="search" aria-label="Filter decisions">
        <div className="filters live-filters">
          <Field label="Order" htmlFor="live-search">
            <input
              id="live-search"
              className="input search"
              type="search"
              placeholder="Order number, order, buyer or decision id"
              title="An order number, order id, buyer id or decision id, exactly as written"
              value={live.searchText}
              onChange={(e) => live.setSearchText(e.target.value)}
            />
          </Field>
          <Field label="Store" htmlFor="live-store">
            <select id="live-store" className="select" value={filters.storeId} onChange={(e) => live.set({ storeId: e.target.value })}>
              <option value="">All stores</option>
              {stores.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              {filters.storeId && stores.data && !stores.data.items.some((s) => s.id === filters.storeId) ? <option value={filters.storeId}>Another store</option> : null}
            </select>
          </Field>
          <Field label="Platform" htmlFor="live-platform">
            <select id="live-platform" className="select" value={filters.platform} onChange={(e) => live.set({ platform: e.target.value })}>
              <option value="">All platforms</option>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {platformLabel(p)}
                </option>
              ))}
            </select>
          </Field>
          <CountryField value={filters.country} onChange={(country) => live.set({ country })} />
        </div>
        <div className="live-filter-row">
          <span className="live-row-label">Decided</span>
          <ToggleGroup
            label="Time range"
            options={RANGE_PRESETS.map((p) => ({ id: p.id, label: p.label }))}
            isOn={(id) => filters.range === id}
            onToggle={(id) => live.set({ range: id, from: "", to: "" })}
          />
          <span className="live-custom-range">
            <label htmlFor="live-from">from</label>
            <input
              id="live-from"
              className="input compact"
              type="datetime-local"
              value={filters.range === "custom" ? toLocalInput(filters.from) : ""}
              aria-invalid={fromError ? true : undefined}
              onChange={(e) => live.set({ range: "custom", from: fromLocalInput(e.target.value), to: filters.range === "custom" ? filters.to : "" })}
            />
            <label htmlFor="live-to">to</label>
            <input
              id="live-to"
              className="input compact"
              type="datetime-local"
              value={filters.range === "custom" ? toLocalInput(filters.to) : ""}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError || fromError ? "live-range-error" : undefined}
              onChange={(e) => live.set({ range: "custom", to: fromLocalInput(e.target.value), from: filters.range === "custom" ? filters.from : "" })}
            />
          </span>
          {rangeError || fromError ? (
            <span className="live-range-error" id="live-range-error" role="alert">
              {rangeError ? `The end ${rangeError.join("; ")}.` : `The start ${fromError!.join("; ")}.`}
            </span>
          ) : null}
        </div>
        <div className="live-filter-row">
          <span className="live-row-label">Status</span>
          <ToggleGroup
            label="Status"
            options={DECISION_STATUSES.map((s) => ({ id: s, label: STATUS_UI[s].label, title: STATUS_UI[s].hint, className: `status-${s}` }))}
            isOn={(s) => filters.statuses.includes(s)}
            onToggle={(s) => live.set({ statuses: filters.statuses.includes(s) ? filters.statuses.filter((x) => x !== s) : DECISION_STATUSES.filter((x) => x === s || filters.statuses.includes(x)) })}
          />
          {chips.length ? <span className="live-filter-sep" aria-hidden="true" /> : null}
          {chips.map((c) => (
            <span key={c.key} className="chip" title={c.title} data-testid={`chip-${c.key}`}>
              <span className="live-chip-kind">{c.kind}</span> <strong>{c.label}</strong>
              <button type="button" aria-label={`Remove the filter ${c.kind}: ${c.label}`} onClick={() => live.removeLinkFilter(c.key)}>
                ×
              </button>
            </span>
          ))}
          {live.filtered || live.searchText ? (
            <button type="button" className="btn small ghost live-clear" onClick={live.clear}>
              Clear filters
            </button>
          ) : null}
        </div>
      </div>

      <div className="table-wrap">
        {live.rangeError ? (
          <EmptyState title="Check the time range">The end of the range must be after its start.</EmptyState>
        ) : pages.query.isLoading ? (
          <LoadingRows rows={8} />
        ) : pages.query.error ? (
          <LoadError message={err?.message ?? pages.query.error.message} onRetry={() => void pages.query.refetch()} />
        ) : pages.items.length === 0 ? (
          live.filtered ? (
            <EmptyState
              title="No decisions match these filters"
              action={
                <button type="button" className="btn" onClick={live.clear}>
                  Clear filters
                </button>
              }
            >
              {filters.search ? `No order, buyer or decision is called “${filters.search}” exactly in this range. ` : ""}Widen the time range or remove a filter.
            </EmptyState>
          ) : (
            <EmptyState title="No decisions yet">Orders sent to the routing API appear here as soon as they are decided, with the rules that decided them.</EmptyState>
          )
        ) : (
          <DecisionsTable items={pages.items} names={pages.names} dimmed={pages.query.isPlaceholderData} />
        )}
      </div>
      {pages.items.length > 0 && !live.rangeError ? (
        <div className="live-more" aria-live="polite">
          <span className="muted">
            {formatCount(pages.items.length)} {pages.items.length === 1 ? "decision" : "decisions"} shown{pages.hasMore ? "" : " — that is all of them"}
          </span>
          {pages.hasMore ? (
            <button type="button" className="btn" onClick={pages.loadMore} disabled={pages.loadingMore}>
              {pages.loadingMore ? "Loading…" : "Load more"}
            </button>
          ) : null}
          {pages.query.isFetchNextPageError ? <span className="text-red">Could not load more: {pages.query.error?.message}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

/** A two-letter country code: applied once it is two letters (or empty). */
function CountryField({ value, onChange }: { value: string; onChange: (country: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // The filter changed from outside (cleared): show it.
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const partial = text !== "" && !/^[A-Za-z]{2}$/.test(text);
  return (
    <Field label="Country" htmlFor="live-country" error={partial ? ["two letters, e.g. US"] : undefined} hint={value ? countryName(value) : undefined}>
      <input
        id="live-country"
        className="input live-country"
        value={text}
        maxLength={2}
        placeholder="e.g. US"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={partial ? true : undefined}
        onChange={(e) => {
          const t = e.target.value.toUpperCase();
          setText(t);
          if (t === "" || /^[A-Z]{2}$/.test(t)) onChange(t);
        }}
      />
    </Field>
  );
}

function DecisionsTable({ items, names, dimmed }: { items: TDecisionSummary[]; names: TNames; dimmed: boolean }) {
  const router = useRouter();
  return (
    <table className="data live-decisions" aria-label="Decisions">
      <thead>
        <tr>
          <th className="col-when">When</th>
          <th className="col-order">Order</th>
          <th className="col-store">Store</th>
          <th className="col-status">Status</th>
          <th className="col-where">Warehouse · channel</th>
          <th className="col-versions">Stage versions</th>
          <th className="num col-time" title="Time the rules took to decide">
            Decided in
          </th>
        </tr>
      </thead>
      <tbody style={dimmed ? { opacity: 0.6 } : undefined}>
        {items.map((d) => {
          const href = `/live/decisions/${encodeURIComponent(d.id)}`;
          return (
            <tr
              key={d.id}
              className="clickable"
              data-status={d.status}
              onClick={(e) => {
                // Links and buttons in the row do their own thing; a selection is not a click.
                if ((e.target as HTMLElement).closest("a, button") || window.getSelection()?.toString()) return;
                router.push(href);
              }}
            >
              <td className="nowrap">
                <TimeText value={new Date(d.createdAt)} />
              </td>
              <td className="live-order-cell">
                <Link href={href} className="mono live-order-link" title={`Order id ${d.orderId} · decision ${d.id}`}>
                  {d.externalId || d.orderId}
                </Link>
                <div className="sub">
                  {d.country ? (
                    <span title={countryName(d.country)} className="live-country-code">
                      {d.country}
                    </span>
                  ) : null}
                  {d.replayCount > 0 ? (
                    <span className="live-marker replayed" title={`The same request came again with its Idempotency-Key ${d.replayCount} ${d.replayCount === 1 ? "time" : "times"}: the router answered with this stored decision`}>
                      replayed ×{d.replayCount}
                    </span>
                  ) : null}
                  {!d.replayable ? (
                    <span className="live-marker old" title="Decided before the order and master data were stored with decisions: it cannot be re-evaluated">
                      old
                    </span>
                  ) : null}
                </div>
              </td>
              <td className="live-store-cell">
                <div className="live-ellipsis" title={nameOr(names.stores, d.storeId)}>
                  {nameOr(names.stores, d.storeId)}
                </div>
                {d.platform ? (
                  <div className="sub">
                    <PlatformBadge platform={d.platform} />
                  </div>
                ) : null}
              </td>
              <td className="live-status-cell">
                <StatusBadge status={d.status} />
                {d.holdReasons.length ? (
                  <div className="sub live-reasons" title={d.holdReasons.join("; ")}>
                    {d.holdReasons.join("; ")}
                  </div>
                ) : d.split ? (
                  <div className="sub">split into parcels</div>
                ) : null}
              </td>
              <td className="live-where-cell">
                <div className="live-ellipsis">{d.warehouseId ? nameOr(names.warehouses, d.warehouseId) : <span className="muted">no warehouse</span>}</div>
                <div className="sub live-ellipsis">{d.channelId ? nameOr(names.channels, d.channelId) : "no channel"}</div>
              </td>
              <td className="live-versions-cell">
                {d.versions.length ? (
                  <span className="live-versions-text" title={d.versions.map((v) => `${STAGE_LABELS[v.stage]}: ${versionLabel(v)}`).join("\n")}>
                    {d.versions.map(versionLabel).join(" · ")}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num">{formatMicros(d.decideUs)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
