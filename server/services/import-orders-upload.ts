/**
 * POST /api/imports (app/api/imports/route.ts): an order file uploaded as the raw body or as the file
 * part of a multipart form, streamed into importOrderFile — never buffered whole.
 *
 *   POST /api/imports?format=shopify-csv&storeId=…[&fileName=…][&timeZone=…][&currency=USD]
 *
 * Answers JSON: 200 { id, report } when the import completed (bad rows are in the report), 422 with
 * the same when it failed (corrupt or truncated file; what was read before is kept), 400 on bad
 * parameters, 401 signed out, 403 without the `importOrders` permission. Progress of a running import
 * is readable with the tRPC query `imports.get`.
 */
import { can } from "../auth/roles";
import { findUnsafeInput } from "../schemas/input-guard";
import { ZImportUploadParams } from "../schemas/import-schemas";
import type { TrpcContext } from "../trpc/context";
import { importOrderFile } from "./import-orders-service";
import { MultipartError, multipartBoundary, readMultipartFile } from "./import-orders-multipart";
import type { Scope } from "./scope";
import { FieldError, ForbiddenError } from "./service-errors";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The caller's scope for importing orders, from the session's membership (never from the request). */
export function importScope(ctx: Pick<TrpcContext, "user" | "membership">): Scope {
  if (!ctx.user) throw new HttpError(401, "Sign in first");
  const m = ctx.membership;
  if (!m) throw new HttpError(403, "You are not a member of any organization");
  if (!can(m.role, "importOrders")) throw new HttpError(403, `Your role (${m.role}) may not importOrders`);
  return { organizationId: m.organizationId, role: m.role, actor: { type: "user", id: ctx.user.id } };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}

/** A web stream as an async iterable that cancels the stream when the reader stops early. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export async function handleImportUpload(ctx: Pick<TrpcContext, "db" | "user" | "membership">, request: Request): Promise<Response> {
  try {
    const scope = importScope(ctx);
    const url = new URL(request.url);
    const query = Object.fromEntries(url.searchParams);
    const unsafe = findUnsafeInput(query);
    if (unsafe) throw new HttpError(400, `${unsafe.path}: ${unsafe.message}`, unsafe.path || "_");
    const parsed = ZImportUploadParams.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : "_");
      throw new HttpError(400, `${field}: ${issue.message}`, field);
    }
    const params = parsed.data;
    if (!request.body) throw new HttpError(400, "The request has no body: send the file as the body or as a multipart file part", "file");

    let source: AsyncIterable<Uint8Array> = chunksOf(request.body);
    let fileName = params.fileName;
    const contentType = request.headers.get("content-type");
    if (/^multipart\//i.test(contentType ?? "")) {
      const boundary = multipartBoundary(contentType);
      if (!boundary) throw new HttpError(400, "multipart/form-data needs a boundary", "file");
      const part = await readMultipartFile(source, boundary);
      if (!part) throw new HttpError(400, "The form has no file part", "file");
      source = part.content;
      fileName ??= part.fileName ?? undefined;
    }

    const report = await importOrderFile(ctx.db, scope, {
      format: params.format,
      storeId: params.storeId,
      fileName: fileName ?? "upload",
      source,
      timeZone: params.timeZone,
      defaultCurrency: params.currency,
    });
    return json(report.status === "completed" ? 200 : 422, { id: report.id, report });
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { error: error.message, ...(error.field ? { field: error.field } : {}) });
    if (error instanceof FieldError) return json(400, { error: error.message, field: error.field });
    if (error instanceof ForbiddenError) return json(403, { error: error.message });
    if (error instanceof MultipartError) return json(400, { error: error.message, field: "file" });
    console.error("POST /api/imports failed:", error);
    return json(500, { error: "The import failed unexpectedly" });
  }
}
