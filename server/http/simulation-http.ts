/**
 * The simulator's two plain HTTP endpoints (the rest is tRPC):
 *   POST /api/simulations/upload — multipart form: `meta` (JSON: rulesetId, name, candidate, baseline,
 *     format, storeId, timeZone?, currency?) and `file` (an order file in any import format). The file is
 *     parsed like an order import (same formats, same SKU pairing) but its orders are kept with the
 *     simulation, not added to the history. Any bad row refuses the whole file: 400 with the rows.
 *   GET /api/simulations/{id}/changes.csv?change=&warehouseId=&channelId=&search=&sort=&dir= — the
 *     changed orders as CSV, streamed page by page.
 * Errors are JSON `{ error, field?, rows? }` like POST /api/imports.
 */
import { z } from "zod";
import { findUnsafeInput } from "../schemas/input-guard";
import { type TImportFormat, ZImportFormat, importOrders } from "../import";
import { ZChangesInput, ZSimulationUploadMeta } from "../schemas/simulation-schemas";
import type { TrpcContext } from "../trpc/context";
import { loadSkuCatalog } from "../services/import-orders-sku-catalog";
import { HttpError, errorResponse, jsonResponse as json } from "./http-responses";
import { scopeFromSession } from "../services/scope";
import { createUploadSimulation, getSimulation, iterateChangedOrders, simulationRuleNames } from "../services/simulation-service";
import type { TChangedOrder } from "../schemas/simulation-schemas";

/** Largest file accepted, and most orders in it. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_UPLOAD_ORDERS = 200_000;
const MAX_ROW_ERRORS = 20;

export const ZSimulationUploadForm = ZSimulationUploadMeta.extend({
  format: ZImportFormat,
  storeId: z.string().min(1).max(100),
  timeZone: z.string().trim().min(1).max(64).optional(),
  currency: z.string().trim().toUpperCase().length(3).optional(),
}).strict();

/** The request with a body that errors once more than `maxBytes` have arrived (counted as they come, nothing read ahead). */
export function limitBody(request: Request, maxBytes: number): { request: Request; exceeded: () => boolean } {
  let seen = 0;
  let over = false;
  if (!request.body) return { request, exceeded: () => false };
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          over = true;
          controller.error(new Error(`the body is larger than ${maxBytes} bytes`));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return { request: new Request(request.url, { method: request.method, headers, body: counted, duplex: "half" } as RequestInit), exceeded: () => over };
}

export async function handleSimulationUpload(ctx: Pick<TrpcContext, "db" | "user" | "membership">, request: Request): Promise<Response> {
  try {
    const scope = scopeFromSession(ctx, "simulate");
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > MAX_UPLOAD_BYTES + 64 * 1024) throw new HttpError(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, "file");
    let form: FormData;
    // The limit holds while bytes arrive (a chunked upload declares no length): past it the stream errors and we answer 413.
    const limited = limitBody(request, MAX_UPLOAD_BYTES + 64 * 1024);
    try {
      form = await limited.request.formData();
    } catch {
      if (limited.exceeded()) throw new HttpError(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, "file");
      throw new HttpError(400, "Send a multipart form with the fields meta and file", "file");
    }
    const metaText = form.get("meta");
    if (typeof metaText !== "string") throw new HttpError(400, "The form has no meta field", "meta");
    let metaJson: unknown;
    try {
      metaJson = JSON.parse(metaText);
    } catch {
      throw new HttpError(400, "meta is not JSON", "meta");
    }
    const unsafe = findUnsafeInput(metaJson);
    if (unsafe) throw new HttpError(400, `meta${unsafe.path ? `.${unsafe.path}` : ""}: ${unsafe.message}`, unsafe.path ? `meta.${unsafe.path}` : "meta");
    const parsed = ZSimulationUploadForm.safeParse(metaJson);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".") || "meta";
      return json(400, { error: `${field}: ${issue.message}`, field, issues: parsed.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message })) });
    }
    const file = form.get("file");
    if (!(file instanceof File)) throw new HttpError(400, "The form has no file", "file");
    if (file.size > MAX_UPLOAD_BYTES) throw new HttpError(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, "file");
    const { format, storeId, timeZone, currency, ...meta } = parsed.data;
    const store = await ctx.db.store.findFirst({ where: { id: storeId, organizationId: scope.organizationId }, select: { id: true, platform: true } });
    if (!store) throw new HttpError(400, "Unknown store", "storeId");
    const { catalog } = await loadSkuCatalog(ctx.db, scope.organizationId, store.id);
    const orders: unknown[] = [];
    const rows: { row: number; field: string; message: string }[] = [];
    const badRowNumbers = new Set<number>();
    for await (const r of importOrders(format as TImportFormat, file.stream() as unknown as AsyncIterable<Uint8Array>, {
      storeId: store.id,
      platform: store.platform,
      timeZone,
      defaultCurrency: currency,
      skuCatalog: catalog,
    })) {
      // An order with nothing to ship (gift cards only, every line refunded) is not one to route.
      if (r.ok === "skipped") continue;
      if (r.ok) {
        if (orders.length >= MAX_UPLOAD_ORDERS) throw new HttpError(413, `The file holds more than ${MAX_UPLOAD_ORDERS.toLocaleString("en-US")} orders`, "file");
        orders.push(r.order);
      } else {
        badRowNumbers.add(r.row);
        if (rows.length < MAX_ROW_ERRORS) rows.push({ row: r.row, field: r.field, message: r.message });
      }
    }
    const badRows = badRowNumbers.size;
    if (badRows > 0) return json(400, { error: `${badRows} row${badRows === 1 ? "" : "s"} of the file could not be read; fix ${badRows === 1 ? "it" : "them"} and upload again`, field: "file", rows });
    const summary = await createUploadSimulation(ctx.db, scope, meta, { fileName: file.name || "upload", format }, orders);
    return json(201, summary);
  } catch (error) {
    return errorResponse(error, "POST /api/simulations/upload");
  }
}

