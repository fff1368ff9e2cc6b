import { SettingsScreen } from "@/components/publishing/settings-screen";

export const metadata = { title: "Settings — Switchyard" };

export default function SettingsPage() {
  return <SettingsScreen />;
}
