"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { ActorName, versionLabel } from "@/components/designer/version-ui";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { useTRPC } from "@/lib/trpc";
import type { TPublishRequestOut } from "@/server/schemas/publish-schemas";
import { useRefreshPublishing } from "./publishing-outcome";

/** A ruleset's requests waiting for approval; the requester can withdraw theirs. */
export function PendingRequests({ requests }: { requests: TPublishRequestOut[] }) {
  const trpc = useTRPC();
  const perm = usePermission();
  const refresh = useRefreshPublishing();
  const cancel = useMutation(trpc.publishing.cancel.mutationOptions({ onSuccess: refresh }));
  if (requests.length === 0) return null;
  return (
    <div className="banner" data-testid="pending-requests">
      <strong>Waiting for approval</strong>
      <ul>
        {requests.map((r) => (
          <li key={r.id}>
            {r.kind === "rollback" ? "Roll back to " : "Publish "}
            {versionLabel(r.versionNumber)}, asked by <ActorName actor={r.requestedBy} /> <TimeText value={r.requestedAt} />
            {r.requestedBy?.id === perm.me?.user.id ? (
              <>
                {" "}
                <button className="btn small" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: r.id })}>
                  Cancel request
                </button>
              </>
            ) : perm.can("publish") ? (
              <>
                {" "}
                <Link className="btn small" href="/publishing">
                  Review
                </Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {cancel.error ? <div className="error">{cancel.error.message}</div> : null}
    </div>
  );
}
