/**
 * Serves Monaco's AMD build (node_modules/monaco-editor/min/vs) at /monaco/vs/… so the rule editors
 * load it from this server, never from a CDN: the app works offline and after a fresh `npm install`
 * with nothing copied. components/designer/code-editor.tsx points @monaco-editor/react's loader here.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

const ROOT = path.join(process.cwd(), "node_modules", "monaco-editor", "min", "vs");
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
};
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Bundle chunks carry a content hash (`editor-BdtEMBbM.js`); entry files (`loader.js`) do not. */
const HASHED = /-[A-Za-z0-9_-]{8}\.js$/;

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const segments = (await params).path;
  if (segments.length === 0 || !segments.every((s) => SEGMENT.test(s) && !s.includes(".."))) return notFound();
  const file = path.join(ROOT, ...segments);
  const type = CONTENT_TYPES[path.extname(file)];
  if (!type || !file.startsWith(ROOT + path.sep)) return notFound();
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return notFound();

  const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  const headers = {
    "content-type": type,
    etag,
    "cache-control": HASHED.test(file) ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, "content-length": String(info.size) } });
}
