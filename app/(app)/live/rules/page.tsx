import { TelemetryScreen } from "@/components/live/telemetry-screen";
import { isTelemetryRange } from "@/components/live/telemetry-series";

export const metadata = { title: "Rule telemetry — Switchyard" };

export default async function LiveRulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const range = one(q.range);
  return <TelemetryScreen initialRange={isTelemetryRange(range) ? range : "24h"} initialRulesetId={one(q.ruleset).slice(0, 100)} />;
}
