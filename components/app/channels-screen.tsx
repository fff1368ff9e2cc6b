"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { EditDialogFooter } from "@/components/ui/edit-dialog-footer";
import { Field } from "@/components/ui/field";
import { ConflictBanner, FormBanner } from "@/components/ui/form-banner";
import { type FieldErrors, errorAt, errorsUnder, mergeFieldErrors, unclaimedErrors, withoutStale } from "@/components/ui/form-errors";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useStalePaths } from "@/components/ui/use-stale-paths";
import { useScrollToFirstError } from "@/components/ui/use-scroll-to-error";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { type TRateCard, ZRateCard, findZone, priceParcel } from "@/rules-schema/context/rate-card";

// ---- types and conversions --------------------------------------------------------------------

interface ChannelOut {
  id: string;
  code: string;
  name: string;
  carrier: string;
  service: string;
  originWarehouseIds: string[];
  originWarehouses: { id: string; code: string; name: string }[];
  maxWeightGrams: number;
  maxLengthCm: number | null;
  maxGirthCm: number | null;
  countries: string[];
  batteryAllowed: boolean;
  liquidAllowed: boolean;
  hazmatAllowed: boolean;
  rateCard: TRateCard | null;
  transitDaysMin: number | null;
  transitDaysMax: number | null;
  currency: string;
  active: boolean;
  revision: number;
}
interface ZoneRow {
  key: string;
  code: string;
  countries: string;
  postalPrefixes: string;
}
interface BandRow {
  key: string;
  zone: string;
  upToGrams: string;
  fixed: string;
  perKg: string;
}
type WeightUnit = "kg" | "g";
interface ChannelForm {
  code: string;
  name: string;
  carrier: string;
  service: string;
  originWarehouseIds: string[];
  maxWeight: string;
  weightUnit: WeightUnit;
  maxLengthCm: string;
  maxGirthCm: string;
  countries: string;
  batteryAllowed: boolean;
  liquidAllowed: boolean;
  hazmatAllowed: boolean;
  transitDaysMin: string;
  transitDaysMax: string;
  currency: string;
  active: boolean;
  roundUpGrams: string;
  zones: ZoneRow[];
  bands: BandRow[];
}
interface Editing {
  id: string | null;
  revision: number;
  form: ChannelForm;
}

let seq = 0;
const rowKey = () => `row-${++seq}`;
const numText = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
const tokens = (text: string) => text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
const upperTokens = (text: string) => tokens(text).map((t) => t.toUpperCase());

const EMPTY: ChannelForm = {
  code: "",
  name: "",
  carrier: "",
  service: "",
  originWarehouseIds: [],
  maxWeight: "",
  weightUnit: "kg",
  maxLengthCm: "",
  maxGirthCm: "",
  countries: "",
  batteryAllowed: false,
  liquidAllowed: false,
  hazmatAllowed: false,
  transitDaysMin: "",
  transitDaysMax: "",
  currency: "USD",
  active: true,
  roundUpGrams: "10",
  zones: [],
  bands: [],
};

function formOf(c: ChannelOut): ChannelForm {
  const kg = c.maxWeightGrams / 1000;
  return {
    code: c.code,
    name: c.name,
    carrier: c.carrier,
    service: c.service,
    originWarehouseIds: [...c.originWarehouseIds],
    maxWeight: numText(c.maxWeightGrams >= 1000 ? kg : c.maxWeightGrams),
    weightUnit: c.maxWeightGrams >= 1000 ? "kg" : "g",
    maxLengthCm: numText(c.maxLengthCm),
    maxGirthCm: numText(c.maxGirthCm),
    countries: c.countries.join(", "),
    batteryAllowed: c.batteryAllowed,
    liquidAllowed: c.liquidAllowed,
    hazmatAllowed: c.hazmatAllowed,
    transitDaysMin: numText(c.transitDaysMin),
    transitDaysMax: numText(c.transitDaysMax),
    currency: c.currency,
    active: c.active,
    roundUpGrams: numText(c.rateCard?.roundUpGrams ?? 10),
    zones: (c.rateCard?.zones ?? []).map((z) => ({ key: rowKey(), code: z.code, countries: z.countries.join(", "), postalPrefixes: z.postalPrefixes.join(", ") })),
    bands: (c.rateCard?.bands ?? []).map((b) => ({ key: rowKey(), zone: b.zone, upToGrams: numText(b.upToGrams), fixed: numText(b.fixed), perKg: numText(b.perKg) })),
  };
}

