const LABELS: Record<string, string> = { temu: "Temu", tiktok: "TikTok Shop", aliexpress: "AliExpress", amazon: "Amazon", shopify: "Shopify", taobao: "Taobao", other: "Other" };

export const platformLabel = (platform: string) => LABELS[platform] ?? platform;

export function PlatformBadge({ platform }: { platform: string }) {
  return <span className={`badge platform platform-${platform}`}>{platformLabel(platform)}</span>;
}
