import { ApprovalsScreen } from "@/components/publishing/approvals-screen";

export const metadata = { title: "Publish approvals — Switchyard" };

export default function PublishingPage() {
  return <ApprovalsScreen />;
}
