import { getApiDeps } from "@/server/live-router/api-deps";
import { handleRouteOrder } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Route one order through the published pipeline (see server/http/routing-http.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleRouteOrder(await getApiDeps(), request);
}
