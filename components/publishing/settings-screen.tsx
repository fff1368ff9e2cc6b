"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError, LoadingRows } from "@/components/ui/list-states";
import { usePermission } from "@/components/ui/use-permission";
import { useTRPC } from "@/lib/trpc";

/** The organization's settings: for now, whether a publish needs a second admin's approval. */
export function SettingsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const settings = useQuery(trpc.settings.get.queryOptions());
  /** The value just chosen, shown while it is being saved. */
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (s) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), s);
        setChosen(null);
        void queryClient.invalidateQueries({ queryKey: trpc.publishing.pathKey() });
        setNotice({ tone: "success", text: s.requirePublishApproval ? "From now on a second admin approves every publish and rollback." : "Publishes take effect at once again." });
      },
      onError: (e) => {
        setChosen(null);
        setNotice({ tone: "error", text: `Could not save the setting: ${e.message}` });
      },
    }),
  );
  const canManage = perm.can("manageMembers");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>How this organization publishes its routing rules.</p>
        </div>
      </div>
      {notice ? (
        <div className={`banner ${notice.tone} dismissible`} role={notice.tone === "success" ? "status" : "alert"}>
          <span>{notice.text}</span>
          <button className="banner-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      {settings.isLoading ? (
        <LoadingRows rows={2} />
      ) : settings.error ? (
        <LoadError message={settings.error.message} onRetry={() => void settings.refetch()} />
      ) : settings.data ? (
        <section className="card">
          <h2>Publishing</h2>
          <label className="toggle">
            <input
              type="checkbox"
              data-testid="require-approval"
              checked={chosen ?? settings.data.requirePublishApproval}
              disabled={!canManage || update.isPending}
              onChange={(e) => {
                setChosen(e.target.checked);
                update.mutate({ requirePublishApproval: e.target.checked });
              }}
            />
            Require a second admin&apos;s approval to publish
          </label>
          <p className="muted">
            When on, a publish or rollback waits on the Publish approvals page until another admin approves it; the admin who asked cannot approve it.
            {canManage ? "" : " Only owners and admins can change this."}
          </p>
        </section>
      ) : null}
    </>
  );
}
