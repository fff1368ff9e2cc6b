"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { ConflictBanner, FormBanner } from "@/components/ui/form-banner";
import { type FieldErrors, errorAt, mergeFieldErrors, unclaimedErrors, withoutStale } from "@/components/ui/form-errors";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { SkuPicker, type PickedSku } from "@/components/ui/sku-picker";
import { Tabs } from "@/components/ui/tabs";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useStalePaths } from "@/components/ui/use-stale-paths";
import { useScrollToFirstError } from "@/components/ui/use-scroll-to-error";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

type Tab = "all" | "low";

interface StockRow {
  id: string;
  warehouseId: string;
  skuId: string;
  warehouse: { id: string; code: string; name: string };
  sku: { id: string; code: string; name: string };
  quantity: number;
  lowStockThreshold: number;
  shortfall: number;
  revision: number;
}
/** What the dialog edits: an existing stock row (revision set) or a new one (revision null). */
interface Editing {
  warehouseId: string;
  sku: PickedSku | null;
  revision: number | null;
  quantity: string;
  lowStockThreshold: string;
  warehouseCode: string | null;
}

function StockBadge({ row }: { row: Pick<StockRow, "quantity" | "lowStockThreshold"> }) {
  if (row.quantity === 0) return <span className="badge red">Out of stock</span>;
  if (row.quantity < row.lowStockThreshold) return <span className="badge amber">Low</span>;
  return <span className="badge green">In stock</span>;
}

const editingOf = (r: StockRow): Editing => ({
  warehouseId: r.warehouseId,
  sku: r.sku,
  revision: r.revision,
  quantity: String(r.quantity),
  lowStockThreshold: String(r.lowStockThreshold),
  warehouseCode: r.warehouse.code,
});

