"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ActorName, versionLabel } from "@/components/designer/version-ui";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { Tabs } from "@/components/ui/tabs";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TPublishRequestOut, TPublishRequestStatus } from "@/server/schemas/publish-schemas";
import { outcomeText, useRefreshPublishing } from "./publishing-outcome";

const STATUS_BADGE: Record<TPublishRequestStatus, string> = { pending: "badge amber", approved: "badge green", rejected: "badge red", cancelled: "badge", superseded: "badge" };
type Filter = "pending" | "all";

/** Publish and rollback requests: pending ones to approve or reject (by another admin), and the past ones with their outcome. */
export function ApprovalsScreen() {
  const trpc = useTRPC();
  const perm = usePermission();
  const refresh = useRefreshPublishing();
  const [filter, setFilter] = useState<Filter>("pending");
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<TPublishRequestOut | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const requests = useQuery(trpc.publishing.requests.queryOptions({ ...(filter === "pending" ? { status: "pending" as const } : {}), page }));
  const settings = useQuery(trpc.settings.get.queryOptions());
  const approve = useMutation(
    trpc.publishing.approve.mutationOptions({
      onSuccess: (r) => {
        refresh();
        setNotice({ tone: "success", text: `Approved: ${r.rulesetName} ${outcomeText(r)}` });
      },
      onError: (e) => setNotice({ tone: "error", text: `Could not approve: ${e.message}` }),
    }),
  );
  const canDecide = perm.can("publish");
  const me = perm.me?.user.id;
  const items = requests.data?.items ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Publish approvals</h1>
          <p>
            {settings.data?.requirePublishApproval
              ? "Publishes and rollbacks take effect once a second admin approves them."
              : "Publishes take effect at once; this is their history. Admins can require a second admin's approval in Settings."}
          </p>
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
      <Tabs
        label="Requests"
        tabs={[
          { id: "pending", label: "Pending" },
          { id: "all", label: "All requests" },
        ]}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          setPage(1);
        }}
      />
      <div className="table-wrap">
        {requests.isLoading ? (
          <LoadingRows rows={4} />
        ) : requests.error ? (
          <LoadError message={requests.error.message} onRetry={() => void requests.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={filter === "pending" ? "Nothing waits for approval" : "No publishes yet"}>
            {filter === "pending" ? "Requests to publish or roll back a ruleset appear here." : "Publish a ruleset from the designer to see it here."}
          </EmptyState>
        ) : (
          <>
            <table className="data" aria-label="Publish requests">
              <thead>
                <tr>
                  <th>Ruleset</th>
                  <th>Change</th>
                  <th>Asked by</th>
                  <th>Simulation · suite</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((r) => {
                  const own = r.requestedBy?.id === me;
                  return (
                    <tr key={r.id} data-testid={`request-${r.id}`}>
                      <td>
                        <Link href={`/rulesets/${r.rulesetId}/versions`}>{r.rulesetName}</Link>
                        <div className="sub">{STAGE_LABELS[r.stage]}</div>
                      </td>
                      <td>
                        {r.kind === "rollback" ? "Roll back to " : "Publish "}
                        <Link href={`/rulesets/${r.rulesetId}/versions/${r.versionNumber}`}>{versionLabel(r.versionNumber)}</Link>
                        {r.note ? <div className="sub">{r.kind === "rollback" ? `Reason: ${r.note}` : r.note}</div> : null}
                      </td>
                      <td>
                        <ActorName actor={r.requestedBy} />
                        <div className="sub">
                          <TimeText value={r.requestedAt} />
                        </div>
                      </td>
                      <td>
                        {r.simulationId ? (
                          <Link href={`/simulations/${r.simulationId}`}>Results</Link>
                        ) : r.overrideReason ? (
                          <span title="Published without a simulation">
                            <span className="badge amber">override</span>
                            <div className="sub">{r.overrideReason}</div>
                          </span>
                        ) : (
                          <span className="muted">{r.kind === "rollback" ? "not needed" : "—"}</span>
                        )}
                        {r.suiteOverrideReason ? (
                          <span title="Published while test cases failed">
                            <div>
                              <span className="badge amber">suite override</span>
                            </div>
                            <div className="sub">
                              {r.suiteResult ? `${r.suiteResult.failed.length} of ${r.suiteResult.total} cases failed. ` : ""}
                              {r.suiteOverrideReason}
                            </div>
                          </span>
                        ) : r.suiteResult && r.suiteResult.total > 0 ? (
                          <div className="sub">
                            Suite {r.suiteResult.passed}/{r.suiteResult.total} pass
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <span className={STATUS_BADGE[r.status]}>{r.status}</span>
                        {r.decidedBy || r.decisionNote ? (
                          <div className="sub">
                            {r.decidedBy && r.status !== "cancelled" ? (
                              <>
                                by <ActorName actor={r.decidedBy} />{" "}
                              </>
                            ) : null}
                            {r.decisionNote}
                          </div>
                        ) : null}
                      </td>
                      <td className="actions">
                        {r.status === "pending" && canDecide ? (
                          <>
                            <button
                              className="btn small primary"
                              disabled={own || approve.isPending}
                              title={own ? "A second admin must approve your own request" : undefined}
                              onClick={() => approve.mutate({ id: r.id, note: "" })}
                            >
                              Approve
                            </button>
                            <button className="btn small" disabled={own} title={own ? "You cannot reject your own request; cancel it instead" : undefined} onClick={() => setRejecting(r)}>
                              Reject
                            </button>
                            {own ? <div className="sub">Your request: another admin must decide.</div> : null}
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {requests.data && requests.data.pageCount > 1 ? <Pager page={page} pageCount={requests.data.pageCount} total={requests.data.total} onPage={setPage} /> : null}
          </>
        )}
      </div>
      {rejecting ? (
        <RejectDialog
          request={rejecting}
          onClose={() => setRejecting(null)}
          onDone={(r) => {
            setRejecting(null);
            refresh();
            setNotice({ tone: "success", text: `Rejected: ${r.rulesetName} ${versionLabel(r.versionNumber)} stays unpublished.` });
          }}
        />
      ) : null}
    </>
  );
}

function RejectDialog({ request, onClose, onDone }: { request: TPublishRequestOut; onClose: () => void; onDone: (r: TPublishRequestOut) => void }) {
  const trpc = useTRPC();
  const [note, setNote] = useState("");
  const reject = useMutation(trpc.publishing.reject.mutationOptions({ onSuccess: onDone }));
  const err = formErrorOf(reject.error);
  return (
    <Dialog
      title={`Reject ${request.kind === "rollback" ? "rollback to" : "publishing"} ${versionLabel(request.versionNumber)}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" data-testid="reject-submit" disabled={!note.trim() || reject.isPending} onClick={() => reject.mutate({ id: request.id, note: note.trim() })}>
            {reject.isPending ? "Rejecting…" : "Reject"}
          </button>
        </>
      }
    >
      <Field label="Why (the requester sees this)" htmlFor="reject-note" error={err?.fieldErrors.note}>
        <textarea id="reject-note" className="input" rows={2} maxLength={500} autoFocus value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      {err && !Object.keys(err.fieldErrors).length ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
    </Dialog>
  );
}
