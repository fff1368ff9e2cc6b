"use client";
import { useId, useMemo, useState } from "react";
import { COUNTRY_CODES, countryName } from "@/rules-schema/context/countries";
import { useDesignerMasterData } from "./designer-master-data";
import { type TUnit, type TUnitKind, UNITS, baseHint, fromBase, isUnitKind, parseTyped, preferredUnit, roundTo as round, toBase } from "@/rules-schema/util/quantity-units";

export type { TUnitKind };

/**
 * A number typed in a unit of the user's choice (kg, lb, days…), stored in the base unit (grams,
 * centimetres, hours). What is shown is what is stored: choosing another unit keeps the number on
 * screen and stores it in that unit (type 2, choose kg: 2 kg = 2,000 g), and the base quantity is
 * shown under the field whenever another unit is chosen. An empty or non-numeric entry is kept on
 * screen and reported as null, so nothing typed is lost. A stored quantity opens in the unit it reads
 * best in (2,000 g as 2 kg).
 */
export function QuantityInput({
  id,
  value,
  onChange,
  unit,
  ariaLabel,
}: {
  id?: string;
  value: number | null;
  onChange: (v: number | null) => void;
  unit?: TUnitKind | "money" | "count" | undefined;
  ariaLabel?: string;
}) {
  const kind = isUnitKind(unit) ? unit : null;
  const [unitId, setUnitId] = useState<string>(() => (kind ? preferredUnit(kind, value).id : ""));
  const chosen: TUnit | null = kind ? (UNITS[kind].find((u) => u.id === unitId) ?? UNITS[kind][0]) : null;
  const shown = value === null ? "" : String(chosen ? fromBase(value, chosen) : value);
  const [draft, setDraft] = useState<string | null>(null);
  const typedNow = draft ?? shown;
  const hint = kind && chosen ? baseHint(value, chosen, kind) : null;
  const hintId = useId();
  return (
    <div className="quantity-field">
      <div className="quantity-input">
        <input
          id={id}
          className="input"
          inputMode="decimal"
          aria-label={ariaLabel}
          aria-describedby={hint ? hintId : undefined}
          value={typedNow}
          onChange={(e) => {
            setDraft(e.target.value);
            const n = parseTyped(e.target.value);
            onChange(n === null ? null : chosen ? toBase(n, chosen) : n);
          }}
          onBlur={() => setDraft(null)}
        />
        {kind && chosen ? (
          <select
            className="input unit"
            aria-label={`${ariaLabel ?? "Value"} unit`}
            value={chosen.id}
            onChange={(e) => {
              const next = UNITS[kind].find((u) => u.id === e.target.value) ?? UNITS[kind][0];
              setUnitId(next.id);
              // The number on screen stays; the stored quantity follows the unit it is now in.
              const n = parseTyped(typedNow);
              setDraft(typedNow);
              if (n !== null) onChange(toBase(n, next));
            }}
          >
            {UNITS[kind].map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        ) : unit === "count" || unit === "money" ? (
          <span className="unit-suffix muted">{unit === "count" ? "#" : "¤"}</span>
        ) : null}
      </div>
      {hint ? (
        <span id={hintId} className="quantity-hint muted" data-testid="quantity-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A searchable multi-select of countries by name; the chips show what is chosen. */
export function CountryMultiSelect({ id, value, onChange, ariaLabel = "Countries" }: { id?: string; value: string[]; onChange: (v: string[]) => void; ariaLabel?: string }) {
  const [query, setQuery] = useState("");
  const listId = useId();
  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = COUNTRY_CODES.map((c) => ({ code: c, name: countryName(c) })).sort((a, b) => a.name.localeCompare(b.name));
    return q ? all.filter((c) => c.code.toLowerCase() === q || c.name.toLowerCase().includes(q)) : all;
  }, [query]);
  const chosen = new Set(value);
  const toggle = (code: string) => onChange(chosen.has(code) ? value.filter((v) => v !== code) : [...value, code]);
  return (
    <div className="country-multi">
      <div className="chips" aria-label={`${ariaLabel} chosen`}>
        {value.length === 0 ? <span className="muted">None chosen</span> : null}
        {value.map((c) => (
          <span key={c} className="chip">
            {countryName(c)} <span className="muted">{c}</span>
            <button type="button" aria-label={`Remove ${countryName(c)}`} onClick={() => toggle(c)}>
              ×
            </button>
          </span>
        ))}
      </div>
      <input
        id={id}
        className="input"
        placeholder="Search countries (name or code)"
        aria-label={`Search ${ariaLabel.toLowerCase()}`}
        aria-controls={listId}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && options[0]) {
            e.preventDefault();
            if (!chosen.has(options[0].code)) toggle(options[0].code);
            setQuery("");
          }
        }}
      />
      <ul className="country-options" id={listId} role="listbox" aria-label={ariaLabel} aria-multiselectable>
        {options.slice(0, 60).map((c) => (
          <li key={c.code} role="option" aria-selected={chosen.has(c.code)}>
            <label>
              <input type="checkbox" checked={chosen.has(c.code)} onChange={() => toggle(c.code)} /> {c.name} <span className="muted">{c.code}</span>
            </label>
          </li>
        ))}
        {options.length > 60 ? <li className="muted">{options.length - 60} more — type to narrow</li> : null}
        {options.length === 0 ? <li className="muted">No country matches “{query}”</li> : null}
      </ul>
    </div>
  );
}

