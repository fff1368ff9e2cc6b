/**
 * A synthetic Shopify "Export orders" CSV (the admin export's 79 columns, one row per line item,
 * ~1.3 rows per order) generated lazily, for the import benchmark and the bounded-memory test.
 * Deterministic for a seed; nothing but the current order is held.
 */

export const SHOPIFY_EXPORT_HEADER = [
  "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping",
  "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
  "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name",
  "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country",
  "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
  "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference",
  "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount",
  "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value",
  "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At",
  "Payment References",
] as const;

const COL = new Map<string, number>(SHOPIFY_EXPORT_HEADER.map((c, i) => [c, i]));

/** Platform SKUs of the sample; pair them in a store to get weighed, paired lines. */
export const SAMPLE_SKUS = [
  { sku: "MUG-11OZ-WHT", name: "Stoneware Mug, 11oz - White", price: 14 },
  { sku: "TEE-BLK-M", name: 'Tee "Classic" - Black / M', price: 25 },
  { sku: "PWRBANK-10K", name: "Power Bank 10000mAh", price: 29 },
  { sku: "SERUM-30ML", name: "Vitamin C Serum 30ml", price: 19.5 },
  { sku: "LIPTINT-ROSE", name: "Lip Tint - Rose", price: 9.9 },
  { sku: "BOTTLE-750", name: "Insulated Bottle 750ml", price: 32 },
  { sku: "SOCKS-3PK", name: "Merino Socks (3-pack)", price: 21 },
  { sku: "CABLE-USBC-2M", name: "USB-C Cable 2m", price: 12.5 },
] as const;

const DESTINATIONS = [
  { country: "US", province: "CA", city: "Los Angeles", zip: "90012", currency: "USD", tax: "CA State Tax 7.25%" },
  { country: "US", province: "NY", city: "Brooklyn", zip: "'11201", currency: "USD", tax: "NY State Tax 4%" },
  { country: "US", province: "MA", city: "Boston", zip: "'02134", currency: "USD", tax: "MA State Tax 6.25%" },
  { country: "GB", province: "ENG", city: "London", zip: "SW1A 2AA", currency: "GBP", tax: "GB VAT 20%" },
  { country: "DE", province: "BE", city: "Berlin", zip: "10115", currency: "EUR", tax: "DE MwSt 19%" },
  { country: "CA", province: "ON", city: "Toronto", zip: "M5V 2T6", currency: "CAD", tax: "ON HST 13%" },
  { country: "AU", province: "NSW", city: "Sydney", zip: "2000", currency: "AUD", tax: "AU GST 10%" },
] as const;

const FIRST = ["Maya", "Oliver", "Sofia", "Liam", "Chloe", "Noah", "Emma", "Lucas", "Ava", "Mateo", "Hana", "Yusuf"];
const LAST = ["Okafor", "Hughes", "Rossi", "Nguyen", "Schmidt", "Garcia", "Tanaka", "Dubois", "Kowalski", "Silva"];
const STATUSES = ["paid", "paid", "paid", "paid", "pending", "refunded", "partially_refunded", "authorized"] as const;

/** Mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2024-03-05 14:22:10 -0500` in the given offset (hours). */
function shopifyTime(ms: number, offsetHours: number): string {
  const d = new Date(ms + offsetHours * 3_600_000);
  const sign = offsetHours < 0 ? "-" : "+";
  const off = `${sign}${pad(Math.abs(offsetHours))}00`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${off}`;
}

export interface SampleCsvOptions {
  /** CSV data rows to write (the header not counted); the last order may end a little past it. */
  rows: number;
  seed?: number;
  /** First order number (`#N`). Default 1001. */
  firstOrderNumber?: number;
  /** Start of the orders' creation times. Default 2024-01-01T00:00:00Z. */
  startMs?: number;
}

/**
 * The CSV as text chunks of whole records (about 64 KiB each), header first. Stops at the end of the
 * order in which `rows` is reached.
 */
