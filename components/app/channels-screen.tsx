"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { EditDialog } from "@/components/ui/edit-dialog";
import { revisioned } from "@/components/ui/edit-form-state";
import { Field } from "@/components/ui/field";
import { errorsUnder } from "@/components/ui/form-errors";
import { EmptyState } from "@/components/ui/list-states";
import { ClearFilters, ListView, PageHead, SearchBox } from "@/components/ui/list-view";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useCrudMutations, useEditDialog, useEditForm } from "@/components/ui/use-edit-dialog";
import { useListFilters } from "@/components/ui/use-list-filters";
import { useTRPC } from "@/lib/trpc";
import {
  CHANNEL_CLAIMED,
  CHANNEL_STALE_ALIASES,
  EMPTY_CHANNEL,
  type WeightUnit,
  channelFieldsOf,
  channelFormOf,
  fmtKg,
  gramsOf,
  listErrors,
  upperTokens,
} from "./channel-form";
import type { ChannelRow } from "./master-data-rows";
import { RateCardEditor } from "./rate-card-editor";

// ---- formatting -------------------------------------------------------------------------------

function Countries({ countries }: { countries: string[] }) {
  if (countries.length === 0) return <span className="badge">All countries</span>;
  const shown = countries.slice(0, 4);
  return (
    <span className="country-list" title={countries.join(", ")}>
      {shown.join(", ")}
      {countries.length > shown.length ? <span className="more"> +{countries.length - shown.length}</span> : null}
    </span>
  );
}

function Goods({ c }: { c: Pick<ChannelRow, "batteryAllowed" | "liquidAllowed" | "hazmatAllowed"> }) {
  const allowed = [c.batteryAllowed && "Battery", c.liquidAllowed && "Liquid", c.hazmatAllowed && "Hazmat"].filter(Boolean) as string[];
  if (allowed.length === 0) return <span className="muted small">General cargo only</span>;
  return (
    <span className="badges">
      {allowed.map((a) => (
        <span key={a} className={`badge ${a === "Hazmat" ? "red" : "amber"}`}>
          {a}
        </span>
      ))}
    </span>
  );
}

// ---- screen -----------------------------------------------------------------------------------

