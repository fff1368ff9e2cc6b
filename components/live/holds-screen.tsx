"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { formatDateTime } from "@/components/ui/time-text";
import { useTRPC } from "@/lib/trpc";
import { countryName } from "@/rules-schema/context/countries";
import type { THoldsQueue } from "@/server/schemas/live-schemas";
import { HOLDS_RANGES, type HoldsFilters } from "./holds-query";
import { DUE_SOON_HOURS, formatAge, formatCount, formatHoursLeft, hoursLeft, nameOr, urgencyOf } from "./live-format";
import { liveHref } from "./live-filters";
import { LiveCrumbs, StatusBadge, ToggleGroup } from "./live-ui";
import { useHoldsQueue } from "./use-holds-queue";

const RANGE_WORDS: Record<HoldsFilters["range"], string> = { today: "since midnight", "24h": "in the last 24 hours", "7d": "in the last 7 days" };

/** /live/holds: orders whose latest decision held or intercepted them, grouped by reason, most urgent first. */
export function HoldsScreen({ initialFilters }: { initialFilters: HoldsFilters }) {
  const trpc = useTRPC();
  const q = useHoldsQueue(initialFilters);
  const { filters } = q;
  const stores = useQuery(trpc.stores.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }));
  const groups = q.groups.data;
  const list = q.list.data;

  return (
    <div className="live">
      <div className="page-head">
        <div>
          <LiveCrumbs />
          <h1>Holds queue</h1>
          <p>Orders the rules held or intercepted and that are still waiting, the most urgent first (by ship-by deadline).</p>
        </div>
        <div className="live-head-actions">
          <button type="button" className="btn" onClick={q.refresh} disabled={q.groups.isFetching}>
            {q.groups.isFetching && !q.groups.isLoading ? "Refreshing…" : "Refresh"}
          </button>
          <a className="btn" href={q.csvHref} download data-testid="holds-csv" aria-disabled={q.csvHref ? undefined : true}>
            Download CSV
          </a>
        </div>
      </div>

      <div className="live-toolbar" role="search" aria-label="Filter the holds queue">
        <div className="field">
          <span className="live-field-label">Held</span>
          <ToggleGroup label="Held" options={HOLDS_RANGES.map((r) => ({ id: r.id, label: r.label }))} isOn={(id) => filters.range === id} onToggle={(range) => q.set({ range })} />
        </div>
        <Field label="Store" htmlFor="holds-store">
          <select id="holds-store" className="select" value={filters.storeId} onChange={(e) => q.set({ storeId: e.target.value })}>
            <option value="">All stores</option>
            {stores.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        {filters.reason ? (
          <span className="chip" style={{ marginTop: 23 }} data-testid="reason-chip">
            Reason <strong>{filters.reason}</strong>
            <button type="button" aria-label="Show every reason" onClick={() => q.set({ reason: "" })}>
              ×
            </button>
          </span>
        ) : null}
      </div>

      <section className="live-holds-groups" aria-labelledby="holds-groups-heading">
        <h2 id="holds-groups-heading" className="live-section-title">
          By reason{" "}
          {groups ? (
            <span className="muted">
              {formatCount(groups.total)} {groups.total === 1 ? "order" : "orders"} waiting {RANGE_WORDS[filters.range]} · counted at {formatDateTime(new Date(groups.asOf))}
            </span>
          ) : null}
        </h2>
        <div className="table-wrap">
          {q.groups.isLoading ? (
            <LoadingRows rows={3} />
          ) : q.groups.error ? (
            <LoadError message={q.groups.error.message} onRetry={() => void q.groups.refetch()} />
          ) : !groups || groups.groups.length === 0 ? (
            <EmptyState title="Nothing is waiting">No order {RANGE_WORDS[filters.range]} is held or intercepted. Choose a longer range to see earlier holds.</EmptyState>
          ) : (
            <GroupsTable queue={groups} selected={filters.reason} onSelect={(reason) => q.set({ reason: reason === filters.reason ? "" : reason })} />
          )}
        </div>
      </section>

      <section aria-labelledby="holds-list-heading">
        <h2 id="holds-list-heading" className="live-section-title">
          {filters.reason ? <>Orders held for “{filters.reason}”</> : "Orders"}
          {list ? (
            <span className="muted">
              {list.truncated ? `the ${formatCount(list.items.length)} most urgent of ${formatCount(list.total)}` : `${formatCount(list.total)} ${list.total === 1 ? "order" : "orders"}`}
            </span>
          ) : null}
          {filters.reason ? (
            <Link className="small" href={liveHref({ holdReason: filters.reason, range: filters.range === "7d" ? "7d" : "24h" })}>
              every decision with this reason
            </Link>
          ) : null}
        </h2>
        <div className="table-wrap">
          {q.list.isLoading ? (
            <LoadingRows rows={6} />
          ) : q.list.error ? (
            <LoadError message={q.list.error.message} onRetry={() => void q.list.refetch()} />
          ) : !list || list.items.length === 0 ? (
            <EmptyState title={filters.reason ? "No order is waiting for this reason" : "No order is waiting"}>{filters.reason ? "Choose another reason above, or a longer range." : "Held and intercepted orders show here until a later decision routes them."}</EmptyState>
          ) : (
            <HeldOrders queue={list} dimmed={q.list.isPlaceholderData} />
          )}
        </div>
        {list?.truncated ? (
          <p className="muted live-footnote" data-testid="holds-truncated">
            Only the {formatCount(list.items.length)} most urgent orders are listed here. <a href={q.csvHref}>Download the CSV</a> for all of them, or narrow the range or the store.
          </p>
        ) : null}
      </section>
    </div>
  );
}

