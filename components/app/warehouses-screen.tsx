"use client";
import { useQuery } from "@tanstack/react-query";
import { EditDialog } from "@/components/ui/edit-dialog";
import { revisioned } from "@/components/ui/edit-form-state";
import { Field } from "@/components/ui/field";
import { errorsUnder } from "@/components/ui/form-errors";
import { EmptyState } from "@/components/ui/list-states";
import { ListView, PageHead } from "@/components/ui/list-view";
import { useCanManageMasterData } from "@/components/ui/use-can-manage";
import { useCrudMutations, useEditDialog, useEditForm } from "@/components/ui/use-edit-dialog";
import { useListFilters } from "@/components/ui/use-list-filters";
import { useTRPC } from "@/lib/trpc";
import type { WarehouseRow } from "./master-data-rows";

type Kind = WarehouseRow["kind"];
/** The form, flat: the address and calendar are put together on save; holidays as typed. */
interface WarehouseForm {
  code: string;
  name: string;
  kind: Kind;
  country: string;
  line1: string;
  city: string;
  postalCode: string;
  timeZone: string;
  workingDays: number[];
  holidays: string;
  workdayStart: string;
  cutoffTime: string;
}

const KIND_LABELS: Record<Kind, string> = { own: "Own warehouse", overseas_3pl: "Overseas 3PL", platform: "Platform warehouse" };
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EMPTY: WarehouseForm = {
  code: "",
  name: "",
  kind: "own",
  country: "",
  line1: "",
  city: "",
  postalCode: "",
  timeZone: "Asia/Shanghai",
  workingDays: [1, 2, 3, 4, 5],
  holidays: "",
  workdayStart: "09:00",
  cutoffTime: "17:00",
};
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];
/** The input paths each form key fills. */
const PATHS: Partial<Record<keyof WarehouseForm, readonly string[]>> = {
  line1: ["address.line1"],
  city: ["address.city"],
  postalCode: ["address.postalCode"],
  timeZone: ["calendar.timeZone"],
  workingDays: ["calendar.workingDays"],
  holidays: ["calendar.holidays"],
  workdayStart: ["calendar.workdayStart"],
  cutoffTime: ["calendar.cutoffTime"],
};
const CLAIMED = ["code", "name", "kind", "country", ...Object.values(PATHS).flat()];

export function formOf(w: WarehouseRow): WarehouseForm {
  const { calendar: c, address: a } = w;
  return {
    code: w.code,
    name: w.name,
    kind: w.kind,
    country: w.country,
    line1: a?.line1 ?? "",
    city: a?.city ?? "",
    postalCode: a?.postalCode ?? "",
    timeZone: c.timeZone,
    workingDays: [...c.workingDays],
    holidays: c.holidays.join("\n"),
    workdayStart: c.workdayStart,
    cutoffTime: c.cutoffTime,
  };
}

/** The create/update fields of the form: no address when every part is blank. */
export function fieldsOf(f: WarehouseForm) {
  const address = f.line1 || f.city || f.postalCode ? { line1: f.line1, city: f.city, postalCode: f.postalCode } : null;
  const holidays = f.holidays.split(/[\s,]+/).filter(Boolean);
  const calendar = { timeZone: f.timeZone, workingDays: f.workingDays, holidays, workdayStart: f.workdayStart, cutoffTime: f.cutoffTime };
  return { code: f.code, name: f.name, kind: f.kind, country: f.country.trim().toUpperCase(), address, calendar };
}

export function WarehousesScreen() {
  const trpc = useTRPC();
  const { canEdit, role } = useCanManageMasterData();
  const { filters, set, page, setPage } = useListFilters({ search: "" });
  const { search } = filters;
  const dialog = useEditDialog<{ row: WarehouseRow | null }>([trpc.warehouses.list.queryKey()]);
  const list = useQuery(trpc.warehouses.list.queryOptions({ search, page, pageSize: 25 }));

  return (
    <>
      <PageHead title="Warehouses" role={role} create={canEdit ? { label: "New warehouse", onClick: () => dialog.open({ row: null }) } : null}>
        Where orders ship from, with the business calendar that deadlines are measured against.
      </PageHead>
      <div className="toolbar">
        <input
          className="input"
          style={{ width: 320 }}
          placeholder="Search code, name or country"
          aria-label="Search warehouses"
          value={search}
          onChange={(e) => set({ search: e.target.value })}
        />
      </div>
      <ListView
        list={list}
        loadingRows={3}
        onPage={setPage}
        empty={
          <EmptyState title={search ? "No warehouse matches your search" : "No warehouses yet"}>
            {search ? "Try another code, name or country." : canEdit ? "Add the warehouses you ship from to start routing orders." : "An admin adds warehouses."}
          </EmptyState>
        }
        head={
          <>
            <th>Code</th>
            <th>Name</th>
            <th>Kind</th>
            <th>Country</th>
            <th>Working days</th>
            <th>Cut-off</th>
            <th>Time zone</th>
          </>
        }
      >
        {(items) =>
          items.map((w) => (
            <tr key={w.id} className={canEdit ? "clickable" : undefined} onClick={() => canEdit && dialog.open({ row: w })}>
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
          ))
        }
      </ListView>
      {dialog.editing ? <WarehouseDialog warehouse={dialog.editing.row} onClose={dialog.onClose} onSaved={dialog.onSaved} /> : null}
    </>
  );
}

