import { WarehousesScreen } from "@/components/app/warehouses-screen";

export const metadata = { title: "Warehouses — Switchyard" };

export default function WarehousesPage() {
  return <WarehousesScreen />;
}
