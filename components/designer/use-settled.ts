"use client";
import { useEffect, useState } from "react";

/** `value` once it has not changed for `ms`; with `ms` null, `value` itself (no timers, no extra renders). */
export function useSettled<T>(value: T, ms: number | null): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (ms === null) return;
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return ms === null ? value : settled;
}
