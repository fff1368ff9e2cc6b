"use client";
import { type ChangeEvent, useMemo, useState } from "react";
import { Field } from "@/components/ui/field";
import { platformLabel } from "@/components/ui/platform-badge";

/** An import format as the upload forms offer it (from IMPORT_FORMATS, without the parser). */
export interface ImportFormatOption {
  id: string;
  label: string;
  extensions: string[];
  platform: string | null;
  needsTimeZone: boolean;
  needsCurrency: boolean;
}

/** A store as the upload forms offer it. */
export interface UploadStore {
  id: string;
  name: string;
  platform: string;
}

/** The upload fields, as their errors are keyed. */
export type UploadField = "storeId" | "format" | "timeZone" | "currency";

export const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

/** The formats of the store's platform first (the Switchyard format, of no platform, fits every store); all in one list without a store. */
export function orderFormats(formats: ImportFormatOption[], store: UploadStore | undefined): { matching: ImportFormatOption[]; other: ImportFormatOption[] } {
  if (!store) return { matching: formats, other: [] };
  const matching = formats.filter((f) => f.platform === store.platform || f.platform === null);
  return { matching, other: formats.filter((f) => !matching.includes(f)) };
}

/** The format once `store` is chosen: until the user picks a format, the first of the store's platform (when the current one is another platform's). */
export function formatAfterStore(formats: ImportFormatOption[], formatId: string, formatChosen: boolean, store: UploadStore | undefined): string {
  const current = formats.find((f) => f.id === formatId);
  if (!store || !current || formatChosen || current.platform === store.platform) return formatId;
  return formats.find((f) => f.platform === store.platform)?.id ?? formatId;
}

/** The stores query the upload fields offer the stores of (a `useQuery` result of `stores.list`). */
export interface UploadStoresQuery {
  data?: { items: readonly UploadStore[] } | undefined;
  isLoading: boolean;
}

/**
 * The store, format, time zone and currency of an order-file upload, with the format following the store
 * until the user picks one; `formats` and the stores of `storesQuery` are what the fields offer.
 */
export function useUploadFields(formats: ImportFormatOption[], storesQuery: UploadStoresQuery) {
  const stores = storesQuery.data?.items;
  const [storeId, setStoreId] = useState("");
  const [formatId, setFormatId] = useState(formats[0]?.id ?? "");
  const [formatChosen, setFormatChosen] = useState(false);
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const [currency, setCurrency] = useState("");
  const store = stores?.find((s) => s.id === storeId);
  return {
    formats,
    stores,
    storesLoading: storesQuery.isLoading,
    storeId,
    store,
    formatId,
    format: formats.find((f) => f.id === formatId),
    timeZone,
    currency,
    setTimeZone,
    setCurrency,
    chooseStore: (id: string) => {
      setStoreId(id);
      setFormatId(formatAfterStore(formats, formatId, formatChosen, stores?.find((s) => s.id === id)));
    },
    chooseFormat: (id: string) => {
      setFormatId(id);
      setFormatChosen(true);
    },
  };
}

export type UploadFieldsState = ReturnType<typeof useUploadFields>;

/**
 * The store, format, time-zone and currency fields of an order-file upload (order imports, a simulation's
 * file), with ids `${idPrefix}-store`, `-format`, `-tz` and `-currency`. The time zone shows for formats
 * whose times have no offset, the currency for formats whose amounts may lack one.
 */
