"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { TimeText, formatDateTime } from "@/components/ui/time-text";
import { useDebounced } from "@/components/ui/use-debounced";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

const ENTITY_LABELS: Record<string, string> = {
  member: "Member",
  invitation: "Invitation",
  apiKey: "API key",
  store: "Store",
  warehouse: "Warehouse",
  channel: "Logistics channel",
  sku: "SKU",
  pairing: "SKU pairing",
  inventory: "Inventory",
  orderImport: "Order import",
  organization: "Organization",
  ruleset: "Ruleset",
  simulation: "Simulation",
  publishRequest: "Publish request",
};
const ACTION_LABELS: Record<string, string> = {
  "member.updateRole": "Changed a member’s role",
  "member.remove": "Removed a member",
  "invitation.create": "Invited someone",
  "invitation.cancel": "Canceled an invitation",
  "invitation.accept": "Accepted an invitation",
  "invitation.reject": "Declined an invitation",
  "member.add": "Added a member",
  "member.leave": "Left the organization",
  "apiKey.create": "Created an API key",
  "apiKey.revoke": "Revoked an API key",
  "orders.import": "Imported orders",
  seed: "Loaded the demo data",
  "seed.orders": "Loaded demo orders",
  "ruleset.saveDraft": "Saved a draft",
  "ruleset.saveVersion": "Saved a version",
  "ruleset.publish": "Published a version",
  "ruleset.rollback": "Rolled back a ruleset",
  "simulation.create": "Started a simulation",
  "simulation.cancel": "Cancelled a simulation",
  "publish.request": "Asked to publish",
  "publish.approve": "Approved a publish",
  "publish.reject": "Rejected a publish",
  "publish.cancel": "Withdrew a publish request",
  "organization.settings": "Changed organization settings",
};
const VERBS: Record<string, string> = { create: "Created", update: "Updated", delete: "Deleted", remove: "Removed", revoke: "Revoked", cancel: "Canceled", import: "Imported", adjust: "Adjusted", set: "Set" };

/** `map[key]` for the map's own keys only (fields and types come from stored data). */
const lookup = (map: Readonly<Record<string, string>>, key: string): string | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);
const entityLabel = (t: string) => lookup(ENTITY_LABELS, t) ?? t;
function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const [entity, verb] = action.split(".");
  if (entity && verb && VERBS[verb]) return `${VERBS[verb]} ${entityLabel(entity).toLowerCase()}`;
  return action;
}
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id);

/** Diff fields that hold ids (of master data, rulesets, people…), shown by name with the id on hover. */
const ID_FIELD_LABELS: Record<string, string> = {
  storeId: "store",
  skuId: "SKU",
  warehouseId: "warehouse",
  warehouseIds: "warehouses",
  originWarehouseIds: "origin warehouses",
  channelId: "channel",
  channelIds: "channels",
  logisticsChannelId: "channel",
  rulesetId: "ruleset",
  versionId: "version",
  publishedVersionId: "live version",
  userId: "user",
  requestedBy: "requested by",
  requestedById: "requested by",
  decidedById: "decided by",
  createdById: "created by",
  inviterId: "invited by",
  memberId: "member",
  apiKeyId: "API key",
  simulationId: "simulation",
  publishRequestId: "publish request",
  importId: "import",
  orderImportId: "import",
  pairingId: "SKU pairing",
  inventoryId: "stock",
};
/** Diff fields that hold a content hash (SHA-256 of a compiled ruleset), shown shortened with the full hash on hover. */
const HASH_FIELD_LABELS: Record<string, string> = {
  contentHash: "rules",
  candidateHash: "candidate rules",
  baselineHash: "baseline rules",
  versionHash: "requested rules",
};
const isIdField = (field: string) => Object.hasOwn(ID_FIELD_LABELS, field);
const isHashField = (field: string) => Object.hasOwn(HASH_FIELD_LABELS, field) || /[a-z]Hash$/.test(field);
const HEX_HASH = /^[0-9a-f]{16,}$/i;
const fieldLabel = (field: string) => lookup(ID_FIELD_LABELS, field) ?? lookup(HASH_FIELD_LABELS, field) ?? field;

