"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError, LoadingRows } from "@/components/ui/list-states";
import { usePermission } from "@/components/ui/use-permission";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";

/** The organization's settings: whether a publish needs a second admin's approval, and how long live decisions are kept. */
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
          <p>How this organization publishes its routing rules and how long it keeps live decisions.</p>
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
      {settings.data ? <RetentionCard days={settings.data.decisionRetentionDays} canManage={canManage} /> : null}
    </>
  );
}

/**
 * "Keep decisions for N days": live decisions older than that are deleted (hourly, in batches); the
 * rule hits and outcome counts behind rule telemetry stay. Admins only; the server's field errors show
 * next to the field.
 */
function RetentionCard({ days, canManage }: { days: number; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(String(days));
  const [savedDays, setSavedDays] = useState<number | null>(null);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (s) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), s);
        setText(String(s.decisionRetentionDays));
        setSavedDays(s.decisionRetentionDays);
      },
    }),
  );
  const [touched, setTouched] = useState(false);
  const err = formErrorOf(update.error);
  const trimmed = text.trim();
  const value = Number(trimmed);
  // Checked here first so a typo shows at once; the server checks the same and its message wins when it has one.
  const localError =
    trimmed === "" ? "enter a number of days" : !Number.isInteger(value) ? "must be a whole number of days" : value < 1 ? "must be at least 1 day" : value > 3650 ? "must be at most 3,650 days (10 years)" : null;
  const serverError = err?.fieldErrors.decisionRetentionDays?.join("; ") ?? null;
  const shownError = serverError ?? (touched ? localError : null);
  const unchanged = !localError && value === days;

  function save(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    setSavedDays(null);
    if (localError) return;
    update.mutate({ decisionRetentionDays: value });
  }

  return (
    <section className="card" style={{ marginTop: 16 }} aria-labelledby="retention-heading">
      <h2 id="retention-heading">Live decisions</h2>
      <form className="retention-form" onSubmit={save} noValidate>
        <div className="retention-row">
          <label htmlFor="retention-days">Keep decisions for</label>
          <input
            id="retention-days"
            className="input retention-input"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            value={text}
            disabled={!canManage || update.isPending}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={shownError ? "retention-days-error" : "retention-days-hint"}
            onChange={(e) => {
              setText(e.target.value);
              setSavedDays(null);
              if (!update.isIdle) update.reset();
            }}
            onBlur={() => setTouched(true)}
          />
          <span>days</span>
          {canManage ? (
            <button type="submit" className="btn primary small" disabled={update.isPending || unchanged}>
              {update.isPending ? "Saving…" : "Save"}
            </button>
          ) : null}
          {savedDays !== null ? (
            <span className="retention-saved" role="status">
              Saved ✓
            </span>
          ) : null}
        </div>
        {shownError ? (
          <p className="retention-error" role="alert" id="retention-days-error">
            {shownError}
          </p>
        ) : null}
        {err && !err.fieldErrors.decisionRetentionDays ? (
          <p className="retention-error" role="alert">
            Could not save the setting: {err.message}
          </p>
        ) : null}
      </form>
      <p className="muted" id="retention-days-hint">
        Each routed order is kept with its decision and the master data it was decided with, so that it can be opened and re-evaluated under Live. Decisions older than this are deleted every hour;
        the rule hit counts and charts of Rule telemetry stay.{canManage ? "" : " Only owners and admins can change this."}
      </p>
    </section>
  );
}
