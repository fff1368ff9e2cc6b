"use client";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { EditDialog } from "@/components/ui/edit-dialog";
import { readNumber, revisioned } from "@/components/ui/edit-form-state";
import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/components/ui/form-errors";
import { EmptyState } from "@/components/ui/list-states";
import { ClearFilters, ListView, PageHead, SearchBox } from "@/components/ui/list-view";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { SkuPicker, type PickedSku } from "@/components/ui/sku-picker";
import { Tabs } from "@/components/ui/tabs";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useCrudMutations, useEditDialog, useEditForm } from "@/components/ui/use-edit-dialog";
import { useListFilters } from "@/components/ui/use-list-filters";
import { useUrlTab } from "@/components/ui/use-url-tab";
import { useTRPC } from "@/lib/trpc";
import type { PairingRow, SkuRow } from "./master-data-rows";

type Tab = "skus" | "pairings";

export function SkusScreen({ initialTab }: { initialTab: Tab }) {
  const { role } = useCanManageMasterData();
  const [tab, switchTab] = useUrlTab<Tab>(initialTab, "skus");
  const [skuFilter, setSkuFilter] = useState<PickedSku | null>(null);
  return (
    <>
      <PageHead title="SKUs & pairings" role={role}>
        Warehouse SKUs with the weight, size and handling data routing needs, and the platform SKUs each store sells them under.
      </PageHead>
      <Tabs<Tab>
        label="SKUs and pairings"
        value={tab}
        onChange={switchTab}
        tabs={[
          { id: "skus", label: "Warehouse SKUs" },
          { id: "pairings", label: "Store pairings" },
        ]}
      />
      {tab === "skus" ? (
        <SkuList
          onShowPairings={(sku) => {
            setSkuFilter(sku);
            switchTab("pairings");
          }}
        />
      ) : (
        <PairingList skuFilter={skuFilter} onClearSku={() => setSkuFilter(null)} />
      )}
    </>
  );
}

// ---- warehouse SKUs ---------------------------------------------------------------------------

interface SkuForm {
  code: string;
  name: string;
  category: string;
  weightGrams: string;
  lengthCm: string;
  widthCm: string;
  heightCm: string;
  hasBattery: boolean;
  hasLiquid: boolean;
  isHazmat: boolean;
  hsCode: string;
}

const EMPTY_SKU: SkuForm = { code: "", name: "", category: "", weightGrams: "", lengthCm: "", widthCm: "", heightCm: "", hasBattery: false, hasLiquid: false, isHazmat: false, hsCode: "" };
const SKU_FIELDS = ["code", "name", "category", "weightGrams", "lengthCm", "widthCm", "heightCm", "hasBattery", "hasLiquid", "isHazmat", "hsCode"];
/** "85176200" → "8517.62.00", as customs forms print it. */
export const formatHsCode = (hs: string) => hs.replace(/^(\d{4})(\d{2})(\d{2})?(\d{2})?$/, (_m, a: string, b: string, c?: string, d?: string) => [a, b, c, d].filter(Boolean).join("."));
const txt = (n: number | null) => (n === null ? "" : String(n));
const skuFormOf = (s: SkuRow): SkuForm => ({
  code: s.code,
  name: s.name,
  category: s.category,
  weightGrams: String(s.weightGrams),
  lengthCm: txt(s.lengthCm),
  widthCm: txt(s.widthCm),
  heightCm: txt(s.heightCm),
  hasBattery: s.hasBattery,
  hasLiquid: s.hasLiquid,
  isHazmat: s.isHazmat,
  hsCode: s.hsCode === null ? "" : formatHsCode(s.hsCode),
});

const fmtGrams = (g: number) => (g >= 1000 ? `${(g / 1000).toLocaleString(undefined, { maximumFractionDigits: 2 })} kg` : `${g} g`);

function Handling({ s }: { s: Pick<SkuRow, "hasBattery" | "hasLiquid" | "isHazmat"> }) {
  const flags = [s.hasBattery && "Battery", s.hasLiquid && "Liquid", s.isHazmat && "Hazmat"].filter(Boolean) as string[];
  if (!flags.length) return <span className="muted">—</span>;
  return (
    <span className="badges">
      {flags.map((f) => (
        <span key={f} className={`badge ${f === "Hazmat" ? "red" : "amber"}`}>
          {f}
        </span>
      ))}
    </span>
  );
}