/** Reads a number typed in the form; blank is null (or "required"), anything else unreadable is an error. */
function readNumber(text: string, path: string, local: FieldErrors, required: boolean): number | null {
  const t = text.trim();
  if (t === "") {
    if (required) local[path] = ["required"];
    return null;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) {
    local[path] = ["must be a number"];
    return null;
  }
  return n;
}

function gramsOf(form: Pick<ChannelForm, "maxWeight" | "weightUnit">, local: FieldErrors = {}): number | null {
  const n = readNumber(form.maxWeight, "maxWeightGrams", local, true);
  return n === null ? null : Math.round(form.weightUnit === "kg" ? n * 1000 : n);
}

/** The rate card as typed: null when it has no zone and no band (the channel then has no price list). */
function rateCardOf(form: ChannelForm, local: FieldErrors): unknown {
  if (form.zones.length === 0 && form.bands.length === 0) return null;
  return {
    currency: form.currency.trim().toUpperCase(),
    roundUpGrams: readNumber(form.roundUpGrams, "rateCard.roundUpGrams", local, false) ?? 1,
    zones: form.zones.map((z) => ({ code: z.code.trim(), countries: upperTokens(z.countries), postalPrefixes: tokens(z.postalPrefixes) })),
    bands: form.bands.map((b, i) => ({
      zone: b.zone,
      upToGrams: readNumber(b.upToGrams, `rateCard.bands.${i}.upToGrams`, local, true) ?? 0,
      fixed: readNumber(b.fixed, `rateCard.bands.${i}.fixed`, local, true) ?? 0,
      perKg: readNumber(b.perKg, `rateCard.bands.${i}.perKg`, local, false) ?? 0,
    })),
  };
}

function fieldsOf(form: ChannelForm) {
  const local: FieldErrors = {};
  const fields = {
    code: form.code,
    name: form.name,
    carrier: form.carrier,
    service: form.service,
    originWarehouseIds: form.originWarehouseIds,
    maxWeightGrams: gramsOf(form, local) ?? 0,
    maxLengthCm: readNumber(form.maxLengthCm, "maxLengthCm", local, false),
    maxGirthCm: readNumber(form.maxGirthCm, "maxGirthCm", local, false),
    countries: upperTokens(form.countries),
    batteryAllowed: form.batteryAllowed,
    liquidAllowed: form.liquidAllowed,
    hazmatAllowed: form.hazmatAllowed,
    rateCard: rateCardOf(form, local) as TRateCard | null,
    transitDaysMin: readNumber(form.transitDaysMin, "transitDaysMin", local, false),
    transitDaysMax: readNumber(form.transitDaysMax, "transitDaysMax", local, false),
    currency: form.currency.trim().toUpperCase(),
    active: form.active,
  };
  return { fields, local };
}

/** Which error paths a change of a form key makes stale (rate-card rows are touched by the editor). */
const STALE_ALIASES: Record<string, string[]> = {
  maxWeight: ["maxWeightGrams"],
  weightUnit: ["maxWeightGrams"],
  transitDaysMin: ["transitDaysMin", "transitDaysMax"],
  transitDaysMax: ["transitDaysMin", "transitDaysMax"],
  currency: ["currency", "rateCard.currency"],
  roundUpGrams: ["rateCard.roundUpGrams"],
  zones: [],
  bands: [],
};

const CLAIMED = [
  "code",
  "name",
  "carrier",
  "service",
  "originWarehouseIds",
  "maxWeightGrams",
  "maxLengthCm",
  "maxGirthCm",
  "countries",
  "batteryAllowed",
  "liquidAllowed",
  "hazmatAllowed",
  "rateCard",
  "transitDaysMin",
  "transitDaysMax",
  "currency",
  "active",
];

/** `countries.2: must be an ISO…` becomes `“USA”: must be an ISO…`, naming what the user typed. */
function listErrors(errors: FieldErrors, path: string, typed: string[]): string[] | undefined {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (k === path) out.push(...v);
    else if (k.startsWith(`${path}.`)) {
      const i = Number(k.slice(path.length + 1));
      const token = Number.isInteger(i) ? typed[i] : undefined;
      out.push(...v.map((m) => (token !== undefined ? `“${token}”: ${m}` : m)));
    }
  }
  return out.length ? out : undefined;
}

