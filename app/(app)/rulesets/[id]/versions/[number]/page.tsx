import { notFound } from "next/navigation";
import { VersionViewScreen } from "@/components/designer/version-view-screen";

export const metadata = { title: "Ruleset version — Switchyard" };

export default async function RulesetVersionPage({ params }: { params: Promise<{ id: string; number: string }> }) {
  const { id, number } = await params;
  const n = Number(number);
  if (!Number.isSafeInteger(n) || n < 1) notFound();
  return <VersionViewScreen id={id} number={n} />;
}
