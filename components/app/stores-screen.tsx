"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { EditDialogFooter } from "@/components/ui/edit-dialog-footer";
import { Field } from "@/components/ui/field";
import { ConflictBanner, FormBanner } from "@/components/ui/form-banner";
import { errorAt, mergeFieldErrors, unclaimedErrors, withoutStale } from "@/components/ui/form-errors";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { PlatformBadge, platformLabel } from "@/components/ui/platform-badge";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useDebounced } from "@/components/ui/use-debounced";
import { useStalePaths } from "@/components/ui/use-stale-paths";
import { useScrollToFirstError } from "@/components/ui/use-scroll-to-error";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { PLATFORMS } from "@/rules-schema/order/order-schema";

type Platform = (typeof PLATFORMS)[number];
interface StoreForm {
  platform: Platform;
  name: string;
  site: string;
  externalId: string;
}
interface StoreRow {
  id: string;
  platform: Platform;
  name: string;
  site: string;
  externalId: string | null;
  revision: number;
  orderCount: number;
  pairingCount: number;
}
interface Editing {
  id: string | null;
  revision: number;
  orderCount: number;
  form: StoreForm;
}

const EMPTY: StoreForm = { platform: "temu", name: "", site: "", externalId: "" };
const FIELDS = ["platform", "name", "site", "externalId"] as const;

export function StoresScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit, role } = useCanManageMasterData();
  const [search, setSearch] = useState("");
  const [platform, setPlatform] = useState<Platform | "">("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const q = useDebounced(search.trim());
  const list = useQuery({
    ...trpc.stores.list.queryOptions({ search: q, page, pageSize: 25, ...(platform ? { platform } : {}) }),
    placeholderData: keepPreviousData,
  });
  const filtered = q !== "" || platform !== "";
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.stores.list.queryKey() });
  const open = (s: StoreRow) => setEditing({ id: s.id, revision: s.revision, orderCount: s.orderCount, form: { platform: s.platform, name: s.name, site: s.site, externalId: s.externalId ?? "" } });

  return (
    <>
      <div className="page-head" data-role={role ?? undefined}>
        <div>
          <h1>Stores</h1>
          <p>The marketplace shops orders come from. Platform SKUs are paired to warehouse SKUs per store.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={() => setEditing({ id: null, revision: 0, orderCount: 0, form: EMPTY })}>
            New store
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <input
          className="input search"
          placeholder="Search name, site or external id"
          aria-label="Search stores"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <select
          className="select"
          aria-label="Platform"
          value={platform}
          onChange={(e) => {
            setPlatform(e.target.value as Platform | "");
            setPage(1);
          }}
        >
          <option value="">All platforms</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {platformLabel(p)}
            </option>
          ))}
        </select>
        {filtered ? (
          <button
            className="btn ghost"
            onClick={() => {
              setSearch("");
              setPlatform("");
              setPage(1);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={4} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          filtered ? (
            <EmptyState title="No store matches these filters">Try another name or platform.</EmptyState>
          ) : (
            <EmptyState title="No stores yet" action={canEdit ? <button className="btn primary" onClick={() => setEditing({ id: null, revision: 0, orderCount: 0, form: EMPTY })}>Add your first store</button> : null}>
              {canEdit ? "Add the shops you sell on; imported orders are attached to a store." : "An admin adds stores."}
            </EmptyState>
          )
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Platform</th>
                <th>Name</th>
                <th>Site</th>
                <th>External id</th>
                <th className="num">Orders</th>
                <th className="num">Pairings</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((s) => (
                <tr key={s.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && open(s)}>
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
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <StoreDialog
          editing={editing}
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

function StoreDialog({ editing, onClose, onSaved }: { editing: Editing; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<StoreForm>(editing.form);
  const [revision, setRevision] = useState(editing.revision);
  const create = useMutation(trpc.stores.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.stores.update.mutationOptions({ onSuccess: onSaved }));
  const remove = useMutation(trpc.stores.delete.mutationOptions({ onSuccess: onSaved }));
  const last = [create, update, remove].find((m) => m.error) ?? null;
  const err = formErrorOf(last?.error);
  const { stale, touch, clear } = useStalePaths();
  const errors = withoutStale(mergeFieldErrors(err, {}), stale);
  const set = (patch: Partial<StoreForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    touch(...Object.keys(patch));
  };
  const fe = (path: string) => errorAt(errors, path);
  const busy = create.isPending || update.isPending || remove.isPending;
  useScrollToFirstError(last?.error ?? null);
  const conflict = err?.conflict?.current as StoreRow | undefined;
  const reset = () => [create, update, remove].forEach((m) => m.reset());

  function save() {
    reset();
    clear();
    const fields = { platform: form.platform, name: form.name, site: form.site, externalId: form.externalId.trim() || null };
    if (editing.id === null) create.mutate(fields);
    else update.mutate({ id: editing.id, revision, fields });
  }
  function del() {
    if (!editing.id) return;
    if (!confirm(`Delete the store “${editing.form.name}”? Its SKU pairings are deleted with it.`)) return;
    reset();
    clear();
    remove.mutate({ id: editing.id, revision });
  }

  return (
    <Dialog
      title={editing.id ? `Edit ${editing.form.name}` : "New store"}
      onClose={onClose}
      footer={<EditDialogFooter busy={busy} onCancel={onClose} onSave={save} onDelete={editing.id ? del : undefined} />}
    >
      {conflict ? (
        <ConflictBanner
          what="store"
          summary={
            <>
              Now: “{conflict.name}” on {platformLabel(conflict.platform)}
              {conflict.site ? `, site ${conflict.site}` : ""}.
            </>
          }
          onLoadTheirs={() => {
            setForm({ platform: conflict.platform, name: conflict.name, site: conflict.site, externalId: conflict.externalId ?? "" });
            setRevision(conflict.revision);
            reset();
          }}
          onKeepMine={() => {
            setRevision(conflict.revision);
            reset();
          }}
        />
      ) : (
        <FormBanner err={err} unclaimed={unclaimedErrors(errors, FIELDS)} fieldErrorsLeft={Object.keys(errors).length} />
      )}
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
      {editing.id && editing.orderCount > 0 ? (
        <p className="form-note">
          {editing.orderCount.toLocaleString()} imported orders belong to this store, so it cannot be deleted.
        </p>
      ) : null}
    </Dialog>
  );
}