// ---- formatting -------------------------------------------------------------------------------

const fmtKg = (grams: number) => `${(grams / 1000).toLocaleString(undefined, { maximumFractionDigits: 3 })} kg`;
const fmtMoney = (amount: number, currency: string) => {
  try {
    return amount.toLocaleString(undefined, { style: "currency", currency });
  } catch {
    return `${currency} ${amount.toFixed(2)}`;
  }
};

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

function Goods({ c }: { c: Pick<ChannelOut, "batteryAllowed" | "liquidAllowed" | "hazmatAllowed"> }) {
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
  const queryClient = useQueryClient();
  const { canEdit, role } = useCanManageMasterData();
  const [search, setSearch] = useState("");
  const [active, setActive] = useState<"" | "active" | "inactive">("");
  const [warehouseId, setWarehouseId] = useState("");
  const [country, setCountry] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const q = useDebounced(search.trim());
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
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
  const resetPage = () => setPage(1);
  const startNew = () => setEditing({ id: null, revision: 0, form: { ...EMPTY, zones: [], bands: [] } });

  return (
    <>
      <div className="page-head" data-role={role ?? undefined}>
        <div>
          <h1>Logistics channels</h1>
          <p>Carrier services you ship with: where they ship from and to, what they accept, and what they cost.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={startNew}>
            New channel
          </button>
        ) : null}
      </div>
      <div className="toolbar wrap">
        <input
          className="input search"
          placeholder="Search code, name, carrier or service"
          aria-label="Search channels"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            resetPage();
          }}
        />
        <select
          className="select"
          aria-label="Status"
          value={active}
          onChange={(e) => {
            setActive(e.target.value as typeof active);
            resetPage();
          }}
        >
          <option value="">Active and inactive</option>
          <option value="active">Active only</option>
          <option value="inactive">Inactive only</option>
        </select>
        <select
          className="select"
          aria-label="Origin warehouse"
          value={warehouseId}
          onChange={(e) => {
            setWarehouseId(e.target.value);
            resetPage();
          }}
        >
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
          onChange={(e) => {
            setCountry(e.target.value.toUpperCase().replace(/[^A-Z]/g, ""));
            resetPage();
          }}
        />
        {filtered || country ? (
          <button
            className="btn ghost"
            onClick={() => {
              setSearch("");
              setActive("");
              setWarehouseId("");
              setCountry("");
              resetPage();
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={6} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          filtered ? (
            <EmptyState title="No channel matches these filters">Channels serving every country match any destination; try another warehouse or country.</EmptyState>
          ) : (
            <EmptyState title="No logistics channels yet" action={canEdit ? <button className="btn primary" onClick={startNew}>Add a channel</button> : null}>
              {canEdit ? "Add the carrier services you ship with, with their limits and rate cards." : "An admin adds logistics channels."}
            </EmptyState>
          )
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Carrier / service</th>
                <th>Ships from</th>
                <th className="num">Max weight / size</th>
                <th>Countries</th>
                <th>Allowed goods</th>
                <th className="num">Transit</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && setEditing({ id: c.id, revision: c.revision, form: formOf(c) })}>
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
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <ChannelDialog
          editing={editing}
          warehouses={warehouses.data?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void invalidate();
          }}
        />
      ) : null}
    </>
  );
}

// ---- dialog -----------------------------------------------------------------------------------

