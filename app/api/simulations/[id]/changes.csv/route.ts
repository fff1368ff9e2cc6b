import { handleChangesCsv } from "@/server/http/simulation-http";
import { createRequestContext } from "@/server/trpc/create-request-context";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The changed orders of a completed simulation as CSV (see server/http/simulation-http.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleChangesCsv(await createRequestContext(request.headers), request, id);
}
