import { getApiDeps } from "@/server/live-router/api-deps";
import { handleGetDecision } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One stored routing decision (see server/http/routing-http.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleGetDecision(await getApiDeps(), request, id);
}
