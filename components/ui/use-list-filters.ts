"use client";
import { useState } from "react";

/**
 * A list's filters and page: changing or clearing a filter goes back to the first page. `empty` is
 * the filters as the list opens and after "Clear filters".
 */
export function useListFilters<F extends object>(empty: F) {
  const [filters, setFilters] = useState<F>(empty);
  const [page, setPage] = useState(1);
  return {
    filters,
    page,
    setPage,
    set: (patch: Partial<F>) => {
      setFilters((f) => ({ ...f, ...patch }));
      setPage(1);
    },
    clear: () => {
      setFilters(empty);
      setPage(1);
    },
  };
}
