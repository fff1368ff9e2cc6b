import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
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
    ["one bare order (a webhook body)", order({}), ["1 s:#1"]],
    ["single-order responses in an array", [{ order: order({}) }, { order: order({ name: "#2" }) }], ["1 s:#1", "2 s:#2"]],
  ])("reads %s", async (_name, doc, expected) => {
    expect(outline(await run(doc))).toEqual(expected);
  });

  it("reads pages saved one per line", async () => {
    const text = `${JSON.stringify({ orders: [order({})] })}\n${JSON.stringify({ orders: [order({ name: "#2" })] })}\n`;
    expect(outline(await collect(parseShopifyJson([text], { storeId: "s" })))).toEqual(["1 s:#1", "2 s:#2"]);
  });

  it.each([
    ["a negative quantity", { line_items: [{ sku: "A", quantity: -3, price: "10.00" }] }, "line_items[0].quantity", "quantity must be at least 1, got -3"],
    [
      "a line with nothing to identify it",
      { line_items: [{ sku: null, variant_id: null, product_id: null, title: "", name: null, quantity: 1, price: "5.00" }] },
      "line_items[0].sku",
      "the line item has no SKU, variant id, product id, title or name to identify it",
    ],
    ["a current_quantity above the quantity", { line_items: [{ sku: "A", quantity: 1, current_quantity: 2, price: "5.00" }] }, "line_items[0].current_quantity", "current_quantity 2 is not a whole number between 0 and the quantity ordered"],
    ["no line items", { line_items: [] }, "line_items", "the order has no line items"],
    ["a bad total", { total_price: "ten" }, "total_price", '"ten" is not an order total'],
    ["a timestamp without offset", { created_at: "2024-04-02T09:15:44" }, "created_at", '"2024-04-02T09:15:44" is not an ISO-8601 date-time with offset'],
  ])("reports %s and continues", async (_name, patch, field, message) => {
    const results = await run({ orders: [order(patch), order({ name: "#2" })] });
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: "#1" }, expect.objectContaining({ ok: true, row: 2 })]);
  });

  it.each([
    ["broken JSON", '{"orders": [', /^not valid JSON: /],
    ["another API's document", '{"payload":{"Orders":[]}}', /^expected a Shopify order, .*; the body is an object with keys payload: it looks like an Amazon SP-API v0 response/],
    ["a TikTok Shop response", '{"code":0,"message":"Success","request_id":"x","data":{"orders":[]}}', /the body is an object with keys code, message, request_id, data: it looks like a TikTok Shop API response/],
    ["a Shopify error response", '{"errors":"Not Found"}', /^the body is a Shopify API error response \(Not Found\), not orders$/],
    ["a TikTok Shop error response", '{"code":36009004,"message":"PageSize is a required field","request_id":"2025"}', /^the body is a TikTok Shop API error response \(code 36009004: PageSize is a required field; request_id 2025\), not orders$/],
    ["an empty file", "", /^the file is empty$/],
  ])("reports %s as one file error", async (_name, text, message) => {
    const results = await collect(parseShopifyJson([text], { storeId: "s" }));
    expect(results).toEqual([{ ok: false, row: 1, field: "$", message: expect.stringMatching(message) }]);
  });
});

