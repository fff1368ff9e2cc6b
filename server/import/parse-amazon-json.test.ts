import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
import { parseAmazonJson } from "./parse-amazon-json";

describe("parseAmazonJson on getOrders + getOrderItems responses", async () => {
  const results = await collect(parseAmazonJson(fixtureStream("amazon-sp-api-orders.json"), { ...OPTIONS, defaultCurrency: "USD" }));
  const orders = ordersById(results);

  it("joins items to orders by AmazonOrderId and reports orders that cannot be built", () => {
    expect(outline(results)).toEqual([
      "1 store-7:113-4818427-8921047",
      "2 store-7:114-2039485-1209384",
      "3 store-7:112-9988776-5544332",
      "4 store-7:111-5566778-9900112",
      "5 ! PurchaseDate",
      "6 ! OrderItems",
      "7 store-7:113-3141592-6535897",
    ]);
    expect(results[4]).toEqual({ ok: false, row: 5, field: "PurchaseDate", externalId: "113-0000000-1111111", message: '"2024-13-01T10:00:00Z" is not an ISO-8601 date-time with offset' });
    expect(results[5]).toEqual({
      ok: false,
      row: 6,
      field: "OrderItems",
      externalId: "114-7777777-2222222",
      message:
        'no order items for 114-7777777-2222222: getOrders/getOrder responses carry none — add its getOrderItems response {"payload":{"AmazonOrderId":"114-7777777-2222222","OrderItems":[...]}} (in the file, or with the order in one JSON array), or embed OrderItems in the order',
    });
  });

  it.each([
    [
      "113-4818427-8921047",
      expectedOrder("amazon", {
        externalId: "113-4818427-8921047",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-01T14:12:09Z",
        paidAt: "2024-05-01T14:12:09Z",
        shipByDeadline: "2024-05-04T06:59:59Z", // LatestShipDate
        currency: "USD",
        totalValue: 58.97,
        buyerId: "0xk2c9vq7pdm3zt@marketplace.amazon.com",
        shippingAddress: { country: "US", region: "WA", city: "SEATTLE", postalCode: "98109-5210", addressValid: true },
        // ItemPrice covers the whole quantity: 27.98 / 2; the power bank's 2.00 promotion comes off.
        lines: [pairedLine("MUG-11OZ-WHT", 2, 13.99), pairedLine("PWRBANK-10K", 1, 30.99)],
        tags: ["prime"],
        requestedShippingService: "Std US D2D Dom",
      }),
    ],
    [
      "114-2039485-1209384",
      expectedOrder("amazon", {
        externalId: "114-2039485-1209384",
        status: "cancelled",
        createdAt: "2024-05-01T16:40:00Z",
        shipByDeadline: "2024-05-04T06:59:59Z",
        currency: "USD",
        totalValue: 14,
        buyerId: "7fj3k2l0qwe8r5t@marketplace.amazon.com",
        shippingAddress: { country: "US", region: "NY", city: "NEW YORK", postalCode: "10001", addressValid: true },
        lines: [pairedLine("MUG-11OZ-WHT", 1, 14)],
        cancellationRequested: true,
        requestedShippingService: "Std US D2D Dom",
      }),
    ],
    [
      "112-9988776-5544332",
      expectedOrder("amazon", {
        externalId: "112-9988776-5544332",
        status: "shipped",
        createdAt: "2024-04-29T09:03:27Z",
        paidAt: "2024-04-29T09:03:27Z",
        shipByDeadline: "2024-04-30T06:59:59Z",
        currency: "USD",
        totalValue: 46,
        buyerId: "m2n3b4v5c6x7z8a@marketplace.amazon.com",
        shippingAddress: { country: "US", region: "IL", city: "CHICAGO", postalCode: "60601", addressValid: true },
        lines: [unpairedLine("APRON-LINEN-SAND", 1, 46)],
        tags: ["fba", "prime", "business"],
        requestedShippingService: "Expedited",
      }),
    ],
    [
      "111-5566778-9900112",
      expectedOrder("amazon", {
        externalId: "111-5566778-9900112",
        status: "pending_payment",
        createdAt: "2024-05-01T23:59:01Z",
        shipByDeadline: "2024-05-06T06:59:59Z",
        currency: "USD", // OrderTotal is absent on Pending orders: the caller's default
        totalValue: 0,
        shippingAddress: { country: "ZZ", region: "", city: "", postalCode: "", addressValid: false },
        lines: [pairedLine("MUG-11OZ-WHT", 1, 0)],
        requestedShippingService: "Std US D2D Dom",
      }),
    ],
    [
      "113-3141592-6535897",
      expectedOrder("amazon", {
        externalId: "113-3141592-6535897",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-02T10:30:00Z",
        paidAt: "2024-05-02T10:30:00Z",
        shipByDeadline: "2024-05-03T06:59:59Z",
        currency: "USD",
        totalValue: 25,
        buyerId: "q1w2e3r4t5y6u7i@marketplace.amazon.com",
        shippingAddress: { country: "US", region: "TX", city: "AUSTIN", postalCode: "73301", addressValid: true },
        lines: [pairedLine("TEE-BLK-M", 1, 25)],
        cancellationRequested: true, // BuyerRequestedCancel on an unshipped order
        requestedShippingService: "SecondDay",
      }),
    ],
  ])("maps order %s exactly", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("without a default currency, the Pending order (no OrderTotal, no prices) takes its marketplace's currency, else is an error naming it", async () => {
    const bare = await collect(parseAmazonJson(fixtureStream("amazon-sp-api-orders.json"), OPTIONS));
    expect(bare[3]).toMatchObject({ ok: true, order: { externalId: "111-5566778-9900112", currency: "USD" } }); // MarketplaceId ATVPDKIKX0DER
    const pending = { AmazonOrderId: "9", PurchaseDate: "2024-05-01T14:12:09Z", OrderStatus: "Pending", OrderItems: [{ SellerSKU: "A", QuantityOrdered: 1 }] };
    expect(await collect(parseAmazonJson([JSON.stringify({ payload: pending })], { storeId: "s" }))).toEqual([
      { ok: false, row: 1, field: "OrderTotal.CurrencyCode", externalId: "9", message: "the order names no valid currency and no defaultCurrency was given" },
    ]);
  });
});

describe("parseAmazonJson on a combined orders-with-items file", async () => {
  const results = await collect(parseAmazonJson(fixtureStream("amazon-orders-with-items.json"), OPTIONS));

  it("reads embedded OrderItems, drops items cancelled to quantity 0, and reports a negative quantity", () => {
    expect(outline(results)).toEqual(["1 store-7:302-1234567-7654321", "2 ! OrderItems[0].QuantityOrdered", "3 store-7:303-5550001-0000002"]);
    expect(results[1]).toEqual({
      ok: false,
      row: 2,
      field: "OrderItems[0].QuantityOrdered",
      externalId: "302-7654321-1234567",
      message: "quantity must be a whole number of at least 0, got -1",
    });
    expect(ordersById(results).get("302-1234567-7654321")).toEqual(
      expectedOrder("amazon", {
        externalId: "302-1234567-7654321",
        status: "awaiting_fulfillment", // PartiallyShipped: units are left to ship
        createdAt: "2024-05-03T08:20:00Z",
        paidAt: "2024-05-03T08:20:00Z",
        shipByDeadline: "2024-05-06T21:59:59Z",
        currency: "EUR",
        totalValue: 71.7,
        buyerId: "abcde12345fghij@marketplace.amazon.de",
        shippingAddress: { country: "DE", region: "Bayern", city: "München", postalCode: "80331", addressValid: true },
        lines: [pairedLine("MUG-11OZ-WHT", 3, 13.9), pairedLine("TEE-BLK-M", 1, 30)],
        requestedShippingService: "Std DE Dom",
      }),
    );
  });
});

describe("parseAmazonJson shapes", () => {
  const order = { AmazonOrderId: "1", PurchaseDate: "2024-05-01T14:12:09Z", OrderStatus: "Unshipped", OrderTotal: { CurrencyCode: "USD", Amount: "5.00" }, ShippingAddress: { CountryCode: "US", PostalCode: "10001" } };
  const items = { payload: { AmazonOrderId: "1", OrderItems: [{ SellerSKU: "A", QuantityOrdered: 1, ItemPrice: { CurrencyCode: "USD", Amount: "5.00" } }] } };

  it.each([
    ["getOrders then getOrderItems, one response per line", `${JSON.stringify({ payload: { Orders: [order] } })}\n${JSON.stringify(items)}\n`],
    ["items before orders, in an array", JSON.stringify([items, { payload: { Orders: [order] } }])],
    ["a bare order list with items pages", JSON.stringify([{ Orders: [order] }, items])],
  ])("joins %s", async (_name, text) => {
    expect(outline(await collect(parseAmazonJson([text], { storeId: "s" })))).toEqual(["1 s:1"]);
  });

  it.each([
    ["an unknown status", { OrderStatus: "Teleported" }, "OrderStatus", 'unknown order status "Teleported"'],
    ["an item with nothing to identify it", { OrderItems: [{ ASIN: "", QuantityOrdered: 1 }] }, "OrderItems[0].SellerSKU", "the item has no SellerSKU, ASIN or Title to identify it"],
  ])("reports %s", async (_name, patch, field, message) => {
    const results = await collect(parseAmazonJson([JSON.stringify({ orders: [{ ...order, OrderItems: items.payload.OrderItems, ...patch }] })], { storeId: "s" }));
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: "1" }]);
  });

  it("imports an item without SellerSKU under its ASIN, else its Title, with a notice", async () => {
    const itemsOf = async (item: Record<string, unknown>) => collect(parseAmazonJson([JSON.stringify({ orders: [{ ...order, OrderItems: [{ QuantityOrdered: 1, ...item }] }] })], { storeId: "s" }));
    expect(await itemsOf({ ASIN: "B0X" })).toEqual([
      expect.objectContaining({ ok: true, order: expect.objectContaining({ lines: [expect.objectContaining({ platformSku: "B0X", warehouseSku: null })] }), notices: [{ row: 1, field: "OrderItems[0].SellerSKU", message: "no SellerSKU; used the ASIN B0X as the platform SKU", externalId: "1" }] }),
    ]);
    expect(await itemsOf({ ASIN: "", Title: "Linen apron" })).toEqual([
      expect.objectContaining({ notices: [{ row: 1, field: "OrderItems[0].SellerSKU", message: 'no SellerSKU; used the Title "Linen apron" as the platform SKU', externalId: "1" }] }),
    ]);
  });

  it("skips an order whose every item was cancelled to QuantityOrdered 0, with notices", async () => {
    const results = await collect(parseAmazonJson([JSON.stringify({ orders: [{ ...order, OrderItems: [{ SellerSKU: "A", Title: "Mug", QuantityOrdered: 0 }] }] })], { storeId: "s" }));
    expect(results).toEqual([
      {
        ok: "skipped",
        row: 1,
        externalId: "1",
        notices: [
          { row: 1, field: "OrderItems[0]", message: '"Mug": QuantityOrdered 0 (cancelled); not routed', externalId: "1" },
          { row: 1, field: "OrderItems", message: "every line was removed, refunded or cancelled (1 line): nothing to ship", externalId: "1" },
        ],
      },
    ]);
  });

  it.each([
    ["only a getOrderItems response", [items], 'the body holds the getOrderItems response of 1 but not the order itself: add its getOrder response ({"payload":{"AmazonOrderId":"1","PurchaseDate":…}})'],
    ["another API's document", [{ code: 0, data: { orders: [] } }], /^no orders found: expected SP-API orders: .*; the body is an object with keys code, data: it looks like a TikTok Shop API response/],
    ["an SP-API error response", [{ errors: [{ code: "InvalidInput", message: "Invalid Input", details: "Invalid Input" }] }], "the body is an Amazon SP-API error response (InvalidInput — Invalid Input — Invalid Input), not orders"],
    ["an error response next to orders", [{ payload: { Orders: [order] } }, { errors: [{ code: "Unauthorized", message: "Access to requested resource is denied." }] }], "the body is an Amazon SP-API error response (Unauthorized — Access to requested resource is denied.), not orders"],
  ])("says what the file holds instead of orders: %s", async (_name, docs, message) => {
    const results = await collect(parseAmazonJson([docs.map((d) => JSON.stringify(d)).join("\n")], { storeId: "s" }));
    expect(results).toEqual([{ ok: false, row: 1, field: "$", message: typeof message === "string" ? message : expect.stringMatching(message) }]);
  });
});

