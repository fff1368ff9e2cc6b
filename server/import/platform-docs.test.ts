/**
 * The importers on payloads written from the platforms' own documentation and public API examples
 * (fixtures/platform-docs, see its README): every fixture imports with no rejected row, every field the
 * router uses comes back as in the source, and the notices say what was changed or left out.
 */
import { describe, expect, it } from "vitest";
import type { TOrder } from "../../rules-schema/order/order-schema";
import { importOrders, type TImportFormat } from "./import-formats";
import { collect, errorsOf, expectedOrder, fixtureStream, OPTIONS, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
import type { ImportResult } from "./import-types";

const run = (format: TImportFormat, name: string, options = OPTIONS) => collect(importOrders(format, fixtureStream(`platform-docs/${name}`), options));

function byId(results: ImportResult[]): Map<string, TOrder> {
  return new Map(results.flatMap((r) => (r.ok === true ? [[r.order.externalId, r.order] as const] : [])));
}

/** Every notice as `externalId field: message`, in file order (of imported and skipped orders). */
function notices(results: ImportResult[]): string[] {
  return results.flatMap((r) => (r.ok === false ? [] : (r.notices ?? []).map((n) => `${n.externalId} ${n.field}: ${n.message}`)));
}

describe("Shopify Admin REST orders (GET /orders.json page)", async () => {
  const results = await run("shopify-json", "shopify-rest-orders.json");
  const orders = byId(results);

  it("imports every order, skipping the gift-card-only one, with no rejected row", () => {
    expect(errorsOf(results)).toEqual([]);
    expect(outline(results)).toEqual(["1 store-7:#1001", "2 store-7:#1002", "3 store-7:#1003", "4 skipped #1004"]);
  });

  it.each([
    [
      // Shopify's documented example order: two of its three lines refunded (refund_line_items, current_quantity 0).
      expectedOrder("shopify", {
        externalId: "#1001",
        status: "awaiting_fulfillment",
        createdAt: "2008-01-10T16:00:00Z",
        paidAt: "2008-01-10T16:00:00Z", // processed_at of a partially refunded order
        currency: "USD",
        totalValue: 199.65, // current_total_price: what is left after the refund (total_price was 598.94)
        buyerId: "207119551",
        shippingAddress: { country: "US", region: "KY", city: "Louisville", postalCode: "40202", addressValid: true },
        // 199.00 less its 3.33 discount allocation; Shopify's 200 grams.
        lines: [unpairedLine("IPOD2008RED", 1, 195.67, 200)],
        refundRequested: true,
        requestedShippingService: "Free Shipping",
      }),
    ],
    [
      // A custom line item ("Create an order without a product"): no sku, variant_id or product_id.
      expectedOrder("shopify", {
        externalId: "#1002",
        status: "awaiting_fulfillment",
        createdAt: "2024-01-02T14:27:39Z",
        paidAt: "2024-01-02T14:27:39Z",
        currency: "EUR",
        totalValue: 238.47,
        buyerId: "1073339465",
        shippingAddress: { country: "CA", region: "ON", city: "Ottawa", postalCode: "123 ABC", addressValid: true },
        lines: [unpairedLine("Big Brown Bear Boots", 3, 74.99, 1300)],
      }),
    ],
    [
      // A store that never set SKUs: "sku": "" with a variant id.
      expectedOrder("shopify", {
        externalId: "#1003",
        status: "awaiting_fulfillment",
        createdAt: "2024-02-14T12:35:12Z",
        paidAt: "2024-02-14T12:35:12Z",
        currency: "INR",
        totalValue: 654,
        buyerId: "7012345678777",
        shippingAddress: { country: "IN", region: "MH", city: "Mumbai", postalCode: "400020", addressValid: true },
        lines: [unpairedLine("48266826055962", 1, 600)],
        requestedShippingService: "Standard",
      }),
    ],
  ].map(([o]) => [o!.externalId, o!] as const))("maps %s field by field", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("says which lines were left out or identified otherwise, and why the gift card order was skipped", () => {
    expect(notices(results)).toEqual([
      '#1001 line_items[0]: "IPod Nano - 8gb - green": all 1 removed or refunded (current_quantity 0); not routed',
      '#1001 line_items[2]: "IPod Nano - 8gb - black": all 1 removed or refunded (current_quantity 0); not routed',
      '#1002 line_items[0].sku: no SKU; used the title "Big Brown Bear Boots" as the platform SKU',
      "#1003 line_items[0].sku: no SKU; used the variant id 48266826055962 as the platform SKU",
      '#1004 line_items[0]: "Gift Card - $50" is a gift card; not routed',
      "#1004 line_items: every line is a gift card or needs no shipping (1 line): nothing to ship",
    ]);
  });

  it("reads the same order from {\"order\": …} (GET /orders/{id}.json) and bare", async () => {
    const page = JSON.parse((await import("node:fs")).readFileSync(new URL("./fixtures/platform-docs/shopify-rest-orders.json", import.meta.url), "utf8")) as { orders: unknown[] };
    for (const body of [{ order: page.orders[1] }, page.orders[1]]) {
      const [r] = await collect(importOrders("shopify-json", [JSON.stringify(body)], OPTIONS));
      expect(r?.ok === true && r.order).toEqual(orders.get("#1002"));
    }
  });
});

describe("Shopify \"Export orders\" CSV from several countries", async () => {
  const results = await run("shopify-csv", "shopify-orders-export.csv");
  const orders = byId(results);

  it("imports every order, skipping the gift-card-only one, with no rejected row", () => {
    expect(errorsOf(results)).toEqual([]);
    expect(outline(results)).toEqual(["2 store-7:#1101", "4 store-7:#1102", "5 store-7:#1103", "6 store-7:#1104", "8 skipped #1105", "9 store-7:#1106"]);
  });

  it.each([
    [
      expectedOrder("shopify", {
        externalId: "#1101",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-02T15:15:00Z",
        paidAt: "2024-05-02T15:15:04Z",
        currency: "USD",
        totalValue: 62.37,
        buyerId: "dana.whitfield@example.com",
        shippingAddress: { country: "US", region: "TX", city: "Austin", postalCode: "78701", addressValid: true },
        // The custom engraving has an empty Lineitem sku: known by its name, unpaired.
        lines: [pairedLine("MUG-11OZ-WHT", 2, 14), unpairedLine("Custom engraving", 1, 25)],
        requestedShippingService: "Standard",
      }),
    ],
    [
      expectedOrder("shopify", {
        externalId: "#1102",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-03T08:01:40Z",
        paidAt: "2024-05-03T08:01:45Z",
        currency: "GBP",
        totalValue: 28.5,
        buyerId: "oliver.hughes@example.co.uk",
        // No province in a UK address; the postcode makes it valid.
        shippingAddress: { country: "GB", region: "", city: "London", postalCode: "NW1 6XE", addressValid: true },
        lines: [pairedLine("TEE-BLK-M", 1, 25)],
        requestedShippingService: "Royal Mail Tracked 48",
      }),
    ],
    [
      expectedOrder("shopify", {
        externalId: "#1103",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-04T12:30:10Z",
        paidAt: "2024-05-04T12:30:12Z",
        currency: "EUR",
        totalValue: 50.9,
        buyerId: "lena.fischer@example.de",
        shippingAddress: { country: "DE", region: "", city: "Berlin", postalCode: "10119", addressValid: true },
        lines: [unpairedLine("Leinen-Schürze - Sand", 1, 46)],
        requestedShippingService: "DHL Paket",
      }),
    ],
    [
      expectedOrder("shopify", {
        externalId: "#1104",
        status: "awaiting_fulfillment",
        createdAt: "2024-05-04T22:45:00Z",
        paidAt: "2024-05-04T22:45:03Z",
        currency: "AUD",
        totalValue: 170,
        buyerId: "emma.wilson@example.com.au",
        shippingAddress: { country: "AU", region: "NSW", city: "Sydney", postalCode: "2000", addressValid: true },
        lines: [unpairedLine("CANDLE-CEDAR-L", 3, 40)], // the gift card row needs no shipping
        requestedShippingService: "Australia Post Express",
      }),
    ],
    [
      expectedOrder("shopify", {
        externalId: "#1106",
        status: "shipped",
        createdAt: "2024-05-07T15:00:00Z",
        paidAt: "2024-05-07T15:00:05Z",
        currency: "CAD",
        totalValue: 44.09,
        buyerId: "sam.tremblay@example.ca",
        shippingAddress: { country: "CA", region: "ON", city: "Toronto", postalCode: "M5V 3L9", addressValid: true },
        lines: [pairedLine("PWRBANK-10K", 1, 29.9)], // 39.90 less the 10.00 Lineitem discount
        refundRequested: true,
        requestedShippingService: "Canada Post Expedited",
      }),
    ],
  ].map(([o]) => [o!.externalId, o!] as const))("maps %s field by field", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("notices the lines without a SKU and the gift cards", () => {
    expect(notices(results)).toEqual([
      '#1101 Lineitem sku: no Lineitem sku; used the Lineitem name "Custom engraving" as the platform SKU',
      '#1103 Lineitem sku: no Lineitem sku; used the Lineitem name "Leinen-Schürze - Sand" as the platform SKU',
      '#1104 Lineitem requires shipping: "Gift Card - $50" needs no shipping; not routed',
      '#1105 Lineitem requires shipping: "Gift Card - $25" needs no shipping; not routed',
      "#1105 Lineitem requires shipping: every line is a gift card or needs no shipping (1 line): nothing to ship",
    ]);
  });
});

describe("Amazon SP-API Orders v0: getOrders pages and getOrderItems responses, one per line", async () => {
  const results = await run("amazon-json", "amazon-v0-orders.ndjson");
  const orders = byId(results);

  it("joins the items to their orders, with no rejected row", () => {
    expect(errorsOf(results)).toEqual([]);
    expect(outline(results)).toEqual(["1 store-7:902-3159896-1390916", "2 store-7:902-1845936-5435065", "3 store-7:902-8745147-1934268"]);
  });

  it.each([
    [
      // The documented getOrders example: Pending, so no OrderTotal and no item prices; the marketplace gives USD.
      expectedOrder("amazon", {
        externalId: "902-3159896-1390916",
        status: "pending_payment",
        createdAt: "2017-01-20T19:49:35Z",
        shipByDeadline: "2017-01-25T19:49:35Z",
        currency: "USD",
        totalValue: 0,
        buyerId: "user@example.com",
        shippingAddress: { country: "US", region: "MI", city: "Canton", postalCode: "48817", addressValid: true },
        lines: [unpairedLine("CBA_OTF_1", 1, 0), unpairedLine("BCTU1104UEFB", 2, 0)],
        cancellationRequested: true, // BuyerRequestedCancel
      }),
    ],
    [
      // The sandbox order (TEST_CASE_200): no ShippingAddress, so the address is invalid, as for any order without one.
      expectedOrder("amazon", {
        externalId: "902-1845936-5435065",
        status: "awaiting_fulfillment",
        createdAt: "1970-01-19T03:58:30Z",
        paidAt: "1970-01-19T03:58:30Z",
        shipByDeadline: "1970-01-19T04:05:13Z",
        currency: "USD",
        totalValue: 11.01,
        shippingAddress: { country: "ZZ", region: "", city: "", postalCode: "", addressValid: false },
        lines: [unpairedLine("NABetaASINB00551Q3CS", 1, 10)],
        cancellationRequested: true,
        requestedShippingService: "Std US D2D Dom",
      }),
    ],
    [
      expectedOrder("amazon", {
        externalId: "902-8745147-1934268",
        status: "awaiting_fulfillment",
        createdAt: "1970-01-19T03:58:30Z",
        paidAt: "1970-01-19T03:58:30Z",
        shipByDeadline: "1970-01-19T04:05:13Z",
        currency: "USD",
        totalValue: 11.01,
        shippingAddress: { country: "ZZ", region: "", city: "", postalCode: "", addressValid: false },
        lines: [unpairedLine("NABetaASINB00551Q3CS", 1, 10)], // the mug was cancelled to QuantityOrdered 0
        cancellationRequested: true,
        requestedShippingService: "Std US D2D Dom",
      }),
    ],
  ].map(([o]) => [o!.externalId, o!] as const))("maps %s field by field", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("notices the item without SellerSKU and the cancelled item", () => {
    expect(notices(results)).toEqual([
      "902-3159896-1390916 OrderItems[1].SellerSKU: no SellerSKU; used the ASIN BCTU1104UEFB as the platform SKU",
      '902-8745147-1934268 OrderItems[1]: "Stoneware Mug, 11oz - White": QuantityOrdered 0 (cancelled); not routed',
    ]);
  });

  it("reads a getOrder response with its getOrderItems response in one array (the route API's body)", async () => {
    const one = await run("amazon-json", "amazon-v0-get-order-with-items.json");
    expect(one).toEqual([{ ok: true, row: 1, order: orders.get("902-1845936-5435065") }]);
  });

  it("says exactly what is missing for a getOrder response without its items, and names an error response", async () => {
    expect(await run("amazon-json", "amazon-v0-get-order-without-items.json")).toEqual([
      {
        ok: false,
        row: 1,
        field: "OrderItems",
        externalId: "921-3175655-0452641",
        message:
          'no order items for 921-3175655-0452641: getOrders/getOrder responses carry none — add its getOrderItems response {"payload":{"AmazonOrderId":"921-3175655-0452641","OrderItems":[...]}} (in the file, or with the order in one JSON array), or embed OrderItems in the order',
      },
    ]);
    expect(await run("amazon-json", "amazon-error-response.json")).toEqual([
      { ok: false, row: 1, field: "$", message: "the body is an Amazon SP-API error response (InvalidInput — Invalid Input), not orders" },
    ]);
  });
});

describe("Amazon Orders API 2026-01-01: searchOrders pages and getOrder", async () => {
  const results = [...(await run("amazon-json", "amazon-2026-search-orders.ndjson")), ...(await run("amazon-json", "amazon-2026-get-order.json"))];
  const orders = byId(results);

  it("imports every order with its orderItems, with no rejected row and no notice", () => {
    expect(errorsOf(results)).toEqual([]);
    expect(outline(results)).toEqual(["1 store-7:123-4567890-1234567", "2 store-7:250-1234567-8901234", "3 store-7:171-2345678-9012345", "1 store-7:202-1234567-8901234"]);
    expect(notices(results)).toEqual([]);
  });

  it.each([
    [
      expectedOrder("amazon", {
        externalId: "123-4567890-1234567",
        status: "shipped",
        createdAt: "2024-12-25T10:30:00Z",
        paidAt: "2024-12-25T10:30:00Z",
        shipByDeadline: "2024-12-27T23:59:59Z", // fulfillment.shipByWindow.latestDateTime
        currency: "USD",
        totalValue: 154.99, // proceeds.grandTotal
        buyerId: "buyer-email@marketplace.amazon.com",
        shippingAddress: { country: "US", region: "WA", city: "Seattle", postalCode: "98101", addressValid: true },
        lines: [unpairedLine("ECHO-DOT-4-CHARCOAL", 2, 49.99), unpairedLine("FIRE-TV-4K-2021", 1, 49.99)],
        cancellationRequested: true, // the first item carries a cancellation
        tags: ["prime", "business"],
        requestedShippingService: "STANDARD",
      }),
    ],
    [
      expectedOrder("amazon", {
        externalId: "250-1234567-8901234",
        status: "shipped",
        createdAt: "2024-12-25T02:30:00Z",
        paidAt: "2024-12-25T02:30:00Z",
        shipByDeadline: "2024-12-25T23:59:59Z",
        currency: "JPY",
        totalValue: 19940,
        buyerId: "buyer-email@marketplace.amazon.co.jp",
        shippingAddress: { country: "JP", region: "", city: "Tokyo", postalCode: "150-0002", addressValid: true },
        lines: [unpairedLine("ECHO-DOT-4-JP-CHARCOAL", 1, 5980), unpairedLine("FIRE-TV-4K-MAX-JP", 2, 6980)],
        tags: ["fba", "prime"],
        requestedShippingService: "STANDARD",
      }),
    ],
    [
      expectedOrder("amazon", {
        externalId: "171-2345678-9012345",
        status: "awaiting_fulfillment",
        createdAt: "2024-12-22T15:30:00Z",
        paidAt: "2024-12-22T15:30:00Z",
        shipByDeadline: "2024-12-24T23:59:59Z",
        currency: "BRL",
        totalValue: 1599.9,
        buyerId: "buyer-email@marketplace.amazon.com.br",
        shippingAddress: { country: "BR", region: "SP", city: "São Paulo", postalCode: "01310-100", addressValid: true },
        lines: [unpairedLine("DELL-I15-BR-001", 1, 1599.9)],
        tags: ["business"],
        requestedShippingService: "STANDARD",
      }),
    ],
    [
      expectedOrder("amazon", {
        externalId: "202-1234567-8901234",
        status: "shipped",
        createdAt: "2024-12-25T09:15:00Z",
        paidAt: "2024-12-25T09:15:00Z",
        shipByDeadline: "2024-12-26T23:59:59Z",
        currency: "GBP",
        totalValue: 103.97,
        buyerId: "buyer-email@marketplace.amazon.co.uk",
        shippingAddress: { country: "GB", region: "England", city: "Manchester", postalCode: "M1 2AB", addressValid: true },
        lines: [unpairedLine("ECHO-DOT-4-UK-CHARCOAL-3PACK", 3, 29.99)],
        tags: ["prime"],
        requestedShippingService: "STANDARD",
      }),
    ],
  ].map(([o]) => [o!.externalId, o!] as const))("maps %s field by field", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });
});

describe("TikTok Shop Get Order Detail (202309), the whole response", async () => {
  const results = await run("tiktok-json", "tiktok-get-order-detail-202309.json");
  const orders = byId(results);

  it("unwraps {code, data: {orders}, message, request_id}, skips the cancelled order, with no rejected row", () => {
    expect(errorsOf(results)).toEqual([]);
    expect(outline(results)).toEqual([
      "1 store-7:576461413038785752",
      "2 store-7:576461413038785801",
      "3 store-7:577087654321012345",
      "4 store-7:580193230867958565",
      "5 store-7:577123400011223344",
      "6 skipped 576672422510560515",
    ]);
  });

  it.each([
    [
      // The documented example, as it is: UNPAID, an order-level cancel reason, only the Country district level.
      expectedOrder("tiktok", {
        externalId: "576461413038785752",
        status: "pending_payment",
        createdAt: "2021-04-28T12:06:01Z",
        paidAt: "2021-04-28T12:06:03Z",
        shipByDeadline: "2021-04-28T12:08:08Z", // rts_sla_time, earlier than shipping_due_time
        currency: "IDR",
        totalValue: 5000,
        buyerId: "7021436810468230477",
        shippingAddress: { country: "US", region: "", city: "", postalCode: "95110", addressValid: true },
        lines: [unpairedLine("red_iphone_256", 1, 0.01)],
        cancellationRequested: true,
        buyerMessage: "Please ship asap!",
        sellerNote: "seller note",
        requestedShippingService: "Express shipping",
      }),
    ],
    [
      // US: L1 State, L2 County, L3 City; one of the items was cancelled.
      expectedOrder("tiktok", {
        externalId: "576461413038785801",
        status: "awaiting_fulfillment",
        createdAt: "2024-11-05T18:22:31Z",
        paidAt: "2024-11-05T18:23:02Z",
        shipByDeadline: "2024-11-07T18:29:59Z",
        currency: "USD",
        totalValue: 48.84,
        buyerId: "7494851234567890123",
        shippingAddress: { country: "US", region: "California", city: "Los Angeles", postalCode: "90012", addressValid: true },
        lines: [pairedLine("LIPTINT-ROSE", 2, 10.99), pairedLine("SERUM-30ML", 1, 23.99)],
        buyerMessage: "Gift — please no price tags, thanks!",
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      // Vietnam: no postcode, still a valid address; L1 province, L2 district; no seller_sku.
      expectedOrder("tiktok", {
        externalId: "577087654321012345",
        status: "awaiting_fulfillment",
        createdAt: "2024-11-11T05:00:00Z",
        paidAt: "2024-11-11T05:01:00Z",
        shipByDeadline: "2024-11-13T05:00:00Z",
        currency: "VND",
        totalValue: 518000,
        buyerId: "7494851234567899999",
        shippingAddress: { country: "VN", region: "Hồ Chí Minh", city: "Quận 1", postalCode: "", addressValid: true },
        lines: [unpairedLine("1731000000000000111", 2, 259000)],
        requestedShippingService: "Giao hàng tiêu chuẩn",
      }),
    ],
    [
      // Indonesia: no postcode; L2 is the city.
      expectedOrder("tiktok", {
        externalId: "580193230867958565",
        status: "pushed_to_warehouse",
        createdAt: "2020-01-13T23:00:00Z",
        paidAt: "2020-01-13T23:00:00Z",
        shipByDeadline: "2020-01-13T23:00:00Z",
        currency: "IDR",
        totalValue: 10001,
        buyerId: "7496200873847458597",
        shippingAddress: { country: "ID", region: "Jakarta", city: "South Jakarta", postalCode: "", addressValid: true },
        lines: [unpairedLine("1234", 1, 10000)],
        requestedShippingService: "Global Standard Shipping(Test)",
      }),
    ],
    [
      // United Kingdom: L1 is the country (England), the city is the post town.
      expectedOrder("tiktok", {
        externalId: "577123400011223344",
        status: "on_hold",
        createdAt: "2024-11-06T15:00:00Z",
        paidAt: "2024-11-06T15:01:00Z",
        shipByDeadline: "2024-11-08T15:00:00Z",
        currency: "GBP",
        totalValue: 31.5,
        buyerId: "7494851234567891000",
        shippingAddress: { country: "GB", region: "England", city: "LONDON", postalCode: "SW1A 1AA", addressValid: true },
        lines: [unpairedLine("1729384756102939999", 3, 10.5)],
        requestedShippingService: "Standard Delivery",
      }),
    ],
  ].map(([o]) => [o!.externalId, o!] as const))("maps %s field by field", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("notices the cancelled item, the items without seller_sku and the cancelled order", () => {
    expect(notices(results)).toEqual([
      '576461413038785801 line_items[3]: "Travel Pouch": 1 unit cancelled (display_status CANCELLED); not routed',
      "577087654321012345 line_items[0].seller_sku: no seller_sku; used the sku_id 1731000000000000111 as the platform SKU",
      "577123400011223344 line_items[0].seller_sku: no seller_sku; used the sku_id 1729384756102939999 as the platform SKU",
      '576672422510560515 line_items[0]: "Him Coffee- Energy Booster...": 1 unit cancelled (display_status CANCELLED); not routed',
      "576672422510560515 line_items: every line was removed, refunded or cancelled (1 line): nothing to ship",
    ]);
  });

  it("names an error response in one message", async () => {
    expect(await run("tiktok-json", "tiktok-error-response.json")).toEqual([
      { ok: false, row: 1, field: "$", message: "the body is a TikTok Shop API error response (code 36009004: Invalid credentials; request_id 20251228120440A34C454B71C6FD725364), not orders" },
    ]);
  });
});
