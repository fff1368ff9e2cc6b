"use client";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useDebounced } from "@/components/ui/use-debounced";
import { useTRPC } from "@/lib/trpc";
import { DEFAULT_LIVE_FILTERS, type LiveFilters, type TLinkFilter, decisionsInput, isFiltered, liveFilterQuery, parseLiveFilters, rangeError } from "./live-filters";
import { replaceUrlQuery, useQueryFromOutside } from "./use-url-query";

/** Rows a page of the explorer loads ("Load more" adds the next page under them). */
export const DECISIONS_PAGE = 50;

/**
 * The decisions explorer's filters, in the URL query; the search box's text is applied once typing
 * pauses. Presets ("last hour") count back from the moment the filters last changed, or from
 * `refresh()`: the list does not shift under the reader while they page through it.
 */
export function useLiveFilters(initial: LiveFilters) {
  const [filters, setFilters] = useState<LiveFilters>(initial);
  const [searchText, setSearchText] = useState(initial.search);
  const [now, setNow] = useState(() => Date.now());
  const debounced = useDebounced(searchText.trim(), 350);

  const apply = (next: LiveFilters) => {
    setFilters(next);
    setNow(Date.now());
    replaceUrlQuery(liveFilterQuery(next));
  };
  const set = (patch: Partial<LiveFilters>) => apply({ ...filters, ...patch });
  useQueryFromOutside(liveFilterQuery(filters), (params) => {
    const next = parseLiveFilters(params);
    setFilters(next);
    setSearchText(next.search);
    setNow(Date.now());
  });

  useEffect(() => {
    if (debounced !== filters.search) set({ search: debounced });
    // Only a new search text applies (not every change of the other filters).
  }, [debounced]);

  return {
    filters,
    searchText,
    setSearchText,
    /** The range as it is being typed is checked here so the message shows at once. */
    rangeError: rangeError(filters),
    filtered: isFiltered(filters),
    now,
    set,
    removeLinkFilter: (key: TLinkFilter) => set({ [key]: "" }),
    clear: () => {
      setSearchText("");
      apply(DEFAULT_LIVE_FILTERS);
    },
    refresh: () => setNow(Date.now()),
  };
}

/** The explorer's decisions for these filters, a page at a time (newest first); `loadMore` appends the next page. */
export function useDecisionPages(filters: LiveFilters, now: number, enabled: boolean) {
  const trpc = useTRPC();
  const input = useMemo(() => decisionsInput(filters, now, DECISIONS_PAGE), [filters, now]);
  const query = useInfiniteQuery(
    trpc.live.decisions.infiniteQueryOptions(input, {
      enabled,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
      retry: false,
      staleTime: 30_000,
    }),
  );
  const pages = query.data?.pages ?? [];
  const items = useMemo(() => pages.flatMap((p) => p.items), [pages]);
  const names = useMemo(() => {
    const out = { warehouses: {} as Record<string, string>, channels: {} as Record<string, string>, stores: {} as Record<string, string> };
    for (const p of pages) {
      Object.assign(out.warehouses, p.names.warehouses);
      Object.assign(out.channels, p.names.channels);
      Object.assign(out.stores, p.names.stores);
    }
    return out;
  }, [pages]);
  return {
    query,
    items,
    names,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}