/** A date input value (YYYY-MM-DD) as the start of that day in the browser's time zone. */
const dayStart = (v: string) => (v ? new Date(`${v}T00:00:00`) : undefined);
const nextDayStart = (v: string) => {
  if (!v) return undefined;
  const d = new Date(`${v}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d;
};

interface Filters {
  entityType: string;
  entityId: string;
  /** What the chip of an entity filter says (the entity's name when known). */
  entityName: string;
  actorId: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { entityType: "", entityId: "", entityName: "", actorId: "", from: "", to: "" };

export function AuditScreen() {
  const trpc = useTRPC();
  const perm = usePermission();
  const allowed = perm.can("manageMasterData");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim());
  const set = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setPage(1);
  };
  const input = {
    page,
    pageSize: 25,
    ...(q ? { search: q } : {}),
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.from ? { from: dayStart(filters.from) } : {}),
    ...(filters.to ? { to: nextDayStart(filters.to) } : {}),
  };
  // Checked here first so that a reversed range shows at once, under the field; the server checks too.
  const localRangeError = filters.from && filters.to && filters.to < filters.from ? ["must not be before the start date"] : undefined;
  const list = useQuery(trpc.audit.list.queryOptions(input, { enabled: allowed && !localRangeError, placeholderData: keepPreviousData, retry: false }));
  const members = useQuery(trpc.members.list.queryOptions({ pageSize: 100 }, { enabled: allowed }));
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ pageSize: 100, includeRevoked: true }, { enabled: allowed && perm.can("manageApiKeys") }));
  const err = formErrorOf(list.error);
  const rangeError = localRangeError ?? err?.fieldErrors.to ?? err?.fieldErrors.from;
  const filtered = Object.values(filters).some(Boolean) || q !== "";

  if (!perm.ready) return <LoadingRows rows={3} />;
  if (!allowed) {
    return (
      <>
        <div className="page-head">
          <div>
            <h1>Audit log</h1>
          </div>
        </div>
        <div className="table-wrap">
          <EmptyState title="Only owners and admins see the audit log">Your role ({perm.role ?? "none"}) can use the app, but the record of who changed what is for administrators.</EmptyState>
        </div>
      </>
    );
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>Every change to members, keys, master data and imports: who made it, when, and what it changed. Newest first.</p>
        </div>
      </div>
      <div className="filters" role="search" aria-label="Filter the audit log">
        <Field label="Search" htmlFor="audit-search">
          <input
            id="audit-search"
            className="input search"
            type="search"
            placeholder="Name, code, action or id"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </Field>
        <Field label="Entity type" htmlFor="audit-entity">
          <select id="audit-entity" className="select" value={filters.entityType} onChange={(e) => set({ entityType: e.target.value, entityId: "", entityName: "" })}>
            <option value="">All types</option>
            {Object.entries(ENTITY_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Actor" htmlFor="audit-actor">
          <select id="audit-actor" className="select" value={filters.actorId} onChange={(e) => set({ actorId: e.target.value })}>
            <option value="">Anyone</option>
            {members.data?.items.length ? (
              <optgroup label="Members">
                {members.data.items.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {keys.data?.items.length ? (
              <optgroup label="API keys">
                {keys.data.items.map((k) => (
                  <option key={k.id} value={k.id}>
                    API key “{k.name}”
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </Field>
        <Field label="From" htmlFor="audit-from" error={err?.fieldErrors.from}>
          <input id="audit-from" className="input" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set({ from: e.target.value })} />
        </Field>
        <Field label="To" htmlFor="audit-to" error={localRangeError ?? err?.fieldErrors.to}>
          <input id="audit-to" className="input" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} aria-invalid={!!(localRangeError ?? err?.fieldErrors.to)} />
        </Field>
        {filters.entityId ? (
          <span className="chip" title={`id ${filters.entityId}`}>
            {entityLabel(filters.entityType)} {filters.entityName ? <strong>{filters.entityName}</strong> : <code>{shortId(filters.entityId)}</code>}
            <button aria-label="Show all entities" onClick={() => set({ entityId: "", entityName: "" })}>
              ×
            </button>
          </span>
        ) : null}
        {filtered ? (
          <button
            className="btn"
            onClick={() => {
              set(NO_FILTERS);
              setSearch("");
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      <div className="table-wrap">
        {rangeError ? (
          <EmptyState title="Check the date range">The end date must not be before the start date.</EmptyState>
        ) : list.isLoading ? (
          <LoadingRows rows={6} />
        ) : list.error ? (
          <LoadError message={list.error.message} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <EmptyState title={filtered ? "Nothing matches these filters" : "No changes recorded yet"}>{filtered ? "Widen the date range or clear a filter." : "Changes made in the app and through API keys appear here."}</EmptyState>
        ) : (
          <table className="data audit" aria-label="Audit log">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Entity</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody style={list.isPlaceholderData ? { opacity: 0.6 } : undefined}>
              {list.data?.items.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td className="nowrap">
                    <div>
                      <TimeText value={e.createdAt} />
                    </div>
                    <div className="muted small">{formatDateTime(e.createdAt)}</div>
                  </td>
                  <td className="nowrap">
                    <Actor type={e.actorType} name={e.actorName} />
                  </td>
                  <td>
                    <div>{actionLabel(e.action)}</div>
                    <code className="muted small">{e.action}</code>
                  </td>
                  <td className="nowrap">
                    <EntityCell entry={e} onFilter={() => set({ entityType: e.entityType, entityId: e.entityId, entityName: e.entityName ?? "" })} />
                  </td>
                  <td>
                    <DiffView diff={e.diff} names={e.names} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 && !rangeError ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
    </>
  );
}

interface EntityRef {
  entityType: string;
  entityId: string;
  entityName: string | null;
  entityDeleted: boolean;
}

/** The entity by name ("(deleted)" when it is gone), with its id on hover and a button to copy it. */
export function EntityCell({ entry, onFilter }: { entry: EntityRef; onFilter: () => void }) {
  const { entityType, entityId, entityName, entityDeleted } = entry;
  const label = entityName ?? <span className="mono">{shortId(entityId)}</span>;
  return (
    <>
      <div>{entityLabel(entityType)}</div>
      <div className="small">
        {entityType === "orderImport" && !entityDeleted ? (
          <Link href={`/imports/${entityId}`} title={`id ${entityId}`}>
            {label}
          </Link>
        ) : (
          <button className="link" title={`Only changes to ${entityName ?? "this entity"} (id ${entityId})`} onClick={onFilter}>
            {label}
          </button>
        )}
        {entityDeleted ? <span className="muted"> (deleted)</span> : null} <CopyId id={entityId} />
      </div>
    </>
  );
}

/** A small "copy id" button: ids stay at hand for support and scripts. */
function CopyId({ id }: { id: string }) {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(id);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <button type="button" className="link muted small" title={`Copy id ${id}`} aria-label={`Copy id ${id}`} onClick={() => void copy()}>
      {copied === "ok" ? "copied ✓" : copied === "failed" ? id : "copy id"}
    </button>
  );
}

function Actor({ type, name }: { type: "user" | "apiKey" | "system"; name: string | null }) {
  if (type === "system") return <span className="actor system">System</span>;
  if (type === "apiKey")
    return (
      <span className="actor key">
        API key <strong>{name ? `“${name}”` : "(deleted)"}</strong>
      </span>
    );
  return <span className="actor">{name ?? <span className="muted">Removed user</span>}</span>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
type Names = Readonly<Record<string, string>>;
const NO_NAMES: Names = {};

function formatValue(v: unknown, names: Names = NO_NAMES): { text: string; empty?: boolean } {
  if (v === null || v === undefined || v === "") return { text: "—", empty: true };
  if (typeof v === "string") return { text: lookup(names, v) ?? (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? formatDateTime(new Date(v)) : v) };
  if (typeof v === "number") return { text: v.toLocaleString() };
  if (typeof v === "boolean") return { text: v ? "yes" : "no" };
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) {
    return { text: v.length ? v.map((x) => (typeof x === "string" ? (lookup(names, x) ?? x) : String(x))).join(", ") : "none", empty: v.length === 0 };
  }
  if (typeof v === "object" && !Array.isArray(v)) {
    return {
      text: Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${fieldLabel(k)} ${typeof x === "string" ? (lookup(names, x) ?? x) : typeof x === "object" && x !== null ? JSON.stringify(x) : String(x)}`)
        .join(", "),
    };
  }
  return { text: JSON.stringify(v) };
}