export function* generateShopifyCsv(options: SampleCsvOptions): Generator<string, void, undefined> {
  const rand = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  let chunk = `${SHOPIFY_EXPORT_HEADER.join(",")}\n`;
  let written = 0;
  let orderNumber = options.firstOrderNumber ?? 1001;
  let time = options.startMs ?? Date.UTC(2024, 0, 1);
  const empty = (): string[] => new Array<string>(SHOPIFY_EXPORT_HEADER.length).fill("");
  const set = (cells: string[], column: string, value: string) => {
    cells[COL.get(column)!] = value;
  };

  while (written < options.rows) {
    const r = rand();
    const lineCount = r < 0.75 ? 1 : r < 0.95 ? 2 : 3;
    const dest = pick(DESTINATIONS);
    const first = pick(FIRST);
    const last = pick(LAST);
    const items = Array.from({ length: lineCount }, () => ({ ...pick(SAMPLE_SKUS), quantity: 1 + Math.floor(rand() * rand() * 4) }));
    const subtotal = items.reduce((s, i) => s + i.price * i.quantity, 0);
    const shipping = subtotal > 50 ? 0 : 6.95;
    const taxes = Math.round(subtotal * 0.08 * 100) / 100;
    const total = Math.round((subtotal + shipping + taxes) * 100) / 100;
    const financial = pick(STATUSES);
    time += 5_000 + Math.floor(rand() * 60_000);
    const offset = dest.country === "US" ? -5 : dest.country === "AU" ? 10 : dest.country === "DE" ? 1 : 0;
    const created = shopifyTime(time, offset);
    const name = `#${orderNumber++}`;
    const cancelled = rand() < 0.02;

    for (let li = 0; li < items.length; li++) {
      const item = items[li]!;
      const cells = empty();
      set(cells, "Name", name);
      set(cells, "Lineitem quantity", String(item.quantity));
      set(cells, "Lineitem name", item.name);
      set(cells, "Lineitem price", item.price.toFixed(2));
      set(cells, "Lineitem sku", item.sku);
      set(cells, "Lineitem requires shipping", "true");
      set(cells, "Lineitem taxable", "true");
      set(cells, "Lineitem fulfillment status", "pending");
      set(cells, "Lineitem discount", "0.00");
      set(cells, "Vendor", "Harbor & Pine");
      if (li === 0) {
        const person = `${first} ${last}`;
        const street = `${10 + Math.floor(rand() * 980)} ${pick(["Harbor Ave", "Main St", "Elm Rd", "King St", "Market St"])}`;
        set(cells, "Email", `${first}.${last}${Math.floor(rand() * 1000)}@example.com`);
        set(cells, "Financial Status", financial);
        set(cells, "Paid at", financial === "pending" ? "" : shopifyTime(time + 2_000, offset));
        set(cells, "Fulfillment Status", "unfulfilled");
        set(cells, "Accepts Marketing", rand() < 0.4 ? "yes" : "no");
        set(cells, "Currency", dest.currency);
        set(cells, "Subtotal", subtotal.toFixed(2));
        set(cells, "Shipping", shipping.toFixed(2));
        set(cells, "Taxes", taxes.toFixed(2));
        set(cells, "Total", total.toFixed(2));
        set(cells, "Discount Amount", "0.00");
        set(cells, "Shipping Method", shipping === 0 ? "Free Shipping" : "Standard Shipping");
        set(cells, "Created at", created);
        for (const prefix of ["Billing", "Shipping"]) {
          set(cells, `${prefix} Name`, person);
          set(cells, `${prefix} Street`, street);
          set(cells, `${prefix} Address1`, street);
          set(cells, `${prefix} City`, dest.city);
          set(cells, `${prefix} Zip`, dest.zip);
          set(cells, `${prefix} Province`, dest.province);
          set(cells, `${prefix} Country`, dest.country);
          set(cells, `${prefix} Phone`, `+1 555-${String(1000 + Math.floor(rand() * 9000))}`);
        }
        set(cells, "Notes", rand() < 0.1 ? 'Leave at the "side" door, thanks!' : "");
        set(cells, "Cancelled at", cancelled ? shopifyTime(time + 3_600_000, offset) : "");
        set(cells, "Payment Method", "Shopify Payments");
        set(cells, "Payment Reference", `c${Math.floor(rand() * 1e12)}.1`);
        set(cells, "Refunded Amount", financial === "refunded" ? total.toFixed(2) : "0.00");
        set(cells, "Outstanding Balance", "0.00");
        set(cells, "Id", String(5_700_000_000_000 + orderNumber));
        set(cells, "Tags", rand() < 0.2 ? "vip, wholesale" : "");
        set(cells, "Risk Level", rand() < 0.05 ? "High" : "Low");
        set(cells, "Source", "web");
        set(cells, "Tax 1 Name", dest.tax);
        set(cells, "Tax 1 Value", taxes.toFixed(2));
      }
      chunk += `${cells.map(csvCell).join(",")}\n`;
      written++;
    }
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
}
