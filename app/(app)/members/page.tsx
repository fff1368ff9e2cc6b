import { MembersScreen } from "@/components/app/members-screen";

export const metadata = { title: "Members — Switchyard" };

export default function MembersPage() {
  return <MembersScreen />;
}