export function UploadFields({
  idPrefix,
  fields,
  busy,
  errors,
  storeHint,
  onEdit,
}: {
  idPrefix: string;
  fields: UploadFieldsState;
  busy: boolean;
  errors: Partial<Record<UploadField, string[]>>;
  storeHint?: string;
  /** Called after the user changes a field (e.g. to hide its old error). */
  onEdit?: (field: UploadField) => void;
}) {
  const { formats, stores, format, store } = fields;
  const ordered = useMemo(() => orderFormats(formats, store), [formats, store]);
  /** Applies the new value of `field`, then tells the form it was edited. */
  const change = (field: UploadField, apply: (value: string) => void) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    apply(e.target.value);
    onEdit?.(field);
  };
  const options = (list: ImportFormatOption[]) =>
    list.map((f) => (
      <option key={f.id} value={f.id}>
        {f.label}
      </option>
    ));

  return (
    <>
      <Field label="Store" htmlFor={`${idPrefix}-store`} error={errors.storeId} hint={storeHint}>
        <select id={`${idPrefix}-store`} className="select" value={fields.storeId} disabled={busy} onChange={change("storeId", fields.chooseStore)} aria-invalid={!!errors.storeId}>
          <option value="">{fields.storesLoading ? "Loading stores…" : "Choose a store"}</option>
          {stores?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {platformLabel(s.platform)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Format" htmlFor={`${idPrefix}-format`} error={errors.format} hint={format ? `A .${format.extensions.join(" / .")} file` : undefined}>
        <select id={`${idPrefix}-format`} className="select" value={fields.formatId} disabled={busy} onChange={change("format", fields.chooseFormat)} aria-invalid={!!errors.format}>
          {store && ordered.other.length ? (
            <>
              <optgroup label={`For ${platformLabel(store.platform)}`}>{options(ordered.matching)}</optgroup>
              <optgroup label="Other formats">{options(ordered.other)}</optgroup>
            </>
          ) : (
            options(formats)
          )}
        </select>
      </Field>
      {format?.needsTimeZone ? (
        <Field label="Time zone of the file" htmlFor={`${idPrefix}-tz`} error={errors.timeZone} hint="The export’s times have no offset; they are read in this zone">
          <select id={`${idPrefix}-tz`} className="select" value={fields.timeZone} disabled={busy} onChange={change("timeZone", fields.setTimeZone)}>
            {TIME_ZONES.includes(fields.timeZone) ? null : <option value={fields.timeZone}>{fields.timeZone}</option>}
            {TIME_ZONES.map((tz) => (
              <option key={tz}>{tz}</option>
            ))}
          </select>
        </Field>
      ) : null}
      {format?.needsCurrency ? (
        <Field label="Currency" htmlFor={`${idPrefix}-currency`} error={errors.currency} hint="For amounts written without a currency code">
          <input
            id={`${idPrefix}-currency`}
            className="input"
            placeholder="USD"
            maxLength={3}
            value={fields.currency}
            disabled={busy}
            onChange={change("currency", (v) => fields.setCurrency(v.toUpperCase()))}
            aria-invalid={!!errors.currency}
          />
        </Field>
      ) : null}
    </>
  );
}

/** What the browser checks before sending: a store and a format chosen, and a currency of three letters where one is typed. */
export function checkUploadFields(v: { storeId: string; format: ImportFormatOption | undefined; currency: string }): Partial<Record<UploadField, string>> {
  const errs: Partial<Record<UploadField, string>> = {};
  if (!v.storeId) errs.storeId = "Choose the store the orders belong to";
  if (!v.format) errs.format = "Choose the file’s format";
  if (v.format?.needsCurrency && v.currency && !/^[A-Za-z]{3}$/.test(v.currency)) errs.currency = "Three letters, e.g. USD";
  return errs;
}

/** How the server is to read the file: its format and store, and the time zone and currency where the format needs them. */
export function uploadSettings(v: { storeId: string; formatId: string; format: ImportFormatOption | undefined; timeZone: string; currency: string }): {
  format: string;
  storeId: string;
  timeZone?: string;
  currency?: string;
} {
  return {
    format: v.formatId,
    storeId: v.storeId,
    ...(v.format?.needsTimeZone && v.timeZone ? { timeZone: v.timeZone } : {}),
    ...(v.format?.needsCurrency && v.currency ? { currency: v.currency.toUpperCase() } : {}),
  };
}
