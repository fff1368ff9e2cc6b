"use client";
import { useQueryClient } from "@tanstack/react-query";
import { versionLabel } from "@/components/designer/version-ui";
import { useTRPC } from "@/lib/trpc";
import type { TPublishRequestOut } from "@/server/schemas/publish-schemas";

/** Invalidates everything that shows what is live after a publish, rollback or decision. */
export function useRefreshPublishing() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    for (const key of [trpc.publishing.pathKey(), trpc.rulesets.get.pathKey(), trpc.rulesets.versions.pathKey(), trpc.rulesets.list.pathKey()])
      void queryClient.invalidateQueries({ queryKey: key });
  };
}

/** What a publish or rollback did, for the banner after it. */
export function outcomeText(r: TPublishRequestOut): string {
  const what = r.kind === "rollback" ? `Rollback to ${versionLabel(r.versionNumber)}` : `${versionLabel(r.versionNumber)}`;
  return r.status === "pending" ? `${what} is waiting for a second admin's approval.` : `${what} is live now.`;
}

