import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, OPTIONS, ordersById, outline, pairedLine, unpairedLine } from "../testing/import-test-helpers";
import { parseTiktokJson } from "./parse-tiktok-json";

describe("parseTiktokJson on a Get Order Detail response", async () => {
  const results = await collect(parseTiktokJson(fixtureStream("tiktok-order-detail.json"), OPTIONS));
  const orders = ordersById(results);

  it("yields every order by position, the bad one as an error, and the following orders", () => {
    expect(outline(results)).toEqual([
      "1 store-7:576461413038785801",
      "2 skipped 576461413038785802", // cancelled: its only item is CANCELLED, nothing to ship
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

  it("skips the cancelled order whose only item is cancelled, saying why", () => {
    expect(results[1]).toEqual({
      ok: "skipped",
      row: 2,
      externalId: "576461413038785802",
      notices: [
        { row: 2, field: "line_items[0]", message: '"Velvet Lip Tint, Long-Lasting": 1 unit cancelled (display_status CANCELLED); not routed', externalId: "576461413038785802" },
        { row: 2, field: "line_items", message: "every line was removed, refunded or cancelled (1 line): nothing to ship", externalId: "576461413038785802" },
      ],
    });
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
    expect(r?.ok === true && r.order.lines.map((l) => [l.platformSku, l.quantity, l.unitPrice])).toEqual([
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
    ["an item with nothing to identify it", { line_items: [{ id: "1", seller_sku: "", sale_price: "1.00" }] }, "line_items[0].seller_sku", "the item has no seller_sku, sku_id, product_id or product_name to identify it"],
    ["a negative price", { line_items: [{ id: "1", sku_id: "111", sale_price: "-1.00" }] }, "line_items[0].sale_price", '"-1.00" is not a price'],
  ])("reports %s and continues", async (_name, patch, field, message) => {
    const results = await run([order(patch), order({ id: "576461413038785901" })]);
    expect(results).toEqual([{ ok: false, row: 1, field, message, externalId: expect.any(String) }, expect.objectContaining({ ok: true, row: 2 })]);
  });

  it.each([
    ["Thailand (L2 District)", "TH", "10110", [["L0", "Country", "Thailand"], ["L1", "Province", "Bangkok"], ["L2", "District", "Khlong Toei"], ["L3", "Sub-district", "Khlong Tan"]], "Bangkok", "Khlong Toei", true],
    ["the Philippines, no postcode", "PH", "", [["L1", "Region", "Metro Manila"], ["L2", "City", "Makati"], ["L3", "Barangay", "Poblacion"]], "Metro Manila", "Makati", true],
    ["a market whose levels have no known names (L1, L3)", "FR", "75001", [["L1", "Région", "Île-de-France"], ["L2", "Département", "Paris"], ["L3", "Commune", "Paris 1er"]], "Île-de-France", "Paris 1er", true],
    ["Malaysia without its postcode", "MY", "", [["L1", "State", "Perak"], ["L2", "City", "Lumut"]], "Perak", "Lumut", false],
  ])("reads region and city of %s from district_info", async (_name, country, postalCode, levels, region, city, valid) => {
    const district_info = levels.map(([address_level, address_level_name, address_name]) => ({ address_level, address_level_name, address_name }));
    const [r] = await run([order({ recipient_address: { region_code: country, postal_code: postalCode, district_info } })]);
    expect(r?.ok === true && r.order.shippingAddress).toEqual({ country, region, city, postalCode, addressValid: valid });
  });

  it.each([
    ["the sku_id", { seller_sku: "", sku_id: "111" }, "111", "no seller_sku; used the sku_id 111 as the platform SKU"],
    ["the product_id", { seller_sku: "", sku_id: "", product_id: "1729" }, "1729", "no seller_sku; used the product_id 1729 as the platform SKU"],
    ["the product_name", { seller_sku: null, product_name: "Bamboo clip" }, "Bamboo clip", 'no seller_sku; used the product_name "Bamboo clip" as the platform SKU'],
  ])("takes %s of an item without seller_sku, once per merged line", async (_name, patch, sku, message) => {
    const item = { sale_price: "5.00", ...patch };
    const [r] = await run({ code: 0, message: "Success", request_id: "r1", data: { orders: [order({ line_items: [{ id: "1", ...item }, { id: "2", ...item }] })] } });
    expect(r).toMatchObject({ ok: true, order: { lines: [{ platformSku: sku, quantity: 2, warehouseSku: null }] }, notices: [{ row: 1, field: "line_items[0].seller_sku", message }] });
  });

  it("reads one bare order (a webhook's order detail)", async () => {
    expect(outline(await run(order({})))).toEqual(["1 s:576461413038785900"]);
  });

  it("explains an API error response", async () => {
    const results = await run({ code: 105001, message: "Access token is invalid", data: null });
    expect(results).toEqual([
      { ok: false, row: 1, field: "$", message: "the body is a TikTok Shop API error response (code 105001: Access token is invalid), not orders" },
    ]);
  });
});