/** Ids by name where the server resolved them, else shortened; every id on hover. */
function IdsValue({ ids, names }: { ids: string[]; names: Names }) {
  if (ids.length === 0) return <span className="val empty">none</span>;
  return (
    <>
      {ids.map((id, i) => (
        <span key={`${id}-${i}`}>
          {i > 0 ? ", " : null}
          <span className="val" title={`id ${id}`}>
            {lookup(names, id) ?? shortId(id)}
          </span>
        </span>
      ))}
    </>
  );
}

/** A diff value: ids by name, content hashes shortened, anything else as text. */
function Value({ v, field, names = NO_NAMES }: { v: unknown; field: string; names?: Names }) {
  if (typeof v === "string" && isHashField(field) && HEX_HASH.test(v)) {
    return (
      <span className="val" title={v}>
        content {v.slice(0, 6)}…
      </span>
    );
  }
  if (isIdField(field)) {
    if (typeof v === "string" && v !== "") return <IdsValue ids={[v]} names={names} />;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return <IdsValue ids={v} names={names} />;
  }
  return <PlainValue v={v} names={names} />;
}

function PlainValue({ v, names }: { v: unknown; names: Names }) {
  const { text, empty } = formatValue(v, names);
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return (
    <span className={empty ? "val empty" : "val"} title={text.length > 60 ? text : undefined}>
      {shown}
    </span>
  );
}

