import { ImportDetailScreen } from "@/components/app/imports-screen";
import { importFormatOptions } from "@/app/(app)/imports/format-options";

export const metadata = { title: "Order import — Switchyard" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ImportDetailScreen id={id} formats={importFormatOptions()} />;
}
