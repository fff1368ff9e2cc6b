import { ChannelsScreen } from "@/components/app/channels-screen";

export const metadata = { title: "Logistics channels — Switchyard" };

export default function ChannelsPage() {
  return <ChannelsScreen />;
}