export function ChannelsScreen() {
  const trpc = useTRPC();
  const { canEdit, role } = useCanManageMasterData();
  const { filters, set, clear, page, setPage } = useListFilters({ search: "", active: "" as "" | "active" | "inactive", warehouseId: "", country: "" });
  const { active, warehouseId, country } = filters;
  const dialog = useEditDialog<{ row: ChannelRow | null }>([trpc.channels.list.queryKey()]);
  const q = useDebounced(filters.search.trim());
  const countryOk = /^[A-Z]{2}$/.test(country);
  const warehouses = useQuery(trpc.warehouses.list.queryOptions({ page: 1, pageSize: 100 }));
  const list = useQuery({
    ...trpc.channels.list.queryOptions({
      search: q,
      page,
      pageSize: 25,
      ...(active ? { active: active === "active" } : {}),
      ...(warehouseId ? { warehouseId } : {}),
      ...(countryOk ? { country } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || active !== "" || warehouseId !== "" || countryOk;
  const startNew = () => dialog.open({ row: null });

  return (
    <>
      <PageHead title="Logistics channels" role={role} create={canEdit ? { label: "New channel", onClick: startNew } : null}>
        Carrier services you ship with: where they ship from and to, what they accept, and what they cost.
      </PageHead>
      <div className="toolbar wrap">
        <SearchBox placeholder="Search code, name, carrier or service" label="Search channels" value={filters.search} onChange={(search) => set({ search })} />
        <select className="select" aria-label="Status" value={active} onChange={(e) => set({ active: e.target.value as typeof active })}>
          <option value="">Active and inactive</option>
          <option value="active">Active only</option>
          <option value="inactive">Inactive only</option>
        </select>
        <select className="select" aria-label="Origin warehouse" value={warehouseId} onChange={(e) => set({ warehouseId: e.target.value })}>
          <option value="">From any warehouse</option>
          {warehouses.data?.items.map((w) => (
            <option key={w.id} value={w.id}>
              From {w.code}
            </option>
          ))}
        </select>
        <input
          className="input country-input"
          placeholder="Ships to (e.g. US)"
          aria-label="Destination country"
          maxLength={2}
          value={country}
          aria-invalid={country.length === 2 && !countryOk}
          onChange={(e) => set({ country: e.target.value.toUpperCase().replace(/[^A-Z]/g, "") })}
        />
        <ClearFilters shown={filtered || country !== ""} onClear={clear} />
      </div>
      <ListView
        list={list}
        loadingRows={6}
        onPage={setPage}
        filtered={filtered}
        noMatch={<EmptyState title="No channel matches these filters">Channels serving every country match any destination; try another warehouse or country.</EmptyState>}
        empty={
          <EmptyState title="No logistics channels yet" action={canEdit ? <button className="btn primary" onClick={startNew}>Add a channel</button> : null}>
            {canEdit ? "Add the carrier services you ship with, with their limits and rate cards." : "An admin adds logistics channels."}
          </EmptyState>
        }
        compact
        head={
          <>
            <th>Channel</th>
            <th>Carrier / service</th>
            <th>Ships from</th>
            <th className="num">Max weight / size</th>
            <th>Countries</th>
            <th>Allowed goods</th>
            <th className="num">Transit</th>
            <th>Status</th>
          </>
        }
      >
        {(items) =>
          items.map((c) => (
            <tr key={c.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open({ row: c })}>
              <td className="col-channel">
                <strong className="mono">{c.code}</strong>
                <div className="sub">{c.name}</div>
              </td>
              <td>
                {c.carrier}
                {c.service ? <div className="sub">{c.service}</div> : null}
              </td>
              <td>
                {c.originWarehouses.length ? (
                  <span className="badges">
                    {c.originWarehouses.map((w) => (
                      <span key={w.id} className="badge" title={w.name}>
                        {w.code}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num nowrap">
                {fmtKg(c.maxWeightGrams)}
                <div className="sub" title="Longest side / girth">
                  {c.maxLengthCm === null && c.maxGirthCm === null ? "no size limit" : `L ${c.maxLengthCm ?? "—"} · girth ${c.maxGirthCm ?? "—"} cm`}
                </div>
              </td>
              <td>
                <Countries countries={c.countries} />
              </td>
              <td>
                <Goods c={c} />
              </td>
              <td className="num nowrap">{c.transitDaysMin === null ? <span className="muted">—</span> : `${c.transitDaysMin}–${c.transitDaysMax} d`}</td>
              <td>{c.active ? <span className="badge green">Active</span> : <span className="badge">Inactive</span>}</td>
            </tr>
          ))
        }
      </ListView>
      {dialog.editing ? <ChannelDialog channel={dialog.editing.row} warehouses={warehouses.data?.items ?? []} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

// ---- dialog -----------------------------------------------------------------------------------

/** Edits `channel`, or creates one when it is null. */
function ChannelDialog({ channel, warehouses, onClose, onSaved }: { channel: ChannelRow | null; warehouses: { id: string; code: string; name: string; country: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { create, update, remove } = useCrudMutations(trpc.channels, onSaved);
  const d = useEditForm({
    ...revisioned(channel, { ...EMPTY_CHANNEL, zones: [], bands: [] }, channelFormOf),
    mutations: [create, update, remove],
    claimed: CHANNEL_CLAIMED,
    staleAliases: CHANNEL_STALE_ALIASES,
  });
  const { form, set, fe, errors } = d;
  const grams = gramsOf(form);

  function save() {
    const { fields, local } = channelFieldsOf(form);
    if (!d.attempt(local)) return;
    if (channel === null) create.mutate(fields);
    else update.mutate({ id: channel.id, revision: d.token, fields });
  }
  const toggleOrigin = (id: string, on: boolean) => set({ originWarehouseIds: on ? [...form.originWarehouseIds, id] : form.originWarehouseIds.filter((x) => x !== id) });
  const countryTokens = upperTokens(form.countries);

  return (
    <EditDialog
      title={channel ? `Edit ${channel.code}` : "New logistics channel"}
      onClose={onClose}
      onSave={save}
      onDelete={channel ? () => d.confirmDelete(`Delete the channel ${channel.code}?`, () => remove.mutate({ id: channel.id, revision: d.token })) : undefined}
      className="dialog-wide"
      form={d}
      what="channel"
      summary={(c) => (
        <>
          Now: “{c.name}”, max {fmtKg(c.maxWeightGrams)}, {c.countries.length || "all"} countries, {c.active ? "active" : "inactive"}.
        </>
      )}
    >
      <h3 className="form-section">Channel</h3>
      <div className="form-grid">
        <Field label="Code" htmlFor="ch-code" error={fe("code")} hint="Short id used in rules, e.g. YUN-GD">
          <input id="ch-code" className="input mono" value={form.code} onChange={(e) => set({ code: e.target.value })} aria-invalid={!!fe("code")} />
        </Field>
        <Field label="Name" htmlFor="ch-name" error={fe("name")}>
          <input id="ch-name" className="input" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!fe("name")} />
        </Field>
        <Field label="Carrier" htmlFor="ch-carrier" error={fe("carrier")}>
          <input id="ch-carrier" className="input" value={form.carrier} onChange={(e) => set({ carrier: e.target.value })} aria-invalid={!!fe("carrier")} />
        </Field>
        <Field label="Service" htmlFor="ch-service" error={fe("service")}>
          <input id="ch-service" className="input" value={form.service} onChange={(e) => set({ service: e.target.value })} aria-invalid={!!fe("service")} />
        </Field>
      </div>

      <h3 className="form-section">Route</h3>
      <div className="form-grid">
        <Field label="Origin warehouses" htmlFor="ch-origins" error={errorsUnder(errors, "originWarehouseIds")} hint="None ticked: the channel is not tied to a warehouse">
          <div className="check-list" id="ch-origins" role="group" aria-label="Origin warehouses">
            {warehouses.length === 0 ? <span className="muted small">No warehouses yet.</span> : null}
            {warehouses.map((w) => (
              <label key={w.id}>
                <input type="checkbox" checked={form.originWarehouseIds.includes(w.id)} onChange={(e) => toggleOrigin(w.id, e.target.checked)} />
                <strong className="mono">{w.code}</strong> <span className="muted">{w.name}</span>
              </label>
            ))}
          </div>
        </Field>
        <Field
          label="Destination countries"
          htmlFor="ch-countries"
          error={listErrors(errors, "countries", countryTokens)}
          hint={countryTokens.length ? `${countryTokens.length} ${countryTokens.length === 1 ? "country" : "countries"}` : "ISO codes separated by commas or spaces; blank ships everywhere"}
        >
          <textarea id="ch-countries" className="input mono" rows={4} placeholder="Blank: ships to every country" value={form.countries} onChange={(e) => set({ countries: e.target.value })} aria-invalid={!!errorsUnder(errors, "countries")} />
        </Field>
      </div>

      <h3 className="form-section">Limits and goods</h3>
      <div className="form-grid cols-4">
        <Field label="Max weight" htmlFor="ch-weight" error={fe("maxWeightGrams")} hint={grams !== null && form.weightUnit === "kg" ? `= ${grams.toLocaleString()} g` : grams !== null ? `= ${fmtKg(grams)}` : undefined}>
          <div className="input-group">
            <input id="ch-weight" className="input" inputMode="decimal" value={form.maxWeight} onChange={(e) => set({ maxWeight: e.target.value })} aria-invalid={!!fe("maxWeightGrams")} />
            <select className="select" aria-label="Weight unit" value={form.weightUnit} onChange={(e) => set({ weightUnit: e.target.value as WeightUnit })}>
              <option value="kg">kg</option>
              <option value="g">g</option>
            </select>
          </div>
        </Field>
        <Field label="Max length (cm)" htmlFor="ch-length" error={fe("maxLengthCm")} hint="Longest side; blank = no limit">
          <input id="ch-length" className="input" inputMode="decimal" value={form.maxLengthCm} onChange={(e) => set({ maxLengthCm: e.target.value })} aria-invalid={!!fe("maxLengthCm")} />
        </Field>
        <Field label="Max girth (cm)" htmlFor="ch-girth" error={fe("maxGirthCm")} hint="Length + 2 × (width + height)">
          <input id="ch-girth" className="input" inputMode="decimal" value={form.maxGirthCm} onChange={(e) => set({ maxGirthCm: e.target.value })} aria-invalid={!!fe("maxGirthCm")} />
        </Field>
        <Field label="Allowed goods" htmlFor="ch-goods" error={fe("batteryAllowed") ?? fe("liquidAllowed") ?? fe("hazmatAllowed")}>
          <div className="check-list inline" id="ch-goods" role="group" aria-label="Allowed goods">
            <label>
              <input type="checkbox" checked={form.batteryAllowed} onChange={(e) => set({ batteryAllowed: e.target.checked })} /> Battery
            </label>
            <label>
              <input type="checkbox" checked={form.liquidAllowed} onChange={(e) => set({ liquidAllowed: e.target.checked })} /> Liquid
            </label>
            <label>
              <input type="checkbox" checked={form.hazmatAllowed} onChange={(e) => set({ hazmatAllowed: e.target.checked })} /> Hazmat
            </label>
          </div>
        </Field>
      </div>

      <h3 className="form-section">Transit and pricing</h3>
      <div className="form-grid cols-4">
        <Field label="Transit days min" htmlFor="ch-tmin" error={fe("transitDaysMin")}>
          <input id="ch-tmin" className="input" inputMode="numeric" value={form.transitDaysMin} onChange={(e) => set({ transitDaysMin: e.target.value })} aria-invalid={!!fe("transitDaysMin")} />
        </Field>
        <Field label="Transit days max" htmlFor="ch-tmax" error={fe("transitDaysMax")}>
          <input id="ch-tmax" className="input" inputMode="numeric" value={form.transitDaysMax} onChange={(e) => set({ transitDaysMax: e.target.value })} aria-invalid={!!fe("transitDaysMax")} />
        </Field>
        <Field label="Currency" htmlFor="ch-currency" error={fe("currency")} hint="ISO code, e.g. USD, EUR">
          <input id="ch-currency" className="input mono" maxLength={3} value={form.currency} onChange={(e) => set({ currency: e.target.value.toUpperCase() })} aria-invalid={!!fe("currency")} />
        </Field>
        <Field label="Status" htmlFor="ch-active" error={fe("active")}>
          <label className="toggle">
            <input id="ch-active" type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
            {form.active ? "Active: routing may use it" : "Inactive: routing skips it"}
          </label>
        </Field>
      </div>

      <RateCardEditor form={form} set={set} touch={d.touch} errors={errors} />
    </EditDialog>
  );
}

