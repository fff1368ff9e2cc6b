import { DriftScreen } from "@/components/live/drift-screen";

export const metadata = { title: "Drift — Switchyard" };

export default function LiveDriftPage() {
  return <DriftScreen />;
}
