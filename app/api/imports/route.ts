import { handleImportUpload } from "@/server/http/import-orders-upload";
import { createRequestContext } from "@/server/trpc/create-request-context";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Upload an order file: POST /api/imports?format=…&storeId=… with the file as the raw body or as a
 * multipart file part; the body is streamed into the import (see server/http/import-orders-upload.ts).
 */
export async function POST(request: Request): Promise<Response> {
  const ctx = await createRequestContext(request.headers);
  return handleImportUpload(ctx, request);
}
