import { buildOpenApi } from "@/server/live-router/build-openapi";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of the v1 API, generated from its zod schemas. */
export function GET(): Response {
  return Response.json(buildOpenApi(), { headers: { "cache-control": "public, max-age=300" } });
}
