import { InventoryScreen } from "@/components/app/inventory-screen";

export const metadata = { title: "Inventory — Switchyard" };

export default async function InventoryPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { tab } = await searchParams;
  return <InventoryScreen initialTab={tab === "low" ? "low" : "all"} />;
}
