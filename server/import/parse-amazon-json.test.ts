import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "./import-test-helpers";
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
      message: "no order items for 114-7777777-2222222: embed OrderItems in the order or include its getOrderItems response",
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

  it("without a default currency, the Pending order (no OrderTotal, no prices) is an error naming the currency", async () => {
    const bare = await collect(parseAmazonJson(fixtureStream("amazon-sp-api-orders.json"), OPTIONS));
    expect(bare[3]).toEqual({
      ok: false,
      row: 4,
      field: "OrderTotal.CurrencyCode",
      externalId: "111-5566778-9900112",
      message: "the order names no valid currency and no defaultCurrency was given",
    });
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
    ["an item without SellerSKU", { OrderItems: [{ ASIN: "B0X", QuantityOrdered: 1 }] }, "OrderItems[0].SellerSKU", 'item "B0X" has no SellerSKU, so it cannot be paired with a warehouse SKU'],
    ["only cancelled items", { OrderItems: [{ SellerSKU: "A", QuantityOrdered: 0 }] }, "OrderItems", "every item has QuantityOrdered 0: nothing to ship"],
  ])("reports %s", async (_name, patch, field, message) => {
    const results = await collect(parseAmazonJson([JSON.stringify({ orders: [{ ...order, OrderItems: items.payload.OrderItems, ...patch }] })], { storeId: "s" }));
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: "1" }]);
  });

  it("says so when the file holds no orders", async () => {
    expect(await collect(parseAmazonJson([JSON.stringify(items)], { storeId: "s" }))).toEqual([
      { ok: false, row: 1, field: "$", message: 'no orders found: expected {"payload":{"Orders":[...]}} or {"orders":[...]} from the SP-API Orders API' },
    ]);
  });
});
