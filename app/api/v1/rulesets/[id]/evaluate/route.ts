import { getApiDeps } from "@/server/live-router/api-deps";
import { handleEvaluateRuleset } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Evaluate orders against a version, the draft or the published version of a ruleset (see server/http/routing-http.ts). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return handleEvaluateRuleset(await getApiDeps(), request, id);
}
