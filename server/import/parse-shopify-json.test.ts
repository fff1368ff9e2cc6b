import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "./import-test-helpers";
import { parseShopifyJson } from "./parse-shopify-json";

describe("parseShopifyJson on a GET /orders.json page", async () => {
  const results = await collect(parseShopifyJson(fixtureStream("shopify-admin-orders.json"), OPTIONS));
  const orders = ordersById(results);

  it("yields every order by position, the bad one as errors, and the following orders", () => {
    expect(outline(results)).toEqual(["1 store-7:#2041", "2 store-7:#2042", "3 ! created_at", "3 ! processed_at", "4 store-7:#2044", "5 store-7:#2045"]);
    expect(results[2]).toEqual({ ok: false, row: 3, field: "created_at", externalId: "#2043", message: '"2024-04-31T10:00:00+09:00" is not an ISO-8601 date-time with offset' });
  });

  it.each([
    [
      "#2041",
      expectedOrder("shopify", {
        externalId: "#2041",
        status: "awaiting_fulfillment",
        createdAt: "2024-04-02T13:15:44Z",
        paidAt: "2024-04-02T13:15:46Z", // processed_at of a paid order
        currency: "USD",
        totalValue: 84.9,
        buyerId: "7012345678901",
        shippingAddress: { country: "US", region: "OR", city: "Portland", postalCode: "97204", addressValid: true },
        // 4.00 discount allocated over two mugs; the apron is unpaired but Shopify gives its grams.
        lines: [pairedLine("MUG-11OZ-WHT", 2, 12), unpairedLine("APRON-LINEN-SAND", 1, 46, 180)],
        buyerMessage: "Ring the bell twice, please.",
        tags: ["repeat", "gift"],
        requestedShippingService: "Standard Shipping",
      }),
    ],
    [
      "#2042",
      expectedOrder("shopify", {
        externalId: "#2042",
        status: "cancelled",
        createdAt: "2024-04-02T20:03:10Z",
        paidAt: "2024-04-02T20:03:12Z",
        currency: "EUR",
        totalValue: 39.9,
        buyerId: "7012345678902",
        shippingAddress: { country: "FR", region: "", city: "Lyon", postalCode: "69002", addressValid: true },
        lines: [pairedLine("PWRBANK-10K", 1, 39.9)],
        cancellationRequested: true,
        refundRequested: true,
        requestedShippingService: "Colissimo",
      }),
    ],
    [
      "#2044",
      expectedOrder("shopify", {
        externalId: "#2044",
        status: "awaiting_fulfillment", // partially fulfilled: units are left to ship
        createdAt: "2024-04-03T05:45:00Z",
        paidAt: "2024-04-03T05:45:03Z",
        currency: "AUD",
        totalValue: 120,
        buyerId: "emma.wilson@example.com.au", // no customer record: the e-mail
        shippingAddress: { country: "AU", region: "NSW", city: "Sydney", postalCode: "2000", addressValid: true },
        lines: [unpairedLine("CANDLE-CEDAR-L", 3, 40, 650)], // the gift card needs no shipping
        refundRequested: true,
        tags: ["wholesale"],
        requestedShippingService: "Australia Post Express",
      }),
    ],
    [
      "#2045",
      expectedOrder("shopify", {
        externalId: "#2045",
        status: "pending_payment",
        createdAt: "2024-04-04T16:00:00Z",
        currency: "USD",
        totalValue: 28,
        buyerId: "7012345678905",
        shippingAddress: { country: "US", region: "CO", city: "Denver", postalCode: "80202", addressValid: true },
        lines: [pairedLine("MUG-11OZ-WHT", 2, 14)],
        requestedShippingService: "Standard Shipping",
      }),
    ],
  ])("maps order %s exactly", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });
});

describe("parseShopifyJson shapes and row errors", () => {
  const order = (patch: Record<string, unknown>) => ({
    id: 1,
    name: "#1",
    created_at: "2024-04-02T09:15:44-04:00",
    financial_status: "paid",
    currency: "USD",
    total_price: "10.00",
    shipping_address: { country_code: "US", zip: "10001" },
    line_items: [{ sku: "A", quantity: 1, price: "10.00", requires_shipping: true }],
    ...patch,
  });
  const run = async (doc: unknown) => collect(parseShopifyJson([JSON.stringify(doc)], { storeId: "s" }));

  it.each([
    ["a single order", { order: order({}) }, ["1 s:#1"]],
    ["a bare array", [order({}), order({ name: "#2" })], ["1 s:#1", "2 s:#2"]],
    ["no name: the id", { orders: [order({ name: undefined })] }, ["1 s:1"]],
  ])("reads %s", async (_name, doc, expected) => {
    expect(outline(await run(doc))).toEqual(expected);
  });

  it("reads pages saved one per line", async () => {
    const text = `${JSON.stringify({ orders: [order({})] })}\n${JSON.stringify({ orders: [order({ name: "#2" })] })}\n`;
    expect(outline(await collect(parseShopifyJson([text], { storeId: "s" })))).toEqual(["1 s:#1", "2 s:#2"]);
  });

  it.each([
    ["a negative quantity", { line_items: [{ sku: "A", quantity: -3, price: "10.00" }] }, "line_items[0].quantity", "quantity must be at least 1, got -3"],
    ["a missing SKU", { line_items: [{ sku: null, name: "Engraving", quantity: 1, price: "5.00" }] }, "line_items[0].sku", 'line item "Engraving" has no SKU, so it cannot be paired with a warehouse SKU'],
    ["no line items", { line_items: [] }, "line_items", "the order has no line items"],
    ["a bad total", { total_price: "ten" }, "total_price", '"ten" is not an order total'],
    ["a timestamp without offset", { created_at: "2024-04-02T09:15:44" }, "created_at", '"2024-04-02T09:15:44" is not an ISO-8601 date-time with offset'],
  ])("reports %s and continues", async (_name, patch, field, message) => {
    const results = await run({ orders: [order(patch), order({ name: "#2" })] });
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: "#1" }, expect.objectContaining({ ok: true, row: 2 })]);
  });

  it.each([
    ["broken JSON", '{"orders": [', /^not valid JSON: /],
    ["another API's document", '{"payload":{"Orders":[]}}', /^expected \{"orders":\[\.\.\.\]\}/],
    ["an empty file", "", /^the file is empty$/],
  ])("reports %s as one file error", async (_name, text, message) => {
    const results = await collect(parseShopifyJson([text], { storeId: "s" }));
    expect(results).toEqual([{ ok: false, row: 1, field: "$", message: expect.stringMatching(message) }]);
  });
});
