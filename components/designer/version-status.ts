import type { TRulesetVersionSummary } from "@/server/schemas/ruleset-schemas";

type TStatus = TRulesetVersionSummary["status"];

/**
 * The status of the version on the canvas as it is now: a saved version that is the live one is
 * "published" (also when it went live elsewhere — a publish dialog, an approval, a rollback), and a
 * version that was published but no longer is is "archived". Drafts stay drafts.
 */
export function liveStatus(saved: TStatus, versionNumber: number, publishedNumber: number | null): TStatus {
  if (saved === "draft") return "draft";
  if (publishedNumber === versionNumber) return "published";
  return saved === "published" ? "archived" : saved;
}
