import { HoldsScreen } from "@/components/live/holds-screen";
import { holdsFilterQuery, parseHoldsFilters } from "@/components/live/holds-query";

export const metadata = { title: "Holds queue — Switchyard" };

export default async function LiveHoldsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = parseHoldsFilters(await searchParams);
  return <HoldsScreen key={holdsFilterQuery(filters)} initialFilters={filters} />;
}
