import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseShopifyCsv } from "./parse-shopify-csv";

const COLUMNS =
  "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount".split(
    ",",
  );

/** A Shopify export of `orders` two-line orders (2 × orders data rows), made on the fly in ~64 KB byte chunks. */
async function* generatedExport(orders: number, badEvery: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const blank = Object.fromEntries(COLUMNS.map((c) => [c, ""]));
  const line = (values: Record<string, string>) => COLUMNS.map((c) => values[c] ?? "").join(",");
  let buffer = `\uFEFF${COLUMNS.join(",")}\n`;
  for (let i = 1; i <= orders; i++) {
    const name = `#${100000 + i}`;
    const created = i % badEvery === 0 ? "2024-02-30 10:00:00 -0500" : `2024-03-${String((i % 28) + 1).padStart(2, "0")} 14:22:10 -0500`;
    buffer += `${line({
      ...blank,
      Name: name,
      Email: `buyer${i}@example.com`,
      "Financial Status": "paid",
      "Paid at": created,
      "Fulfillment Status": "unfulfilled",
      Currency: "USD",
      Subtotal: "53.00",
      Shipping: "5.00",
      Taxes: "3.09",
      Total: "61.09",
      "Created at": created,
      "Lineitem quantity": "2",
      "Lineitem name": '"Stoneware Mug, 11oz - White"',
      "Lineitem price": "14.00",
      "Lineitem sku": "MUG-11OZ-WHT",
      "Lineitem requires shipping": "true",
      "Shipping Name": "Maya Okafor",
      "Shipping Street": "88 Harvard Ave",
      "Shipping Address1": "88 Harvard Ave",
      "Shipping City": "Boston",
      "Shipping Zip": "'02134",
      "Shipping Province": "MA",
      "Shipping Country": "US",
      Notes: '"Leave at the ""side"" door,\nthanks"',
      Id: String(5712345678901 + i),
      Tags: '"vip, wholesale"',
      "Risk Level": "Low",
      Source: "web",
    })}\n${line({ ...blank, Name: name, "Lineitem quantity": "1", "Lineitem name": "Tee", "Lineitem price": "25.00", "Lineitem sku": "TEE-BLK-M", "Lineitem requires shipping": "true", "Lineitem discount": "5.00" })}\n`;
    if (buffer.length >= 64 * 1024) {
      yield encoder.encode(buffer);
      buffer = "";
    }
  }
  yield encoder.encode(buffer);
}

/** V8's collector, so live memory can be told from garbage not yet collected. */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("parseShopifyCsv streaming", () => {
  it("imports a generated 200,000-row export in bounded memory", async () => {
    const ORDERS = 100_000; // 200,000 data rows
    const BAD_EVERY = 1_000;
    const gc = exposeGc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let peakLive = 0;
    let ok = 0;
    let errors = 0;
    let lastRow = 0;
    let inOrder = true;
    let units = 0;
    for await (const r of parseShopifyCsv(generatedExport(ORDERS, BAD_EVERY), { storeId: "s" })) {
      if (r.ok === true) {
        ok++;
        units += r.order.lines.reduce((n, l) => n + l.quantity, 0);
      } else errors++;
      if (r.row < lastRow) inOrder = false;
      lastRow = r.row;
      const seen = ok + errors;
      if (seen % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      if (seen % 25_000 === 0) {
        gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed - baseline);
      }
    }
    // Each bad order reports Created at and Paid at.
    expect({ ok, errors, units }).toEqual({ ok: ORDERS - ORDERS / BAD_EVERY, errors: (2 * ORDERS) / BAD_EVERY, units: 3 * (ORDERS - ORDERS / BAD_EVERY) });
    expect(inOrder).toBe(true);
    expect(lastRow).toBe(1 + 2 * ORDERS - 1); // the last order starts on the second-to-last data row
    // The text alone is ~90 MB; holding it (or the orders) would blow far past this.
    expect(peak).toBeLessThan(150 * 1024 * 1024);
    // Live memory after collection stays flat: only the current order's rows are held.
    expect(peakLive).toBeLessThan(16 * 1024 * 1024);
  });
});
