import type { TSimulationSummary, TSimulationUploadMeta } from "@/server/schemas/simulation-schemas";

/** Why an upload did not start a simulation: a message, the fields it is about (as the form names them) and the file's bad rows. */
export interface UploadFailure {
  kind: "refused" | "lost" | "canceled";
  message: string;
  fieldErrors: Record<string, string[]>;
  rows: { row: number; field: string; message: string }[];
}

/** The upload's settings: the simulation's (as for create, without the source) and how to read the file. */
export type SimulationUploadForm = TSimulationUploadMeta & { format: string; storeId: string; timeZone?: string; currency?: string };

export type UploadResult = { ok: true; simulation: TSimulationSummary } | { ok: false; failure: UploadFailure };

/** The JSON of a summary with its dates revived (the route answers plain JSON, not superjson). */
export function reviveSummary(raw: unknown): TSimulationSummary {
  const r = raw as TSimulationSummary & { createdAt: string; startedAt: string | null; finishedAt: string | null };
  const date = (v: string | Date | null) => (v === null ? null : new Date(v));
  return { ...r, createdAt: new Date(r.createdAt), startedAt: date(r.startedAt), finishedAt: date(r.finishedAt) };
}

const SOME_FIELDS = "Some fields need attention.";

/**
 * What a refused upload says, from the status and the route's JSON body: `{ error, field?, issues?,
 * rows? }` (like POST /api/imports; `{ message, fieldErrors }` works too). A message about one field goes under that field ("storeId: …"
 * loses its prefix); `issues` are several such; `rows` are the file's rows that could not be read.
 */
export function uploadFailureOf(status: number, body: unknown): UploadFailure {
  const b = (body && typeof body === "object" ? body : {}) as { error?: unknown; message?: unknown; field?: unknown; issues?: unknown; rows?: unknown; fieldErrors?: unknown };
  const text = [b.error, b.message].find((v): v is string => typeof v === "string" && v.trim() !== "");
  const fieldErrors: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    const key = field.replace(/^meta\./, "");
    const clean = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    if (!(fieldErrors[key] ??= []).includes(clean)) fieldErrors[key].push(clean);
  };
  const issues = Array.isArray(b.issues) ? (b.issues as { field?: unknown; message?: unknown }[]) : [];
  for (const i of issues) if (typeof i.field === "string" && typeof i.message === "string") add(i.field || "meta", i.message);
  if (typeof b.field === "string" && text && issues.length === 0) add(b.field, text);
  // The problem+json-like shape `{ message, fieldErrors: { field: [messages] } }` reads the same way.
  if (b.fieldErrors && typeof b.fieldErrors === "object")
    for (const [field, v] of Object.entries(b.fieldErrors as Record<string, unknown>)) for (const m of Array.isArray(v) ? v : [v]) if (typeof m === "string") add(field, m);
  const rows = (Array.isArray(b.rows) ? (b.rows as { row?: unknown; field?: unknown; message?: unknown }[]) : []).flatMap((r) =>
    typeof r.row === "number" && typeof r.message === "string" ? [{ row: r.row, field: typeof r.field === "string" ? r.field : "", message: r.message }] : [],
  );
  const message =
    status === 401
      ? "Your session has ended: sign in again, then upload the file again."
      : status === 403
        ? (text ?? "Your role may not run simulations.")
        : status === 413 && !Object.keys(fieldErrors).length
          ? (text ?? "The file is larger than the server accepts.")
          : Object.keys(fieldErrors).length
            ? SOME_FIELDS
            : (text ?? `The upload failed (HTTP ${status}).`);
  return { kind: "refused", message, fieldErrors: status === 401 || status === 403 ? {} : fieldErrors, rows };
}

/**
 * Posts an order file and the simulation's settings to POST /api/simulations/upload as multipart
 * (`meta`: the settings as JSON, `file`: the file), reporting bytes sent. `signal` aborts it.
 */
export function uploadSimulation(meta: SimulationUploadForm, file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("meta", JSON.stringify(meta));
    form.append("file", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/simulations/upload");
    request.responseType = "text";
    request.setRequestHeader("accept", "application/json");
    request.upload.onprogress = (ev) => onProgress(ev.loaded, ev.lengthComputable ? ev.total : file.size);
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText || "null");
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      if ((request.status === 201 || request.status === 200) && body && typeof body === "object" && "id" in body) resolve({ ok: true, simulation: reviveSummary(body) });
      else resolve({ ok: false, failure: uploadFailureOf(request.status, body) });
    };
    request.onerror = () => resolve({ ok: false, failure: { kind: "lost", message: "The connection was lost during the upload. Nothing was started; upload the file again.", fieldErrors: {}, rows: [] } });
    request.onabort = () => resolve({ ok: false, failure: { kind: "canceled", message: "Upload canceled. Nothing was started.", fieldErrors: {}, rows: [] } });
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}
