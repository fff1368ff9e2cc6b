import { describe, expect, it } from "vitest";
import { parseNative } from "./parse-native";
import { collect } from "../testing/import-test-helpers";
import { readLines } from "./read-lines";


describe("readLines", () => {
  it("splits LF and CRLF lines across chunk boundaries, keeping a last line without newline", async () => {
    const lines = await collect(readLines(["a\r", "\nbb", "b\nc", "c\r\n", "", "dd"]));
    expect(lines).toEqual([
      { row: 1, text: "a" },
      { row: 2, text: "bbb" },
      { row: 3, text: "cc" },
      { row: 4, text: "dd" },
    ]);
  });

  it("skips a line longer than the limit as it arrives, and the rows after it keep their numbers", async () => {
    const long = "x".repeat(1000);
    const chunks = ["ok-1\n", long, long, long, "\nok-3\n"];
    const lines = await collect(readLines(chunks, 2_500));
    expect(lines).toEqual([{ row: 1, text: "ok-1" }, { row: 2, text: "", tooLong: true }, { row: 3, text: "ok-3" }]);
  });
});

describe("a native import with one huge line", () => {
  it("reports the 8 MB line as a bad row and imports the orders around it", async () => {
    const order = (id: string) =>
      JSON.stringify({ id, platform: "other", storeId: "s", createdAt: "2026-11-20T08:00:00Z", currency: "USD", totalValue: 5, shippingAddress: { country: "US", postalCode: "10001" }, lines: [{ platformSku: "A", quantity: 1, unitPrice: 5, weightGrams: 1 }] });
    const huge = JSON.stringify({ id: "huge", buyerMessage: "y".repeat(8 << 20) });
    const results = await collect(parseNative([`${order("o-1")}\n`, huge.slice(0, 4 << 20), huge.slice(4 << 20), `\n${order("o-3")}\n`], { storeId: "store-1" }));
    expect(results.map((r) => (r.ok === true ? r.order.externalId : r.ok === false ? `${r.row}:${r.field}` : "skipped"))).toEqual(["o-1", "2:line", "o-3"]);
  });
});
