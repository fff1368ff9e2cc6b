"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, FormDialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { TimeText, formatDate } from "@/components/ui/time-text";
import { useDebounced } from "@/components/ui/use-debounced";
import { usePermission } from "@/components/ui/use-permission";
import type { TApiKeyScope } from "@/server/schemas/api-key-schemas";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

const SCOPE_INFO: Record<TApiKeyScope, { label: string; description: string }> = {
  route: { label: "route", description: "Route live orders: pick the warehouse and logistics channel" },
  evaluate: { label: "evaluate", description: "Evaluate rules against an order without routing it" },
  import: { label: "import", description: "Upload order history files" },
  read: { label: "read", description: "Read master data, rules and results" },
};
/** Every scope, in the server's order (the Record type above makes the list exhaustive; no zod in the browser). */
const API_KEY_SCOPES = Object.keys(SCOPE_INFO) as TApiKeyScope[];
const STATUS_TONE = { active: "green", expired: "amber", revoked: "red" } as const;
const EXPIRY_PRESETS = [
  { id: "never", label: "No expiry" },
  { id: "30", label: "In 30 days" },
  { id: "90", label: "In 90 days" },
  { id: "365", label: "In 1 year" },
  { id: "custom", label: "On a date…" },
] as const;
type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]["id"];

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  status: "active" | "expired" | "revoked";
}