/** Edits `warehouse`, or creates one when it is null. */
function WarehouseDialog({ warehouse, onClose, onSaved }: { warehouse: WarehouseRow | null; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const { create, update, remove } = useCrudMutations(trpc.warehouses, onSaved);
  const d = useEditForm({ ...revisioned(warehouse, EMPTY, formOf), mutations: [create, update, remove], claimed: CLAIMED, staleAliases: PATHS });
  const { form, set, fe, errors } = d;

  function save() {
    if (!d.attempt()) return;
    if (warehouse === null) create.mutate(fieldsOf(form));
    else update.mutate({ id: warehouse.id, revision: d.token, fields: fieldsOf(form) });
  }

  return (
    <EditDialog
      title={warehouse ? `Edit ${warehouse.code}` : "New warehouse"}
      onClose={onClose}
      onSave={save}
      onDelete={warehouse ? () => d.confirmDelete(`Delete ${warehouse.code}?`, () => remove.mutate({ id: warehouse.id, revision: d.token })) : undefined}
      form={d}
      what="warehouse"
      summary={(c) => (
        <>
          Now: “{c.name}”, cut-off {c.calendar.cutoffTime}, {c.calendar.timeZone}.
        </>
      )}
    >
      <div className="form-grid">
        <Field label="Code" htmlFor="wh-code" error={fe("code")}>
          <input id="wh-code" className="input" value={form.code} onChange={(e) => set({ code: e.target.value })} aria-invalid={!!fe("code")} />
        </Field>
        <Field label="Name" htmlFor="wh-name" error={fe("name")}>
          <input id="wh-name" className="input" value={form.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!fe("name")} />
        </Field>
        <Field label="Kind" htmlFor="wh-kind" error={fe("kind")}>
          <select id="wh-kind" className="select" value={form.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
            {Object.entries(KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Country" htmlFor="wh-country" error={fe("country")} hint="ISO code, e.g. US, DE, CN">
          <input id="wh-country" className="input" maxLength={2} value={form.country} onChange={(e) => set({ country: e.target.value.toUpperCase() })} aria-invalid={!!fe("country")} />
        </Field>
        <Field label="Address" htmlFor="wh-line1" error={fe("address.line1")} wide>
          <input id="wh-line1" className="input" placeholder="Street and number" value={form.line1} onChange={(e) => set({ line1: e.target.value })} />
        </Field>
        <Field label="City" htmlFor="wh-city" error={fe("address.city")}>
          <input id="wh-city" className="input" value={form.city} onChange={(e) => set({ city: e.target.value })} />
        </Field>
        <Field label="Postal code" htmlFor="wh-postal" error={fe("address.postalCode")}>
          <input id="wh-postal" className="input" value={form.postalCode} onChange={(e) => set({ postalCode: e.target.value })} />
        </Field>
        <Field label="Time zone" htmlFor="wh-tz" error={fe("calendar.timeZone")}>
          <select id="wh-tz" className="select" value={form.timeZone} onChange={(e) => set({ timeZone: e.target.value })}>
            {TIME_ZONES.map((tz) => (
              <option key={tz}>{tz}</option>
            ))}
          </select>
        </Field>
        <Field label="Working days" htmlFor="wh-days" error={errorsUnder(errors, "calendar.workingDays")}>
          <div className="days" id="wh-days">
            {DAYS.map((day, i) => (
              <label key={day}>
                <input
                  type="checkbox"
                  checked={form.workingDays.includes(i + 1)}
                  onChange={(e) => set({ workingDays: e.target.checked ? [...form.workingDays, i + 1].sort() : form.workingDays.filter((x) => x !== i + 1) })}
                />
                {day}
              </label>
            ))}
          </div>
        </Field>
        <Field label="Work starts" htmlFor="wh-start" error={fe("calendar.workdayStart")}>
          <input id="wh-start" className="input" type="time" value={form.workdayStart} onChange={(e) => set({ workdayStart: e.target.value })} />
        </Field>
        <Field label="Daily cut-off" htmlFor="wh-cutoff" error={fe("calendar.cutoffTime")} hint="Parcels packed by then leave the same day">
          <input id="wh-cutoff" className="input" type="time" value={form.cutoffTime} onChange={(e) => set({ cutoffTime: e.target.value })} />
        </Field>
        <Field label="Holidays" htmlFor="wh-holidays" error={errorsUnder(errors, "calendar.holidays")} hint="One date per line, YYYY-MM-DD" wide>
          <textarea id="wh-holidays" className="input" rows={3} value={form.holidays} onChange={(e) => set({ holidays: e.target.value })} />
        </Field>
      </div>
    </EditDialog>
  );
}