export function InventoryScreen({ initialTab }: { initialTab: Tab }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit, role } = useCanManageMasterData();
  const [tab, setTab] = useState<Tab>(initialTab);
  const [warehouseId, setWarehouseId] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const q = useDebounced(search.trim());
  const warehouses = useQuery(trpc.warehouses.list.queryOptions({ page: 1, pageSize: 100 }));
  const input = { search: q, page, pageSize: 25, ...(warehouseId ? { warehouseId } : {}) };
  const all = useQuery({ ...trpc.inventory.list.queryOptions(input), placeholderData: keepPreviousData, enabled: tab === "all" });
  const low = useQuery({ ...trpc.inventory.lowStock.queryOptions(input), placeholderData: keepPreviousData, enabled: tab === "low" });
  const lowCount = useQuery(trpc.inventory.lowStock.queryOptions({ page: 1, pageSize: 5, ...(warehouseId ? { warehouseId } : {}) }));
  const list = tab === "all" ? all : low;
  const filtered = q !== "" || warehouseId !== "";
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.inventory.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.inventory.lowStock.queryKey() });
  };
  const switchTab = (t: Tab) => {
    setTab(t);
    setPage(1);
    window.history.replaceState(null, "", t === "low" ? "?tab=low" : window.location.pathname);
  };
  const whList = warehouses.data?.items ?? [];
  const startNew = () => setEditing({ warehouseId: warehouseId || whList[0]?.id || "", sku: null, revision: null, quantity: "", lowStockThreshold: "", warehouseCode: null });
  const lowTotal = lowCount.data?.total;

  return (
    <>
      <div className="page-head" data-role={role ?? undefined}>
        <div>
          <h1>Inventory</h1>
          <p>Stock of each SKU in each warehouse. Routing only sends orders to warehouses that hold the stock.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={startNew} disabled={whList.length === 0}>
            Set stock
          </button>
        ) : null}
      </div>
      <Tabs<Tab>
        label="Inventory views"
        value={tab}
        onChange={switchTab}
        tabs={[
          { id: "all", label: "Stock levels" },
          {
            id: "low",
            label: (
              <>
                Low stock{" "}
                {lowTotal === undefined ? null : <span className={`count ${lowTotal > 0 ? "warn" : ""}`}>{lowTotal.toLocaleString()}</span>}
              </>
            ),
          },
        ]}
      />
      <div className="toolbar">
        <select
          className="select"
          aria-label="Warehouse"
          value={warehouseId}
          onChange={(e) => {
            setWarehouseId(e.target.value);
            setPage(1);
          }}
        >
          <option value="">All warehouses</option>
          {whList.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} — {w.name}
            </option>
          ))}
        </select>
        <input
          className="input search"
          placeholder="Search SKU code or name"
          aria-label="Search by SKU"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        {filtered ? (
          <button
            className="btn ghost"
            onClick={() => {
              setSearch("");
              setWarehouseId("");
              setPage(1);
            }}
          >
            Clear filters
          </button>
        ) : null}
        {tab === "low" ? <span className="muted small toolbar-note">Largest shortfall first</span> : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={8} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          tab === "low" ? (
            filtered ? (
              <EmptyState title="Nothing low matches these filters">Other SKUs or warehouses may still be low; clear the filters to see them all.</EmptyState>
            ) : (
              <EmptyState title="Nothing is low on stock">
                <span className="ok-mark" aria-hidden="true">
                  ✓
                </span>{" "}
                Every stock row is at or above its low-stock threshold.
              </EmptyState>
            )
          ) : filtered ? (
            <EmptyState title="No stock matches these filters">Try another SKU or warehouse.</EmptyState>
          ) : (
            <EmptyState title="No stock recorded yet" action={canEdit && whList.length ? <button className="btn primary" onClick={startNew}>Set stock</button> : null}>
              Record how many units of each SKU each warehouse holds.
            </EmptyState>
          )
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Warehouse</th>
                <th className="num">Quantity</th>
                <th className="num">Low-stock threshold</th>
                {tab === "low" ? <th className="num">Shortfall</th> : null}
                <th>Status</th>
                {canEdit ? <th aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((r) => (
                <tr key={r.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && setEditing(editingOf(r))}>
                  <td>
                    <strong className="mono">{r.sku.code}</strong>
                    <div className="sub">{r.sku.name}</div>
                  </td>
                  <td>
                    <span className="badge" title={r.warehouse.name}>
                      {r.warehouse.code}
                    </span>
                  </td>
                  <td className={`num qty${r.quantity === 0 ? " zero" : ""}`}>{r.quantity.toLocaleString()}</td>
                  <td className="num muted">{r.lowStockThreshold.toLocaleString()}</td>
                  {tab === "low" ? <td className="num shortfall">−{r.shortfall.toLocaleString()}</td> : null}
                  <td>
                    <StockBadge row={r} />
                  </td>
                  {canEdit ? (
                    <td className="num">
                      <button
                        className="btn small"
                        onClick={(e) => {
                          e.stopPropagation();
                          setEditing(editingOf(r));
                        }}
                      >
                        Edit
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <StockDialog
          editing={editing}
          warehouses={whList}
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

const FIELDS = ["warehouseId", "skuId", "quantity", "lowStockThreshold"];

function readCount(text: string, path: string, local: FieldErrors, required: boolean): number | undefined {
  const t = text.trim().replace(/[,\s]/g, "");
  if (t === "") {
    if (required) local[path] = ["required"];
    return undefined;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) local[path] = ["must be a whole number"];
  return Number.isFinite(n) ? n : undefined;
}

function StockDialog({ editing, warehouses, onClose, onSaved }: { editing: Editing; warehouses: { id: string; code: string; name: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const isNew = editing.revision === null;
  const [form, setForm] = useState(editing);
  const [local, setLocal] = useState<FieldErrors>({});
  const save = useMutation(trpc.inventory.setQuantity.mutationOptions({ onSuccess: onSaved }));
  const err = formErrorOf(save.error);
  useScrollToFirstError(save.error ?? (Object.keys(local).length ? local : null));
  const { stale, touch, clear } = useStalePaths();
  const errors = withoutStale(mergeFieldErrors(err, local), stale);
  const fe = (path: string) => errorAt(errors, path);
  const conflict = err?.code === "CONFLICT" ? ((err.conflict?.current ?? null) as StockRow | null) : undefined;
  const set = (patch: Partial<Editing>) => {
    setForm((f) => ({ ...f, ...patch }));
    touch(...Object.keys(patch).map((k) => (k === "sku" ? "skuId" : k)));
  };
  const localErr = Object.keys(local).length ? { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: null } : null;
  const before = isNew ? null : Number(editing.quantity);
  const typed = Number(form.quantity.replace(/[,\s]/g, ""));
  const delta = before !== null && form.quantity.trim() !== "" && Number.isFinite(typed) ? typed - before : null;

  function submit() {
    save.reset();
    clear();
    const found: FieldErrors = {};
    if (!form.sku) found.skuId = ["choose a SKU"];
    if (!form.warehouseId) found.warehouseId = ["choose a warehouse"];
    const quantity = readCount(form.quantity, "quantity", found, true);
    const threshold = readCount(form.lowStockThreshold, "lowStockThreshold", found, false);
    setLocal(found);
    if (Object.keys(found).length || !form.sku || quantity === undefined) return;
    save.mutate({ warehouseId: form.warehouseId, skuId: form.sku.id, quantity, ...(threshold === undefined ? {} : { lowStockThreshold: threshold }), revision: form.revision });
  }

  const title = isNew ? "Set stock" : `Stock of ${editing.sku?.code} in ${editing.warehouseCode}`;
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose} disabled={save.isPending}>
            Cancel
          </button>
          <button className="btn primary" onClick={submit} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
        </>
      }
    >
      <div className="dialog-narrow">
        {conflict !== undefined ? (
          <ConflictBanner
            what="stock"
            summary={conflict ? <>Now: {conflict.quantity.toLocaleString()} units, threshold {conflict.lowStockThreshold.toLocaleString()}.</> : <>The stock row no longer exists.</>}
            onLoadTheirs={() => {
              if (conflict) set({ quantity: String(conflict.quantity), lowStockThreshold: String(conflict.lowStockThreshold), revision: conflict.revision });
              else set({ revision: null });
              save.reset();
            }}
            onKeepMine={() => {
              set({ revision: conflict ? conflict.revision : null });
              save.reset();
            }}
          />
        ) : (
          <FormBanner err={err ?? localErr} unclaimed={unclaimedErrors(errors, FIELDS)} fieldErrorsLeft={Object.keys(errors).length} />
        )}
        {isNew ? (
          <div className="form-grid one">
            <Field label="Warehouse" htmlFor="inv-wh" error={fe("warehouseId")}>
              <select id="inv-wh" className="select" value={form.warehouseId} onChange={(e) => set({ warehouseId: e.target.value })}>
                {warehouses.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.code} — {w.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="SKU" htmlFor="inv-sku" error={fe("skuId")}>
              <SkuPicker id="inv-sku" value={form.sku} onChange={(sku) => set({ sku })} invalid={!!fe("skuId")} />
            </Field>
          </div>
        ) : (
          <p className="muted small" style={{ marginTop: 0 }}>
            {editing.sku?.name} · {warehouses.find((w) => w.id === editing.warehouseId)?.name ?? editing.warehouseCode}
          </p>
        )}
        <div className="form-grid" style={{ marginTop: isNew ? 14 : 0 }}>
          <Field label="Quantity" htmlFor="inv-qty" error={fe("quantity")} hint={delta === null || delta === 0 ? "Units on hand" : `${delta > 0 ? "+" : "−"}${Math.abs(delta).toLocaleString()} from ${before!.toLocaleString()}`}>
            <input id="inv-qty" className="input" inputMode="numeric" value={form.quantity} onChange={(e) => set({ quantity: e.target.value })} aria-invalid={!!fe("quantity")} autoFocus />
          </Field>
          <Field label="Low-stock threshold" htmlFor="inv-threshold" error={fe("lowStockThreshold")} hint="Below this, the row shows in Low stock">
            <input id="inv-threshold" className="input" inputMode="numeric" placeholder={isNew ? "0" : undefined} value={form.lowStockThreshold} onChange={(e) => set({ lowStockThreshold: e.target.value })} aria-invalid={!!fe("lowStockThreshold")} />
          </Field>
        </div>
      </div>
    </Dialog>
  );
}
