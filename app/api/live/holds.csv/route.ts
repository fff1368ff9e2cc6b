import { handleHoldsCsv } from "@/server/http/live-http";
import { createRequestContext } from "@/server/trpc/create-request-context";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The holds queue as CSV (see server/http/live-http.ts). */
export async function GET(request: Request): Promise<Response> {
  return handleHoldsCsv(await createRequestContext(request.headers), request);
}
