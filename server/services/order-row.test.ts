import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TOrder, ZOrder } from "../../rules-schema/order/order-schema";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { insertOrderRows, newOrderId, orderRowJson, toOrderRow } from "./order-row";

const order = (externalId: string, storeId: string, extra: Partial<TOrder> = {}): TOrder =>
  ZOrder.parse({
    id: `${storeId}:${externalId}`,
    externalId,
    storeId,
    platform: "shopify",
    createdAt: "2024-03-05T19:22:10Z",
    paidAt: "2024-03-05T19:22:12.5Z",
    currency: "EUR",
    totalValue: 1234.5678,
    buyerId: "a@example.com",
    shippingAddress: { country: "DE", postalCode: "10115" },
    lines: [{ platformSku: "MUG", quantity: 2, unitPrice: 9.5, weightGrams: 420 }],
    ...extra,
  });

describe("orderRowJson", () => {
  it("refuses what PostgreSQL cannot store (NUL, lone surrogates), not a literal backslash-u", () => {
    const row = (buyerMessage: string) => orderRowJson(toOrderRow("org", order("X", "s", { buyerMessage })));
    expect(row("nul \u0000").ok).toBe(false);
    expect(row("lone \ud800 surrogate").ok).toBe(false);
    expect(row("written as text: \\u0000 and \\ud800").ok).toBe(true);
    expect(row("emoji 😀 and ünïcode").ok).toBe(true);
  });

  it("makes unique, time-ordered cuid-shaped ids", () => {
    const ids = Array.from({ length: 5_000 }, newOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 10)) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  });
});

describe.each(["pglite", "postgres"] as const)("insertOrderRows (%s)", (kind) => {
  let t: TestDb;
  let organizationId: string;
  let storeId: string;

  beforeAll(async () => {
    t = await createTestDb(kind);
    organizationId = (await t.db.organization.create({ data: { name: "Rows", slug: `rows-${kind}` } })).id;
    storeId = (await t.db.store.create({ data: { organizationId, name: "S", platform: "shopify" } })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("writes the indexed columns and the whole order, and skips orders the store already has", async () => {
    const orders = [order("#1", storeId), order("#2", storeId, { paidAt: null, status: "shipped" })];
    expect(await insertOrderRows(t.db, organizationId, orders)).toBe(2);
    expect(await insertOrderRows(t.db, organizationId, [...orders, order("#3", storeId)])).toBe(1);
    const row = await t.db.order.findFirstOrThrow({ where: { storeId, externalId: "#1" } });
    expect(row).toMatchObject({ organizationId, platform: "shopify", status: orders[0]!.status, country: "DE", currency: "EUR", buyerId: "a@example.com", importId: null });
    expect(row.placedAt.toISOString()).toBe("2024-03-05T19:22:10.000Z");
    expect(row.paidAt?.toISOString()).toBe("2024-03-05T19:22:12.500Z");
    expect(row.totalValue.toString()).toBe("1234.5678");
    expect(row.data).toEqual(orders[0]);
    expect((await t.db.order.findFirstOrThrow({ where: { storeId, externalId: "#2" } })).paidAt).toBeNull();
  });
});