export function CountrySelect({ id, value, onChange, ariaLabel }: { id?: string; value: string; onChange: (v: string) => void; ariaLabel?: string }) {
  const all = useMemo(() => COUNTRY_CODES.map((c) => ({ code: c, name: countryName(c) })).sort((a, b) => a.name.localeCompare(b.name)), []);
  return (
    <select id={id} className="input" aria-label={ariaLabel} value={value} onChange={(e) => onChange(e.target.value)}>
      {value === "" || !COUNTRY_CODES.includes(value) ? <option value={value}>{value ? `${value} (unknown)` : "Choose a country"}</option> : null}
      {all.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name} ({c.code})
        </option>
      ))}
    </select>
  );
}

type RefKind = "warehouse" | "channel" | "store";

/** A select of the organization's warehouses, channels or stores, by name. Keeps an unknown id visible. */
export function MasterDataPicker({ id, kind, value, onChange, ariaLabel, allowNone }: { id?: string; kind: RefKind; value: string | null; onChange: (v: string | null) => void; ariaLabel?: string; allowNone?: string }) {
  const md = useDesignerMasterData();
  const items =
    kind === "warehouse"
      ? md.warehouses.map((w) => ({ id: w.id, text: `${w.name} (${w.code}) · ${w.kind} · ${w.country}` }))
      : kind === "channel"
        ? md.channels.map((c) => ({ id: c.id, text: `${c.name} (${c.code}) · ${c.carrier} · ≤ ${round(c.maxWeightGrams / 1000, 2)} kg${c.batteryAllowed ? " · batteries ok" : ""}` }))
        : md.stores.map((s) => ({ id: s.id, text: `${s.name} · ${s.platform}` }));
  const missing = value !== null && value !== "" && md.loaded && !items.some((i) => i.id === value);
  return (
    <select id={id} className="input" aria-label={ariaLabel} value={value ?? ""} onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}>
      {allowNone !== undefined || value === null || value === "" ? <option value="">{allowNone ?? `Choose a ${kind}`}</option> : null}
      {missing ? <option value={value}>{`${value} (no longer exists)`}</option> : null}
      {items.map((i) => (
        <option key={i.id} value={i.id}>
          {i.text}
        </option>
      ))}
    </select>
  );
}

/** Several master-data ids (stores or warehouses) as checkboxes, by name. */
export function MasterDataChecklist({ kind, value, onChange, ariaLabel }: { kind: "store" | "warehouse"; value: string[]; onChange: (v: string[]) => void; ariaLabel: string }) {
  const md = useDesignerMasterData();
  const chosen = new Set(value);
  const items = kind === "store" ? md.stores.map((s) => ({ id: s.id, name: s.name, note: s.platform })) : md.warehouses.map((w) => ({ id: w.id, name: w.name, note: `${w.code} · ${w.country}` }));
  return (
    <div className="checklist" role="group" aria-label={ariaLabel}>
      {items.map((i) => (
        <label key={i.id}>
          <input type="checkbox" checked={chosen.has(i.id)} onChange={() => onChange(chosen.has(i.id) ? value.filter((v) => v !== i.id) : [...value, i.id])} /> {i.name} <span className="muted">{i.note}</span>
        </label>
      ))}
    </div>
  );
}

/** Options of an enumerated fact as checkboxes. */
export function OptionChecklist({ options, value, onChange, ariaLabel }: { options: readonly string[]; value: string[]; onChange: (v: string[]) => void; ariaLabel: string }) {
  const chosen = new Set(value);
  return (
    <div className="checklist" role="group" aria-label={ariaLabel}>
      {options.map((o) => (
        <label key={o}>
          <input type="checkbox" checked={chosen.has(o)} onChange={() => onChange(chosen.has(o) ? value.filter((v) => v !== o) : [...value, o])} /> {o}
        </label>
      ))}
    </div>
  );
}

/**
 * A list of words or numbers typed comma- or line-separated. The text stays as typed; the parsed
 * list goes to `onChange`.
 */
export function ListInput({ id, value, onChange, numeric, ariaLabel, placeholder }: { id?: string; value: unknown[]; onChange: (v: unknown[]) => void; numeric?: boolean; ariaLabel?: string; placeholder?: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = value.map(String).join(", ");
  return (
    <textarea
      id={id}
      className="input"
      rows={2}
      aria-label={ariaLabel}
      placeholder={placeholder ?? "Comma-separated values"}
      value={draft ?? shown}
      onChange={(e) => {
        setDraft(e.target.value);
        const parts = e.target.value
          .split(/[,\n]/)
          .map((p) => p.trim())
          .filter(Boolean);
        onChange(numeric ? parts.map((p) => (Number.isFinite(Number(p)) ? Number(p) : p)) : parts);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

export interface PostalCodeSetValue {
  prefixes: string[];
  ranges: { from: string; to: string }[];
}

/** Postal-code prefixes (comma-separated) and ranges (one "from-to" per line). */
export function PostalCodeSetInput({ id, value, onChange }: { id?: string; value: PostalCodeSetValue; onChange: (v: PostalCodeSetValue) => void }) {
  const [rangesText, setRangesText] = useState<string | null>(null);
  return (
    <div className="postal-set">
      <ListInput id={id} ariaLabel="Postal code prefixes" placeholder="Prefixes, e.g. 90, 91, 100" value={value.prefixes} onChange={(p) => onChange({ ...value, prefixes: p.map(String) })} />
      <textarea
        className="input"
        rows={2}
        aria-label="Postal code ranges"
        placeholder={"Ranges, one per line, e.g. 10000-14999"}
        value={rangesText ?? value.ranges.map((r) => `${r.from}-${r.to}`).join("\n")}
        onChange={(e) => {
          setRangesText(e.target.value);
          const ranges = e.target.value
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [from = "", to = ""] = l.split(/\s*[-–]\s*/);
              return { from, to: to || from };
            });
          onChange({ ...value, ranges });
        }}
        onBlur={() => setRangesText(null)}
      />
    </div>
  );
}
