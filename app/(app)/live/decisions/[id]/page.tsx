import { DecisionScreen } from "@/components/live/decision-screen";

export const metadata = { title: "Decision — Switchyard" };

export default async function LiveDecisionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DecisionScreen key={id} id={id} />;
}
