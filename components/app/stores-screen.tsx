"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { EditDialog } from "@/components/ui/edit-dialog";
import { revisioned } from "@/components/ui/edit-form-state";
import { Field } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/list-states";
import { ClearFilters, ListView, PageHead, SearchBox } from "@/components/ui/list-view";
import { PlatformBadge, platformLabel } from "@/components/ui/platform-badge";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useCrudMutations, useEditDialog, useEditForm } from "@/components/ui/use-edit-dialog";
import { useListFilters } from "@/components/ui/use-list-filters";
import { useTRPC } from "@/lib/trpc";
import { PLATFORMS } from "@/rules-schema/order/order-schema";
import type { StoreRow } from "./master-data-rows";

type Platform = StoreRow["platform"];
interface StoreForm {
  platform: Platform;
  name: string;
  site: string;
  externalId: string;
}

const EMPTY: StoreForm = { platform: "temu", name: "", site: "", externalId: "" };
const FIELDS = ["platform", "name", "site", "externalId"] as const;
const formOf = (s: StoreRow): StoreForm => ({ platform: s.platform, name: s.name, site: s.site, externalId: s.externalId ?? "" });

export function StoresScreen() {
  const trpc = useTRPC();
  const { canEdit, role } = useCanManageMasterData();
  const { filters, set, clear, page, setPage } = useListFilters({ search: "", platform: "" as Platform | "" });
  const { platform } = filters;
  const dialog = useEditDialog<{ row: StoreRow | null }>([trpc.stores.list.queryKey()]);
  const q = useDebounced(filters.search.trim());
  const list = useQuery({
    ...trpc.stores.list.queryOptions({ search: q, page, pageSize: 25, ...(platform ? { platform } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || platform !== "";
  const startNew = () => dialog.open({ row: null });

  return (
    <>
      <PageHead title="Stores" role={role} create={canEdit ? { label: "New store", onClick: startNew } : null}>
        The marketplace shops orders come from. Platform SKUs are paired to warehouse SKUs per store.
      </PageHead>
      <div className="toolbar">
        <SearchBox placeholder="Search name, site or external id" label="Search stores" value={filters.search} onChange={(search) => set({ search })} />
        <select className="select" aria-label="Platform" value={platform} onChange={(e) => set({ platform: e.target.value as Platform | "" })}>
          <option value="">All platforms</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {platformLabel(p)}
            </option>
          ))}
        </select>
        <ClearFilters shown={filtered} onClear={clear} />
      </div>
      <ListView
        list={list}
        loadingRows={4}
        onPage={setPage}
        filtered={filtered}
        noMatch={<EmptyState title="No store matches these filters">Try another name or platform.</EmptyState>}
        empty={
          <EmptyState title="No stores yet" action={canEdit ? <button className="btn primary" onClick={startNew}>Add your first store</button> : null}>
            {canEdit ? "Add the shops you sell on; imported orders are attached to a store." : "An admin adds stores."}
          </EmptyState>
        }
        head={
          <>
            <th>Platform</th>
            <th>Name</th>
            <th>Site</th>
            <th>External id</th>
            <th className="num">Orders</th>
            <th className="num">Pairings</th>
          </>
        }
      >
        {(items) =>
          items.map((s) => (
            <tr key={s.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open({ row: s })}>
              <td>
                <PlatformBadge platform={s.platform} />
              </td>
              <td>
                <strong>{s.name}</strong>
              </td>
              <td>{s.site || <span className="muted">—</span>}</td>
              <td className="mono">{s.externalId ?? <span className="muted">—</span>}</td>
              <td className="num">{s.orderCount.toLocaleString()}</td>
              <td className="num">{s.pairingCount === 0 ? <span className="badge amber">None</span> : s.pairingCount.toLocaleString()}</td>
            </tr>
          ))
        }
      </ListView>
      {dialog.editing ? <StoreDialog store={dialog.editing.row} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

/** Edits `store`, or creates one when it is null. */
function StoreDialog({ store, onClose, onSaved }: { store: StoreRow | null; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { create, update, remove } = useCrudMutations(trpc.stores, onSaved);
  const d = useEditForm({ ...revisioned(store, EMPTY, formOf), mutations: [create, update, remove], claimed: FIELDS });
  const { form, set, fe } = d;

  function save() {
    if (!d.attempt()) return;
    const fields = { platform: form.platform, name: form.name, site: form.site, externalId: form.externalId.trim() || null };
    if (store === null) create.mutate(fields);
    else update.mutate({ id: store.id, revision: d.token, fields });
  }

  return (
    <EditDialog
      title={store ? `Edit ${store.name}` : "New store"}
      onClose={onClose}
      onSave={save}
      onDelete={store ? () => d.confirmDelete(`Delete the store “${store.name}”? Its SKU pairings are deleted with it.`, () => remove.mutate({ id: store.id, revision: d.token })) : undefined}
      form={d}
      what="store"
      summary={(c) => (
        <>
          Now: “{c.name}” on {platformLabel(c.platform)}
          {c.site ? `, site ${c.site}` : ""}.
        </>
      )}
    >
      <div className="form-grid">
        <Field label="Platform" htmlFor="st-platform" error={fe("platform")}>
          <select id="st-platform" className="select" value={form.platform} onChange={(e) => set({ platform: e.target.value as Platform })}>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Name" htmlFor="st-name" error={fe("name")} hint="Unique within your organization">
          <input id="st-name" className="input" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!fe("name")} autoFocus />
        </Field>
        <Field label="Site" htmlFor="st-site" error={fe("site")} hint="Marketplace site or region, e.g. US, EU, Global">
          <input id="st-site" className="input" value={form.site} onChange={(e) => set({ site: e.target.value })} aria-invalid={!!fe("site")} />
        </Field>
        <Field label="External id" htmlFor="st-ext" error={fe("externalId")} hint="The platform's shop id; leave blank if unknown">
          <input id="st-ext" className="input" value={form.externalId} onChange={(e) => set({ externalId: e.target.value })} aria-invalid={!!fe("externalId")} />
        </Field>
      </div>
      {store && store.orderCount > 0 ? (
        <p className="form-note">
          {store.orderCount.toLocaleString()} imported orders belong to this store, so it cannot be deleted.
        </p>
      ) : null}
    </EditDialog>
  );
}