function ChannelDialog({ editing, warehouses, onClose, onSaved }: { editing: Editing; warehouses: { id: string; code: string; name: string; country: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<ChannelForm>(editing.form);
  const [revision, setRevision] = useState(editing.revision);
  const [local, setLocal] = useState<FieldErrors>({});
  const create = useMutation(trpc.channels.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.channels.update.mutationOptions({ onSuccess: onSaved }));
  const remove = useMutation(trpc.channels.delete.mutationOptions({ onSuccess: onSaved }));
  const err = formErrorOf((create.error ?? update.error ?? remove.error) || null);
  const { stale, touch, clear } = useStalePaths();
  const errors = withoutStale(mergeFieldErrors(err, local), stale);
  const fe = (path: string) => errorAt(errors, path);
  const busy = create.isPending || update.isPending || remove.isPending;
  const conflict = err?.conflict?.current as ChannelOut | undefined;
  const reset = () => {
    [create, update, remove].forEach((m) => m.reset());
    clear();
  };
  const set = (patch: Partial<ChannelForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    touch(...Object.keys(patch).flatMap((k) => STALE_ALIASES[k] ?? [k]));
  };
  const grams = gramsOf(form);
  useScrollToFirstError(create.error ?? update.error ?? remove.error ?? (Object.keys(local).length ? local : null));
  const localBanner: FormBannerErr = Object.keys(local).length ? { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: null } : null;

  function save() {
    reset();
    const { fields, local: found } = fieldsOf(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    if (editing.id === null) create.mutate(fields);
    else update.mutate({ id: editing.id, revision, fields });
  }
  function del() {
    if (!editing.id || !confirm(`Delete the channel ${editing.form.code}?`)) return;
    reset();
    setLocal({});
    remove.mutate({ id: editing.id, revision });
  }
  const toggleOrigin = (id: string, on: boolean) => set({ originWarehouseIds: on ? [...form.originWarehouseIds, id] : form.originWarehouseIds.filter((x) => x !== id) });
  const countryTokens = upperTokens(form.countries);

  return (
    <Dialog
      title={editing.id ? `Edit ${editing.form.code}` : "New logistics channel"}
      onClose={onClose}
      footer={<EditDialogFooter busy={busy} onCancel={onClose} onSave={save} onDelete={editing.id ? del : undefined} />}
    >
      <div className="dialog-wide">
        {conflict ? (
          <ConflictBanner
            what="channel"
            summary={
              <>
                Now: “{conflict.name}”, max {fmtKg(conflict.maxWeightGrams)}, {conflict.countries.length || "all"} countries, {conflict.active ? "active" : "inactive"}.
              </>
            }
            onLoadTheirs={() => {
              setForm(formOf(conflict));
              setRevision(conflict.revision);
              reset();
            }}
            onKeepMine={() => {
              setRevision(conflict.revision);
              reset();
            }}
          />
        ) : (
          <FormBanner err={err ?? localBanner} unclaimed={unclaimedErrors(errors, CLAIMED)} fieldErrorsLeft={Object.keys(errors).length} />
        )}

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

        <RateCardEditor form={form} set={set} touch={touch} errors={errors} />
      </div>
    </Dialog>
  );
}

type FormBannerErr = Parameters<typeof FormBanner>[0]["err"];

// ---- rate card --------------------------------------------------------------------------------

function CellError({ messages }: { messages: string[] | undefined }) {
  return messages ? (
    <div className="cell-error" role="alert">
      {messages.join("; ")}
    </div>
  ) : null;
}

function RateCardEditor({ form, set, touch, errors }: { form: ChannelForm; set: (patch: Partial<ChannelForm>) => void; touch: (...paths: string[]) => void; errors: FieldErrors }) {
  const zoneCodes = [...new Set(form.zones.map((z) => z.code.trim()).filter(Boolean))];
  const setZone = (i: number, patch: Partial<ZoneRow>) => {
    touch(...Object.keys(patch).map((k) => `rateCard.zones.${i}.${k}`), "rateCard.bands$");
    const before = form.zones[i]!;
    const zones = form.zones.map((z, j) => (j === i ? { ...z, ...patch } : z));
    // Renaming a zone renames it in its bands too.
    const bands = patch.code !== undefined && before.code.trim() ? form.bands.map((b) => (b.zone === before.code.trim() ? { ...b, zone: patch.code!.trim() } : b)) : form.bands;
    set({ zones, bands });
  };
  const setBand = (i: number, patch: Partial<BandRow>) => {
    touch(...Object.keys(patch).map((k) => `rateCard.bands.${i}.${k}`), ...(patch.zone !== undefined ? ["rateCard.bands$"] : []));
    set({ bands: form.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  };
  const cardLevel = [...(errorAt(errors, "rateCard") ?? []), ...(errorAt(errors, "rateCard.currency") ?? [])];
  const hasCard = form.zones.length > 0 || form.bands.length > 0;

  return (
    <section className="rate-card" aria-label="Rate card">
      <div className="rate-card-head">
        <div>
          <h3 className="form-section" style={{ margin: 0 }}>
            Rate card
          </h3>
          <p className="muted small" style={{ margin: "2px 0 0" }}>
            Price = fixed + per kg × weight, from the first band of the destination&apos;s zone that covers the weight. Prices in {form.currency || "the channel's currency"}.
          </p>
        </div>
        <div className="field" style={{ width: 150 }}>
          <label htmlFor="rc-round">Round weight up to</label>
          <div className="input-group">
            <input id="rc-round" className="input" inputMode="numeric" value={form.roundUpGrams} onChange={(e) => set({ roundUpGrams: e.target.value })} aria-invalid={!!errorAt(errors, "rateCard.roundUpGrams")} />
            <span className="unit">g</span>
          </div>
          <CellError messages={errorAt(errors, "rateCard.roundUpGrams")} />
        </div>
      </div>
      {cardLevel.length ? (
        <div className="cell-error" role="alert" style={{ marginBottom: 8 }}>
          {cardLevel.join("; ")}
        </div>
      ) : null}
      {!hasCard ? <p className="muted small">No rate card: prices for this channel are unknown. Add a zone and a band to price parcels.</p> : null}

      <div className="rc-block">
        <div className="rc-title">
          <strong>Zones</strong>
          <span className="muted small">A postal-prefix zone wins over a country-wide one.</span>
        </div>
        {form.zones.length ? (
          <table className="data rc-table">
            <thead>
              <tr>
                <th style={{ width: "18%" }}>Zone code</th>
                <th>Countries</th>
                <th style={{ width: "28%" }}>Postal prefixes (optional)</th>
                <th style={{ width: 40 }} />
              </tr>
            </thead>
            <tbody>
              {form.zones.map((z, i) => {
                const p = `rateCard.zones.${i}`;
                return (
                  <tr key={z.key}>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} code`} value={z.code} onChange={(e) => setZone(i, { code: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.code`)} />
                      <CellError messages={errorsUnder(errors, `${p}.code`)} />
                    </td>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} countries`} placeholder="US, CA" value={z.countries} onChange={(e) => setZone(i, { countries: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.countries`)} />
                      <CellError messages={listErrors(errors, `${p}.countries`, upperTokens(z.countries))} />
                    </td>
                    <td>
                      <input className="input mono" aria-label={`Zone ${i + 1} postal prefixes`} placeholder="900, 901" value={z.postalPrefixes} onChange={(e) => setZone(i, { postalPrefixes: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.postalPrefixes`)} />
                      <CellError messages={listErrors(errors, `${p}.postalPrefixes`, tokens(z.postalPrefixes))} />
                    </td>
                    <td>
                      <button type="button" className="btn icon" aria-label={`Remove zone ${i + 1}`} title="Remove zone" onClick={() => {
                          touch("rateCard.zones", "rateCard.bands$");
                          set({ zones: form.zones.filter((_, j) => j !== i) });
                        }}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <CellError messages={errorAt(errors, "rateCard.zones")} />
        <button type="button" className="btn small" onClick={() => set({ zones: [...form.zones, { key: rowKey(), code: "", countries: "", postalPrefixes: "" }] })}>
          + Add zone
        </button>
      </div>

      <div className="rc-block">
        <div className="rc-title">
          <strong>Weight bands</strong>
          <span className="muted small">Flat tariffs use per kg 0; per-kilogram lines put the registration fee in fixed.</span>
        </div>
        {form.bands.length ? (
          <table className="data rc-table">
            <thead>
              <tr>
                <th style={{ width: "22%" }}>Zone</th>
                <th>Up to (g)</th>
                <th>Fixed</th>
                <th>Per kg</th>
                <th style={{ width: 40 }} />
              </tr>
            </thead>
            <tbody>
              {form.bands.map((b, i) => {
                const p = `rateCard.bands.${i}`;
                const options = b.zone && !zoneCodes.includes(b.zone) ? [...zoneCodes, b.zone] : zoneCodes;
                return (
                  <tr key={b.key}>
                    <td>
                      <select className="select" aria-label={`Band ${i + 1} zone`} value={b.zone} onChange={(e) => setBand(i, { zone: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.zone`) || (!!b.zone && !zoneCodes.includes(b.zone))}>
                        <option value="">Choose…</option>
                        {options.map((c) => (
                          <option key={c} value={c}>
                            {c}
                            {zoneCodes.includes(c) ? "" : " (no such zone)"}
                          </option>
                        ))}
                      </select>
                      <CellError messages={errorsUnder(errors, `${p}.zone`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="numeric" aria-label={`Band ${i + 1} up to grams`} value={b.upToGrams} onChange={(e) => setBand(i, { upToGrams: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.upToGrams`)} />
                      <CellError messages={errorsUnder(errors, `${p}.upToGrams`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="decimal" aria-label={`Band ${i + 1} fixed`} value={b.fixed} onChange={(e) => setBand(i, { fixed: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.fixed`)} />
                      <CellError messages={errorsUnder(errors, `${p}.fixed`)} />
                    </td>
                    <td>
                      <input className="input" inputMode="decimal" aria-label={`Band ${i + 1} per kg`} placeholder="0" value={b.perKg} onChange={(e) => setBand(i, { perKg: e.target.value })} aria-invalid={!!errorsUnder(errors, `${p}.perKg`)} />
                      <CellError messages={errorsUnder(errors, `${p}.perKg`)} />
                    </td>
                    <td>
                      <button type="button" className="btn icon" aria-label={`Remove band ${i + 1}`} title="Remove band" onClick={() => {
                          touch("rateCard.bands");
                          set({ bands: form.bands.filter((_, j) => j !== i) });
                        }}>
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <CellError messages={errorAt(errors, "rateCard.bands")} />
        <button
          type="button"
          className="btn small"
          onClick={() => {
            const last = form.bands.at(-1);
            set({ bands: [...form.bands, { key: rowKey(), zone: last?.zone ?? zoneCodes[0] ?? "", upToGrams: "", fixed: "", perKg: "0" }] });
          }}
        >
          + Add band
        </button>
      </div>

      {hasCard ? <PricePreview form={form} /> : null}
    </section>
  );
}

/** Prices a parcel with the card as typed, in the browser, with the same function routing uses. */
function PricePreview({ form }: { form: ChannelForm }) {
  const firstCountry = upperTokens(form.zones[0]?.countries ?? "")[0] ?? "";
  const [typedCountry, setCountry] = useState("");
  const country = typedCountry || firstCountry;
  const [postal, setPostal] = useState("");
  const [weight, setWeight] = useState("500");
  const parsed = ZRateCard.safeParse(rateCardOf(form, {}));
  const grams = Number(weight);
  const maxGrams = gramsOf(form);
  let result: React.ReactNode;
  if (!parsed.success) {
    result = <span className="muted">Complete the rate card to preview prices.</span>;
  } else if (!/^[A-Z]{2}$/.test(country)) {
    result = <span className="muted">Enter a destination country.</span>;
  } else if (!Number.isFinite(grams) || grams <= 0) {
    result = <span className="muted">Enter a weight in grams.</span>;
  } else {
    const zone = findZone(parsed.data, country, postal);
    const price = priceParcel(parsed.data, country, postal, grams);
    if (zone === null) result = <span className="badge amber">No zone serves {country}{postal ? ` ${postal}` : ""}</span>;
    else if (price === null) result = <span className="badge amber">No band of zone {zone} covers {grams.toLocaleString()} g</span>;
    else
      result = (
        <>
          <span className="muted">Zone {zone} →</span> <strong className="price" data-testid="preview-price">{fmtMoney(price, parsed.data.currency)}</strong>
          {maxGrams !== null && grams > maxGrams ? <span className="badge red" style={{ marginLeft: 8 }}>Over the channel&apos;s max weight</span> : null}
        </>
      );
  }
  return (
    <div className="price-preview" aria-label="Price a parcel">
      <strong>Price a parcel</strong>
      <input className="input mono" style={{ width: 64 }} aria-label="Preview country" placeholder={firstCountry || "Country"} maxLength={2} value={typedCountry} onChange={(e) => setCountry(e.target.value.toUpperCase())} />
      <input className="input" style={{ width: 110 }} aria-label="Preview postal code" placeholder="Postal code" value={postal} onChange={(e) => setPostal(e.target.value)} />
      <div className="input-group" style={{ width: 120 }}>
        <input className="input" inputMode="numeric" aria-label="Preview weight in grams" value={weight} onChange={(e) => setWeight(e.target.value)} />
        <span className="unit">g</span>
      </div>
      <span className="preview-result" aria-live="polite">
        {result}
      </span>
    </div>
  );
}
