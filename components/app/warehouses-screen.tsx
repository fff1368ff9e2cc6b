"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { EditDialogFooter } from "@/components/ui/edit-dialog-footer";
import { Field } from "@/components/ui/field";
import { ConflictBanner } from "@/components/ui/form-banner";
import { Pager } from "@/components/ui/pager";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

type Kind = "own" | "overseas_3pl" | "platform";
interface WarehouseForm {
  code: string;
  name: string;
  kind: Kind;
  country: string;
  address: { line1: string; city: string; postalCode: string };
  calendar: { timeZone: string; workingDays: number[]; holidays: string[]; workdayStart: string; cutoffTime: string };
}
interface Editing {
  id: string | null;
  revision: number;
  form: WarehouseForm;
}

const KIND_LABELS: Record<Kind, string> = { own: "Own warehouse", overseas_3pl: "Overseas 3PL", platform: "Platform warehouse" };
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EMPTY: WarehouseForm = {
  code: "",
  name: "",
  kind: "own",
  country: "",
  address: { line1: "", city: "", postalCode: "" },
  calendar: { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "09:00", cutoffTime: "17:00" },
};
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

export function WarehousesScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing | null>(null);
  const me = useQuery(trpc.me.queryOptions());
  const list = useQuery(trpc.warehouses.list.queryOptions({ search, page, pageSize: 25 }));
  const canEdit = me.data?.membership?.role === "owner" || me.data?.membership?.role === "admin";
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.warehouses.list.queryKey() });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Warehouses</h1>
          <p>Where orders ship from, with the business calendar that deadlines are measured against.</p>
        </div>
        {canEdit ? (
          <button className="btn primary" onClick={() => setEditing({ id: null, revision: 0, form: EMPTY })}>
            New warehouse
          </button>
        ) : null}
      </div>
      <div className="toolbar">
        <input
          className="input"
          style={{ width: 320 }}
          placeholder="Search code, name or country"
          aria-label="Search warehouses"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <div className="table-wrap">
        {list.isLoading ? (
          <div style={{ padding: 16, display: "grid", gap: 10 }}>
            {[1, 2, 3].map((i) => (
              <div className="skeleton" key={i} />
            ))}
          </div>
        ) : list.error ? (
          <div className="banner error" style={{ margin: 12 }}>
            {list.error.message}
          </div>
        ) : list.data && list.data.items.length === 0 ? (
          <div className="empty">
            <strong>{search ? "No warehouse matches your search" : "No warehouses yet"}</strong>
            {search ? "Try another code, name or country." : canEdit ? "Add the warehouses you ship from to start routing orders." : "An admin adds warehouses."}
          </div>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Code</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Country</th>
                <th>Working days</th>
                <th>Cut-off</th>
                <th>Time zone</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((w) => (
                <tr
                  key={w.id}
                  className={canEdit ? "clickable" : undefined}
                  onClick={() =>
                    canEdit &&
                    setEditing({
                      id: w.id,
                      revision: w.revision,
                      form: { code: w.code, name: w.name, kind: w.kind, country: w.country, address: w.address ?? EMPTY.address, calendar: { ...w.calendar } },
                    })
                  }
                >
                  <td>
                    <strong>{w.code}</strong>
                  </td>
                  <td>{w.name}</td>
                  <td>
                    <span className="badge">{KIND_LABELS[w.kind]}</span>
                  </td>
                  <td>{w.country}</td>
                  <td>{w.calendar.workingDays.map((d) => DAYS[d - 1]).join(" ")}</td>
                  <td>{w.calendar.cutoffTime}</td>
                  <td className="muted">{w.calendar.timeZone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && list.data.total > 0 ? <Pager page={list.data.page} pageCount={list.data.pageCount} total={list.data.total} onPage={setPage} /> : null}
      </div>
      {editing ? (
        <WarehouseDialog
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

function WarehouseDialog({ editing, onClose, onSaved }: { editing: Editing; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [form, setForm] = useState<WarehouseForm>(editing.form);
  const [holidayText, setHolidayText] = useState(editing.form.calendar.holidays.join("\n"));
  const [revision, setRevision] = useState(editing.revision);
  const create = useMutation(trpc.warehouses.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.warehouses.update.mutationOptions({ onSuccess: onSaved }));
  const remove = useMutation(trpc.warehouses.delete.mutationOptions({ onSuccess: onSaved }));
  const err = formErrorOf(create.error ?? update.error ?? remove.error);
  const fe = (path: string) => err?.fieldErrors[path] ?? err?.fieldErrors[`fields.${path}`];
  const busy = create.isPending || update.isPending || remove.isPending;
  const conflict = err?.conflict?.current as (WarehouseForm & { revision: number }) | undefined;

  function fields() {
    const holidays = holidayText.split(/[\s,]+/).filter(Boolean);
    const address = form.address.line1 || form.address.city || form.address.postalCode ? form.address : null;
    return { ...form, country: form.country.trim().toUpperCase(), address, calendar: { ...form.calendar, holidays } };
  }
  function save() {
    if (editing.id === null) create.mutate(fields());
    else update.mutate({ id: editing.id, revision, fields: fields() });
  }
  const setCal = (patch: Partial<WarehouseForm["calendar"]>) => setForm({ ...form, calendar: { ...form.calendar, ...patch } });

  return (
    <Dialog
      title={editing.id ? `Edit ${editing.form.code}` : "New warehouse"}
      onClose={onClose}
      footer={<EditDialogFooter busy={busy} onCancel={onClose} onSave={save} onDelete={editing.id ? () => confirm(`Delete ${editing.form.code}?`) && remove.mutate({ id: editing.id!, revision }) : undefined} />}
    >
      {conflict ? (
        <ConflictBanner
          what="warehouse"
          summary={
            <>
              Now: “{conflict.name}”, cut-off {conflict.calendar.cutoffTime}, {conflict.calendar.timeZone}.
            </>
          }
          onLoadTheirs={() => {
            setForm({ ...conflict, address: conflict.address ?? EMPTY.address });
            setHolidayText(conflict.calendar.holidays.join("\n"));
            setRevision(conflict.revision);
            update.reset();
          }}
          onKeepMine={() => {
            setRevision(conflict.revision);
            update.reset();
          }}
        />
      ) : err ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="Code" htmlFor="wh-code" error={fe("code")}>
          <input id="wh-code" className="input" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} aria-invalid={!!fe("code")} />
        </Field>
        <Field label="Name" htmlFor="wh-name" error={fe("name")}>
          <input id="wh-name" className="input" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} aria-invalid={!!fe("name")} />
        </Field>
        <Field label="Kind" htmlFor="wh-kind" error={fe("kind")}>
          <select id="wh-kind" className="select" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}>
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Country" htmlFor="wh-country" error={fe("country")} hint="ISO code, e.g. US, DE, CN">
          <input id="wh-country" className="input" maxLength={2} value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value.toUpperCase() })} aria-invalid={!!fe("country")} />
        </Field>
        <Field label="Address" htmlFor="wh-line1" error={fe("address.line1")} wide>
          <input id="wh-line1" className="input" placeholder="Street and number" value={form.address.line1} onChange={(e) => setForm({ ...form, address: { ...form.address, line1: e.target.value } })} />
        </Field>
        <Field label="City" htmlFor="wh-city">
          <input id="wh-city" className="input" value={form.address.city} onChange={(e) => setForm({ ...form, address: { ...form.address, city: e.target.value } })} />
        </Field>
        <Field label="Postal code" htmlFor="wh-postal">
          <input id="wh-postal" className="input" value={form.address.postalCode} onChange={(e) => setForm({ ...form, address: { ...form.address, postalCode: e.target.value } })} />
        </Field>
        <Field label="Time zone" htmlFor="wh-tz" error={fe("calendar.timeZone")}>
          <select id="wh-tz" className="select" value={form.calendar.timeZone} onChange={(e) => setCal({ timeZone: e.target.value })}>
            {TIME_ZONES.map((tz) => (
              <option key={tz}>{tz}</option>
            ))}
          </select>
        </Field>
        <Field label="Working days" htmlFor="wh-days" error={fe("calendar.workingDays")}>
          <div className="days" id="wh-days">
            {DAYS.map((d, i) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={form.calendar.workingDays.includes(i + 1)}
                  onChange={(e) => setCal({ workingDays: e.target.checked ? [...form.calendar.workingDays, i + 1].sort() : form.calendar.workingDays.filter((x) => x !== i + 1) })}
                />
                {d}
              </label>
            ))}
          </div>
        </Field>
        <Field label="Work starts" htmlFor="wh-start" error={fe("calendar.workdayStart")}>
          <input id="wh-start" className="input" type="time" value={form.calendar.workdayStart} onChange={(e) => setCal({ workdayStart: e.target.value })} />
        </Field>
        <Field label="Daily cut-off" htmlFor="wh-cutoff" error={fe("calendar.cutoffTime")} hint="Parcels packed by then leave the same day">
          <input id="wh-cutoff" className="input" type="time" value={form.calendar.cutoffTime} onChange={(e) => setCal({ cutoffTime: e.target.value })} />
        </Field>
        <Field label="Holidays" htmlFor="wh-holidays" error={fe("calendar.holidays")} hint="One date per line, YYYY-MM-DD" wide>
          <textarea id="wh-holidays" className="input" rows={3} value={holidayText} onChange={(e) => setHolidayText(e.target.value)} />
        </Field>
      </div>
    </Dialog>
  );
}
