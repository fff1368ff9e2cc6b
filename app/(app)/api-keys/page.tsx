import { ApiKeysScreen } from "@/components/app/api-keys-screen";

export const metadata = { title: "API keys — Switchyard" };

export default function ApiKeysPage() {
  return <ApiKeysScreen />;
}
