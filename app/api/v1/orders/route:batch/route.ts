import { getApiDeps } from "@/server/live-router/api-deps";
import { handleRouteBatch } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Route up to 1,000 orders through the published pipeline (see server/http/routing-http.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleRouteBatch(await getApiDeps(), request);
}