const LIMIT = 4;

/**
 * `{ field: [before, after] }` as "field: before → after"; other entries (an import's figures) as "field: value".
 * Ids are shown by the names in `names` (id → name), content hashes shortened; both in full on hover.
 */
export function DiffView({ diff, names = NO_NAMES }: { diff: Record<string, unknown>; names?: Names }) {
  const [open, setOpen] = useState(false);
  // A created record lists its empty fields as [null, null]: nothing to show.
  const entries = Object.entries(diff).filter(([, v]) => !(Array.isArray(v) && v.length === 2 && v[0] === null && v[1] === null));
  if (entries.length === 0) return <span className="muted">—</span>;
  const shown = open || entries.length <= LIMIT + 1 ? entries : entries.slice(0, LIMIT);
  return (
    <ul className="diff">
      {shown.map(([field, v]) => (
        <li key={field}>
          <span className="field-name" title={fieldLabel(field) === field ? undefined : field}>
            {fieldLabel(field)}
          </span>
          {Array.isArray(v) && v.length === 2 ? (
            <>
              {v[0] === null ? null : (
                <>
                  <Value v={v[0]} field={field} names={names} />
                  <span className="arrow" aria-label="changed to">
                    →
                  </span>
                </>
              )}
              <Value v={v[1]} field={field} names={names} />
            </>
          ) : (
            <Value v={v} field={field} names={names} />
          )}
        </li>
      ))}
      {entries.length > LIMIT + 1 ? (
        <li>
          <button className="link small" onClick={() => setOpen(!open)}>
            {open ? "Show less" : `+${entries.length - LIMIT} more`}
          </button>
        </li>
      ) : null}
    </ul>
  );
}