/** The categories in use, from the first few hundred SKUs (there is no separate category list). */
function useCategories(): string[] {
  const trpc = useTRPC();
  const first = useQuery(trpc.skus.list.queryOptions({ page: 1, pageSize: 100 }));
  const extraPages = first.data ? Array.from({ length: Math.min(first.data.pageCount, 5) - 1 }, (_, i) => i + 2) : [];
  const more = useQueries({ queries: extraPages.map((p) => trpc.skus.list.queryOptions({ page: p, pageSize: 100 })) });
  const all = new Set<string>();
  for (const page of [first.data, ...more.map((m) => m.data)]) for (const s of page?.items ?? []) if (s.category) all.add(s.category);
  return [...all].sort();
}

function SkuList({ onShowPairings }: { onShowPairings: (sku: PickedSku) => void }) {
  const trpc = useTRPC();
  const { canEdit } = useCanManageMasterData();
  const categories = useCategories();
  const { filters, set, clear, page, setPage } = useListFilters({ search: "", category: null as string | null });
  const { category } = filters;
  const dialog = useEditDialog<{ row: SkuRow | null }>([trpc.skus.list.queryKey(), trpc.pairings.list.queryKey()]);
  const q = useDebounced(filters.search.trim());
  const list = useQuery({
    ...trpc.skus.list.queryOptions({ search: q, page, pageSize: 25, ...(category !== null ? { category } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || category !== null;
  const startNew = () => dialog.open({ row: null });

  return (
    <>
      <div className="toolbar">
        <SearchBox placeholder="Search code, name, category or HS code" label="Search SKUs" value={filters.search} onChange={(search) => set({ search })} />
        <select className="select" aria-label="Category" value={category ?? "__all__"} onChange={(e) => set({ category: e.target.value === "__all__" ? null : e.target.value })}>
          <option value={"__all__"}>All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          <option value="">Uncategorized</option>
        </select>
        <ClearFilters shown={filtered} onClear={clear} />
        <span className="spacer" />
        {canEdit ? (
          <button className="btn primary" onClick={startNew}>
            New SKU
          </button>
        ) : null}
      </div>
      <ListView
        list={list}
        loadingRows={8}
        onPage={setPage}
        filtered={filtered}
        noMatch={<EmptyState title="No SKU matches these filters">Try another code, name or category.</EmptyState>}
        empty={
          <EmptyState title="No SKUs yet" action={canEdit ? <button className="btn primary" onClick={startNew}>Add a SKU</button> : null}>
            {canEdit ? "Add the products you stock, with their weight and size, so routing can pick a channel." : "An admin adds SKUs."}
          </EmptyState>
        }
        compact
        head={
          <>
            <th>Code</th>
            <th>Name</th>
            <th>Category</th>
            <th className="num">Weight</th>
            <th className="num">L × W × H</th>
            <th>Handling</th>
            <th>HS code</th>
            <th className="num">Pairings</th>
          </>
        }
      >
        {(items) =>
          items.map((s) => (
            <tr key={s.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open({ row: s })}>
              <td className="mono nowrap">
                <strong>{s.code}</strong>
              </td>
              <td>{s.name}</td>
              <td>{s.category ? <span className="badge">{s.category}</span> : <span className="muted">—</span>}</td>
              <td className="num nowrap">{fmtGrams(s.weightGrams)}</td>
              <td className="num nowrap">{s.lengthCm === null || s.widthCm === null || s.heightCm === null ? <span className="muted">—</span> : `${s.lengthCm} × ${s.widthCm} × ${s.heightCm} cm`}</td>
              <td>
                <Handling s={s} />
              </td>
              <td className="mono nowrap">{s.hsCode ? formatHsCode(s.hsCode) : <span className="muted" title="Customs declarations fall back to the action's default HS code">—</span>}</td>
              <td className="num">
                {s.pairingCount === 0 ? (
                  <span className="badge amber" title="No store sells this SKU under a platform SKU">
                    Unpaired
                  </span>
                ) : (
                  <button
                    className="btn ghost"
                    title="Show this SKU's pairings"
                    onClick={(e) => {
                      e.stopPropagation();
                      onShowPairings({ id: s.id, code: s.code, name: s.name });
                    }}
                  >
                    {s.pairingCount}
                  </button>
                )}
              </td>
            </tr>
          ))
        }
      </ListView>
      {dialog.editing ? <SkuDialog sku={dialog.editing.row} categories={categories} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

/** Edits `sku`, or creates one when it is null. */
function SkuDialog({ sku, categories, onClose, onSaved }: { sku: SkuRow | null; categories: string[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { create, update, remove } = useCrudMutations(trpc.skus, onSaved);
  const d = useEditForm({ ...revisioned(sku, EMPTY_SKU, skuFormOf), mutations: [create, update, remove], claimed: SKU_FIELDS });
  const { form, set, fe } = d;

  function save() {
    const found: FieldErrors = {};
    const fields = {
      code: form.code,
      name: form.name,
      category: form.category,
      weightGrams: Math.round(readNumber(form.weightGrams, "weightGrams", found, true) ?? 0),
      lengthCm: readNumber(form.lengthCm, "lengthCm", found, false),
      widthCm: readNumber(form.widthCm, "widthCm", found, false),
      heightCm: readNumber(form.heightCm, "heightCm", found, false),
      hasBattery: form.hasBattery,
      hasLiquid: form.hasLiquid,
      isHazmat: form.isHazmat,
      hsCode: form.hsCode.trim() === "" ? null : form.hsCode,
    };
    if (!d.attempt(found)) return;
    if (sku === null) create.mutate(fields);
    else update.mutate({ id: sku.id, revision: d.token, fields });
  }

  return (
    <EditDialog
      title={sku ? `Edit ${sku.code}` : "New SKU"}
      onClose={onClose}
      onSave={save}
      onDelete={sku ? () => d.confirmDelete(`Delete the SKU ${sku.code}?`, () => remove.mutate({ id: sku.id, revision: d.token })) : undefined}
      form={d}
      what="SKU"
      summary={(c) => (
        <>
          Now: “{c.name}”, {fmtGrams(c.weightGrams)}
          {c.category ? `, ${c.category}` : ""}.
        </>
      )}
    >
      <div className="form-grid">
        <Field label="Code" htmlFor="sku-code" error={fe("code")} hint="Your warehouse SKU, e.g. LL-CASE-IP15-CLR">
          <input id="sku-code" className="input mono" value={form.code} onChange={(e) => set({ code: e.target.value })} aria-invalid={!!fe("code")} />
        </Field>
        <Field label="Category" htmlFor="sku-category" error={fe("category")} hint="Free text; pick an existing one to keep lists tidy">
          <input id="sku-category" className="input" list="sku-categories" value={form.category} onChange={(e) => set({ category: e.target.value })} aria-invalid={!!fe("category")} />
          <datalist id="sku-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </Field>
        <Field label="Name" htmlFor="sku-name" error={fe("name")} wide>
          <input id="sku-name" className="input" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!fe("name")} />
        </Field>
        <Field label="HS code" htmlFor="sku-hs" error={fe("hsCode")} hint="Customs code, 6–10 digits, e.g. 8517.62; used by customs declarations">
          <input id="sku-hs" className="input mono" inputMode="numeric" value={form.hsCode} onChange={(e) => set({ hsCode: e.target.value })} aria-invalid={!!fe("hsCode")} />
        </Field>
      </div>
      <div className="form-grid cols-4" style={{ marginTop: 14 }}>
        <Field label="Weight (g)" htmlFor="sku-weight" error={fe("weightGrams")} hint="Packed weight">
          <input id="sku-weight" className="input" inputMode="numeric" value={form.weightGrams} onChange={(e) => set({ weightGrams: e.target.value })} aria-invalid={!!fe("weightGrams")} />
        </Field>
        <Field label="Length (cm)" htmlFor="sku-length" error={fe("lengthCm")}>
          <input id="sku-length" className="input" inputMode="decimal" value={form.lengthCm} onChange={(e) => set({ lengthCm: e.target.value })} aria-invalid={!!fe("lengthCm")} />
        </Field>
        <Field label="Width (cm)" htmlFor="sku-width" error={fe("widthCm")}>
          <input id="sku-width" className="input" inputMode="decimal" value={form.widthCm} onChange={(e) => set({ widthCm: e.target.value })} aria-invalid={!!fe("widthCm")} />
        </Field>
        <Field label="Height (cm)" htmlFor="sku-height" error={fe("heightCm")}>
          <input id="sku-height" className="input" inputMode="decimal" value={form.heightCm} onChange={(e) => set({ heightCm: e.target.value })} aria-invalid={!!fe("heightCm")} />
        </Field>
      </div>
      <div className="field" style={{ marginTop: 14 }}>
        <label htmlFor="sku-handling">Handling</label>
        <div className="check-list inline" id="sku-handling" role="group" aria-label="Handling">
          <label>
            <input type="checkbox" checked={form.hasBattery} onChange={(e) => set({ hasBattery: e.target.checked })} /> Contains a battery
          </label>
          <label>
            <input type="checkbox" checked={form.hasLiquid} onChange={(e) => set({ hasLiquid: e.target.checked })} /> Contains liquid
          </label>
          <label>
            <input type="checkbox" checked={form.isHazmat} onChange={(e) => set({ isHazmat: e.target.checked })} /> Hazardous material
          </label>
        </div>
        <span className="hint">Channels that do not accept these goods are skipped for orders containing the SKU.</span>
      </div>
      {sku && sku.pairingCount > 0 ? (
        <p className="form-note">
          Paired to {sku.pairingCount} platform SKU{sku.pairingCount === 1 ? "" : "s"}: remove those pairings (and zero its stock) before deleting it.
        </p>
      ) : null}
    </EditDialog>
  );
}

// ---- pairings ---------------------------------------------------------------------------------

interface PairingForm {
  storeId: string;
  platformSku: string;
  sku: PickedSku | null;
  quantity: string;
}
/** The pairing open in the dialog (`row: null` for a new one) and the form it opens with. */
interface EditingPairing {
  row: PairingRow | null;
  form: PairingForm;
}
const PAIRING_FIELDS = ["storeId", "platformSku", "skuId", "quantity"];
const PAIRING_ALIASES = { sku: ["skuId"] };
const pairingFormOf = (p: PairingRow): PairingForm => ({ storeId: p.storeId, platformSku: p.platformSku, sku: p.sku, quantity: String(p.quantity) });

function PairingList({ skuFilter, onClearSku }: { skuFilter: PickedSku | null; onClearSku: () => void }) {
  const trpc = useTRPC();
  const { canEdit } = useCanManageMasterData();
  const { filters, set, clear, page, setPage } = useListFilters({ search: "", storeId: "" });
  const { storeId } = filters;
  const dialog = useEditDialog<EditingPairing>([trpc.pairings.list.queryKey(), trpc.stores.list.queryKey(), trpc.skus.list.queryKey()]);
  const q = useDebounced(filters.search.trim());
  const stores = useQuery(trpc.stores.list.queryOptions({ page: 1, pageSize: 100 }));
  const list = useQuery({
    ...trpc.pairings.list.queryOptions({ search: q, page, pageSize: 25, ...(storeId ? { storeId } : {}), ...(skuFilter ? { skuId: skuFilter.id } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || storeId !== "" || skuFilter !== null;
  const storeList = stores.data?.items ?? [];
  const startNew = () => dialog.open({ row: null, form: { storeId: storeId || storeList[0]?.id || "", platformSku: "", sku: skuFilter, quantity: "1" } });

  return (
    <>
      <div className="toolbar">
        <select className="select" style={{ maxWidth: 440 }} aria-label="Store" value={storeId} onChange={(e) => set({ storeId: e.target.value })}>
          <option value="">All stores</option>
          {storeList.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.pairingCount})
            </option>
          ))}
        </select>
        <SearchBox placeholder="Search platform SKU or warehouse SKU" label="Search pairings" value={filters.search} onChange={(search) => set({ search })} />
        {skuFilter ? (
          <span className="chip">
            SKU <strong className="mono">{skuFilter.code}</strong>
            <button aria-label="Show all SKUs" title="Show all SKUs" onClick={onClearSku}>
              ×
            </button>
          </span>
        ) : null}
        <ClearFilters
          shown={filtered}
          onClear={() => {
            clear();
            onClearSku();
          }}
        />
        <span className="spacer" />
        {canEdit ? (
          <button className="btn primary" onClick={startNew} disabled={storeList.length === 0} title={storeList.length === 0 ? "Add a store first" : undefined}>
            New pairing
          </button>
        ) : null}
      </div>
      <ListView
        list={list}
        loadingRows={8}
        onPage={setPage}
        filtered={filtered}
        noMatch={<EmptyState title="No pairing matches these filters">Orders with an unpaired platform SKU cannot be weighed or routed by SKU; pair it here.</EmptyState>}
        empty={
          <EmptyState title="No pairings yet" action={canEdit && storeList.length ? <button className="btn primary" onClick={startNew}>Pair a platform SKU</button> : null}>
            Pair each store&apos;s platform SKUs to your warehouse SKUs so imported orders know what to ship.
          </EmptyState>
        }
        compact
        head={
          <>
            <th>Platform SKU</th>
            <th className="arrow" aria-hidden="true" />
            <th>Warehouse SKU</th>
            <th className="num">Units</th>
            <th>Updated</th>
          </>
        }
      >
        {(items) =>
          items.map((p, i) => (
            <Fragment key={p.id}>
              {storeId === "" && (i === 0 || items[i - 1]!.storeId !== p.storeId) ? (
                <tr className="group-row">
                  <td colSpan={5}>
                    <PlatformBadge platform={p.store.platform} /> <strong>{p.store.name}</strong>
                  </td>
                </tr>
              ) : null}
              <tr className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open({ row: p, form: pairingFormOf(p) })}>
                <td className="mono">
                  <strong>{p.platformSku}</strong>
                </td>
                <td className="muted arrow" aria-hidden="true">
                  →
                </td>
                <td>
                  <span className="mono">{p.sku.code}</span>
                  <div className="sub">{p.sku.name}</div>
                </td>
                <td className="num">{p.quantity > 1 ? <span className="badge" title="Each platform unit ships this many warehouse units">× {p.quantity} bundle</span> : "× 1"}</td>
                <td className="muted small nowrap">{p.updatedAt.toLocaleDateString()}</td>
              </tr>
            </Fragment>
          ))
        }
      </ListView>
      {dialog.editing ? <PairingDialog editing={dialog.editing} stores={storeList} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

function PairingDialog({ editing, stores, onClose, onSaved }: { editing: EditingPairing; stores: { id: string; name: string; platform: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { row } = editing;
  const { create, update, remove } = useCrudMutations(trpc.pairings, onSaved);
  const d = useEditForm({
    form: editing.form,
    token: row?.updatedAt ?? null,
    mutations: [create, update, remove],
    claimed: PAIRING_FIELDS,
    staleAliases: PAIRING_ALIASES,
    formOf: pairingFormOf,
    tokenOf: (current: PairingRow | null) => current?.updatedAt ?? null,
  });
  const { form, set, fe } = d;
  const updatedAt = d.token;

  function save() {
    const found: FieldErrors = {};
    if (!form.sku) found.skuId = ["choose the warehouse SKU"];
    const quantity = Number(form.quantity.trim() || "1");
    if (!Number.isFinite(quantity)) found.quantity = ["must be a number"];
    if (!d.attempt(found) || !form.sku) return;
    const fields = { storeId: form.storeId, platformSku: form.platformSku, skuId: form.sku.id, quantity };
    if (row === null || updatedAt === null) create.mutate(fields);
    else update.mutate({ id: row.id, updatedAt, fields });
  }
  function del() {
    if (row && updatedAt) d.confirmDelete(`Remove the pairing of ${row.platformSku}?`, () => remove.mutate({ id: row.id, updatedAt }));
  }

  return (
    <EditDialog
      title={row ? `Pairing of ${row.platformSku}` : "New pairing"}
      onClose={onClose}
      onSave={save}
      onDelete={row ? del : undefined}
      form={d}
      what="pairing"
      summary={(c) => (
        <>
          Now: {c.platformSku} → {c.sku.code} × {c.quantity}.
        </>
      )}
    >
      <div className="form-grid">
        <Field label="Store" htmlFor="pr-store" error={fe("storeId")}>
          <select id="pr-store" className="select" value={form.storeId} onChange={(e) => set({ storeId: e.target.value })} aria-invalid={!!fe("storeId")}>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Platform SKU" htmlFor="pr-platform-sku" error={fe("platformSku")} hint="As the marketplace lists it, e.g. TM70007919">
          <input id="pr-platform-sku" className="input mono" value={form.platformSku} onChange={(e) => set({ platformSku: e.target.value })} aria-invalid={!!fe("platformSku")} />
        </Field>
        <Field label="Warehouse SKU" htmlFor="pr-sku" error={fe("skuId")} wide>
          <SkuPicker id="pr-sku" value={form.sku} onChange={(sku) => set({ sku })} invalid={!!fe("skuId")} />
        </Field>
        <Field label="Units per platform unit" htmlFor="pr-qty" error={fe("quantity")} hint="More than 1 for bundles (a 2-pack ships 2 units)">
          <input id="pr-qty" className="input" inputMode="numeric" value={form.quantity} onChange={(e) => set({ quantity: e.target.value })} aria-invalid={!!fe("quantity")} />
        </Field>
      </div>
    </EditDialog>
  );
}
