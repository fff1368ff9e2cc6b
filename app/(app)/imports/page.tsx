import { ImportsScreen } from "@/components/app/imports-screen";
import { importFormatOptions } from "@/app/(app)/imports/format-options";

export const metadata = { title: "Order imports — Switchyard" };

export default function ImportsPage() {
  return <ImportsScreen formats={importFormatOptions()} />;
}
