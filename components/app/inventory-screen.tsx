"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { EditDialog } from "@/components/ui/edit-dialog";
import { readNumber } from "@/components/ui/edit-form-state";
import { Field } from "@/components/ui/field";
import type { FieldErrors } from "@/components/ui/form-errors";
import { EmptyState } from "@/components/ui/list-states";
import { ClearFilters, ListView, PageHead, SearchBox } from "@/components/ui/list-view";
import { SkuPicker, type PickedSku } from "@/components/ui/sku-picker";
import { Tabs } from "@/components/ui/tabs";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useEditDialog, useEditForm } from "@/components/ui/use-edit-dialog";
import { useListFilters } from "@/components/ui/use-list-filters";
import { useUrlTab } from "@/components/ui/use-url-tab";
import { useTRPC } from "@/lib/trpc";
import type { StockRow } from "./master-data-rows";

type Tab = "all" | "low";

interface StockForm {
  warehouseId: string;
  sku: PickedSku | null;
  quantity: string;
  lowStockThreshold: string;
}
/** What the dialog edits: an existing stock row, or a new one (`row: null`) with the form it opens with. */
interface Editing {
  row: StockRow | null;
  form: StockForm;
}

function StockBadge({ row }: { row: Pick<StockRow, "quantity" | "lowStockThreshold"> }) {
  if (row.quantity === 0) return <span className="badge red">Out of stock</span>;
  if (row.quantity < row.lowStockThreshold) return <span className="badge amber">Low</span>;
  return <span className="badge green">In stock</span>;
}

const stockFormOf = (r: StockRow): StockForm => ({ warehouseId: r.warehouseId, sku: r.sku, quantity: String(r.quantity), lowStockThreshold: String(r.lowStockThreshold) });
const editingOf = (r: StockRow): Editing => ({ row: r, form: stockFormOf(r) });

