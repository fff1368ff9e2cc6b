"use client";
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { EditDialogFooter } from "@/components/ui/edit-dialog-footer";
import { Field } from "@/components/ui/field";
import { ConflictBanner, FormBanner } from "@/components/ui/form-banner";
import { type FieldErrors, errorAt, mergeFieldErrors, unclaimedErrors, withoutStale } from "@/components/ui/form-errors";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { SkuPicker, type PickedSku } from "@/components/ui/sku-picker";
import { Tabs } from "@/components/ui/tabs";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useStalePaths } from "@/components/ui/use-stale-paths";
import { useScrollToFirstError } from "@/components/ui/use-scroll-to-error";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

type Tab = "skus" | "pairings";

export function SkusScreen({ initialTab }: { initialTab: Tab }) {
  const { role } = useCanManageMasterData();
  const [tab, setTab] = useState<Tab>(initialTab);
  const [skuFilter, setSkuFilter] = useState<PickedSku | null>(null);
  const switchTab = (t: Tab) => {
    setTab(t);
    window.history.replaceState(null, "", t === "pairings" ? "?tab=pairings" : window.location.pathname);
  };
  return (
    <>
      <div className="page-head" data-role={role ?? undefined}>
        <div>
          <h1>SKUs &amp; pairings</h1>
          <p>Warehouse SKUs with the weight, size and handling data routing needs, and the platform SKUs each store sells them under.</p>
        </div>
      </div>
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
}
interface SkuOut {
  id: string;
  code: string;
  name: string;
  category: string;
  weightGrams: number;
  lengthCm: number | null;
  widthCm: number | null;
  heightCm: number | null;
  hasBattery: boolean;
  hasLiquid: boolean;
  isHazmat: boolean;
  pairingCount: number;
  revision: number;
}
interface EditingSku {
  id: string | null;
  revision: number;
  pairingCount: number;
  form: SkuForm;
}

const EMPTY_SKU: SkuForm = { code: "", name: "", category: "", weightGrams: "", lengthCm: "", widthCm: "", heightCm: "", hasBattery: false, hasLiquid: false, isHazmat: false };
const SKU_FIELDS = ["code", "name", "category", "weightGrams", "lengthCm", "widthCm", "heightCm", "hasBattery", "hasLiquid", "isHazmat"];
const txt = (n: number | null) => (n === null ? "" : String(n));
const skuFormOf = (s: SkuOut): SkuForm => ({
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
});

const fmtGrams = (g: number) => (g >= 1000 ? `${(g / 1000).toLocaleString(undefined, { maximumFractionDigits: 2 })} kg` : `${g} g`);

function Handling({ s }: { s: Pick<SkuOut, "hasBattery" | "hasLiquid" | "isHazmat"> }) {
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
  const queryClient = useQueryClient();
  const { canEdit } = useCanManageMasterData();
  const categories = useCategories();
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<EditingSku | null>(null);
  const q = useDebounced(search.trim());
  const list = useQuery({
    ...trpc.skus.list.queryOptions({ search: q, page, pageSize: 25, ...(category !== null ? { category } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || category !== null;
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.skus.list.queryKey() });
  const startNew = () => setEditing({ id: null, revision: 0, pairingCount: 0, form: EMPTY_SKU });

  return (
    <>
      <div className="toolbar">
        <input
          className="input search"
          placeholder="Search code, name or category"
          aria-label="Search SKUs"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <select
          className="select"
          aria-label="Category"
          value={category ?? "__all__"}
          onChange={(e) => {
            setCategory(e.target.value === "__all__" ? null : e.target.value);
            setPage(1);
          }}
        >
          <option value={"__all__"}>All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          <option value="">Uncategorized</option>
        </select>
        {filtered ? (
          <button
            className="btn ghost"
            onClick={() => {
              setSearch("");
              setCategory(null);
              setPage(1);
            }}
          >
            Clear filters
          </button>
        ) : null}
        <span className="spacer" />
        {canEdit ? (
          <button className="btn primary" onClick={startNew}>
            New SKU
          </button>
        ) : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={8} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          filtered ? (
            <EmptyState title="No SKU matches these filters">Try another code, name or category.</EmptyState>
          ) : (
            <EmptyState title="No SKUs yet" action={canEdit ? <button className="btn primary" onClick={startNew}>Add a SKU</button> : null}>
              {canEdit ? "Add the products you stock, with their weight and size, so routing can pick a channel." : "An admin adds SKUs."}
            </EmptyState>
          )
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th>Code</th>
                <th>Name</th>
                <th>Category</th>
                <th className="num">Weight</th>
                <th className="num">L × W × H</th>
                <th>Handling</th>
                <th className="num">Pairings</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((s) => (
                <tr key={s.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && setEditing({ id: s.id, revision: s.revision, pairingCount: s.pairingCount, form: skuFormOf(s) })}>
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
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <SkuDialog
          editing={editing}
          categories={categories}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void invalidate();
            void queryClient.invalidateQueries({ queryKey: trpc.pairings.list.queryKey() });
          }}
        />
      ) : null}
    </>
  );
}

function readNumber(text: string, path: string, local: FieldErrors, required: boolean): number | null {
  const t = text.trim();
  if (t === "") {
    if (required) local[path] = ["required"];
    return null;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) local[path] = ["must be a number"];
  return Number.isFinite(n) ? n : null;
}

function SkuDialog({ editing, categories, onClose, onSaved }: { editing: EditingSku; categories: string[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<SkuForm>(editing.form);
  const [revision, setRevision] = useState(editing.revision);
  const [local, setLocal] = useState<FieldErrors>({});
  const create = useMutation(trpc.skus.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.skus.update.mutationOptions({ onSuccess: onSaved }));
  const remove = useMutation(trpc.skus.delete.mutationOptions({ onSuccess: onSaved }));
  const err = formErrorOf((create.error ?? update.error ?? remove.error) || null);
  const { stale, touch, clear } = useStalePaths();
  const errors = withoutStale(mergeFieldErrors(err, local), stale);
  const fe = (path: string) => errorAt(errors, path);
  const busy = create.isPending || update.isPending || remove.isPending;
  useScrollToFirstError(create.error ?? update.error ?? remove.error ?? (Object.keys(local).length ? local : null));
  const conflict = err?.conflict?.current as SkuOut | undefined;
  const reset = () => {
    [create, update, remove].forEach((m) => m.reset());
    clear();
  };
  const set = (patch: Partial<SkuForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    touch(...Object.keys(patch));
  };
  const localErr = Object.keys(local).length ? { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: null } : null;

  function save() {
    reset();
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
    };
    setLocal(found);
    if (Object.keys(found).length) return;
    if (editing.id === null) create.mutate(fields);
    else update.mutate({ id: editing.id, revision, fields });
  }
  function del() {
    if (!editing.id || !confirm(`Delete the SKU ${editing.form.code}?`)) return;
    reset();
    setLocal({});
    remove.mutate({ id: editing.id, revision });
  }

  return (
    <Dialog
      title={editing.id ? `Edit ${editing.form.code}` : "New SKU"}
      onClose={onClose}
      footer={<EditDialogFooter busy={busy} onCancel={onClose} onSave={save} onDelete={editing.id ? del : undefined} />}
    >
      {conflict ? (
        <ConflictBanner
          what="SKU"
          summary={
            <>
              Now: “{conflict.name}”, {fmtGrams(conflict.weightGrams)}
              {conflict.category ? `, ${conflict.category}` : ""}.
            </>
          }
          onLoadTheirs={() => {
            setForm(skuFormOf(conflict));
            setRevision(conflict.revision);
            reset();
          }}
          onKeepMine={() => {
            setRevision(conflict.revision);
            reset();
          }}
        />
      ) : (
        <FormBanner err={err ?? localErr} unclaimed={unclaimedErrors(errors, SKU_FIELDS)} fieldErrorsLeft={Object.keys(errors).length} />
      )}
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
      {editing.id && editing.pairingCount > 0 ? (
        <p className="form-note">
          Paired to {editing.pairingCount} platform SKU{editing.pairingCount === 1 ? "" : "s"}: remove those pairings (and zero its stock) before deleting it.
        </p>
      ) : null}
    </Dialog>
  );
}

// ---- pairings ---------------------------------------------------------------------------------

interface PairingOut {
  id: string;
  storeId: string;
  platformSku: string;
  skuId: string;
  quantity: number;
  store: { id: string; name: string; platform: string };
  sku: { id: string; code: string; name: string };
  updatedAt: Date;
}
interface PairingForm {
  storeId: string;
  platformSku: string;
  sku: PickedSku | null;
  quantity: string;
}
interface EditingPairing {
  id: string | null;
  updatedAt: Date | null;
  form: PairingForm;
}
const PAIRING_FIELDS = ["storeId", "platformSku", "skuId", "quantity"];

function PairingList({ skuFilter, onClearSku }: { skuFilter: PickedSku | null; onClearSku: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = useCanManageMasterData();
  const [storeId, setStoreId] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<EditingPairing | null>(null);
  const q = useDebounced(search.trim());
  const stores = useQuery(trpc.stores.list.queryOptions({ page: 1, pageSize: 100 }));
  const list = useQuery({
    ...trpc.pairings.list.queryOptions({ search: q, page, pageSize: 25, ...(storeId ? { storeId } : {}), ...(skuFilter ? { skuId: skuFilter.id } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || storeId !== "" || skuFilter !== null;
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.pairings.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.stores.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.skus.list.queryKey() });
  };
  const storeList = stores.data?.items ?? [];
  const startNew = () => setEditing({ id: null, updatedAt: null, form: { storeId: storeId || storeList[0]?.id || "", platformSku: "", sku: skuFilter, quantity: "1" } });
  const items = list.data?.items ?? [];

  return (
    <>
      <div className="toolbar">
        <select
          className="select"
          style={{ maxWidth: 440 }}
          aria-label="Store"
          value={storeId}
          onChange={(e) => {
            setStoreId(e.target.value);
            setPage(1);
          }}
        >
          <option value="">All stores</option>
          {storeList.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.pairingCount})
            </option>
          ))}
        </select>
        <input
          className="input search"
          placeholder="Search platform SKU or warehouse SKU"
          aria-label="Search pairings"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        {skuFilter ? (
          <span className="chip">
            SKU <strong className="mono">{skuFilter.code}</strong>
            <button aria-label="Show all SKUs" title="Show all SKUs" onClick={onClearSku}>
              ×
            </button>
          </span>
        ) : null}
        {filtered ? (
          <button
            className="btn ghost"
            onClick={() => {
              setSearch("");
              setStoreId("");
              onClearSku();
              setPage(1);
            }}
          >
            Clear filters
          </button>
        ) : null}
        <span className="spacer" />
        {canEdit ? (
          <button className="btn primary" onClick={startNew} disabled={storeList.length === 0} title={storeList.length === 0 ? "Add a store first" : undefined}>
            New pairing
          </button>
        ) : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={8} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="No pairing matches these filters">Orders with an unpaired platform SKU cannot be weighed or routed by SKU; pair it here.</EmptyState>
          ) : (
            <EmptyState title="No pairings yet" action={canEdit && storeList.length ? <button className="btn primary" onClick={startNew}>Pair a platform SKU</button> : null}>
              Pair each store&apos;s platform SKUs to your warehouse SKUs so imported orders know what to ship.
            </EmptyState>
          )
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th>Platform SKU</th>
                <th className="arrow" aria-hidden="true" />
                <th>Warehouse SKU</th>
                <th className="num">Units</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p, i) => (
                <Fragment key={p.id}>
                  {storeId === "" && (i === 0 || items[i - 1]!.storeId !== p.storeId) ? (
                    <tr className="group-row">
                      <td colSpan={5}>
                        <PlatformBadge platform={p.store.platform} /> <strong>{p.store.name}</strong>
                      </td>
                    </tr>
                  ) : null}
                  <tr
                    className={canEdit ? "clickable" : undefined}
                    onClick={() => canEdit && setEditing({ id: p.id, updatedAt: p.updatedAt, form: { storeId: p.storeId, platformSku: p.platformSku, sku: p.sku, quantity: String(p.quantity) } })}
                  >
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
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <PairingDialog
          editing={editing}
          stores={storeList}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            invalidate();
          }}
        />
      ) : null}
    </>
  );
}

