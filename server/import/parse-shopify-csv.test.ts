import { describe, expect, it } from "vitest";
import { collect, errorsOf, expectedOrder, fixtureStream, noticesOf, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
import { parseShopifyCsv } from "./parse-shopify-csv";

const FIXTURE = "shopify-orders-export.csv";

describe("parseShopifyCsv on a Shopify 'Export orders' CSV", async () => {
  const results = await collect(parseShopifyCsv(fixtureStream(FIXTURE), OPTIONS));
  const orders = ordersById(results);

  it("yields every order in file order, errors at their rows, and keeps going after bad orders", () => {
    expect(outline(results)).toEqual([
      "2 store-7:#1001", // rows 2-3 (a quoted note spans two physical lines)
      "4 store-7:#1002",
      "5 store-7:#1003", // rows 5-6
      "7 ! Created at",
      "7 ! Paid at",
      "8 store-7:#1005", // its second row has no SKU: known by its Lineitem name, with a notice
      "10 ! Lineitem quantity",
      "11 store-7:#1007",
      "12 store-7:#1008",
    ]);
  });

  it.each([
    [
      "#1001",
      expectedOrder("shopify", {
        externalId: "#1001",
        status: "awaiting_fulfillment",
        createdAt: "2024-03-05T19:22:10Z",
        paidAt: "2024-03-05T19:22:12Z",
        currency: "USD",
        totalValue: 58.04,
        buyerId: "maya.okafor@example.com",
        // Shopify writes '02134 so spreadsheets keep the leading zero.
        shippingAddress: { country: "US", region: "MA", city: "Boston", postalCode: "02134", addressValid: true },
        // The tee's 5.00 line discount lowers its unit price from 25 to 20.
        lines: [pairedLine("MUG-11OZ-WHT", 2, 14), pairedLine("TEE-BLK-M", 1, 20)],
        buyerMessage: 'Leave at the "side" door,\nnot the front — thanks!',
        tags: ["vip", "wholesale"],
        requestedShippingService: "Standard Shipping",
      }),
    ],
    [
      "#1002",
      expectedOrder("shopify", {
        externalId: "#1002",
        status: "cancelled",
        createdAt: "2024-03-06T09:01:40Z",
        paidAt: "2024-03-06T09:01:45Z",
        currency: "GBP",
        totalValue: 32.5,
        buyerId: "oliver.hughes@example.co.uk",
        shippingAddress: { country: "GB", region: "ENG", city: "London", postalCode: "SW1A 2AA", addressValid: true },
        lines: [pairedLine("PWRBANK-10K", 1, 29)],
        cancellationRequested: true,
        refundRequested: true,
        riskFlags: ["shopify_risk_high"],
        requestedShippingService: "Royal Mail Tracked 48",
      }),
    ],
    [
      "#1003",
      expectedOrder("shopify", {
        externalId: "#1003",
        status: "shipped",
        createdAt: "2024-03-07T23:40:01Z",
        paidAt: "2024-03-07T23:40:03Z",
        currency: "CAD",
        totalValue: 102.83,
        buyerId: "chloe.tremblay@example.ca",
        shippingAddress: { country: "CA", region: "QC", city: "Montréal", postalCode: "H3B 1K9", addressValid: true },
        // The gift card needs no shipping and is left out; the print is not in the catalog.
        lines: [unpairedLine("POSTER-A2-DUSK", 1, 54)],
        requestedShippingService: "Expedited Parcel",
      }),
    ],
    [
      "#1007",
      expectedOrder("shopify", {
        externalId: "#1007",
        status: "pending_payment",
        createdAt: "2024-03-09T20:05:33Z",
        currency: "EUR",
        totalValue: 46.9,
        buyerId: "jonas.becker@example.de",
        shippingAddress: { country: "DE", region: "BE", city: "Berlin", postalCode: "10119", addressValid: true },
        lines: [pairedLine("MUG-11OZ-WHT", 3, 14)],
        riskFlags: ["shopify_risk_medium"],
        tags: ["EU"],
        requestedShippingService: "DHL Paket",
      }),
    ],
    [
      "#1008",
      expectedOrder("shopify", {
        externalId: "#1008",
        status: "awaiting_fulfillment",
        createdAt: "2024-03-10T14:58:00Z",
        paidAt: "2024-03-10T15:00:00Z",
        currency: "USD",
        totalValue: 25,
        buyerId: "pickup.customer@example.com",
        // Local pickup: no shipping address at all.
        shippingAddress: { country: "ZZ", region: "", city: "", postalCode: "", addressValid: false },
        lines: [pairedLine("TEE-BLK-M", 1, 25)],
        requestedShippingService: "Local Pickup",
      }),
    ],
  ])("maps order %s exactly", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it.each([
    [7, "Created at", "#1004", '"2024-02-30 10:00:00 -0500" is not a date-time like 2024-03-05 14:22:10 -0500'],
    [7, "Paid at", "#1004", '"2024-02-30 10:00:05 -0500" is not a date-time like 2024-03-05 14:22:10 -0500'],
    [10, "Lineitem quantity", "#1006", "quantity must be at least 1, got -1"],
  ])("reports row %i, %s of %s", (row, field, externalId, message) => {
    expect(errorsOf(results)).toContainEqual({ ok: false, row, field, externalId, message });
  });

  it("imports an order whose line has no SKU, known by its Lineitem name and unpaired, with a notice (and one for the gift card left out)", () => {
    expect(orders.get("#1005")?.lines).toEqual([pairedLine("MUG-11OZ-WHT", 1, 14), unpairedLine("Custom engraving", 1, 25)]);
    expect(noticesOf(results)).toEqual([
      '#1003 Lineitem requires shipping: "Gift Card $25" needs no shipping; not routed',
      '#1005 Lineitem sku: no Lineitem sku; used the Lineitem name "Custom engraving" as the platform SKU',
    ]);
    expect(results.find((r) => r.ok === true && r.order.externalId === "#1005")).toMatchObject({ notices: [{ row: 9, field: "Lineitem sku", externalId: "#1005" }] });
  });

  it("takes the platform from the options and leaves every line unpaired without a catalog", async () => {
    const plain = ordersById(await collect(parseShopifyCsv(fixtureStream(FIXTURE), { storeId: "store-7", platform: "other" })));
    expect(plain.get("#1001")?.platform).toBe("other");
    expect(plain.get("#1001")?.lines).toEqual([unpairedLine("MUG-11OZ-WHT", 2, 14), unpairedLine("TEE-BLK-M", 1, 20)]);
  });
});

describe("parseShopifyCsv on damaged files", () => {
  const header = "Name,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem sku,Lineitem price,Shipping Country,Shipping Zip";
  it.each([
    ["a header only", `${header}\n`, []],
    [
      "an order whose continuation row is separated from its first row",
      `${header}\n#1,paid,USD,10,2024-03-05 14:22:10 -0500,1,A,10,US,10001\n#2,paid,USD,5,2024-03-05 15:00:00 -0500,1,B,5,US,10001\n#1,,,,,1,C,3,,\n`,
      ["2 o:#1", "3 o:#2", "4 ! Created at"],
    ],
    ["an unterminated quote", `${header}\n#1,paid,USD,10,2024-03-05 14:22:10 -0500,1,"A,10,US,10001\n`, ["2 ! $"]],
    ["an unknown currency with no default", `${header}\n#1,paid,,10,2024-03-05 14:22:10 -0500,1,A,10,US,10001\n`, ["2 ! Currency"]],
  ] as const)("%s", async (_name, csv, expected) => {
    expect(outline(await collect(parseShopifyCsv([csv], { storeId: "o" })))).toEqual(expected);
  });

  it("refuses an order of more than 1,000 rows without holding them, then reads the next order", async () => {
    const first = "#1,paid,USD,10,2024-03-05 14:22:10 -0500,1,A,10,US,10001\n";
    const more = "#1,,,,,1,A,10,,\n".repeat(1_200);
    const next = "#2,paid,USD,5,2024-03-05 15:00:00 -0500,1,B,5,US,10001\n";
    const results = await collect(parseShopifyCsv([`${header}\n${first}${more}${next}`], { storeId: "o" }));
    expect(results).toEqual([
      { ok: false, row: 2, field: "Name", externalId: "#1", message: "order #1 has 1201 rows; at most 1000 line items are supported" },
      expect.objectContaining({ ok: true, row: 1203 }),
    ]);
  });

  it("names the missing columns of a file that is not a Shopify export, and stops", async () => {
    expect(await collect(parseShopifyCsv(["Order ID,Quantity\n1,2\n3,4\n"], { storeId: "o" }))).toEqual([
      { ok: false, row: 1, field: "$", message: 'missing columns Name, Created at, Lineitem quantity, Lineitem sku, Lineitem price, Total — is this a Shopify "Export orders" CSV?' },
    ]);
  });
});
