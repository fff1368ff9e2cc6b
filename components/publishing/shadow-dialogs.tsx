"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { versionLabel } from "@/components/designer/version-ui";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import type { TPublishRequestOut } from "@/server/schemas/publish-schemas";
import { useRefreshPublishing } from "./publishing-outcome";

/** Puts a version in shadow next to the live one; opens its report (a simulation on live traffic) when started. */
export function ShadowDialog({ rulesetId, number, live, onClose }: { rulesetId: string; number: number; live: number | null; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [percent, setPercent] = useState("100");
  const start = useMutation(
    trpc.shadows.start.mutationOptions({
      onSuccess: (sim) => {
        void queryClient.invalidateQueries({ queryKey: trpc.shadows.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.pathKey() });
        router.push(`/simulations/${encodeURIComponent(sim.id)}`);
      },
    }),
  );
  const err = formErrorOf(start.error);
  const value = Number(percent);
  return (
    <Dialog
      title={`Put ${versionLabel(number)} in shadow`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" data-testid="shadow-submit" disabled={start.isPending || !Number.isFinite(value)} onClick={() => start.mutate({ rulesetId, number, samplePercent: value })}>
            {start.isPending ? "Starting…" : "Start shadow"}
          </button>
        </>
      }
    >
      <p>
        The live router keeps answering with {live !== null ? versionLabel(live) : "the live rules"}. After each answer it also evaluates {versionLabel(number)} on the same order and
        collects what would have changed — warehouse, channel, holds, cost, deadline risk — in a report like a simulation&apos;s, on real traffic. It never changes an answer.
      </p>
      <p className="muted">When the shadow has seen at least 500 orders, promoting it publishes {versionLabel(number)} with the shadow counting as its simulation. Starting it is audited.</p>
      <Field label="Share of orders evaluated (%)" htmlFor="shadow-percent" error={err?.fieldErrors.samplePercent ?? err?.fieldErrors.number}>
        <input id="shadow-percent" className="input" type="number" min={0.1} max={100} step={0.1} value={percent} onChange={(e) => setPercent(e.target.value)} />
      </Field>
      {err && !Object.keys(err.fieldErrors).length ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
    </Dialog>
  );
}

/**
 * Promotes a shadow: ends it and publishes its version through the normal gate. The shadow counts as
 * the simulation when it saw enough orders; otherwise (or when test cases fail) the gate asks for the
 * admin's reason, as any publish does.
 */
export function PromoteShadowDialog({ id, label, enough, minOrders, onClose, onDone }: { id: string; label: string; enough: boolean; minOrders: number; onClose: () => void; onDone: (r: TPublishRequestOut) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPublishing();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [suiteOverrideReason, setSuiteOverrideReason] = useState("");
  const promote = useMutation(
    trpc.shadows.promote.mutationOptions({
      onSuccess: (r) => {
        refresh();
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.shadows.pathKey() });
        onDone(r);
      },
    }),
  );
  const err = formErrorOf(promote.error);
  const askSuite = Boolean(err?.fieldErrors.suite) || suiteOverrideReason !== "";
  return (
    <Dialog
      title={`Promote ${label}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn primary"
            data-testid="promote-submit"
            disabled={promote.isPending || (!enough && !overrideReason.trim())}
            onClick={() =>
              promote.mutate({ id, note: note.trim(), ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}), ...(suiteOverrideReason.trim() ? { suiteOverrideReason: suiteOverrideReason.trim() } : {}) })
            }
          >
            {promote.isPending ? "Promoting…" : "Stop shadow and publish"}
          </button>
        </>
      }
    >
      <p>
        The shadow ends and {label} is published through the usual checks.{" "}
        {enough ? "Its live traffic counts as the simulation the publish needs." : `It has seen fewer than ${minOrders} orders, so it does not count as a simulation: give the reason for publishing anyway.`}
      </p>
      <Field label="Note" htmlFor="promote-note" error={err?.fieldErrors.note}>
        <input id="promote-note" className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. shadowed for a day, CA orders move to LA as intended" />
      </Field>
      {!enough || err?.fieldErrors.simulation ? (
        <Field label="Reason to publish without a simulation" htmlFor="promote-override" error={err?.fieldErrors.simulation ?? err?.fieldErrors.overrideReason}>
          <textarea id="promote-override" className="input" rows={2} maxLength={500} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        </Field>
      ) : null}
      {askSuite ? (
        <Field label="Reason to publish while test cases fail" htmlFor="promote-suite" error={err?.fieldErrors.suite ?? err?.fieldErrors.suiteOverrideReason}>
          <textarea id="promote-suite" className="input" rows={2} maxLength={500} value={suiteOverrideReason} onChange={(e) => setSuiteOverrideReason(e.target.value)} />
        </Field>
      ) : null}
      {err && !Object.keys(err.fieldErrors).length ? (
        <div className="banner error" role="alert">
          {err.message}
        </div>
      ) : null}
    </Dialog>
  );
}
