"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { type TTelemetryRange, isTelemetryRange, telemetryInput } from "./telemetry-series";
import { replaceUrlQuery, useQueryFromOutside } from "./use-url-query";

/** The page's query for a range and ruleset ("" for the default: 24 hours, every ruleset). */
export function telemetryQuery(range: TTelemetryRange, rulesetId: string): string {
  const p = new URLSearchParams();
  if (range !== "24h") p.set("range", range);
  if (rulesetId) p.set("ruleset", rulesetId);
  return p.toString();
}

/**
 * Rule telemetry's range and ruleset (in the URL query) and its read. Days start at the browser's
 * midnight; the range counts back from the moment it was chosen, or from `refresh()`.
 */
export function useTelemetry(initialRange: TTelemetryRange, initialRulesetId: string) {
  const trpc = useTRPC();
  const [range, setRange] = useState<TTelemetryRange>(initialRange);
  const [rulesetId, setRulesetId] = useState(initialRulesetId);
  const [now, setNow] = useState(() => Date.now());
  const input = useMemo(() => telemetryInput(range, rulesetId, now, -new Date(now).getTimezoneOffset()), [range, rulesetId, now]);
  const query = useQuery(trpc.live.telemetry.queryOptions(input, { placeholderData: keepPreviousData, staleTime: 60_000, retry: false }));
  const choose = (next: { range?: TTelemetryRange; rulesetId?: string }) => {
    const r = next.range ?? range;
    const id = next.rulesetId ?? rulesetId;
    setRange(r);
    setRulesetId(id);
    setNow(Date.now());
    replaceUrlQuery(telemetryQuery(r, id));
  };
  useQueryFromOutside(telemetryQuery(range, rulesetId), (params) => {
    const r = params.get("range") ?? "";
    setRange(isTelemetryRange(r) ? r : "24h");
    setRulesetId((params.get("ruleset") ?? "").slice(0, 100));
    setNow(Date.now());
  });
  return { range, rulesetId, query, choose, refresh: () => setNow(Date.now()) };
}
