import { DecisionsScreen } from "@/components/live/decisions-screen";
import { liveFilterQuery, parseLiveFilters } from "@/components/live/live-filters";

export const metadata = { title: "Live decisions — Switchyard" };

export default async function LiveDecisionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = parseLiveFilters(await searchParams);
  // A link with other filters (rule telemetry's, the sidebar's) opens a fresh explorer.
  return <DecisionsScreen key={liveFilterQuery(filters)} initialFilters={filters} />;
}
