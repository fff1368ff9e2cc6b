import { RulesetsScreen } from "@/components/designer/rulesets-screen";

export const metadata = { title: "Rulesets — Switchyard" };

export default function RulesetsPage() {
  return <RulesetsScreen />;
}
