import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TOrder } from "@/rules-schema/order/order-schema";
import { makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import type { TOrderSearchInput } from "../../schemas/order-schemas";
import { insertOrderRows } from "../../services/order-row";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, callersOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase } from "./router-test-kit";

type Stores = { shop: string; temu: string; bTemu: string };
type SearchCase = [string, Partial<TOrderSearchInput> | ((s: Stores) => Partial<TOrderSearchInput>), string[]];

describe.each(DB_KINDS)("order router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let stores: Stores;
  /** Row id of each of A's orders by order number, and B's lone order. */
  const idOf = new Map<string, string>();
  let bOrderId: string;

  /** A's orders, oldest first: numbers, buyers, stores and destinations chosen for the search cases. */
  const aOrders = (s: { shop: string; temu: string }): TOrder[] => [
    makeOrder({ id: "a1", externalId: "PO-211-0001", platform: "temu", storeId: s.temu, createdAt: "2026-11-01T10:00:00Z", buyerId: "buyer-7", totalValue: 19.5 }),
    makeOrder({ id: "a2", externalId: "PO-211-0002", platform: "temu", storeId: s.temu, createdAt: "2026-11-05T10:00:00Z", buyerId: "buyer-8", shippingAddress: { country: "DE" } }),
    makeOrder({ id: "a3", externalId: "#1001", storeId: s.shop, createdAt: "2026-11-10T10:00:00Z", buyerId: "buyer-7", lines: [makeLine(), makeLine({ platformSku: "SKU-2" }), makeLine({ platformSku: "SKU-3" })] }),
    makeOrder({ id: "a4", externalId: "A_1%", storeId: s.shop, createdAt: "2026-11-12T10:00:00Z", buyerId: "buyer-9" }),
    makeOrder({ id: "a5", externalId: "AB1", storeId: s.shop, createdAt: "2026-11-14T10:00:00Z", buyerId: "PO-211-0001" }),
    makeOrder({ id: "a6", externalId: "#1002", storeId: s.shop, createdAt: "2026-11-16T10:00:00Z", status: "shipped", shippingAddress: { country: "CA" } }),
    makeOrder({ id: "a7", externalId: "#1003", storeId: s.shop, createdAt: "2026-11-18T10:00:00Z" }),
  ];

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, `orders-a-${kind}`);
    b = await createTenant(t.db, `orders-b-${kind}`);
    as = await callersOf(t.db, a);
    const ownerB = await callerFor(t.db, b.users.owner);
    stores = {
      shop: (await as.owner!.stores.create({ platform: "shopify", name: "A Shopify" })).id,
      temu: (await as.owner!.stores.create({ platform: "temu", name: "A Temu" })).id,
      bTemu: (await ownerB.stores.create({ platform: "temu", name: "B Temu" })).id,
    };
    await insertOrderRows(t.db, a.organizationId, aOrders(stores));
    // B has the same order number as A's first order, and one that only B has.
    await insertOrderRows(t.db, b.organizationId, [
      makeOrder({ id: "b1", externalId: "PO-211-0001", platform: "temu", storeId: stores.bTemu, buyerId: "buyer-7" }),
      makeOrder({ id: "b2", externalId: "PO-211-0099", platform: "temu", storeId: stores.bTemu, buyerId: "buyer-b" }),
    ]);
    for (const row of await t.db.order.findMany({ where: { organizationId: a.organizationId }, select: { id: true, externalId: true } })) idOf.set(row.externalId, row.id);
    bOrderId = (await t.db.order.findFirstOrThrow({ where: { organizationId: b.organizationId, externalId: "PO-211-0099" } })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const cases: ProcedureCase[] = [
    {
      name: "orders.search",
      permission: "read",
      own: async (c) => expect((await c.orders.search({ search: "#1001" })).items.map((o) => o.externalId)).toEqual(["#1001"]),
      // Another organization's order number finds nothing here.
      foreign: async (c) => expect((await c.orders.search({ search: "PO-211-0099" })).items).toEqual([]),
      foreignCode: "OK",
    },
    {
      name: "orders.get",
      permission: "read",
      own: (c) => c.orders.get({ id: idOf.get("#1001")! }),
      foreign: (c) => c.orders.get({ id: bOrderId }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  const searches: SearchCase[] = [
    ["everything, newest first", {}, ["#1003", "#1002", "AB1", "A_1%", "#1001", "PO-211-0002", "PO-211-0001"]],
    ["an order-number prefix in any case, never another organization's", { search: "po-211" }, ["PO-211-0002", "PO-211-0001"]],
    ["a number that is also a buyer id finds both", { search: "PO-211-0001" }, ["AB1", "PO-211-0001"]],
    ["a whole order number", { search: "#1001" }, ["#1001"]],
    ["a buyer id, exactly", { search: "buyer-7" }, ["#1001", "PO-211-0001"]],
    ["a part of a buyer id finds nothing", { search: "buyer" }, []],
    ["LIKE wildcards are plain characters", { search: "a_1%" }, ["A_1%"]],
    ["a lone % matches no order number", { search: "%" }, []],
    ["a store", (s) => ({ storeId: s.temu }), ["PO-211-0002", "PO-211-0001"]],
    ["a platform", { platform: "shopify" }, ["#1003", "#1002", "AB1", "A_1%", "#1001"]],
    ["a country, in any case", { country: "de" }, ["PO-211-0002"]],
    ["placed from (inclusive) to (exclusive)", { placedFrom: new Date("2026-11-05T10:00:00Z"), placedTo: new Date("2026-11-12T10:00:00Z") }, ["#1001", "PO-211-0002"]],
    ["filters combine with the search", (s) => ({ search: "#", storeId: s.shop, placedFrom: new Date("2026-11-15T00:00:00Z") }), ["#1003", "#1002"]],
    ["another organization's store gives nothing", (s) => ({ storeId: s.bTemu }), []],
  ];

  it.each(searches)("search by %s", async (_name, input, expected) => {
    const out = await as.viewer!.orders.search(typeof input === "function" ? input(stores) : input);
    expect(out.items.map((o) => o.externalId)).toEqual(expected);
    expect(out.total).toBe(expected.length);
  });

  it("lists each order with its store, destination, value, line count and status", async () => {
    const [row] = (await as.viewer!.orders.search({ search: "#1001" })).items;
    expect(row).toEqual({
      id: idOf.get("#1001"),
      externalId: "#1001",
      storeId: stores.shop,
      storeName: "A Shopify",
      platform: "shopify",
      createdAt: new Date("2026-11-10T10:00:00Z"),
      country: "US",
      totalValue: 25,
      currency: "USD",
      lineCount: 3,
      status: "awaiting_review",
      buyerId: "buyer-7",
    });
  });

  it.each([
    [1, ["#1003", "#1002", "AB1", "A_1%", "#1001"]],
    [2, ["PO-211-0002", "PO-211-0001"]],
    [3, []],
  ])("pages of 5: page %i has its orders, and every page knows the total", async (page, expected) => {
    const out = await as.viewer!.orders.search({ page, pageSize: 5 });
    expect([out.items.map((o) => o.externalId), out.total, out.pageCount]).toEqual([expected, 7, 2]);
  });

  it("gets one order with the whole order as the rules read it", async () => {
    const got = await as.viewer!.orders.get({ id: idOf.get("PO-211-0002")! });
    expect(got).toMatchObject({ id: idOf.get("PO-211-0002"), externalId: "PO-211-0002", storeName: "A Temu", platform: "temu", country: "DE", lineCount: 1 });
    expect(got.order).toEqual(aOrders(stores)[1]);
    expect(got.importedAt).toBeInstanceOf(Date);
    expect((await errorOf(as.viewer!.orders.get({ id: "no-such-order" }))).code).toBe("NOT_FOUND");
  });

  it.each([
    ["a country that is not an ISO code", { country: "USA" }, ["country"]],
    ["a range that ends before it starts", { placedFrom: new Date("2026-11-10T00:00:00Z"), placedTo: new Date("2026-11-01T00:00:00Z") }, ["placedTo"]],
    ["a page size over 100", { pageSize: 500 }, ["pageSize"]],
    ["an organization id in the input", { organizationId: "x" }, [""]],
  ])("refuses %s with a field error", async (_name, input, fields) => {
    const e = await errorOf(as.viewer!.orders.search(input as never));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", fields]);
  });
});
