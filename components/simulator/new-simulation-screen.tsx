"use client";
import "./simulator.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type DragEvent, useEffect, useMemo, useRef, useState } from "react";
import { type ImportFormatOption, formatBytes } from "@/components/app/imports-screen";
import { UploadFields, checkUploadFields, uploadSettings, useUploadFields } from "@/components/app/upload-fields";
import { CountryMultiSelect } from "@/components/designer/value-editors";
import { Field } from "@/components/ui/field";
import { FormBanner } from "@/components/ui/form-banner";
import { type FieldErrors, errorsUnder, mergeFieldErrors, unclaimedErrors, withoutStale } from "@/components/ui/form-errors";
import { LoadError } from "@/components/ui/list-states";
import { PlatformBadge, platformLabel } from "@/components/ui/platform-badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { usePermission } from "@/components/ui/use-permission";
import { useStalePaths } from "@/components/ui/use-stale-paths";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { STAGES, STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import { PLATFORMS, type TPlatform } from "@/rules-schema/order/order-schema";
import type { TSimulationCreate, TSimulationDefaults, TSimulationUploadMeta } from "@/server/schemas/simulation-schemas";
import { PipelineChoice } from "./pipeline-panel";
import { defaultIncludedDrafts, includableDraft } from "./pipeline-notes";
import { daysInRange, formatCount, formatDay, formatDayRange, shiftDay } from "./simulation-format";
import { type UploadFailure, uploadSimulation } from "./upload-simulation";

type SourceKind = "history" | "upload";
/** Select values: "draft" / "published" / "none" or "v:<number>". */
type RefValue = string;

const candidateRef = (v: RefValue): TSimulationCreate["candidate"] => (v.startsWith("v:") ? { kind: "version", number: Number(v.slice(2)) } : { kind: "draft" });
const baselineRef = (v: RefValue): TSimulationCreate["baseline"] =>
  v.startsWith("v:") ? { kind: "version", number: Number(v.slice(2)) } : v === "none" ? { kind: "none" } : { kind: "published" };

/** Form fields and the error paths each one shows (everything else goes to the banner). */
const CLAIMED = ["rulesetId", "name", "candidate", "baseline", "includeDrafts", "source.from", "source.to", "source.storeIds", "source.platforms", "source.countries", "file", "storeId", "format", "timeZone", "currency"] as const;

/** /simulations/new: what to compare (candidate and baseline of one ruleset) and on which orders. */
export function NewSimulationScreen({ initialRulesetId, initialIncludeDrafts = null, formats }: { initialRulesetId: string | null; initialIncludeDrafts?: string[] | null; formats: ImportFormatOption[] }) {
  const trpc = useTRPC();
  const [rulesetId, setRulesetId] = useState(initialRulesetId ?? "");
  const rulesets = useQuery({ ...trpc.rulesets.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }), enabled: !initialRulesetId });
  const defaults = useQuery({ ...trpc.simulations.defaults.queryOptions({ rulesetId }, { staleTime: 0, refetchOnWindowFocus: false }), enabled: rulesetId !== "" });

  function chooseRuleset(id: string) {
    setRulesetId(id);
    window.history.replaceState(null, "", id ? `?rulesetId=${encodeURIComponent(id)}` : window.location.pathname);
  }

  return (
    <div className="sim sim-new">
      <div className="page-head">
        <div>
          <div className="muted crumbs">
            <Link href="/simulations">Simulations</Link> / New
          </div>
          <h1>New simulation</h1>
          <p>Replay orders through a candidate version of a ruleset and compare every decision with a baseline.</p>
        </div>
      </div>
      {!initialRulesetId ? (
        <section className="sim-panel" aria-labelledby="sim-ruleset-heading">
          <h2 id="sim-ruleset-heading" className="sim-panel-title">
            Ruleset
          </h2>
          <Field label="Ruleset to simulate" htmlFor="sim-ruleset" hint="Each ruleset belongs to one stage; the other stages run their published rules for both sides.">
            <select id="sim-ruleset" className="select" value={rulesetId} onChange={(e) => chooseRuleset(e.target.value)} disabled={rulesets.isLoading}>
              <option value="">{rulesets.isLoading ? "Loading rulesets…" : "Choose a ruleset"}</option>
              {STAGES.map((stage) => {
                const items = rulesets.data?.items.filter((r) => r.stage === stage) ?? [];
                return items.length ? (
                  <optgroup key={stage} label={STAGE_LABELS[stage]}>
                    {items.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name} ({r.status === "draft" ? `draft v${r.latestVersionNumber}` : `v${r.latestVersionNumber} ${r.status}`})
                      </option>
                    ))}
                  </optgroup>
                ) : null;
              })}
            </select>
          </Field>
          {rulesets.data && rulesets.data.items.length === 0 ? (
            <div className="banner warn" style={{ margin: "12px 0 0" }}>
              There is no ruleset to simulate yet. <Link href="/rulesets">Create one</Link> from a template or from scratch.
            </div>
          ) : null}
        </section>
      ) : null}
      {rulesetId === "" ? null : defaults.isLoading ? (
        <div className="sim-panel" aria-busy="true" aria-label="Loading the ruleset">
          <div className="skeleton" style={{ height: 20, width: 280 }} />
          <div className="skeleton" style={{ height: 140, marginTop: 14 }} />
        </div>
      ) : defaults.error ? (
        defaults.error.data?.code === "NOT_FOUND" ? (
          <div className="banner error" role="alert">
            This ruleset does not exist (it may belong to another organization). <Link href="/simulations/new">Choose another</Link>
          </div>
        ) : (
          <LoadError message={defaults.error.message} onRetry={() => void defaults.refetch()} />
        )
      ) : defaults.data ? (
        <SimulationForm key={defaults.data.rulesetId} defaults={defaults.data} formats={formats} initialIncludeDrafts={defaults.data.rulesetId === initialRulesetId ? initialIncludeDrafts : null} />
      ) : null}
    </div>
  );
}

