/**
 * The one mapping of a ZOrder to a row of the `orders` table, and the bulk INSERT that writes many.
 *
 * A batch of rows travels as ONE parameter, a JSON array, expanded by PostgreSQL's
 * `jsonb_to_recordset` — no string-built values, one bind parameter whatever the batch size, and
 * the order's own JSON nested as an object (not a string escaped inside a string). On PostgreSQL this
 * measured ~1.5× faster than a 14,000-placeholder multi-row VALUES or `unnest` of 14 arrays, which
 * spend their time escaping and parsing array/parameter text (see scripts/bench-import.ts).
 * Rows that conflict on the unique ("storeId", "externalId") are skipped (`ON CONFLICT DO NOTHING`),
 * so writing the same orders twice changes nothing.
 */
import { randomBytes } from "node:crypto";
import type { TOrder } from "../../rules-schema/order/order-schema";

/** Columns written, with the type each JSON field is read as. `importedAt` keeps its default. */
export const ORDER_ROW_COLUMNS = [
  ["id", "text"],
  ["organizationId", "text"],
  ["storeId", "text"],
  ["platform", '"Platform"'],
  ["externalId", "text"],
  ["status", "text"],
  ["country", "text"],
  ["placedAt", "timestamptz"],
  ["paidAt", "timestamptz"],
  ["shipByDeadline", "timestamptz"],
  ["totalValue", "numeric"],
  ["currency", "text"],
  ["buyerId", "text"],
  ["data", "jsonb"],
  ["importId", "text"],
] as const;

export type OrderRow = {
  id: string;
  organizationId: string;
  storeId: string;
  platform: TOrder["platform"];
  externalId: string;
  status: string;
  country: string;
  placedAt: string;
  paidAt: string | null;
  shipByDeadline: string | null;
  totalValue: number;
  currency: string;
  buyerId: string;
  /** The full order (ZOrder), stored as jsonb. */
  data: TOrder;
  importId: string | null;
};

/** The `orders` row of a ZOrder: its indexed columns plus the whole order in `data`. */
export function toOrderRow(organizationId: string, order: TOrder, options: { id?: string; importId?: string | null } = {}): OrderRow {
  return {
    id: options.id ?? newOrderId(),
    organizationId,
    storeId: order.storeId,
    platform: order.platform,
    externalId: order.externalId,
    status: order.status,
    country: order.shippingAddress.country,
    placedAt: order.createdAt,
    paidAt: order.paidAt,
    shipByDeadline: order.shipByDeadline,
    totalValue: order.totalValue,
    currency: order.currency,
    buyerId: order.buyerId,
    data: order,
    importId: options.importId ?? null,
  };
}

// An escaped NUL or lone surrogate (preceded by an even number of backslashes, so not a literal "\u…"
// in the text): valid JSON for JavaScript, refused by PostgreSQL's text and jsonb.
const UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * The row as JSON for `insertOrderRowsSql`, or the reason PostgreSQL would refuse it (so one such
 * order is reported instead of failing its whole batch).
 */
export function orderRowJson(row: OrderRow): { ok: true; json: string } | { ok: false; message: string } {
  const json = JSON.stringify(row);
  if (json.includes("\\u") && UNSTORABLE.test(json)) return { ok: false, message: "contains a NUL character or an unpaired UTF-16 surrogate, which the database cannot store" };
  return { ok: true, json };
}

/**
 * `INSERT INTO orders … SELECT … FROM jsonb_to_recordset($n::jsonb) … ON CONFLICT DO NOTHING` where
 * parameter `$n` is a JSON array of `orderRowJson` texts (`[a,b,c]`). Its affected-row count is the
 * number of orders inserted; append `RETURNING …` to use it in a CTE.
 */
export function insertOrderRowsSql(param = 1): string {
  const q = (c: string) => `"${c}"`;
  const names = ORDER_ROW_COLUMNS.map(([c]) => q(c)).join(", ");
  const defs = ORDER_ROW_COLUMNS.map(([c, t]) => `${q(c)} ${t}`).join(", ");
  return `INSERT INTO "orders" (${names}) SELECT ${names} FROM jsonb_to_recordset($${param}::jsonb) AS x(${defs}) ON CONFLICT ("storeId", "externalId") DO NOTHING`;
}

/** Minimal client surface for `insertOrderRows` (a Prisma client or transaction client). */
type RawExecutor = { $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number> };

/**
 * Inserts the orders in one statement (atomic on its own); existing (storeId, externalId) are skipped.
 * Returns the number inserted. Keep batches to a few thousand orders. Throws if an order cannot be
 * stored (see `orderRowJson`); callers that must not fail on one order check it first.
 */
export async function insertOrderRows(db: RawExecutor, organizationId: string, orders: readonly TOrder[], options: { importId?: string | null } = {}): Promise<number> {
  if (orders.length === 0) return 0;
  const parts: string[] = [];
  for (const order of orders) {
    const r = orderRowJson(toOrderRow(organizationId, order, options));
    if (!r.ok) throw new Error(`order ${order.externalId}: ${r.message}`);
    parts.push(r.json);
  }
  return db.$executeRawUnsafe(insertOrderRowsSql(), `[${parts.join(",")}]`);
}

let counter = Math.floor(Math.random() * 36 ** 4);
const fingerprint = randomBytes(3).readUIntBE(0, 3).toString(36).padStart(4, "0").slice(-4);
// Random bytes drawn 6 KiB at a time: one system call per 1,000 ids instead of one per id.
const POOL_IDS = 1_000;
let pool = randomBytes(6 * POOL_IDS);
let poolNext = 0;

/**
 * A cuid-shaped id (c + time + counter + fingerprint + random, 25 characters) like Prisma's
 * `@default(cuid())`, for rows written with raw SQL. Time-prefixed, so bulk inserts append to the
 * primary-key index instead of scattering over it.
 */
export function newOrderId(): string {
  counter = (counter + 1) % 36 ** 4;
  if (poolNext === POOL_IDS) {
    pool = randomBytes(6 * POOL_IDS);
    poolNext = 0;
  }
  const random = pool.readUIntBE(6 * poolNext++, 6).toString(36).padStart(8, "0").slice(-8);
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${fingerprint}${random}`;
}
