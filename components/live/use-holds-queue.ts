"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { type HoldsFilters, holdsCsvHref, holdsFilterQuery, holdsInput, parseHoldsFilters } from "./holds-query";
import { replaceUrlQuery, useQueryFromOutside } from "./use-url-query";

/**
 * The holds queue's range, store and reason (in the URL query), and its two reads: the groups of the
 * whole queue, and the orders of the chosen reason (the same read when no reason is chosen). Ranges
 * count from the moment the filters last changed, or from `refresh()`.
 */
export function useHoldsQueue(initial: HoldsFilters) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<HoldsFilters>(initial);
  const [now, setNow] = useState(() => Date.now());
  const set = (patch: Partial<HoldsFilters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    setNow(Date.now());
    replaceUrlQuery(holdsFilterQuery(next));
  };
  useQueryFromOutside(holdsFilterQuery(filters), (params) => {
    setFilters(parseHoldsFilters(params));
    setNow(Date.now());
  });
  const all = useMemo(() => holdsInput({ ...filters, reason: "" }, now), [filters, now]);
  const input = useMemo(() => holdsInput(filters, now), [filters, now]);
  const opts = { placeholderData: keepPreviousData, staleTime: 30_000, retry: false } as const;
  const groups = useQuery(trpc.live.holds.queryOptions(all, opts));
  const chosen = useQuery(trpc.live.holds.queryOptions(input, { ...opts, enabled: filters.reason !== "" }));
  const list = filters.reason ? chosen : groups;
  // The link names the range's instants: written once in the browser (the server's clock would not match).
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return {
    filters,
    set,
    groups,
    list,
    csvHref: mounted ? holdsCsvHref(input) : undefined,
    refresh: () => setNow(Date.now()),
  };
}
