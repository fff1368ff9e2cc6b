import { StoresScreen } from "@/components/app/stores-screen";

export const metadata = { title: "Stores — Switchyard" };

export default function StoresPage() {
  return <StoresScreen />;
}