export function ApiKeysScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const allowed = perm.can("manageApiKeys");
  const [search, setSearch] = useState("");
  const [includeRevoked, setIncludeRevoked] = useState(true);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const debounced = useDebounced(search);
  const list = useQuery(trpc.apiKeys.list.queryOptions({ search: debounced, includeRevoked, page, pageSize: 25 }, { enabled: allowed }));
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() })]);

  if (!perm.ready) return <LoadingRows rows={3} />;
  if (!allowed) {
    return (
      <>
        <div className="page-head">
          <div>
            <h1>API keys</h1>
          </div>
        </div>
        <div className="table-wrap">
          <EmptyState title="Only owners and admins manage API keys">Your role ({perm.role ?? "none"}) can use the app but not create or see keys. Ask an admin if a system of yours needs one.</EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>API keys</h1>
          <p>Keys let your order system call Switchyard. Each key has only the scopes you give it; revoke a key as soon as it is no longer needed.</p>
        </div>
        <button className="btn primary" onClick={() => setCreating(true)}>
          Create API key
        </button>
      </div>
      <div className="toolbar">
        <input
          className="input"
          style={{ width: 300 }}
          placeholder="Search name or key prefix"
          aria-label="Search API keys"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(e) => {
              setIncludeRevoked(e.target.checked);
              setPage(1);
            }}
          />
          Show revoked keys
        </label>
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <LoadingRows rows={3} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState
            title={search ? "No key matches your search" : "No API keys yet"}
            action={
              search ? null : (
                <button className="btn primary" onClick={() => setCreating(true)}>
                  Create your first key
                </button>
              )
            }
          >
            {search ? "Try another name or prefix." : "Create a key for each system that calls Switchyard, with only the scopes it needs."}
          </EmptyState>
        ) : (
          <table className="data" aria-label="API keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scopes</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>Status</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((k) => (
                <tr key={k.id} data-key={k.name} className={k.status === "active" ? undefined : "dimmed"}>
                  <td>
                    <strong>{k.name}</strong>
                  </td>
                  <td>
                    <code>{k.prefix}_…</code>
                  </td>
                  <td>
                    <span className="badges">
                      {k.scopes.map((s) => (
                        <span key={s} className="badge scope" title={SCOPE_INFO[s].description}>
                          {s}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>
                    <div>
                      <TimeText value={k.createdAt} mode="date" />
                    </div>
                    <div className="muted small">{k.createdBy ? `by ${k.createdBy.name}` : "by a removed user"}</div>
                  </td>
                  <td>
                    <TimeText value={k.lastUsedAt} empty="Never" />
                  </td>
                  <td>{k.status === "revoked" ? <span className="muted">—</span> : <TimeText value={k.expiresAt} mode="date" empty="Never" />}</td>
                  <td>
                    <span className={`badge ${STATUS_TONE[k.status]}`} title={k.revokedAt ? `Revoked ${formatDate(k.revokedAt)}` : undefined}>
                      {k.status === "active" ? "Active" : k.status === "expired" ? "Expired" : "Revoked"}
                    </span>
                  </td>
                  <td className="actions">
                    {k.status !== "revoked" ? (
                      <button className="btn danger small" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {creating ? <CreateKeyDialog onClose={() => setCreating(false)} onCreated={() => void invalidate()} /> : null}
      {revoking ? (
        <RevokeKeyDialog
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            void invalidate();
          }}
        />
      ) : null}
    </>
  );
}

function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: KeyRow; onClose: () => void; onRevoked: () => void }) {
  const trpc = useTRPC();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: onRevoked }));
  const err = formErrorOf(revoke.error);
  return (
    <ConfirmDialog
      title={`Revoke “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      busyLabel="Revoking…"
      busy={revoke.isPending}
      error={err ? (err.fieldErrors.id?.join("; ") ?? err.message) : null}
      onConfirm={() => revoke.mutate({ id: apiKey.id })}
      onClose={onClose}
    >
      <p>
        Requests with <code>{apiKey.prefix}_…</code> are refused from now on. This cannot be undone: a system that still needs access needs a new key.
      </p>
    </ConfirmDialog>
  );
}

function expiryDate(preset: ExpiryPreset, custom: string): Date | null | "invalid" {
  if (preset === "never") return null;
  if (preset === "custom") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(custom)) return "invalid";
    // The key works through the end of the chosen day, in the browser's time zone.
    return new Date(`${custom}T23:59:59`);
  }
  return new Date(Date.now() + Number(preset) * 24 * 3600 * 1000);
}

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TApiKeyScope[]>(["route"]);
  const [preset, setPreset] = useState<ExpiryPreset>("90");
  const [custom, setCustom] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: onCreated }));
  const err = formErrorOf(create.error);
  const fe = (k: string) => err?.fieldErrors[k];
  const created = create.data;

  if (created) {
    return (
      <Dialog
        title="Copy your new API key"
        onClose={onClose}
        footer={
          <button className="btn primary" onClick={onClose}>
            I have copied the key
          </button>
        }
      >
        <div className="banner warn" role="alert">
          <strong>This is the only time the key is shown.</strong> Switchyard stores only a hash of it. Copy it now into your system’s secret store; if it is lost, revoke it and create a new one.
        </div>
        <Field label={`Key “${created.apiKey.name}”`} htmlFor="new-key">
          <CopyField id="new-key" label="API key" value={created.key} secret />
        </Field>
        <dl className="key-facts">
          <div>
            <dt>Scopes</dt>
            <dd>
              <span className="badges">
                {created.apiKey.scopes.map((s) => (
                  <span key={s} className="badge scope">
                    {s}
                  </span>
                ))}
              </span>
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd>{created.apiKey.expiresAt ? formatDate(created.apiKey.expiresAt) : "Never"}</dd>
          </div>
          <div>
            <dt>Use it as</dt>
            <dd>
              <code>Authorization: Bearer {created.apiKey.prefix}_…</code>
            </dd>
          </div>
        </dl>
      </Dialog>
    );
  }

  function submit() {
    const expiresAt = expiryDate(preset, custom);
    if (expiresAt === "invalid") {
      setLocalError("Choose a date");
      return;
    }
    setLocalError(null);
    create.mutate({ name, scopes, expiresAt });
  }
  const other = err && !fe("name") && !fe("scopes") && !fe("expiresAt") ? err.message : null;
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const minDate = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, "0")}-${String(tomorrow.getDate()).padStart(2, "0")}`;

  return (
    <FormDialog title="Create API key" formId="key-form" onClose={onClose} onSubmit={submit} pending={create.isPending} submitLabel="Create key" pendingLabel="Creating…" error={other}>
      <Field label="Name" htmlFor="key-name" error={fe("name")} hint="Which system uses it, e.g. “ERP production”" wide>
        <input id="key-name" className="input" autoFocus value={name} maxLength={80} onChange={(e) => setName(e.target.value)} aria-invalid={!!fe("name")} />
      </Field>
      <Field label="Scopes" htmlFor="key-scopes" error={fe("scopes")} wide>
        <div className="scope-list" id="key-scopes" role="group" aria-label="Scopes">
          {API_KEY_SCOPES.map((s) => (
            <label key={s} className="scope-option">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? API_KEY_SCOPES.filter((x) => x === s || scopes.includes(x)) : scopes.filter((x) => x !== s))} />
              <span>
                <code>{SCOPE_INFO[s].label}</code>
                <span className="muted">{SCOPE_INFO[s].description}</span>
              </span>
            </label>
          ))}
        </div>
      </Field>
      <Field label="Expires" htmlFor="key-expiry" error={preset === "custom" ? undefined : fe("expiresAt")} hint={preset === "never" ? "The key works until it is revoked" : undefined}>
        <select id="key-expiry" className="select" value={preset} onChange={(e) => setPreset(e.target.value as ExpiryPreset)}>
          {EXPIRY_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      {preset === "custom" ? (
        <Field label="Expiry date" htmlFor="key-expiry-date" error={localError ? [localError] : fe("expiresAt")} hint="The key stops working at the end of that day">
          <input id="key-expiry-date" className="input" type="date" min={minDate} value={custom} onChange={(e) => setCustom(e.target.value)} aria-invalid={!!localError || !!fe("expiresAt")} />
        </Field>
      ) : null}
    </FormDialog>
  );
}
