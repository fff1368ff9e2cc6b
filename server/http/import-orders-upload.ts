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
import { findUnsafeInput } from "../schemas/input-guard";
import { ZImportUploadParams } from "../schemas/import-schemas";
import type { TrpcContext } from "../trpc/context";
import { importOrderFile } from "../services/import-orders-service";
import { MultipartError, multipartBoundary, readMultipartFile } from "./import-orders-multipart";
import { scopeFromSession } from "../services/scope";
import { HttpError, errorResponse, jsonResponse as json } from "./http-responses";

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
    const scope = scopeFromSession(ctx, "importOrders");
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
    return errorResponse(error, "The import", (e) => (e instanceof MultipartError ? json(400, { error: e.message, field: "file" }) : null));
  }
}
