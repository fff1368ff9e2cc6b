/** The Live section's downloads: the holds queue as CSV (GET /api/live/holds.csv). */
import { findUnsafeInput } from "../schemas/input-guard";
import { ZHoldsQueueInput } from "../schemas/live-schemas";
import { QUEUE_MAX_ROWS, holdsQueue } from "../services/live-decision-service";
import { scopeFromSession } from "../services/scope";
import type { TrpcContext } from "../trpc/context";
import { HttpError, errorResponse } from "./http-responses";
import { csvCell } from "./simulation-http";

export const HOLDS_CSV_HEADER = ["order_number", "order_id", "store", "platform", "country", "status", "reasons", "held_at", "ship_by", "hours_left", "decision_id"];

/**
 * The held and intercepted orders of the range (query: from, to, storeIds comma-separated, reason) as
 * CSV, most urgent first; hours left to the ship-by deadline counted from the moment of the download.
 */
export async function handleHoldsCsv(ctx: Pick<TrpcContext, "db" | "user" | "membership">, request: Request, now = new Date()): Promise<Response> {
  try {
    const scope = scopeFromSession(ctx, "read");
    const q = new URL(request.url).searchParams;
    // Text the database cannot store (NUL, lone surrogates) is refused as any other bad input.
    for (const [name, value] of q) {
      const unsafe = findUnsafeInput(value);
      if (unsafe) throw new HttpError(400, `${name}: ${unsafe.message}`, name);
    }
    const parsed = ZHoldsQueueInput.safeParse({
      ...(q.get("from") ? { from: q.get("from") } : {}),
      ...(q.get("to") ? { to: q.get("to") } : {}),
      ...(q.get("reason") ? { reason: q.get("reason") } : {}),
      storeIds: (q.get("storeIds") ?? "").split(",").filter((s) => s !== ""),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".") || "query";
      throw new HttpError(400, `${field}: ${issue.message}`, field);
    }
    const queue = await holdsQueue(ctx.db, scope, parsed.data, now, true);
    const lines = [HOLDS_CSV_HEADER.join(",")];
    for (const i of queue.items) {
      const left = i.shipByDeadline === null ? null : Math.round(((Date.parse(i.shipByDeadline) - now.getTime()) / 3_600_000) * 10) / 10;
      lines.push(
        [i.externalId, i.orderId, queue.names.stores[i.storeId] ?? i.storeId, i.platform, i.country, i.status, i.reasons.join(";"), i.heldAt, i.shipByDeadline, left, i.decisionId].map((v) => csvCell(v)).join(","),
      );
    }
    if (queue.truncated) lines.push(csvCell(`# truncated: more than ${QUEUE_MAX_ROWS} held orders; narrow the range`));
    const day = now.toISOString().slice(0, 10);
    return new Response(lines.join("\r\n") + "\r\n", {
      status: 200,
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="holds-${day}.csv"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, "GET holds.csv");
  }
}
