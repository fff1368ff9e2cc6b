"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { versionLabel } from "@/components/designer/version-ui";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import type { TPublishRequestOut } from "@/server/schemas/publish-schemas";
import { useRefreshPublishing } from "./publishing-outcome";

/** Confirms a rollback to a version that was live before, with the reason for the audit log. */
export function RollbackDialog({ rulesetId, number, live, onClose, onDone }: { rulesetId: string; number: number; live: number | null; onClose: () => void; onDone: (r: TPublishRequestOut) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPublishing();
  const status = useQuery(trpc.publishing.status.queryOptions({ rulesetId, number }));
  const [reason, setReason] = useState("");
  const rollback = useMutation(
    trpc.publishing.rollback.mutationOptions({
      onSuccess: (r) => {
        refresh();
        onDone(r);
      },
    }),
  );
  const err = formErrorOf(rollback.error);
  return (
    <Dialog
      title={`Roll back to ${versionLabel(number)}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn primary"
            data-testid="rollback-submit"
            disabled={!reason.trim() || rollback.isPending || !status.data}
            onClick={() => rollback.mutate({ rulesetId, number, reason: reason.trim(), expectedRevision: status.data?.revision })}
          >
            {rollback.isPending ? "Rolling back…" : status.data?.requireApproval ? "Ask to roll back" : `Roll back to ${versionLabel(number)}`}
          </button>
        </>
      }
    >
      <p>
        {versionLabel(number)} becomes live again{live !== null ? `, replacing ${versionLabel(live)}` : ""}. It was published before, so no simulation is needed. The rollback
        and your reason go into the audit log.
      </p>
      {status.data?.requireApproval ? <p className="muted">A second admin must approve it before it takes effect.</p> : null}
      <Field label="Reason" htmlFor="rollback-reason" error={err?.fieldErrors.reason ?? err?.fieldErrors.number}>
        <textarea id="rollback-reason" className="input" rows={2} maxLength={500} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. v5 sends EU orders to Los Angeles" />
      </Field>
      {err && !Object.keys(err.fieldErrors).length ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
    </Dialog>
  );
}
