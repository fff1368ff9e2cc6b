import { getApiDeps } from "@/server/live-router/api-deps";
import { handleTestRuleset } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Run a ruleset's test suite against a version, the draft or the published version (see server/http/routing-http.ts). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleTestRuleset(await getApiDeps(), request, id);
}
