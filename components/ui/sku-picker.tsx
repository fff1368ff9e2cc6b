"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { useDebounced } from "./use-debounced";

export interface PickedSku {
  id: string;
  code: string;
  name: string;
}

/** Chooses a warehouse SKU by searching code or name (catalogues have hundreds of SKUs). */
export function SkuPicker({ id, value, onChange, invalid }: { id: string; value: PickedSku | null; onChange: (sku: PickedSku | null) => void; invalid?: boolean }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [searching, setSearching] = useState(value === null);
  const q = useDebounced(search.trim(), 200);
  const results = useQuery({ ...trpc.skus.list.queryOptions({ search: q, page: 1, pageSize: 8 }), enabled: searching });

  if (value && !searching) {
    return (
      <div className="sku-picked" id={id}>
        <span>
          <strong className="mono">{value.code}</strong> <span className="muted">{value.name}</span>
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setSearch("");
            setSearching(true);
          }}
        >
          Change
        </button>
      </div>
    );
  }
  return (
    <div className="sku-picker">
      <input id={id} className="input" placeholder="Search warehouse SKU code or name" value={search} onChange={(e) => setSearch(e.target.value)} aria-invalid={invalid} autoComplete="off" />
      <ul className="sku-results" role="listbox" aria-label="Matching SKUs">
        {results.isLoading ? <li className="muted">Searching…</li> : null}
        {results.data?.items.length === 0 ? <li className="muted">No SKU matches “{q}”.</li> : null}
        {results.data?.items.map((s) => (
          <li key={s.id} role="option" aria-selected={value?.id === s.id}>
            <button
              type="button"
              onClick={() => {
                onChange({ id: s.id, code: s.code, name: s.name });
                setSearching(false);
              }}
            >
              <strong className="mono">{s.code}</strong> <span className="muted">{s.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {value ? (
        <button type="button" className="btn ghost small" onClick={() => setSearching(false)}>
          Keep {value.code}
        </button>
      ) : null}
    </div>
  );
}
