import { SimulationsScreen } from "@/components/simulator/simulations-screen";

export const metadata = { title: "Simulations — Switchyard" };

export default async function SimulationsPage({ searchParams }: { searchParams: Promise<{ rulesetId?: string | string[] }> }) {
  const { rulesetId } = await searchParams;
  const id = Array.isArray(rulesetId) ? rulesetId[0] : rulesetId;
  return <SimulationsScreen initialRulesetId={id || null} />;
}
