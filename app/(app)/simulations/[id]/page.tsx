import { parseChangeFilters } from "@/components/simulator/change-filters";
import { SimulationScreen } from "@/components/simulator/simulation-screen";

export const metadata = { title: "Simulation — Switchyard" };

export default async function SimulationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  return <SimulationScreen id={id} initialFilters={parseChangeFilters(query)} />;
}