type UploadState = { phase: "idle" } | { phase: "uploading"; sent: number; total: number } | { phase: "processing"; total: number } | { phase: "failed"; failure: UploadFailure };

function SimulationForm({ defaults: d, formats, initialIncludeDrafts }: { defaults: TSimulationDefaults; formats: ImportFormatOption[]; initialIncludeDrafts: string[] | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const perm = usePermission();
  const canSimulate = perm.can("simulate");
  const stores = useQuery(trpc.stores.list.queryOptions({ page: 1, pageSize: 100 }, { staleTime: 60_000 }));

  const savedVersions = d.versions.filter((v) => v.status !== "draft").sort((a, b) => b.number - a.number);
  const [name, setName] = useState("");
  // The draft unless it does not compile; then the newest saved version that does.
  const [candidate, setCandidate] = useState<RefValue>(() => {
    const compiling = savedVersions.find((v) => v.compiles);
    return d.draft.compiles || !compiling ? "draft" : `v:${compiling.number}`;
  });
  const [baseline, setBaseline] = useState<RefValue>("published");
  // Other rulesets' drafts run in place of their live version (both sides); by default a logistics or
  // warehouse draft when that stage has nothing live, so the results show channels and cost.
  const [includeDrafts, setIncludeDrafts] = useState<string[]>(() => {
    const offered = new Set(d.pipeline.flatMap((s) => s.rulesets.filter(includableDraft).map((r) => r.id)));
    return (initialIncludeDrafts ?? defaultIncludedDrafts(d.pipeline)).filter((id) => offered.has(id));
  });
  const [sourceKind, setSourceKind] = useState<SourceKind>("history");
  const [from, setFrom] = useState(d.from);
  const [to, setTo] = useState(d.to);
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [platforms, setPlatforms] = useState<TPlatform[]>([]);
  const [countries, setCountries] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const uploadFields = useUploadFields(formats, stores);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<UploadState>({ phase: "idle" });
  const [local, setLocal] = useState<FieldErrors>({});
  const { stale, touch, clear } = useStalePaths();
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const create = useMutation(
    trpc.simulations.create.mutationOptions({
      onSuccess: (sim) => {
        void queryClient.invalidateQueries({ queryKey: trpc.simulations.list.pathKey() });
        router.push(`/simulations/${sim.id}`);
      },
    }),
  );
  const uploading = upload.phase === "uploading" || upload.phase === "processing";
  const busy = create.isPending || uploading || create.isSuccess;

  const serverErr = sourceKind === "history" ? formErrorOf(create.error) : upload.phase === "failed" ? { message: upload.failure.message, fieldErrors: upload.failure.fieldErrors, conflict: null, code: null } : null;
  const { format } = uploadFields;
  const extensionMismatch = file && format && !format.extensions.some((e) => file.name.toLowerCase().endsWith(`.${e}`));
  const errors = withoutStale(mergeFieldErrors(serverErr, local), stale);
  const unclaimed = unclaimedErrors(errors, CLAIMED);
  const fieldErrorsLeft = Object.keys(errors).length - unclaimed.length;

  const storePlatforms = useMemo(() => {
    const seen = new Set(stores.data?.items.map((s) => s.platform) ?? []);
    return seen.size ? PLATFORMS.filter((p) => seen.has(p)) : PLATFORMS.filter((p) => p !== "other");
  }, [stores.data]);

  const candidateVersion = candidate === "draft" ? null : Number(candidate.slice(2));
  const candidateCompiles = candidate === "draft" ? d.draft.compiles : (d.versions.find((v) => v.number === candidateVersion)?.compiles ?? false);
  const candidateNumber = candidateVersion ?? d.draft.number;
  const baselineNumber = baseline === "published" ? d.published : baseline.startsWith("v:") ? Number(baseline.slice(2)) : null;
  const sameAsBaseline = candidateNumber === baselineNumber;
  // As the server names a simulation left unnamed.
  const candidateLabel = candidate === "draft" ? (d.draft.status === "draft" ? `Draft v${d.draft.number}` : `v${d.draft.number} (${d.draft.status})`) : `v${candidateNumber}`;
  const baselineLabel = baseline === "none" ? "No rules" : baselineNumber === null ? "Nothing published" : `v${baselineNumber}${baselineNumber === d.published ? " (published)" : ""}`;
  const rangeIsDefault = from === d.from && to === d.to;
  const days = from && to && from <= to ? daysInRange(from, to) : 0;

  function meta(): TSimulationUploadMeta {
    return { rulesetId: d.rulesetId, name: name.trim(), candidate: candidateRef(candidate), baseline: baselineRef(baseline), includeDrafts };
  }

  function check(): FieldErrors {
    const errs: FieldErrors = {};
    if (!candidateCompiles) errs.candidate = ["This version does not compile: fix its errors in the designer, or choose a saved version"];
    if (sourceKind === "history") {
      if (!from) errs["source.from"] = ["Choose the first day"];
      if (!to) errs["source.to"] = ["Choose the last day"];
      else if (from && from > to) errs["source.to"] = ["Must be on or after the first day"];
    } else {
      for (const [field, message] of Object.entries(checkUploadFields(uploadFields))) errs[field] = [message];
      if (!file) errs.file = ["Choose or drop an order file"];
    }
    return errs;
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    clear();
    const errs = check();
    setLocal(errs);
    if (Object.keys(errs).length) return;
    if (sourceKind === "history") {
      create.mutate({ ...meta(), source: { kind: "history", from, to, storeIds, platforms, countries } });
      return;
    }
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setUpload({ phase: "uploading", sent: 0, total: file.size });
    const result = await uploadSimulation(
      {
        ...meta(),
        ...uploadSettings(uploadFields),
      },
      file,
      (sent, total) => setUpload(sent >= total ? { phase: "processing", total } : { phase: "uploading", sent, total }),
      controller.signal,
    );
    abort.current = null;
    if (result.ok) {
      void queryClient.invalidateQueries({ queryKey: trpc.simulations.list.pathKey() });
      router.push(`/simulations/${result.simulation.id}`);
    } else setUpload({ phase: "failed", failure: result.failure });
  }

  function setRange(nextFrom: string, nextTo: string) {
    setFrom(nextFrom);
    setTo(nextTo);
    touch("source.from", "source.to");
  }

  function chooseFile(f: File | null) {
    setFile(f);
    touch("file");
    if (!uploading) setUpload({ phase: "idle" });
  }
  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    const f = e.dataTransfer.files[0];
    if (f) chooseFile(f);
  }

  const presets = [
    { id: "7", label: "Last 7 days", from: shiftDay(d.to, 6), to: d.to },
    { id: "30", label: "Last 30 days", from: shiftDay(d.to, 29), to: d.to },
    { id: "90", label: "Last 90 days", from: shiftDay(d.to, 89), to: d.to },
    ...(d.historyFrom && d.historyTo ? [{ id: "all", label: "All history", from: d.historyFrom, to: d.historyTo }] : []),
  ];
  const extensions = format ? format.extensions : [...new Set(formats.flatMap((f) => f.extensions))];

  return (
    <form className="sim-form" onSubmit={(e) => void submit(e)} noValidate aria-label="New simulation">
      {perm.ready && !canSimulate ? (
        <div className="banner warn" role="status" id="sim-role-note">
          Your role ({perm.role ?? "none"}) can read simulations but not start them. Analysts, rule designers and admins run simulations.
        </div>
      ) : null}
      <FormBanner err={serverErr} unclaimed={unclaimed} fieldErrorsLeft={fieldErrorsLeft} />

      <section className="sim-panel" aria-labelledby="sim-compare-heading">
        <div className="sim-panel-head">
          <h2 id="sim-compare-heading" className="sim-panel-title">
            Compare
          </h2>
          <span className="muted small">
            <strong className="ink">{d.rulesetName}</strong> · {STAGE_LABELS[d.stage]} · <Link href={`/rulesets/${d.rulesetId}`}>Open in designer</Link>
          </span>
        </div>
        <div className="form-grid">
          <Field
            label="Candidate"
            htmlFor="sim-candidate"
            error={errorsUnder(errors, "candidate")}
            hint={candidate === "draft" ? "The draft as saved now; later edits do not change this simulation." : "A saved version, exactly as it was frozen."}
          >
            <select
              id="sim-candidate"
              className="select"
              value={candidate}
              disabled={busy}
              aria-invalid={!!errorsUnder(errors, "candidate")}
              onChange={(e) => {
                setCandidate(e.target.value);
                touch("candidate");
              }}
            >
              <option value="draft" disabled={!d.draft.compiles}>
                {d.draft.status === "draft" ? `Current draft (v${d.draft.number})` : `Latest version (v${d.draft.number}, ${d.draft.status})`}
                {d.draft.compiles ? "" : " — does not compile"}
              </option>
              {savedVersions.length ? (
                <optgroup label="Saved versions">
                  {savedVersions.map((v) => (
                    <option key={v.number} value={`v:${v.number}`} disabled={!v.compiles}>
                      {versionOptionText(v, d.published)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </Field>
          <Field
            label="Baseline"
            htmlFor="sim-baseline"
            error={errorsUnder(errors, "baseline")}
            hint={
              baseline === "none" || (baseline === "published" && d.published === null)
                ? "No rules of this ruleset run on the baseline side: every decision the candidate makes shows as a change."
                : "What the candidate is compared with, order by order."
            }
          >
            <select
              id="sim-baseline"
              className="select"
              value={baseline}
              disabled={busy}
              onChange={(e) => {
                setBaseline(e.target.value);
                touch("baseline");
              }}
            >
              <option value="published">{d.published !== null ? `Published version (v${d.published})` : "Published version — nothing published yet"}</option>
              {savedVersions.length ? (
                <optgroup label="Saved versions">
                  {savedVersions.map((v) => (
                    <option key={v.number} value={`v:${v.number}`} disabled={!v.compiles}>
                      {versionOptionText(v, d.published)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              <option value="none">Nothing — as if the ruleset had no rules</option>
            </select>
          </Field>
          <Field label="Name (optional)" htmlFor="sim-name" error={errorsUnder(errors, "name")} hint="Empty: named after the ruleset and the versions compared." wide>
            <input
              id="sim-name"
              className="input"
              value={name}
              maxLength={120}
              disabled={busy}
              placeholder={`${d.rulesetName}: ${candidateLabel} vs ${baselineLabel}`}
              onChange={(e) => {
                setName(e.target.value);
                touch("name");
              }}
            />
          </Field>
        </div>
        {!d.draft.compiles ? (
          <div className="banner warn sim-inline-banner" role="status">
            The draft (v{d.draft.number}) has errors, so it cannot run. <Link href={`/rulesets/${d.rulesetId}`}>Fix them in the designer</Link>
            {candidate !== "draft" ? `; meanwhile ${candidateLabel} is the candidate.` : savedVersions.some((v) => v.compiles) ? " or choose a saved version." : "."}
          </div>
        ) : null}
        {sameAsBaseline ? (
          <div className="banner warn sim-inline-banner" role="status">
            The candidate and the baseline are the same version: nothing will change.
          </div>
        ) : null}
      </section>

      {d.pipeline.length ? (
        <PipelineChoice
          pipeline={d.pipeline}
          included={includeDrafts}
          disabled={busy}
          error={errorsUnder(errors, "includeDrafts")}
          onToggle={(id) => {
            setIncludeDrafts((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
            touch("includeDrafts");
          }}
        />
      ) : null}

      <section className="sim-panel" aria-labelledby="sim-orders-heading">
        <div className="sim-panel-head">
          <h2 id="sim-orders-heading" className="sim-panel-title">
            Orders
          </h2>
          <div className="segmented" role="radiogroup" aria-label="Orders to replay">
            {(["history", "upload"] as const).map((k) => (
              <label key={k} className={sourceKind === k ? "active" : ""}>
                <input type="radio" name="sim-source" checked={sourceKind === k} disabled={busy} onChange={() => setSourceKind(k)} />
                {k === "history" ? "From order history" : "Upload a file"}
              </label>
            ))}
          </div>
        </div>

        {sourceKind === "history" ? (
          <>
            <div className="sim-range">
              <Field label="First day" htmlFor="sim-from" error={errorsUnder(errors, "source.from")}>
                <input id="sim-from" type="date" className="input" value={from} max={to || undefined} disabled={busy} onChange={(e) => setRange(e.target.value, to)} aria-invalid={!!errorsUnder(errors, "source.from")} />
              </Field>
              <Field label="Last day" htmlFor="sim-to" error={errorsUnder(errors, "source.to")}>
                <input id="sim-to" type="date" className="input" value={to} min={from || undefined} disabled={busy} onChange={(e) => setRange(from, e.target.value)} aria-invalid={!!errorsUnder(errors, "source.to")} />
              </Field>
              <div className="sim-presets" role="group" aria-label="Date range presets">
                {presets.map((p) => (
                  <button key={p.id} type="button" className={`btn small${p.from === from && p.to === to ? " active" : ""}`} aria-pressed={p.from === from && p.to === to} disabled={busy} onClick={() => setRange(p.from, p.to)}>
                    {p.label}
                  </button>
                ))}
              </div>
            </div>
            <p className="sim-range-note" data-testid="orders-in-range">
              {d.historyFrom && d.historyTo ? (
                <>
                  {rangeIsDefault ? (
                    <>
                      <strong>{formatCount(d.ordersInRange)}</strong> {d.ordersInRange === 1 ? "order" : "orders"} placed {formatDayRange(d.from, d.to)}.{" "}
                    </>
                  ) : days ? (
                    <>
                      {formatCount(days)} {days === 1 ? "day" : "days"}: {formatDayRange(from, to)}.{" "}
                    </>
                  ) : null}
                  <span className="muted">
                    Order history runs from {formatDay(d.historyFrom)} to {formatDay(d.historyTo)}. Days are UTC.
                  </span>
                </>
              ) : (
                <span className="muted">
                  There are no orders in history yet. <Link href="/imports">Import orders</Link>, or upload a file for this simulation.
                </span>
              )}
            </p>
            {d.ordersInRange === 0 && rangeIsDefault && d.historyFrom ? (
              <div className="banner warn sim-inline-banner" role="status">
                No order was placed in the last 30 days. Pick days between {formatDay(d.historyFrom)} and {formatDay(d.historyTo!)}, or “All history”.
              </div>
            ) : null}
            <div className="sim-filters">
              <Field label="Stores" htmlFor="sim-stores" error={errorsUnder(errors, "source.storeIds")} hint={storeIds.length ? `${storeIds.length} chosen` : "None chosen: every store"}>
                <div className="check-list" id="sim-stores" role="group" aria-label="Stores">
                  {stores.isLoading ? <span className="muted">Loading stores…</span> : null}
                  {stores.data?.items.length === 0 ? <span className="muted">No stores yet.</span> : null}
                  {stores.data?.items.map((s) => (
                    <label key={s.id}>
                      <input
                        type="checkbox"
                        checked={storeIds.includes(s.id)}
                        disabled={busy}
                        onChange={() => {
                          setStoreIds((ids) => (ids.includes(s.id) ? ids.filter((x) => x !== s.id) : [...ids, s.id]));
                          touch("source.storeIds");
                        }}
                      />
                      <span className="sim-store-name">{s.name}</span> <PlatformBadge platform={s.platform} />
                    </label>
                  ))}
                </div>
              </Field>
              <Field label="Platforms" htmlFor="sim-platforms" error={errorsUnder(errors, "source.platforms")} hint={platforms.length ? `${platforms.length} chosen` : "None chosen: every platform"}>
                <div className="check-list" id="sim-platforms" role="group" aria-label="Platforms">
                  {storePlatforms.map((p) => (
                    <label key={p}>
                      <input
                        type="checkbox"
                        checked={platforms.includes(p)}
                        disabled={busy}
                        onChange={() => {
                          setPlatforms((ps) => (ps.includes(p) ? ps.filter((x) => x !== p) : [...ps, p]));
                          touch("source.platforms");
                        }}
                      />
                      {platformLabel(p)}
                    </label>
                  ))}
                </div>
              </Field>
              <Field label="Destination countries" htmlFor="sim-countries" error={errorsUnder(errors, "source.countries")} hint={countries.length ? `${countries.length} chosen` : "None chosen: every country"}>
                <CountryMultiSelect
                  id="sim-countries"
                  value={countries}
                  ariaLabel="Countries"
                  onChange={(v) => {
                    setCountries(v);
                    touch("source.countries");
                  }}
                />
              </Field>
            </div>
          </>
        ) : (
          <>
            <div className="sim-upload-grid">
              <UploadFields
                idPrefix="sim-upload"
                fields={uploadFields}
                busy={busy}
                errors={{ storeId: errorsUnder(errors, "storeId"), format: errorsUnder(errors, "format"), timeZone: errorsUnder(errors, "timeZone"), currency: errorsUnder(errors, "currency") }}
                storeHint="The store the file's orders come from (for SKU pairing and the platform)"
                onEdit={(field) => touch(field)}
              />
            </div>
            <div
              className={`sim-drop${dragging ? " over" : ""}${file ? " has-file" : ""}${errorsUnder(errors, "file") ? " invalid" : ""}`}
              onDragOver={(e) => {
                e.preventDefault();
                if (!busy) setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              data-testid="simulation-drop-zone"
            >
              <input
                ref={fileInput}
                id="sim-file"
                type="file"
                className="sim-drop-input"
                accept={extensions.map((e) => `.${e}`).join(",")}
                disabled={busy}
                onChange={(e) => chooseFile(e.target.files?.[0] ?? null)}
                aria-invalid={!!errorsUnder(errors, "file")}
                aria-describedby="sim-file-about"
              />
              {file ? (
                <div className="sim-drop-file">
                  <strong>{file.name}</strong>
                  <span className="muted">{formatBytes(file.size)}</span>
                  <button type="button" className="btn small" disabled={busy} onClick={() => fileInput.current?.click()}>
                    Choose another file
                  </button>
                </div>
              ) : (
                <label htmlFor="sim-file" className="sim-drop-label">
                  <strong>Drop an order file here</strong>
                  <span>
                    or <span className="link-like">choose a file</span>
                  </span>
                </label>
              )}
              <p className="muted small" id="sim-file-about">
                Any order-import format (the same as Order imports), up to 50 MB. The orders stay with this simulation; nothing is added to the order history.
              </p>
            </div>
            {errorsUnder(errors, "file") ? (
              <p className="field-error-line" role="alert">
                {errorsUnder(errors, "file")!.join("; ")}
              </p>
            ) : null}
            {extensionMismatch ? (
              <div className="banner warn sim-inline-banner" role="status">
                “{file.name}” does not end in .{format.extensions.join(" or .")}: check that it is a {format.label}.
              </div>
            ) : null}
            {upload.phase === "failed" && upload.failure.rows.length && !stale.has("file") ? (
              <div className="table-wrap sim-upload-rows">
                <table className="data compact errors" aria-label="Rows that could not be read">
                  <thead>
                    <tr>
                      <th className="num">Row</th>
                      <th>Field</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {upload.failure.rows.map((r, i) => (
                      <tr key={`${r.row}-${r.field}-${i}`}>
                        <td className="num mono">{r.row}</td>
                        <td>
                          <code>{r.field === "$" || r.field === "" ? "whole row" : r.field}</code>
                        </td>
                        <td>{r.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {upload.phase === "uploading" ? <ProgressBar value={upload.total ? upload.sent / upload.total : 0} label={`Uploading ${file?.name ?? "the file"}`} detail={`${formatBytes(upload.sent)} of ${formatBytes(upload.total)}`} /> : null}
            {upload.phase === "processing" ? <ProgressBar value={null} label="Uploaded — reading the orders…" detail={formatBytes(upload.total)} /> : null}
          </>
        )}
      </section>

      <div className="sim-form-actions">
        <Link className="btn" href="/simulations">
          Cancel
        </Link>
        {uploading ? (
          <button type="button" className="btn" onClick={() => abort.current?.abort()} disabled={upload.phase === "processing"}>
            Stop upload
          </button>
        ) : null}
        <button
          className="btn primary"
          type="submit"
          disabled={busy || !canSimulate}
          data-testid="start-simulation"
          title={perm.ready && !canSimulate ? `Your role (${perm.role ?? "none"}) cannot start simulations: analysts, rule designers and admins can` : undefined}
          aria-describedby={perm.ready && !canSimulate ? "sim-role-note" : undefined}
        >
          {create.isPending || create.isSuccess ? "Starting…" : uploading ? "Uploading…" : "Start simulation"}
        </button>
      </div>
    </form>
  );
}

function versionOptionText(v: TSimulationDefaults["versions"][number], published: number | null): string {
  const status = v.number === published ? "published" : v.status;
  const note = v.note ? ` — ${v.note.length > 60 ? `${v.note.slice(0, 59)}…` : v.note}` : "";
  return `v${v.number} (${status})${note}${v.compiles ? "" : " — does not compile"}`;
}