function Num({ n, tone }: { n: number; tone: "red" | "amber" }) {
  return <span className={n === 0 ? "live-num-zero" : `live-num-${tone}`}>{formatCount(n)}</span>;
}

function GroupsTable({ queue, selected, onSelect }: { queue: THoldsQueue; selected: string; onSelect: (reason: string) => void }) {
  return (
    <table className="data live-groups" aria-label="Held orders by reason">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Reason</th>
          <th className="num">Orders</th>
          <th className="num" title="Past their ship-by deadline">
            Overdue
          </th>
          <th className="num" title={`Less than ${DUE_SOON_HOURS} hours to their ship-by deadline`}>
            Due within {DUE_SOON_HOURS} h
          </th>
          <th className="num">Oldest hold</th>
        </tr>
      </thead>
      <tbody>
        {queue.groups.map((g) => {
          const on = g.reason === selected;
          return (
            <tr key={`${g.kind}:${g.reason}`} className={`clickable${on ? " selected" : ""}`} onClick={() => onSelect(g.reason)} data-reason={g.reason}>
              <td>
                <span className={`live-kind ${g.kind}`}>{g.kind === "hold" ? "Hold" : "Intercept"}</span>
              </td>
              <td>
                <button type="button" className="link-button" aria-pressed={on} title={on ? "Show every reason" : "Only orders held for this reason"} onClick={(e) => {
                  e.stopPropagation();
                  onSelect(g.reason);
                }}>
                  {g.reason || "(no reason given)"}
                </button>
              </td>
              <td className="num">
                <strong>{formatCount(g.count)}</strong>
              </td>
              <td className="num">
                <Num n={g.overdue} tone="red" />
              </td>
              <td className="num">
                <Num n={g.dueSoon} tone="amber" />
              </td>
              <td className="num" title={g.oldestAt ? `Held since ${formatDateTime(new Date(g.oldestAt))}` : undefined}>
                {g.oldestAt ? formatAge(g.oldestAt, queue.asOf) : "—"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function HeldOrders({ queue, dimmed }: { queue: THoldsQueue; dimmed: boolean }) {
  return (
    <table className="data live-held" aria-label="Held orders">
      <thead>
        <tr>
          <th className="col-order">Order</th>
          <th className="col-store">Store</th>
          <th className="col-country">Country</th>
          <th className="col-status">Status</th>
          <th>Reasons</th>
          <th className="num col-age">Held for</th>
          <th className="col-ship">Ship by</th>
        </tr>
      </thead>
      <tbody style={dimmed ? { opacity: 0.6 } : undefined}>
        {queue.items.map((i) => {
          const left = hoursLeft(i.shipByDeadline, queue.asOf);
          const urgency = urgencyOf(left);
          return (
            <tr key={i.decisionId} data-urgency={urgency}>
              <td>
                <Link href={`/live/decisions/${encodeURIComponent(i.decisionId)}`} className="mono live-order-link" title={`Order id ${i.orderId}`}>
                  {i.externalId || i.orderId}
                </Link>
              </td>
              <td className="live-store-cell">
                <div className="live-ellipsis">{nameOr(queue.names.stores, i.storeId)}</div>
                {i.platform ? (
                  <div className="sub">
                    <PlatformBadge platform={i.platform} />
                  </div>
                ) : null}
              </td>
              <td title={i.country ? countryName(i.country) : undefined}>{i.country || "—"}</td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td className="live-reasons-cell">{i.reasons.filter(Boolean).join("; ") || <span className="muted">no reason given</span>}</td>
              <td className="num" title={`Held since ${formatDateTime(new Date(i.heldAt))}`}>
                {formatAge(i.heldAt, queue.asOf)}
              </td>
              <td className="nowrap">
                {i.shipByDeadline ? (
                  <>
                    <div>{formatDateTime(new Date(i.shipByDeadline))}</div>
                    <div className={`small live-left ${urgency}`}>{formatHoursLeft(left)}</div>
                  </>
                ) : (
                  <span className="muted">no deadline</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
