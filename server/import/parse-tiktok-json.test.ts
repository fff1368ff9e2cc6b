import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "./import-test-helpers";
import { parseTiktokJson } from "./parse-tiktok-json";

describe("parseTiktokJson on a Get Order Detail response", async () => {
  const results = await collect(parseTiktokJson(fixtureStream("tiktok-order-detail.json"), OPTIONS));
  const orders = ordersById(results);

  it("yields every order by position, the bad one as an error, and the following orders", () => {
    expect(outline(results)).toEqual([
      "1 store-7:576461413038785801",
      "2 store-7:576461413038785802",
      "3 ! create_time",
      "4 store-7:577123400011223344",
      "5 store-7:576461413038785805",
    ]);
    expect(results[2]).toEqual({ ok: false, row: 3, field: "create_time", externalId: "576461413038785803", message: '"2024-11-06" is not a Unix time in seconds' });
  });

  it.each([
    [
      "576461413038785801",
      expectedOrder("tiktok", {
        externalId: "576461413038785801",
        status: "awaiting_fulfillment",
        createdAt: "2024-11-05T18:22:31Z",
        paidAt: "2024-11-05T18:23:02Z",
        shipByDeadline: "2024-11-07T18:29:59Z", // rts_sla_time, earlier than shipping_due_time
        currency: "USD",
        totalValue: 48.84,
        buyerId: "7494851234567890123",
        shippingAddress: { country: "US", region: "California", city: "Los Angeles", postalCode: "90012", addressValid: true },
        // Three one-unit items: two of the lip tint merge into one line of 2.
        lines: [pairedLine("LIPTINT-ROSE", 2, 10.99), pairedLine("SERUM-30ML", 1, 23.99)],
        buyerMessage: "Gift — please no price tags, thanks!",
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      "576461413038785802",
      expectedOrder("tiktok", {
        externalId: "576461413038785802",
        status: "cancelled",
        createdAt: "2024-11-06T06:40:00Z",
        paidAt: "2024-11-06T06:40:12Z",
        shipByDeadline: "2024-11-08T06:40:00Z",
        currency: "USD",
        totalValue: 12.99,
        buyerId: "7494851234567890456",
        shippingAddress: { country: "US", region: "New York", city: "New York", postalCode: "10001", addressValid: true },
        lines: [pairedLine("LIPTINT-ROSE", 1, 12.99)],
        cancellationRequested: true,
      }),
    ],
    [
      "577123400011223344",
      expectedOrder("tiktok", {
        externalId: "577123400011223344",
        status: "on_hold", // is_on_hold_order
        createdAt: "2024-11-06T15:00:00Z",
        paidAt: "2024-11-06T15:01:00Z",
        shipByDeadline: "2024-11-08T15:00:00Z",
        currency: "GBP",
        totalValue: 31.5,
        buyerId: "7494851234567891000",
        // Region and city found by level (L1, L3) when the level names are not State/City.
        shippingAddress: { country: "GB", region: "Greater Manchester", city: "Manchester", postalCode: "M1 1AE", addressValid: true },
        // Three units without a seller SKU: one unpaired line keyed by the TikTok SKU id.
        lines: [unpairedLine("1729384756102939999", 3, 10.5)],
        requestedShippingService: "Standard Delivery",
      }),
    ],
    [
      "576461413038785805",
      expectedOrder("tiktok", {
        externalId: "576461413038785805",
        status: "shipped",
        createdAt: "2024-11-04T06:00:00Z",
        paidAt: "2024-11-04T06:00:30Z",
        shipByDeadline: "2024-11-06T06:00:00Z",
        currency: "USD",
        totalValue: 23.99,
        buyerId: "7494851234567891111",
        shippingAddress: { country: "US", region: "Texas", city: "Austin", postalCode: "", addressValid: false },
        lines: [pairedLine("SERUM-30ML", 1, 23.99)],
      }),
    ],
  ])("maps order %s exactly", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });
});

describe("parseTiktokJson shapes and row errors", () => {
  const order = (patch: Record<string, unknown>) => ({
    id: "576461413038785900",
    status: "AWAITING_SHIPMENT",
    create_time: 1730830951,
    payment: { currency: "USD", total_amount: "10.00" },
    recipient_address: { region_code: "US", postal_code: "10001" },
    line_items: [{ id: "1", sku_id: "111", seller_sku: "A", sale_price: "10.00" }],
    ...patch,
  });
  const run = async (doc: unknown) => collect(parseTiktokJson([JSON.stringify(doc)], { storeId: "s" }));

  it("aggregates per-unit items with different sale prices into one line at the average unit price", async () => {
    const items = [
      { id: "1", sku_id: "111", seller_sku: "A", sale_price: "10.00" },
      { id: "2", sku_id: "222", seller_sku: "B", sale_price: "4.00" },
      { id: "3", sku_id: "111", seller_sku: "A", sale_price: "9.00" },
      { id: "4", sku_id: "111", seller_sku: "A", sale_price: "9.00" },
    ];
    const [r] = await run([order({ line_items: items })]);
    expect(r?.ok && r.order.lines.map((l) => [l.platformSku, l.quantity, l.unitPrice])).toEqual([
      ["A", 3, 9.33],
      ["B", 1, 4],
    ]);
  });

  it.each([
    ["a bare array", [order({})]],
    ["{ orders }", { orders: [order({})] }],
    ["{ data: { orders } }", { code: 0, data: { orders: [order({})] } }],
  ])("reads %s", async (_name, doc) => {
    expect(outline(await run(doc))).toEqual(["1 s:576461413038785900"]);
  });

  it.each([
    ["an unknown status", { status: "TELEPORTED" }, "status", 'unknown order status "TELEPORTED"'],
    ["a numeric id that lost digits", { id: 576461413038785900 }, "id", "order id 576461413038785900 was written as a JSON number above 2^53 and has lost digits; keep TikTok ids as strings"],
    ["an item without any SKU", { line_items: [{ id: "1", product_name: "Mystery", sale_price: "1.00" }] }, "line_items[0].sku_id", 'item "Mystery" has neither a seller_sku nor a sku_id'],
    ["a negative price", { line_items: [{ id: "1", sku_id: "111", sale_price: "-1.00" }] }, "line_items[0].sale_price", '"-1.00" is not a price'],
  ])("reports %s and continues", async (_name, patch, field, message) => {
    const results = await run([order(patch), order({ id: "576461413038785901" })]);
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: expect.any(String) }, expect.objectContaining({ ok: true, row: 2 })]);
  });

  it("explains an API error response", async () => {
    const results = await run({ code: 105001, message: "Access token is invalid", data: null });
    expect(results).toEqual([
      { ok: false, row: 1, field: "$", message: 'expected {"data":{"orders":[...]}} or an array of TikTok Shop orders (the response is an API error 105001: Access token is invalid)' },
    ]);
  });
});
