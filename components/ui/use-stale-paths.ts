"use client";
import { useCallback, useState } from "react";

/** Paths of the fields edited since the last save attempt (their old errors are hidden). */
export function useStalePaths() {
  const [stale, setStale] = useState<ReadonlySet<string>>(() => new Set());
  const touch = useCallback((...paths: string[]) => setStale((s) => (paths.every((p) => s.has(p)) ? s : new Set([...s, ...paths]))), []);
  const clear = useCallback(() => setStale(new Set()), []);
  return { stale, touch, clear };
}