describe("parseAmazonJson on Orders API 2026-01-01 orders", () => {
  const item = (patch: Record<string, unknown> = {}, product: Record<string, unknown> = {}) => ({
    orderItemId: "1",
    quantityOrdered: 2,
    product: { asin: "B0ASIN", title: "Linen apron", sellerSku: "APRON-1", price: { unitPrice: { amount: "12.50", currencyCode: "EUR" } }, ...product },
    ...patch,
  });
  const order = (patch: Record<string, unknown>) => ({
    orderId: "305-1",
    createdTime: "2025-03-01T10:00:00Z",
    lastUpdatedTime: "2025-03-01T10:05:00Z",
    salesChannel: { channelName: "AMAZON", marketplaceId: "A1PA6795UKMFR9" },
    fulfillment: { fulfillmentStatus: "UNSHIPPED", fulfilledBy: "AMAZON", shipByWindow: { latestDateTime: "2025-03-03T22:59:59Z" } },
    proceeds: { grandTotal: { amount: "25.00", currencyCode: "EUR" } },
    recipient: { deliveryAddress: { countryCode: "DE", stateOrRegion: "Bayern", city: "München", postalCode: "80331" } },
    orderItems: [item()],
    ...patch,
  });
  const run = async (doc: unknown) => collect(parseAmazonJson([JSON.stringify(doc)], { storeId: "s" }));

  it("reads getOrder {order}, searchOrders {orders} and a bare order alike", async () => {
    for (const doc of [{ order: order({}) }, { orders: [order({})], pagination: { nextToken: "x" } }, order({})]) {
      expect(await run(doc)).toEqual([
        expect.objectContaining({
          ok: true,
          order: expect.objectContaining({ status: "awaiting_fulfillment", currency: "EUR", totalValue: 25, shipByDeadline: "2025-03-03T22:59:59Z", tags: ["fba"], lines: [expect.objectContaining({ platformSku: "APRON-1", quantity: 2, unitPrice: 12.5 })] }),
        }),
      ]);
    }
  });

  it.each([
    ["the ASIN", {}, { sellerSku: undefined }, "B0ASIN", "no product.sellerSku; used the ASIN B0ASIN as the platform SKU"],
    ["the title", {}, { sellerSku: "", asin: "" }, "Linen apron", 'no product.sellerSku; used the title "Linen apron" as the platform SKU'],
  ])("takes %s of an item without sellerSku, with a notice", async (_name, patch, product, sku, message) => {
    const [r] = await run({ order: order({ orderItems: [item(patch, product)] }) });
    expect(r).toMatchObject({ ok: true, order: { lines: [{ platformSku: sku, warehouseSku: null }] }, notices: [{ field: "orderItems[0].product.sellerSku", message }] });
  });

  it("says when the response lacks the FULFILLMENT or PROCEEDS data, and still imports", async () => {
    const [r] = await run({ order: order({ fulfillment: undefined, proceeds: undefined }) });
    expect(r).toMatchObject({ ok: true, order: { status: "awaiting_review", paidAt: null, shipByDeadline: null, totalValue: 25, currency: "EUR" } });
    expect(r?.ok === true && r.notices?.map((n) => n.field)).toEqual(["fulfillment", "proceeds.grandTotal"]);
  });

  it("skips an order whose every item has quantityOrdered 0, and reports an unknown status", async () => {
    expect(await run({ order: order({ orderItems: [item({ quantityOrdered: 0 })] }) })).toEqual([expect.objectContaining({ ok: "skipped", externalId: "305-1" })]);
    expect(await run({ order: order({ fulfillment: { fulfillmentStatus: "TELEPORTED" } }) })).toEqual([
      { ok: false, row: 1, field: "fulfillment.fulfillmentStatus", externalId: "305-1", message: 'unknown fulfillment status "TELEPORTED"' },
    ]);
  });
});
