"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Field } from "@/components/ui/field";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { ListView } from "@/components/ui/list-view";
import { Pager } from "@/components/ui/pager";
import { ProgressBar } from "@/components/ui/progress-bar";
import { sentence } from "@/components/ui/sentence";
import { TimeText, formatDateTime } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import type { TImportNotice, TImportReport, TImportRowError } from "@/server/schemas/import-schemas";
import { useTRPC } from "@/lib/trpc";
import { type ImportFormatOption, type UploadField, UploadFields, checkUploadFields, uploadSettings, useUploadFields } from "./upload-fields";

export type { ImportFormatOption } from "./upload-fields";

type Status = TImportReport["status"];
const STATUS: Record<Status, { label: string; tone: string }> = {
  running: { label: "Running", tone: "amber" },
  completed: { label: "Completed", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
const n = (x: number) => x.toLocaleString();
const formatLabel = (formats: ImportFormatOption[], id: string) => formats.find((f) => f.id === id)?.label ?? id;

function StatusBadge({ status }: { status: Status }) {
  return (
    <span className={`badge ${STATUS[status].tone}`}>
      {status === "running" ? <span className="dot-pulse" aria-hidden="true" /> : null}
      {STATUS[status].label}
    </span>
  );
}

// ---------------------------------------------------------------------------------------------
// The list page: upload form (importers) and the history of imports
// ---------------------------------------------------------------------------------------------

export function ImportsScreen({ formats }: { formats: ImportFormatOption[] }) {
  const perm = usePermission();
  const canImport = perm.can("importOrders");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Order imports</h1>
          <p>Load order history from Shopify, TikTok Shop, Amazon or Switchyard files into a store, to simulate rules on real orders. Importing the same file again skips the orders already there.</p>
        </div>
      </div>
      {!perm.ready ? null : canImport ? (
        <UploadPanel formats={formats} />
      ) : (
        <p className="footnote" style={{ marginTop: 0, marginBottom: 16 }}>
          Owners and admins import orders; you can read the history and each import’s report.
        </p>
      )}
      <ImportHistory formats={formats} />
    </>
  );
}

interface UploadError {
  message: string;
  field?: string;
}
type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; sent: number; total: number; fileName: string; startedAt: number }
  | { phase: "processing"; total: number; fileName: string; startedAt: number }
  | { phase: "done"; total: number; fileName: string; importId: string; report: ReportView; ms: number }
  | { phase: "error"; error: UploadError; kind: "refused" | "canceled" | "lost"; sent: number; total: number; fileName: string };

/** What the report components show: the stored report (dates revived from JSON when it came from the upload). */
type ReportView = Omit<TImportReport, "startedAt" | "finishedAt"> & { startedAt: Date; finishedAt: Date | null };

function reviveReport(raw: unknown): ReportView {
  const r = raw as Omit<TImportReport, "startedAt" | "finishedAt"> & { startedAt: string; finishedAt: string | null };
  return { ...r, startedAt: new Date(r.startedAt), finishedAt: r.finishedAt ? new Date(r.finishedAt) : null };
}

/** The form field a server error is about, by the parameter it names. */
const FIELD_OF: Record<string, UploadField | "file"> = { storeId: "storeId", format: "format", timeZone: "timeZone", currency: "currency", defaultCurrency: "currency", file: "file", fileName: "file" };

