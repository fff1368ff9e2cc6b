import { DesignerScreen } from "@/components/designer/designer-screen";

export const metadata = { title: "Ruleset designer — Switchyard" };

export default async function RulesetDesignerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DesignerScreen id={id} />;
}
