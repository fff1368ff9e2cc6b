import { handleSimulationUpload } from "@/server/http/simulation-http";
import { createRequestContext } from "@/server/trpc/create-request-context";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Start a simulation of an uploaded order file (see server/http/simulation-http.ts). */
export async function POST(request: Request): Promise<Response> {
  return handleSimulationUpload(await createRequestContext(request.headers), request);
}
