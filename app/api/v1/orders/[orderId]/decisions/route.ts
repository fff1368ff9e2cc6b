import { getApiDeps } from "@/server/live-router/api-deps";
import { handleOrderDecisions } from "@/server/http/routing-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The stored routing decisions of an order (see server/http/routing-http.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ orderId: string }> }): Promise<Response> {
  const { orderId } = await params;
  return handleOrderDecisions(await getApiDeps(), request, orderId);
}
