import { AuditScreen } from "@/components/app/audit-screen";

export const metadata = { title: "Audit log — Switchyard" };

export default function AuditPage() {
  return <AuditScreen />;
}
