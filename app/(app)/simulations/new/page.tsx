import { importFormatOptions } from "@/app/(app)/imports/format-options";
import { NewSimulationScreen } from "@/components/simulator/new-simulation-screen";

export const metadata = { title: "New simulation — Switchyard" };

export default async function NewSimulationPage({ searchParams }: { searchParams: Promise<{ rulesetId?: string | string[]; include?: string | string[] }> }) {
  const { rulesetId, include } = await searchParams;
  const id = Array.isArray(rulesetId) ? rulesetId[0] : rulesetId;
  // `include=<rulesetId>,…`: other rulesets' drafts to run instead of their live version.
  const included = include === undefined ? null : (Array.isArray(include) ? include : [include]).flatMap((v) => v.split(",")).filter(Boolean).slice(0, 20);
  return <NewSimulationScreen key={id ?? ""} initialRulesetId={id || null} initialIncludeDrafts={included} formats={importFormatOptions()} />;
}
