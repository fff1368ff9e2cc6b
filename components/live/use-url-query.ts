"use client";
import { useSearchParams } from "next/navigation";
import { useState } from "react";

/**
 * Writes a screen's query string into the address bar without a navigation (a reload or a shared
 * link opens the same view; Next's router follows `history.replaceState`).
 */
export function replaceUrlQuery(query: string): void {
  if (typeof window === "undefined") return;
  const next = query ? `${window.location.pathname}?${query}` : window.location.pathname;
  if (next !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", next);
}

/**
 * Calls `onChange` when the URL's query changes to something other than `current` (the query the
 * screen's own state writes): a link to the same page with other filters (the sidebar's, another
 * screen's) or the browser's back button. The screen then reads its filters from the URL again.
 */
export function useQueryFromOutside(current: string, onChange: (params: URLSearchParams) => void): void {
  const params = useSearchParams();
  const urlQuery = params?.toString() ?? "";
  const [seen, setSeen] = useState(urlQuery);
  if (urlQuery !== seen) {
    setSeen(urlQuery);
    if (urlQuery !== current) onChange(new URLSearchParams(urlQuery));
  }
}
