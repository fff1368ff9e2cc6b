"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ShortHash, versionLabel } from "@/components/designer/version-ui";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import type { TPublishRequestOut } from "@/server/schemas/publish-schemas";
import { PendingRequests } from "./pending-requests";
import { useRefreshPublishing } from "./publishing-outcome";

/**
 * Publishes a validated version: shows whether it qualifies (compiles, has rules, simulated against the
 * live version), lets an admin override a missing simulation with a reason, and says when approval is needed.
 * `draft`: the newest version when it is still a draft (it must be saved as a version first).
 */
export function PublishDialog({
  rulesetId,
  initialNumber,
  draft,
  onSaveVersion,
  onClose,
  onDone,
}: {
  rulesetId: string;
  initialNumber?: number;
  draft?: { number: number; unsaved: boolean } | null;
  onSaveVersion?: () => void;
  onClose: () => void;
  onDone: (r: TPublishRequestOut) => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshPublishing();
  const versions = useQuery(trpc.rulesets.versions.queryOptions({ id: rulesetId }));
  const candidates = (versions.data ?? []).filter((v) => v.status === "validated");
  const [picked, setPicked] = useState<number | null>(initialNumber ?? null);
  const number = picked ?? candidates[0]?.number ?? null;
  const status = useQuery({ ...trpc.publishing.status.queryOptions({ rulesetId, number: number ?? 1 }), enabled: number !== null });
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState("");
  const [suiteOverride, setSuiteOverride] = useState(false);
  const [suiteOverrideReason, setSuiteOverrideReason] = useState("");
  const [note, setNote] = useState("");
  const publish = useMutation(
    trpc.publishing.publish.mutationOptions({
      onSuccess: (r) => {
        refresh();
        onDone(r);
      },
    }),
  );
  const err = formErrorOf(publish.error);
  const s = status.data;
  const hard = s?.blockers.filter((b) => !b.overridable) ?? [];
  const needsSimulation = s?.blockers.some((b) => b.field === "simulation") ?? false;
  const suiteFails = s?.blockers.find((b) => b.field === "suite") ?? null;
  const canSubmit =
    !!s &&
    number !== null &&
    hard.length === 0 &&
    (!needsSimulation || (override && overrideReason.trim().length > 0)) &&
    (!suiteFails || (suiteOverride && suiteOverrideReason.trim().length > 0)) &&
    !publish.isPending;

  return (
    <Dialog
      title="Publish a version"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn primary"
            data-testid="publish-submit"
            disabled={!canSubmit}
            onClick={() =>
              number !== null &&
              publish.mutate({
                rulesetId,
                number,
                expectedRevision: s?.revision,
                note: note.trim(),
                ...(needsSimulation && override ? { overrideReason: overrideReason.trim() } : {}),
                ...(suiteFails && suiteOverride ? { suiteOverrideReason: suiteOverrideReason.trim() } : {}),
              })
            }
          >
            {publish.isPending ? "Publishing…" : s?.requireApproval ? `Ask to publish ${number !== null ? versionLabel(number) : ""}` : `Publish ${number !== null ? versionLabel(number) : ""}`}
          </button>
        </>
      }
    >
      {draft ? (
        <div className="banner warn">
          {draft.unsaved ? "You have unsaved changes; " : ""}
          {versionLabel(draft.number)} is still a draft: only a saved version can be published.{" "}
          {onSaveVersion ? (
            <button className="btn small" onClick={onSaveVersion}>
              Save version…
            </button>
          ) : null}
        </div>
      ) : null}
      {versions.isLoading || (versions.isFetching && candidates.length === 0) ? (
        <p className="muted">Loading versions…</p>
      ) : candidates.length === 0 ? (
        <p className="muted" data-testid="publish-no-candidates">
          No validated version waits to be published. Save the draft as a version first.
        </p>
      ) : (
        <>
          <Field label="Version to publish" htmlFor="publish-version" error={err?.fieldErrors.number}>
            <select id="publish-version" className="input" value={number ?? ""} onChange={(e) => setPicked(Number(e.target.value))}>
              {candidates.map((v) => (
                <option key={v.number} value={v.number}>
                  {versionLabel(v.number)}
                  {v.note ? ` — ${v.note}` : ""}
                </option>
              ))}
            </select>
          </Field>
          {s ? (
            <div className="publish-check" data-testid="publish-check">
              <p>
                Live now: {s.live ? <strong>{versionLabel(s.live.number)}</strong> : <strong>nothing</strong>}
                {s.live ? (
                  <>
                    {" "}
                    (<ShortHash hash={s.live.contentHash} />)
                  </>
                ) : null}{" "}
                → {versionLabel(s.version.number)} (<ShortHash hash={s.version.contentHash} />, {s.version.ruleCount ?? 0} rule{s.version.ruleCount === 1 ? "" : "s"})
              </p>
              {hard.map((b) => (
                <div key={b.message} className="banner error" role="alert">
                  {b.message}
                </div>
              ))}
              {s.simulationId ? (
                <div className="banner success">
                  Simulated against {s.live ? `the live ${versionLabel(s.live.number)}` : "nothing published"}:{" "}
                  <Link href={`/simulations/${s.simulationId}`}>see the results</Link>.
                </div>
              ) : needsSimulation ? (
                <div className="banner warn" data-testid="publish-needs-simulation">
                  No completed simulation of {versionLabel(s.version.number)} against {s.live ? `the live ${versionLabel(s.live.number)}` : "nothing published"} yet.{" "}
                  <Link className="btn small" href={`/simulations/new?rulesetId=${rulesetId}`}>
                    Run a simulation
                  </Link>
                </div>
              ) : null}
              {needsSimulation ? (
                <>
                  <label className="check">
                    <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> Publish without a simulation (admin override, audited)
                  </label>
                  {override ? (
                    <Field label="Reason for the override" htmlFor="publish-override" error={err?.fieldErrors.overrideReason ?? err?.fieldErrors.simulation}>
                      <textarea
                        id="publish-override"
                        className="input"
                        rows={2}
                        maxLength={500}
                        value={overrideReason}
                        onChange={(e) => setOverrideReason(e.target.value)}
                        placeholder="e.g. Carrier outage: EU orders must move to the backup warehouse now"
                      />
                    </Field>
                  ) : null}
                </>
              ) : null}
              {s.suite === null ? null : s.suite.total === 0 ? (
                <p className="muted" data-testid="publish-suite">
                  This ruleset has no test cases yet: in the designer, evaluate an order and press “This is right” to keep its decision as a case.
                </p>
              ) : suiteFails ? (
                <div className="banner error" role="alert" data-testid="publish-suite">
                  <strong>
                    Test suite: {s.suite.failed.length} of {s.suite.total} case{s.suite.total === 1 ? "" : "s"} fail on {versionLabel(s.version.number)}
                  </strong>
                  <ul className="suite-failures">
                    {s.suite.failed.slice(0, 5).map((f) => (
                      <li key={f.key}>
                        <code>{f.key}</code>
                        {f.name ? ` ${f.name}` : ""}: {f.diff}
                      </li>
                    ))}
                    {s.suite.failed.length > 5 ? <li>and {s.suite.failed.length - 5} more</li> : null}
                  </ul>
                </div>
              ) : (
                <div className="banner success" data-testid="publish-suite">
                  Test suite: all {s.suite.total} case{s.suite.total === 1 ? "" : "s"} pass on {versionLabel(s.version.number)}.
                </div>
              )}
              {err?.fieldErrors.suite && !suiteOverride ? (
                <div className="banner error" role="alert">
                  {err.fieldErrors.suite}
                </div>
              ) : null}
              {suiteFails ? (
                <>
                  <label className="check">
                    <input type="checkbox" checked={suiteOverride} onChange={(e) => setSuiteOverride(e.target.checked)} /> Publish although test cases fail (admin override, audited)
                  </label>
                  {suiteOverride ? (
                    <Field label="Reason for publishing with failing cases" htmlFor="publish-suite-override" error={err?.fieldErrors.suiteOverrideReason ?? err?.fieldErrors.suite}>
                      <textarea
                        id="publish-suite-override"
                        className="input"
                        rows={2}
                        maxLength={500}
                        value={suiteOverrideReason}
                        onChange={(e) => setSuiteOverrideReason(e.target.value)}
                        placeholder="e.g. The DE channel changed on purpose; the cases are updated tomorrow"
                      />
                    </Field>
                  ) : null}
                </>
              ) : null}
              <Field label="Note (optional)" htmlFor="publish-note" error={err?.fieldErrors.note} hint="Shown to the approving admin and in the publish history.">
                <input id="publish-note" className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
              </Field>
              {s.requireApproval ? <p className="muted">Your organization requires a second admin to approve a publish before it takes effect.</p> : null}
              <PendingRequests requests={s.pending} />
            </div>
          ) : status.error ? (
            <div className="banner error" role="alert">
              {status.error.message}
            </div>
          ) : null}
        </>
      )}
      {err && !Object.keys(err.fieldErrors).length ? (
        <div className="banner error" role="alert">
          {err.code === "CONFLICT" ? `${err.message}.` : err.message}
        </div>
      ) : null}
    </Dialog>
  );
}
