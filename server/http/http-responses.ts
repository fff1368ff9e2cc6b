import { FieldError, ForbiddenError, NotFoundError } from "../services/service-errors";
import { ScopeRefused } from "../services/scope";

/**
 * The JSON answers of the HTTP edge outside the v1 API (uploads, exports): one shape for errors,
 * `{ error, field? }`, with the status a person or a script can act on. The v1 API answers with RFC
 * 9457 problems instead (routing-http.ts).
 */

export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** An error answered with its own status and, when it concerns one form field, that field. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * The answer to an error thrown while handling `what` ("POST /api/imports"): known errors with their
 * status and field; anything else is logged and answered 500 without internals. `extra` maps errors
 * only one route knows (a malformed multipart body).
 */
export function errorResponse(error: unknown, what: string, extra?: (error: unknown) => Response | null): Response {
  if (error instanceof HttpError) return jsonResponse(error.status, { error: error.message, ...(error.field ? { field: error.field } : {}) });
  if (error instanceof ScopeRefused) return jsonResponse(error.status, { error: error.message });
  if (error instanceof FieldError) return jsonResponse(400, { error: error.message, field: error.field });
  if (error instanceof ForbiddenError) return jsonResponse(403, { error: error.message });
  if (error instanceof NotFoundError) return jsonResponse(404, { error: error.message });
  const own = extra?.(error);
  if (own) return own;
  console.error(`${what} failed:`, error);
  return jsonResponse(500, { error: `${what} failed unexpectedly` });
}