function PairingDialog({ editing, stores, onClose, onSaved }: { editing: EditingPairing; stores: { id: string; name: string; platform: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<PairingForm>(editing.form);
  const [updatedAt, setUpdatedAt] = useState(editing.updatedAt);
  const [local, setLocal] = useState<FieldErrors>({});
  const create = useMutation(trpc.pairings.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.pairings.update.mutationOptions({ onSuccess: onSaved }));
  const remove = useMutation(trpc.pairings.delete.mutationOptions({ onSuccess: onSaved }));
  const err = formErrorOf((create.error ?? update.error ?? remove.error) || null);
  const { stale, touch, clear } = useStalePaths();
  const errors = withoutStale(mergeFieldErrors(err, local), stale);
  const fe = (path: string) => errorAt(errors, path);
  const busy = create.isPending || update.isPending || remove.isPending;
  useScrollToFirstError(create.error ?? update.error ?? remove.error ?? (Object.keys(local).length ? local : null));
  const conflict = err?.conflict?.current as PairingOut | undefined;
  const reset = () => {
    [create, update, remove].forEach((m) => m.reset());
    clear();
  };
  const set = (patch: Partial<PairingForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    touch(...Object.keys(patch).map((k) => (k === "sku" ? "skuId" : k)));
  };
  const localErr = Object.keys(local).length ? { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: null } : null;

  function save() {
    reset();
    const found: FieldErrors = {};
    if (!form.sku) found.skuId = ["choose the warehouse SKU"];
    const quantity = Number(form.quantity.trim() || "1");
    if (!Number.isFinite(quantity)) found.quantity = ["must be a number"];
    setLocal(found);
    if (Object.keys(found).length || !form.sku) return;
    const fields = { storeId: form.storeId, platformSku: form.platformSku, skuId: form.sku.id, quantity };
    if (editing.id === null || updatedAt === null) create.mutate(fields);
    else update.mutate({ id: editing.id, updatedAt, fields });
  }
  function del() {
    if (!editing.id || !updatedAt || !confirm(`Remove the pairing of ${editing.form.platformSku}?`)) return;
    reset();
    setLocal({});
    remove.mutate({ id: editing.id, updatedAt });
  }

  return (
    <Dialog
      title={editing.id ? `Pairing of ${editing.form.platformSku}` : "New pairing"}
      onClose={onClose}
      footer={<EditDialogFooter busy={busy} onCancel={onClose} onSave={save} onDelete={editing.id ? del : undefined} />}
    >
      {conflict ? (
        <ConflictBanner
          what="pairing"
          summary={
            <>
              Now: {conflict.platformSku} → {conflict.sku.code} × {conflict.quantity}.
            </>
          }
          onLoadTheirs={() => {
            setForm({ storeId: conflict.storeId, platformSku: conflict.platformSku, sku: conflict.sku, quantity: String(conflict.quantity) });
            setUpdatedAt(conflict.updatedAt);
            reset();
          }}
          onKeepMine={() => {
            setUpdatedAt(conflict.updatedAt);
            reset();
          }}
        />
      ) : (
        <FormBanner err={err ?? localErr} unclaimed={unclaimedErrors(errors, PAIRING_FIELDS)} fieldErrorsLeft={Object.keys(errors).length} />
      )}
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
    </Dialog>
  );
}
