import { importFormatOptions } from "@/app/(app)/imports/format-options";
import { NewSimulationScreen } from "@/components/simulator/new-simulation-screen";

export const metadata = { title: "New simulation — Switchyard" };

export default async function NewSimulationPage({ searchParams }: { searchParams: Promise<{ rulesetId?: string | string[] }> }) {
  const { rulesetId } = await searchParams;
  const id = Array.isArray(rulesetId) ? rulesetId[0] : rulesetId;
  return <NewSimulationScreen key={id ?? ""} initialRulesetId={id || null} formats={importFormatOptions()} />;
}