function UploadPanel({ formats }: { formats: ImportFormatOption[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stores = useQuery(trpc.stores.list.queryOptions({ pageSize: 100 }));
  const fields = useUploadFields(formats, stores);
  const [file, setFile] = useState<File | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const xhr = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { format } = fields;
  const busy = state.phase === "uploading" || state.phase === "processing";

  useEffect(() => () => xhr.current?.abort(), []);

  const serverError = state.phase === "error" ? state.error : null;
  const fieldError = (field: UploadField | "file"): string[] | undefined => {
    if (local[field]) return [local[field]];
    if (serverError?.field && FIELD_OF[serverError.field] === field) return [sentence(serverError.message.replace(/^[\w.]+: /, ""))];
    return undefined;
  };
  const bannerError = serverError && !(serverError.field && FIELD_OF[serverError.field]) ? serverError.message : null;
  const extensionMismatch = file && format && !format.extensions.some((e) => file.name.toLowerCase().endsWith(`.${e}`));

  function start(e: React.FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = { ...checkUploadFields(fields), ...(file ? {} : { file: "Choose a file" }) };
    setLocal(errs);
    if (Object.keys(errs).length || !file || !format) return;

    const params = new URLSearchParams({ ...uploadSettings(fields), fileName: file.name });
    const startedAt = performance.now();
    let sent = 0;
    const request = new XMLHttpRequest();
    xhr.current = request;
    request.open("POST", `/api/imports?${params}`);
    // The file is the raw body: the server streams it into the import as it arrives.
    request.setRequestHeader("content-type", file.type || "application/octet-stream");
    request.responseType = "text";
    setState({ phase: "uploading", sent: 0, total: file.size, fileName: file.name, startedAt });
    request.upload.onprogress = (ev) => {
      const total = ev.lengthComputable ? ev.total : file.size;
      sent = ev.loaded;
      setState({ phase: "uploading", sent: ev.loaded, total, fileName: file.name, startedAt });
    };
    request.upload.onload = () => setState({ phase: "processing", total: file.size, fileName: file.name, startedAt });
    request.onload = () => {
      xhr.current = null;
      let body: { id?: string; report?: unknown; error?: string; field?: string } = {};
      try {
        body = JSON.parse(request.responseText || "{}");
      } catch {
        // not JSON (a proxy's error page): fall through to the status
      }
      if ((request.status === 200 || request.status === 422) && body.id && body.report) {
        setState({ phase: "done", total: file.size, fileName: file.name, importId: body.id, report: reviveReport(body.report), ms: Math.round(performance.now() - startedAt) });
        void queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.stores.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() });
        return;
      }
      const message =
        request.status === 401
          ? "Your session has ended: sign in again, then upload the file again."
          : request.status === 403
            ? (body.error ?? "Your role may not import orders.")
            : request.status === 413
              ? "The file is larger than the server accepts."
              : (body.error ?? `The upload failed (HTTP ${request.status}).`);
      setState({ phase: "error", kind: "refused", error: { message, ...(body.field ? { field: body.field } : {}) }, sent, total: file.size, fileName: file.name });
      void queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() });
    };
    request.onerror = () => {
      xhr.current = null;
      setState({
        phase: "error",
        kind: "lost",
        error: { message: "The connection was lost during the upload. Orders read before that are kept; upload the file again to import the rest (orders already imported are skipped)." },
        sent,
        total: file.size,
        fileName: file.name,
      });
      void queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() });
    };
    request.onabort = () => {
      xhr.current = null;
      setState({
        phase: "error",
        kind: "canceled",
        error: { message: "Upload canceled. The orders read before the cancel are kept and the import is marked failed; upload the file again to import the rest." },
        sent,
        total: file.size,
        fileName: file.name,
      });
      void queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() });
    };
    request.send(file);
    // The import row exists as soon as the server starts reading: show it (and its live counts) in the history.
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: trpc.imports.list.queryKey() }), 1200);
  }

  function reset() {
    setState({ phase: "idle" });
    setFile(null);
    if (fileInput.current) fileInput.current.value = "";
  }

  return (
    <section className="upload-panel" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Import a file</h2>
      {bannerError ? (
        <div className="banner error" role="alert">
          {sentence(bannerError)}
        </div>
      ) : null}
      {stores.data && stores.data.items.length === 0 ? (
        <div className="banner warn">
          Add a store first: imported orders belong to a store. <Link href="/stores">Go to stores</Link>
        </div>
      ) : null}
      <form className="upload-grid" onSubmit={start} noValidate>
        <UploadFields idPrefix="import" fields={fields} busy={busy} errors={{ storeId: fieldError("storeId"), format: fieldError("format"), timeZone: fieldError("timeZone"), currency: fieldError("currency") }} />
        <Field label="File" htmlFor="import-file" error={fieldError("file")} hint={file ? `${file.name} · ${formatBytes(file.size)}` : "Files are streamed: exports of millions of rows are fine"} wide>
          <input
            ref={fileInput}
            id="import-file"
            className="input file-input"
            type="file"
            disabled={busy}
            accept={format ? format.extensions.map((e) => `.${e}`).join(",") : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setLocal({ ...local, file: "" });
              if (state.phase !== "uploading" && state.phase !== "processing") setState({ phase: "idle" });
            }}
            aria-invalid={!!fieldError("file")}
          />
        </Field>
        {extensionMismatch ? (
          <div className="banner warn wide" role="status">
            “{file.name}” does not end in .{format.extensions.join(" or .")}: check that it is a {format.label}.
          </div>
        ) : null}
        <div className="upload-actions wide">
          {busy ? (
            <button type="button" className="btn" onClick={() => xhr.current?.abort()} disabled={state.phase === "processing"}>
              Cancel upload
            </button>
          ) : null}
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? "Importing…" : "Upload and import"}
          </button>
        </div>
      </form>
      {state.phase !== "idle" && state.phase !== "error" ? <UploadProgress state={state} /> : null}
      {state.phase === "error" && !state.error.field ? (
        <ProgressBar
          value={state.kind === "refused" ? 1 : state.total ? state.sent / state.total : 0}
          tone="error"
          label={state.kind === "canceled" ? `Upload of ${state.fileName} canceled` : state.kind === "lost" ? `Upload of ${state.fileName} interrupted` : `${state.fileName} was not imported`}
          detail={state.kind === "refused" ? formatBytes(state.total) : `${formatBytes(state.sent)} of ${formatBytes(state.total)}`}
        />
      ) : null}
      {state.phase === "done" ? (
        <div className="upload-result">
          <ReportSummary report={state.report} formats={formats} />
          <ErrorTable errors={state.report.errors} failedRows={state.report.failedRows} limit={10} detailHref={`/imports/${state.importId}`} />
          <NoticeTable notices={state.report.notices} noticeCount={state.report.noticeCount} limit={10} detailHref={`/imports/${state.importId}`} />
          <div className="upload-actions">
            <Link className="btn" href={`/imports/${state.importId}`}>
              Open the full report
            </Link>
            <button className="btn" onClick={reset}>
              Import another file
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function UploadProgress({ state }: { state: Exclude<UploadState, { phase: "idle" } | { phase: "error" }> }) {
  if (state.phase === "uploading") {
    const elapsed = (performance.now() - state.startedAt) / 1000;
    const rate = elapsed > 0.5 ? state.sent / elapsed : 0;
    return (
      <ProgressBar
        value={state.total ? state.sent / state.total : 0}
        label={`Uploading ${state.fileName}`}
        detail={`${formatBytes(state.sent)} of ${formatBytes(state.total)}${rate ? ` · ${formatBytes(rate)}/s` : ""}`}
      />
    );
  }
  if (state.phase === "processing") {
    return <ProgressBar value={1} label={`Uploaded ${state.fileName} — writing the last orders…`} detail={formatBytes(state.total)} />;
  }
  return <ProgressBar value={1} tone={state.report.status === "failed" ? "error" : "done"} label={`Uploaded ${state.fileName}`} detail={`${formatBytes(state.total)} · ${formatDuration(state.ms)}`} />;
}

function ImportHistory({ formats }: { formats: ImportFormatOption[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | "">("");
  const list = useQuery(
    trpc.imports.list.queryOptions(
      { page, pageSize: 20, ...(status ? { status } : {}) },
      {
        placeholderData: keepPreviousData,
        // Follow running imports (someone else's upload, or a CLI import) until they finish.
        refetchInterval: (q) => (q.state.data?.items.some((i) => i.status === "running") ? 2000 : false),
      },
    ),
  );

  return (
    <section className="org-section" aria-labelledby="history-heading">
      <div className="section-head">
        <h2 id="history-heading">History</h2>
        <select
          className="select compact"
          aria-label="Filter by status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status | "");
            setPage(1);
          }}
          style={{ marginLeft: "auto" }}
        >
          <option value="">All statuses</option>
          <option value="running">Running</option>
          <option value="completed">Completed</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      <ListView
        list={list}
        loadingRows={4}
        onPage={setPage}
        empty={<EmptyState title={status ? `No ${STATUS[status].label.toLowerCase()} imports` : "No imports yet"}>{status ? "Choose another status." : "Imported files appear here with their reports."}</EmptyState>}
        label="Imports"
        head={
          <>
            <th>Started</th>
            <th>File</th>
            <th>Store</th>
            <th>Status</th>
            <th className="num">Inserted</th>
            <th className="num">Duplicates</th>
            <th className="num">Nothing to ship</th>
            <th className="num">Failed</th>
            <th className="num">Took</th>
          </>
        }
      >
        {(items) =>
          items.map((i) => (
            <tr key={i.id} className="clickable" data-import={i.fileName} onClick={() => router.push(`/imports/${i.id}`)}>
              <td className="nowrap">
                <Link href={`/imports/${i.id}`} className="row-link">
                  <TimeText value={i.startedAt} />
                </Link>
              </td>
              <td>
                <div>
                  <strong>{i.fileName}</strong>
                </div>
                <div className="muted small">{formatLabel(formats, i.format)}</div>
              </td>
              <td>{i.store ? (i.store.name ?? <span className="muted">deleted store</span>) : <span className="muted">{i.status === "running" ? "…" : "—"}</span>}</td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td className="num">{n(i.importedRows)}</td>
              <td className="num">{n(i.skippedRows - i.nothingToShipRows)}</td>
              <td className="num">{n(i.nothingToShipRows)}</td>
              <td className="num">{i.failedRows ? <span className="text-red">{n(i.failedRows)}</span> : "0"}</td>
              <td className="num muted">{i.finishedAt ? formatDuration(i.finishedAt.getTime() - i.startedAt.getTime()) : "…"}</td>
            </tr>
          ))
        }
      </ListView>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The report (after an upload, and on the detail page)
// ---------------------------------------------------------------------------------------------

function headline(r: ReportView): string {
  const rejected = r.failedRows ? `; ${n(r.failedRows)} ${r.failedRows === 1 ? "record was" : "records were"} rejected` : "";
  const duplicates = r.skippedRows - r.nothingToShipRows;
  const nothing = r.nothingToShipRows ? `; ${n(r.nothingToShipRows)} with nothing to ship ${r.nothingToShipRows === 1 ? "was" : "were"} skipped` : "";
  if (r.status === "running") return `${n(r.totalRows)} records read so far`;
  if (r.totalRows === 0) return "The file held no orders.";
  if (r.importedRows === 0 && duplicates > 0) return `Nothing new: all ${n(duplicates)} orders were already in this store${nothing}${rejected}.`;
  const skipped = duplicates ? `, skipped ${n(duplicates)} already in the store` : "";
  return `Imported ${n(r.importedRows)} new ${r.importedRows === 1 ? "order" : "orders"}${skipped}${nothing}${rejected}.`;
}

function ReportSummary({ report, formats, showHead = true }: { report: ReportView; formats: ImportFormatOption[]; showHead?: boolean }) {
  const took = report.finishedAt ? formatDuration(report.finishedAt.getTime() - report.startedAt.getTime()) : null;
  return (
    <div className="report" aria-label="Import report">
      {showHead ? (
        <div className="report-head">
          <StatusBadge status={report.status} />
          <span>
            <strong>{report.fileName}</strong> <span className="muted">· {formatLabel(formats, report.format)}</span>
          </span>
          <span className="muted">
            {report.store ? <>into {report.store.name ?? "a deleted store"} · </> : null}
            {took ? `took ${took}` : null}
          </span>
        </div>
      ) : null}
      {report.failure ? (
        <div className="banner error" role="alert">
          <strong>The import stopped at row {n(report.failure.row)}:</strong> {sentence(report.failure.message)}{" "}
          {report.importedRows + report.skippedRows > 0
            ? `The ${n(report.importedRows + report.skippedRows)} orders read before that are kept; fix the file and import it again — orders already imported are skipped.`
            : "Nothing was imported; fix the file and import it again."}
        </div>
      ) : (
        <p className="report-headline">{headline(report)}</p>
      )}
      <div className="stats stats-3">
        <Stat label="Records read" value={report.totalRows} />
        <Stat label="Inserted" value={report.importedRows} tone={report.importedRows ? "green" : undefined} />
        <Stat label="Skipped as duplicates" value={report.skippedRows - report.nothingToShipRows} hint="Already in this store: left unchanged" />
        <Stat label="Nothing to ship" value={report.nothingToShipRows} hint="Skipped: gift cards only, or every line refunded or cancelled" />
        <Stat label="Failed" value={report.failedRows} tone={report.failedRows ? "red" : undefined} hint={report.failedRows ? "Rejected rows, listed below" : "No row was rejected"} />
        <Stat label="Notices" value={report.noticeCount} hint={report.noticeCount ? "Imported, but worth a look: listed below" : "Nothing to point out"} />
      </div>
    </div>
  );
}

function Stat({ label, value, tone, hint }: { label: string; value: number; tone?: "green" | "red"; hint?: string }) {
  return (
    <div className={`stat${tone ? ` ${tone}` : ""}`} data-stat={label}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{n(value)}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}

interface ReportRow {
  row: number;
  field: string;
  message: string;
  externalId?: string;
}

/**
 * One list of an import report — its row errors, or its notices — as a table with a filter and pages
 * (or the first `limit` rows with a link to the full report).
 */
function ReportRowsTable({
  kind,
  rows,
  summary,
  total,
  footnote,
  limit,
  detailHref,
}: {
  kind: "error" | "notice";
  rows: ReportRow[];
  summary: string;
  /** How many there were in all (more than `rows` when only the first ones were kept). */
  total: number;
  footnote: string | null;
  limit?: number;
  detailHref?: string;
}) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(1);
  if (rows.length === 0) return null;
  const plural = `${kind}s`;
  const title = kind === "error" ? "Errors" : "Notices";
  const q = filter.trim().toLowerCase();
  const matching = q ? rows.filter((e) => `${e.row} ${e.field} ${e.externalId ?? ""} ${e.message}`.toLowerCase().includes(q)) : rows;
  const pageSize = limit ?? 50;
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const shown = limit ? matching.slice(0, limit) : matching.slice((page - 1) * pageSize, page * pageSize);
  return (
    <div className="org-section" style={{ marginTop: 16 }}>
      <div className="section-head">
        <h3>{limit ? `First ${plural}` : title}</h3>
        <span className="muted small">{summary}</span>
        {!limit && rows.length > 10 ? (
          <input
            className="input"
            style={{ marginLeft: "auto", width: 260 }}
            placeholder="Filter by row, field, order or message"
            aria-label={`Filter ${plural}`}
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setPage(1);
            }}
          />
        ) : null}
      </div>
      <div className="table-wrap">
        <table className={kind === "error" ? "data errors" : "data"} aria-label={kind === "error" ? "Row errors" : "Notices"}>
          <thead>
            <tr>
              <th className="num">Row</th>
              <th>Field</th>
              <th>Order</th>
              <th>{kind === "error" ? "Message" : "Notice"}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={`${e.row}-${e.field}-${i}`}>
                <td className="num mono">{e.row}</td>
                <td>
                  <code>{e.field === "$" ? (kind === "error" ? "whole row" : "whole order") : e.field}</code>
                </td>
                <td className="mono">{e.externalId ?? <span className="muted">—</span>}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {limit && rows.length > limit ? (
          <div className="pager">
            <span>
              Showing {limit} of {n(total)} {plural}
            </span>
            {detailHref ? <Link href={detailHref}>See all {plural}</Link> : null}
          </div>
        ) : !limit && matching.length > pageSize ? (
          <Pager page={page} pageCount={pageCount} total={matching.length} onPage={setPage} />
        ) : null}
      </div>
      {footnote ? <p className="footnote">{footnote}</p> : null}
    </div>
  );
}

function ErrorTable({ errors, failedRows, limit, detailHref }: { errors: TImportRowError[]; failedRows: number; limit?: number; detailHref?: string }) {
  const rows = errors.filter((e) => !e.fatal);
  return (
    <ReportRowsTable
      kind="error"
      rows={rows}
      total={rows.length}
      summary={`${n(rows.length)} ${rows.length === 1 ? "error" : "errors"} in ${n(failedRows)} ${failedRows === 1 ? "record" : "records"}`}
      footnote={failedRows > rows.length && rows.length >= 1000 ? `Only the first 1,000 errors are kept; ${n(failedRows)} records failed in all.` : null}
      limit={limit}
      detailHref={detailHref}
    />
  );
}

/**
 * Notices: what the import changed or left out without rejecting anything — a line without a SKU known
 * by its variant id or title, a gift card or refunded line not routed, an order with nothing to ship.
 */
function NoticeTable({ notices, noticeCount, limit, detailHref }: { notices: TImportNotice[]; noticeCount: number; limit?: number; detailHref?: string }) {
  return (
    <ReportRowsTable
      kind="notice"
      rows={notices}
      total={noticeCount}
      summary={`${n(noticeCount)} ${noticeCount === 1 ? "notice" : "notices"}: the orders imported (or were skipped with nothing to ship); nothing was rejected for these`}
      footnote={noticeCount > notices.length ? `Only the first ${n(notices.length)} notices are kept; there were ${n(noticeCount)} in all.` : null}
      limit={limit}
      detailHref={detailHref}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// /imports/[id]
// ---------------------------------------------------------------------------------------------

export function ImportDetailScreen({ id, formats }: { id: string; formats: ImportFormatOption[] }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.imports.get.queryOptions({ id }, { refetchInterval: (q) => (q.state.data?.status === "running" ? 1500 : false), retry: (count, err) => err.data?.code !== "NOT_FOUND" && count < 1 }));
  const data = report.data;

  return (
    <>
      <div className="page-head">
        <div>
          <Link href="/imports" className="back-link">
            ← Order imports
          </Link>
          <h1 className="title-with-badge">
            {data ? data.fileName : "Import"} {data ? <StatusBadge status={data.status} /> : null}
          </h1>
          {data ? (
            <p>
              {formatLabel(formats, data.format)}
              {data.store ? <> · into {data.store.name ?? "a deleted store"}</> : null} · started {formatDateTime(data.startedAt)}
              {data.finishedAt ? <> · took {formatDuration(data.finishedAt.getTime() - data.startedAt.getTime())}</> : null}
            </p>
          ) : null}
        </div>
      </div>
      {report.isLoading ? (
        <div className="table-wrap">
          <LoadingRows rows={5} />
        </div>
      ) : report.error ? (
        report.error.data?.code === "NOT_FOUND" ? (
          <div className="table-wrap">
            <EmptyState title="This import does not exist" action={<Link href="/imports">Back to the imports</Link>}>
              It may belong to another organization, or the link is incomplete.
            </EmptyState>
          </div>
        ) : (
          <LoadError message={report.error.message} onRetry={() => void report.refetch()} />
        )
      ) : data ? (
        <>
          {data.status === "running" ? (
            <div className="running-note">
              <ProgressBar value={null} label="Importing…" detail={`${n(data.totalRows)} records read so far`} />
            </div>
          ) : null}
          <ReportSummary report={data} formats={formats} showHead={false} />
          <ErrorTable errors={data.errors} failedRows={data.failedRows} />
          <NoticeTable notices={data.notices} noticeCount={data.noticeCount} />
        </>
      ) : null}
    </>
  );
}
