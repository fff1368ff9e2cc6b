import { VersionHistoryScreen } from "@/components/designer/version-history-screen";

export const metadata = { title: "Version history — Switchyard" };

export default async function RulesetVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <VersionHistoryScreen id={id} />;
}