describe("parseShopifyJson lines without a SKU, refunds and nothing to ship", () => {
  const base = {
    id: 9,
    name: "#9",
    created_at: "2024-04-02T09:15:44-04:00",
    financial_status: "paid",
    currency: "USD",
    total_price: "30.00",
    shipping_address: { country_code: "US", zip: "10001" },
  };
  const item = (patch: Record<string, unknown>) => ({ id: 1, sku: "A", variant_id: 11, product_id: 111, title: "Thing", name: "Thing - Red", quantity: 1, price: "10.00", requires_shipping: true, gift_card: false, ...patch });
  const run = async (order: Record<string, unknown>) => collect(parseShopifyJson([JSON.stringify({ order: { ...base, ...order } })], { storeId: "s" }));

  it.each([
    ["the variant id", { sku: "" }, "11", "no SKU; used the variant id 11 as the platform SKU"],
    ["the product id", { sku: null, variant_id: null }, "111", "no SKU; used the product id 111 as the platform SKU"],
    ["the title", { sku: null, variant_id: null, product_id: null }, "Thing", 'no SKU; used the title "Thing" as the platform SKU'],
    ["the name", { sku: null, variant_id: null, product_id: null, title: null }, "Thing - Red", 'no SKU; used the name "Thing - Red" as the platform SKU'],
  ])("takes %s as the platform SKU of a line without one, unpaired, with a notice", async (_name, patch, sku, message) => {
    const [r] = await run({ line_items: [item(patch)] });
    expect(r).toMatchObject({ ok: true, notices: [{ row: 1, field: "line_items[0].sku", message, externalId: "#9" }] });
    expect(r?.ok === true && r.order.lines.map((l) => [l.platformSku, l.warehouseSku])).toEqual([[sku, null]]);
  });

  it("clips a title longer than a platform SKU may be, and says so", async () => {
    const [r] = await run({ line_items: [item({ sku: null, variant_id: null, product_id: null, title: "T".repeat(250) })] });
    expect(r?.ok === true && r.order.lines[0]!.platformSku).toBe("T".repeat(200));
    expect(r?.ok === true && r.notices?.[0]?.message).toMatch(/\(clipped to 200 characters\) as the platform SKU$/);
  });

  it("routes what refunds leave: refund_line_items lower the quantity, a line refunded whole is left out", async () => {
    const refunds = [{ id: 5, refund_line_items: [{ line_item_id: 1, quantity: 1 }, { line_item_id: 2, quantity: 2 }] }];
    const [r] = await run({ refunds, line_items: [item({ id: 1, quantity: 3 }), item({ id: 2, sku: "B", quantity: 2 })] });
    expect(r?.ok === true && r.order.lines.map((l) => [l.platformSku, l.quantity, l.unitPrice])).toEqual([["A", 2, 10]]);
    expect(r?.ok === true && r.notices?.map((n) => `${n.field}: ${n.message}`)).toEqual([
      'line_items[0]: "Thing - Red": 1 of 3 removed or refunded (refunds); routing 2',
      'line_items[1]: "Thing - Red": all 2 removed or refunded (refunds); not routed',
    ]);
  });

  it("prefers current_quantity to the refunds when the API version has it", async () => {
    const refunds = [{ id: 5, refund_line_items: [{ line_item_id: 1, quantity: 1 }] }];
    const [r] = await run({ refunds, line_items: [item({ id: 1, quantity: 3, current_quantity: 1 })] });
    expect(r?.ok === true && r.order.lines[0]!.quantity).toBe(1);
  });

  it.each([
    ["only gift cards", [item({ gift_card: true, requires_shipping: false })], "every line is a gift card or needs no shipping (1 line): nothing to ship"],
    ["only refunded lines", [item({ current_quantity: 0 }), item({ id: 2, current_quantity: 0 })], "every line was removed, refunded or cancelled (2 lines): nothing to ship"],
    ["a gift card and a refunded line", [item({ requires_shipping: false }), item({ id: 2, current_quantity: 0 })], "no line is left to ship (1 need no shipping, 1 removed, refunded or cancelled)"],
  ])("skips an order with %s, with a notice", async (_name, lineItems, message) => {
    const results = await run({ line_items: lineItems });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: "skipped", row: 1, externalId: "#9" });
    expect(results[0]?.ok === "skipped" && results[0].notices.at(-1)).toEqual({ row: 1, field: "line_items", message, externalId: "#9" });
  });

  it("still reports a bad order field of an order with nothing to ship as an error", async () => {
    const results = await run({ currency: "dollars", line_items: [item({ gift_card: true })] });
    expect(results).toEqual([expect.objectContaining({ ok: false, field: "currency" })]);
  });
});
