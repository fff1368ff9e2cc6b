import { SkusScreen } from "@/components/app/skus-screen";

export const metadata = { title: "SKUs & pairings — Switchyard" };

export default async function SkusPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { tab } = await searchParams;
  return <SkusScreen initialTab={tab === "pairings" ? "pairings" : "skus"} />;
}
