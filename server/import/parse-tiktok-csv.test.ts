import { describe, expect, it } from "vitest";
import { collect, errorsOf, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
import { parseTiktokCsv } from "./parse-tiktok-csv";

const FIXTURE = "tiktok-seller-center-orders.csv";
const LA = { ...OPTIONS, timeZone: "America/Los_Angeles", defaultCurrency: "USD" };

describe("parseTiktokCsv on a Seller Center order export", async () => {
  const results = await collect(parseTiktokCsv(fixtureStream(FIXTURE), LA));
  const orders = ordersById(results);

  it("yields every order in file order, errors at their rows, and keeps going after a bad order", () => {
    expect(outline(results)).toEqual([
      "2 store-7:576461413038785752", // rows 2-3; the buyer message spans two physical lines
      "4 store-7:576461413038785753",
      "5 store-7:576461413038785754",
      "6 ! Created Time",
      "6 ! Paid Time",
      "7 store-7:576461413038785756",
      "8 store-7:576461413038785757",
    ]);
  });

  it.each([
    [
      "576461413038785752",
      expectedOrder("tiktok", {
        externalId: "576461413038785752", // the export's trailing tab is dropped
        status: "awaiting_fulfillment",
        // 10:22:31 AM in Los Angeles on 5 Nov 2024 (PST, UTC-8).
        createdAt: "2024-11-05T18:22:31Z",
        paidAt: "2024-11-05T18:23:02Z",
        currency: "USD",
        totalValue: 48.84,
        buyerId: "glowgetter_22",
        shippingAddress: { country: "US", region: "California", city: "Los Angeles", postalCode: "90012", addressValid: true },
        // Unit price is the subtotal after discounts per unit: 21.98 / 2.
        lines: [pairedLine("LIPTINT-ROSE", 2, 10.99), pairedLine("SERUM-30ML", 1, 23.99)],
        buyerMessage: 'Please pack carefully, it\'s a "gift"!\nNo invoice in the box.',
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      "576461413038785753",
      expectedOrder("tiktok", {
        externalId: "576461413038785753",
        status: "cancelled",
        createdAt: "2024-11-06T07:40:00Z",
        paidAt: "2024-11-06T07:40:12Z",
        currency: "USD",
        totalValue: 18.98,
        buyerId: "mark.t",
        shippingAddress: { country: "US", region: "New York", city: "New York", postalCode: "10001", addressValid: true },
        lines: [pairedLine("LIPTINT-ROSE", 1, 12.99)],
        cancellationRequested: true,
        refundRequested: true, // Order Refund Amount 18.98
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      "576461413038785754",
      expectedOrder("tiktok", {
        externalId: "576461413038785754",
        status: "delivered",
        // 07:05:09 PM on 28 Oct 2024 in Los Angeles is still daylight time (UTC-7).
        createdAt: "2024-10-29T02:05:09Z",
        paidAt: "2024-10-29T02:05:30Z",
        currency: "USD",
        totalValue: 35,
        buyerId: "sunnyside.co",
        shippingAddress: { country: "US", region: "Texas", city: "Austin", postalCode: "78701", addressValid: true },
        // No Seller SKU: the TikTok SKU ID stands in, unpaired, weighing the export's 0.08 kg.
        lines: [unpairedLine("1729384756102930001", 2, 17.5, 80, "Fashion Accessories")],
        refundRequested: true,
        sellerNote: "Repeat customer",
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      "576461413038785756",
      expectedOrder("tiktok", {
        externalId: "576461413038785756",
        status: "pushed_to_warehouse", // To ship / Awaiting collection
        createdAt: "2024-11-06T22:03:00Z", // 24-hour clock
        paidAt: "2024-11-06T22:03:20Z",
        currency: "USD",
        totalValue: 23.99,
        buyerId: "atlantean",
        // "Atlantis" is no country: ZZ, and the address is invalid.
        shippingAddress: { country: "ZZ", region: "", city: "Poseidonia", postalCode: "00000", addressValid: false },
        lines: [pairedLine("SERUM-30ML", 1, 23.99)],
        requestedShippingService: "Standard shipping",
      }),
    ],
    [
      "576461413038785757",
      expectedOrder("tiktok", {
        externalId: "576461413038785757",
        status: "on_hold",
        createdAt: "2024-11-07T08:00:00Z", // 12:00:00 AM is midnight
        paidAt: "2024-11-07T08:00:15Z",
        currency: "USD",
        totalValue: 25.98,
        buyerId: "early.bird",
        // A US address without a ZIP code is not shippable as is.
        shippingAddress: { country: "US", region: "Oregon", city: "Portland", postalCode: "", addressValid: false },
        lines: [pairedLine("LIPTINT-ROSE", 2, 12.99)],
        tags: ["pre_order"],
        requestedShippingService: "Standard shipping",
      }),
    ],
  ])("maps order %s exactly", (externalId, expected) => {
    expect(orders.get(externalId)).toEqual(expected);
  });

  it("reports the day-first date of order …755 at its row and field", () => {
    expect(errorsOf(results)[0]).toEqual({
      ok: false,
      row: 6,
      field: "Created Time",
      externalId: "576461413038785755",
      message: '"13/11/2024 09:00:00 AM" is not a date-time like 11/05/2024 10:22:31 AM (month/day/year)',
    });
  });

  it("reads times as UTC when no time zone is given", async () => {
    const utc = ordersById(await collect(parseTiktokCsv(fixtureStream(FIXTURE), { ...OPTIONS, defaultCurrency: "USD" })));
    expect(utc.get("576461413038785752")?.createdAt).toBe("2024-11-05T10:22:31Z");
  });

  it("needs a currency: without defaultCurrency every order is an error naming it", async () => {
    const errors = errorsOf(await collect(parseTiktokCsv(fixtureStream(FIXTURE), { ...OPTIONS, timeZone: "America/Los_Angeles" })));
    expect(errors.filter((e) => e.field === "Order Amount").map((e) => e.row)).toEqual([2, 4, 5, 6, 7, 8]);
    expect(errors[0]?.message).toBe("the amounts name no currency and no valid defaultCurrency was given");
  });

  it("rejects an unknown time zone before reading", async () => {
    await expect(collect(parseTiktokCsv(fixtureStream(FIXTURE), { ...OPTIONS, timeZone: "Mars/Olympus" }))).rejects.toThrow('timeZone "Mars/Olympus" is not a known IANA time zone');
  });
});

describe("parseTiktokCsv row checks", () => {
  const header = "Order ID,Order Status,Order Substatus,Seller SKU,SKU ID,Quantity,SKU Subtotal After Discount,Order Amount,Created Time,Country,Zipcode";
  it.each([
    ["a negative quantity", "1,To ship,Awaiting shipment,A,11,-2,10,10,11/05/2024 10:00:00 AM,US,10001", "Quantity", "quantity must be at least 1, got -2"],
    ["nothing to identify the line", "1,To ship,Awaiting shipment,,,1,10,10,11/05/2024 10:00:00 AM,US,10001", "Seller SKU", "the line has no Seller SKU, SKU ID or Product Name to identify it"],
    ["an unknown status", "1,Teleported,,A,11,1,10,10,11/05/2024 10:00:00 AM,US,10001", "Order Status", 'unknown order status "Teleported"'],
    ["a negative order amount", "1,To ship,Awaiting shipment,A,11,1,10,-10,11/05/2024 10:00:00 AM,US,10001", "Order Amount", '"-10" is not an order amount'],
    ["an impossible time", "1,To ship,Awaiting shipment,A,11,1,10,10,11/05/2024 13:00:00 PM,US,10001", "Created Time", '"11/05/2024 13:00:00 PM" is not a date-time like 11/05/2024 10:22:31 AM (month/day/year)'],
  ])("reports %s and continues with the next order", async (_name, bad, field, message) => {
    const next = "2,To ship,Awaiting shipment,A,11,1,10,10,11/05/2024 10:00:00 AM,US,10001";
    const results = await collect(parseTiktokCsv([`${header}\n${bad}\n${next}\n`], { storeId: "s", defaultCurrency: "USD" }));
    expect(results).toEqual([{ ok: false, row: 2, field, message, externalId: "1" }, expect.objectContaining({ ok: true, row: 3 })]);
  });

  it("imports a line without a Seller SKU under its SKU ID, with a notice", async () => {
    const [r] = await collect(parseTiktokCsv([`${header}\n1,To ship,Awaiting shipment,,1729384756102939999,2,20,20,11/05/2024 10:00:00 AM,US,10001\n`], { storeId: "s", defaultCurrency: "USD" }));
    expect(r).toMatchObject({
      ok: true,
      order: { lines: [{ platformSku: "1729384756102939999", warehouseSku: null, quantity: 2 }] },
      notices: [{ row: 2, field: "Seller SKU", message: "no Seller SKU; used the SKU ID 1729384756102939999 as the platform SKU", externalId: "1" }],
    });
  });

  it("takes the currency written with the amounts", async () => {
    const [r] = await collect(parseTiktokCsv([`${header}\n1,Shipped,In transit,A,11,1,GBP 10.00,GBP 12.50,11/05/2024 10:00:00 AM,United Kingdom,SW1A 1AA\n`], { storeId: "s" }));
    expect(r).toMatchObject({ ok: true, order: { currency: "GBP", totalValue: 12.5, status: "shipped", shippingAddress: { country: "GB" } } });
  });
});