const CSV_HEADER = [
  "order_id",
  "platform_order_id",
  "placed_at",
  "store",
  "platform",
  "country",
  "changes",
  "warehouse_before",
  "warehouse_after",
  "channel_before",
  "channel_after",
  "holds_before",
  "holds_after",
  "packages_before",
  "packages_after",
  "cost_before",
  "cost_after",
  "currency",
  "cost_delta",
  "deadline_before",
  "deadline_after",
  "rules_before",
  "rules_after",
];

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(o: TChangedOrder, names: { warehouses: Record<string, string>; channels: Record<string, string>; stores: Record<string, string>; rules: Record<string, string> }): string {
  const rules = (list: string[]) => list.map((r) => names.rules[r] ?? r).join(";");
  const wh = (id: string | null) => (id === null ? "" : (names.warehouses[id] ?? id));
  const ch = (id: string | null) => (id === null ? "" : (names.channels[id] ?? id));
  const b = o.baseline;
  const a = o.candidate;
  return [
    o.orderId,
    o.externalId,
    o.placedAt.toISOString(),
    names.stores[o.storeId] ?? o.storeId,
    o.platform,
    o.country,
    o.changes.join(";"),
    wh(b.warehouseId),
    wh(a.warehouseId),
    ch(b.channelId),
    ch(a.channelId),
    b.holds.join(";"),
    a.holds.join(";"),
    b.packages,
    a.packages,
    b.cost,
    a.cost,
    a.currency ?? b.currency,
    o.costDelta,
    b.deadline,
    a.deadline,
    rules(b.firedRules),
    rules(a.firedRules),
  ]
    .map((v) => csvCell(v))
    .join(",");
}

export async function handleChangesCsv(ctx: Pick<TrpcContext, "db" | "user" | "membership">, request: Request, id: string): Promise<Response> {
  try {
    const scope = scopeFromSession(ctx, "read");
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = ZChangesInput.safeParse({ ...params, id });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".") || "query";
      throw new HttpError(400, `${field}: ${issue.message}`, field);
    }
    const sim = await getSimulation(ctx.db, scope, id);
    const names = { ...sim.names, rules: await simulationRuleNames(ctx.db, scope, id) };
    const pages = iterateChangedOrders(ctx.db, scope, parsed.data);
    // Fails here (not mid-stream) when the simulation is not complete.
    const first = await pages.next();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(CSV_HEADER.join(",") + "\r\n"));
        if (!first.done) controller.enqueue(encoder.encode(first.value.map((o) => csvLine(o, names) + "\r\n").join("")));
        if (first.done) controller.close();
      },
      async pull(controller) {
        if (first.done) return;
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map((o) => csvLine(o, names) + "\r\n").join("")));
      },
    });
    const fileName = `simulation-${id}-changes.csv`;
    return new Response(stream, {
      status: 200,
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET changes.csv");
  }
}
