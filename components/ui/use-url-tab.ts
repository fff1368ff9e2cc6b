"use client";
import { useState } from "react";

/**
 * The selected tab of a page, kept in the URL as `?tab=…` (without a query for `first`, the page's
 * default tab) so a reload or a shared link opens the same tab.
 */
export function useUrlTab<T extends string>(initial: T, first: T): [T, (tab: T) => void] {
  const [tab, setTab] = useState<T>(initial);
  const switchTab = (t: T) => {
    setTab(t);
    window.history.replaceState(null, "", t === first ? window.location.pathname : `?tab=${t}`);
  };
  return [tab, switchTab];
}