export function InventoryScreen({ initialTab }: { initialTab: Tab }) {
  const trpc = useTRPC();
  const { canEdit, role } = useCanManageMasterData();
  const [tab, showTab] = useUrlTab<Tab>(initialTab, "all");
  const { filters, set, clear, page, setPage } = useListFilters({ search: "", warehouseId: "" });
  const { warehouseId } = filters;
  const dialog = useEditDialog<Editing>([trpc.inventory.list.queryKey(), trpc.inventory.lowStock.queryKey()]);
  const q = useDebounced(filters.search.trim());
  const warehouses = useQuery(trpc.warehouses.list.queryOptions({ page: 1, pageSize: 100 }));
  const input = { search: q, page, pageSize: 25, ...(warehouseId ? { warehouseId } : {}) };
  const all = useQuery({ ...trpc.inventory.list.queryOptions(input), placeholderData: keepPreviousData, enabled: tab === "all" });
  const low = useQuery({ ...trpc.inventory.lowStock.queryOptions(input), placeholderData: keepPreviousData, enabled: tab === "low" });
  const lowCount = useQuery(trpc.inventory.lowStock.queryOptions({ page: 1, pageSize: 5, ...(warehouseId ? { warehouseId } : {}) }));
  const list = tab === "all" ? all : low;
  const filtered = q !== "" || warehouseId !== "";
  const switchTab = (t: Tab) => {
    showTab(t);
    setPage(1);
  };
  const whList = warehouses.data?.items ?? [];
  const startNew = () => dialog.open({ row: null, form: { warehouseId: warehouseId || whList[0]?.id || "", sku: null, quantity: "", lowStockThreshold: "" } });
  const lowTotal = lowCount.data?.total;

  return (
    <>
      <PageHead title="Inventory" role={role} create={canEdit ? { label: "Set stock", onClick: startNew, disabled: whList.length === 0 } : null}>
        Stock of each SKU in each warehouse. Routing only sends orders to warehouses that hold the stock.
      </PageHead>
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
        <select className="select" aria-label="Warehouse" value={warehouseId} onChange={(e) => set({ warehouseId: e.target.value })}>
          <option value="">All warehouses</option>
          {whList.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} — {w.name}
            </option>
          ))}
        </select>
        <SearchBox placeholder="Search SKU code or name" label="Search by SKU" value={filters.search} onChange={(search) => set({ search })} />
        <ClearFilters shown={filtered} onClear={clear} />
        {tab === "low" ? <span className="muted small toolbar-note">Largest shortfall first</span> : null}
      </div>
      <ListView
        list={list}
        loadingRows={8}
        onPage={setPage}
        filtered={filtered}
        noMatch={
          tab === "low" ? (
            <EmptyState title="Nothing low matches these filters">Other SKUs or warehouses may still be low; clear the filters to see them all.</EmptyState>
          ) : (
            <EmptyState title="No stock matches these filters">Try another SKU or warehouse.</EmptyState>
          )
        }
        empty={
          tab === "low" ? (
            <EmptyState title="Nothing is low on stock">
              <span className="ok-mark" aria-hidden="true">
                ✓
              </span>{" "}
              Every stock row is at or above its low-stock threshold.
            </EmptyState>
          ) : (
            <EmptyState title="No stock recorded yet" action={canEdit && whList.length ? <button className="btn primary" onClick={startNew}>Set stock</button> : null}>
              Record how many units of each SKU each warehouse holds.
            </EmptyState>
          )
        }
        compact
        head={
          <>
            <th>SKU</th>
            <th>Warehouse</th>
            <th className="num">Quantity</th>
            <th className="num">Low-stock threshold</th>
            {tab === "low" ? <th className="num">Shortfall</th> : null}
            <th>Status</th>
            {canEdit ? <th aria-label="Actions" /> : null}
          </>
        }
      >
        {(items) =>
          items.map((r) => (
            <tr key={r.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open(editingOf(r))}>
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
                      dialog.open(editingOf(r));
                    }}
                  >
                    Edit
                  </button>
                </td>
              ) : null}
            </tr>
          ))
        }
      </ListView>
      {dialog.editing ? <StockDialog editing={dialog.editing} warehouses={whList} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

const FIELDS = ["warehouseId", "skuId", "quantity", "lowStockThreshold"];

/** A count as typed, thousands separators and spaces allowed ("4,321"). */
const readCount = (text: string, path: string, local: FieldErrors, required: boolean): number | undefined => readNumber(text.replace(/[,\s]/g, ""), path, local, required, "must be a whole number") ?? undefined;

function StockDialog({ editing, warehouses, onClose, onSaved }: { editing: Editing; warehouses: { id: string; code: string; name: string }[]; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { row } = editing;
  const isNew = row === null;
  const save = useMutation(trpc.inventory.setQuantity.mutationOptions({ onSuccess: onSaved }));
  const d = useEditForm({
    form: editing.form,
    token: row?.revision ?? null,
    mutations: [save],
    claimed: FIELDS,
    staleAliases: { sku: ["skuId"] },
    formOf: (current: StockRow, form: StockForm) => ({ ...form, quantity: String(current.quantity), lowStockThreshold: String(current.lowStockThreshold) }),
    tokenOf: (current: StockRow | null) => current?.revision ?? null,
  });
  const { form, set, fe } = d;
  const before = row ? row.quantity : null;
  const typed = Number(form.quantity.replace(/[,\s]/g, ""));
  const delta = before !== null && form.quantity.trim() !== "" && Number.isFinite(typed) ? typed - before : null;

  function submit() {
    const found: FieldErrors = {};
    if (!form.sku) found.skuId = ["choose a SKU"];
    if (!form.warehouseId) found.warehouseId = ["choose a warehouse"];
    const quantity = readCount(form.quantity, "quantity", found, true);
    const threshold = readCount(form.lowStockThreshold, "lowStockThreshold", found, false);
    if (!d.attempt(found) || !form.sku || quantity === undefined) return;
    save.mutate({ warehouseId: form.warehouseId, skuId: form.sku.id, quantity, ...(threshold === undefined ? {} : { lowStockThreshold: threshold }), revision: d.token });
  }

  return (
    <EditDialog
      title={row ? `Stock of ${row.sku.code} in ${row.warehouse.code}` : "Set stock"}
      onClose={onClose}
      onSave={submit}
      className="dialog-narrow"
      form={d}
      what="stock"
      summary={(c) => (
        <>
          Now: {c.quantity.toLocaleString()} units, threshold {c.lowStockThreshold.toLocaleString()}.
        </>
      )}
      gone={<>The stock row no longer exists.</>}
    >
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
          {row.sku.name} · {warehouses.find((w) => w.id === row.warehouseId)?.name ?? row.warehouse.code}
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
    </EditDialog>
  );
}
