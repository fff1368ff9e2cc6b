import { describe, expect, it } from "vitest";
import { collect, expectedOrder, fixtureStream, ordersById, outline } from "../testing/import-test-helpers";
import { parseNative } from "./parse-native";

const OPTS = { storeId: "store-7" };

describe("parseNative on NDJSON", async () => {
  const results = await collect(parseNative(fixtureStream("native-orders.ndjson", 64), OPTS));

  it("yields one result per non-blank line, numbered by file line", () => {
    expect(outline(results)).toEqual([
      "1 store-7:TEMU-PO-211-0001",
      // line 2 is blank
      "3 store-7:AE-8123456789012345",
      "4 ! shippingAddress.country",
      "5 ! $",
      "6 ! lines.1.quantity",
      "7 store-7:TEMU-PO-211-0002",
    ]);
  });

  it.each([
    [4, "shippingAddress.country", "TB-2024060100042", "must be an ISO-3166 alpha-2 country code in upper case, e.g. US"],
    [6, "lines.1.quantity", "other-77", "Must be at least 1"],
  ])("reports the schema failure of line %i at %s", (row, field, externalId, message) => {
    expect(results).toContainEqual({ ok: false, row, field, externalId, message });
  });

  it("reports a truncated line as invalid JSON", () => {
    expect(results[3]).toEqual({ ok: false, row: 5, field: "$", message: expect.stringMatching(/^not valid JSON: /) });
  });

  it("re-keys orders to the caller's store and normalises timestamps to UTC", () => {
    expect(ordersById(results).get("TEMU-PO-211-0001")).toEqual(
      expectedOrder("temu", {
        externalId: "TEMU-PO-211-0001",
        status: "awaiting_fulfillment",
        createdAt: "2024-06-01T00:00:00Z",
        paidAt: "2024-06-01T00:01:00Z",
        shipByDeadline: "2024-06-03T00:00:00Z",
        currency: "USD",
        totalValue: 19.98,
        buyerId: "temu-buyer-88",
        shippingAddress: { country: "US", region: "CA", city: "San Jose", postalCode: "95112", addressValid: true },
        lines: [
          {
            platformSku: "MUG-11OZ-WHT",
            warehouseSku: "WH-MUG-001",
            quantity: 2,
            unitPrice: 9.99,
            weightGrams: 420,
            dimensionsCm: { length: 12, width: 9, height: 10 },
            hasBattery: false,
            hasLiquid: false,
            isHazmat: false,
            category: "kitchen",
            hsCode: null,
          },
        ],
        tags: ["temu"],
      }),
    );
    const cancelled = ordersById(results).get("AE-8123456789012345");
    expect(cancelled).toMatchObject({ id: "store-7:AE-8123456789012345", status: "cancelled", cancellationRequested: true, platform: "aliexpress" });
  });

  it("uses the file's id as external id when it has none, and the platform option over the file's", async () => {
    const [r] = await collect(
      parseNative(['{"id":"x-1","platform":"temu","createdAt":"2024-06-01T08:00:00Z","currency":"USD","totalValue":1,"shippingAddress":{"country":"US"},"lines":[{"platformSku":"A","quantity":1,"unitPrice":1,"weightGrams":1}]}'], {
        storeId: "s",
        platform: "other",
      }),
    );
    expect(r).toMatchObject({ ok: true, row: 1, order: { id: "s:x-1", externalId: "x-1", platform: "other", storeId: "s" } });
  });
});

describe("parseNative on a JSON array", async () => {
  // A BOM, and chunks of 16 bytes so elements, strings and escapes straddle chunk boundaries.
  const results = await collect(parseNative(fixtureStream("native-orders-array.json", 16), OPTS));

  it("numbers elements from 1 and isolates the bad one", () => {
    expect(outline(results)).toEqual(["1 store-7:TEMU-PO-211-0101", "2 ! createdAt", "3 store-7:TEMU-PO-211-0103"]);
    expect(results[1]).toEqual({ ok: false, row: 2, field: "createdAt", externalId: "TEMU-PO-211-0102", message: "must be an ISO-8601 date-time with offset, e.g. 2026-11-20T08:30:00Z" });
  });

  it("is not fooled by brackets and quotes inside strings", () => {
    expect(ordersById(results).get("TEMU-PO-211-0101")?.buyerMessage).toBe('brackets ] and braces } and "quotes", inside a string');
  });

  it.each([
    ["an unclosed array (its last element may be truncated)", '[{"id":"a"}', ["1 ! $"]],
    ["text after the array", '[] x', ["1 ! $"]],
    ["an empty array", " [ ] ", []],
    ["a non-object element", "[42]", ["1 ! $"]],
  ])("handles %s", async (_name, text, expected) => {
    expect(outline(await collect(parseNative([text], OPTS)))).toEqual(expected);
  });
});
