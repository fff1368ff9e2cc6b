/**
 * Deterministic order history for the demo merchant: believable platform mix, destinations, basket
 * sizes, weights, battery items, cancellations, invalid addresses, unpaired SKUs, repeat buyers within
 * a day and orders past their ship-by deadline. A generator, so 1,000,000 orders need no more memory
 * than ten.
 */
import type { TOrder } from "@/rules-schema";
import { DEMO_STORES, type DemoPairing, type DemoSku, type DemoStore } from "./demo-merchant";
import { type SeededRandom, seededRandom } from "./seeded-random";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Destination {
  country: string;
  regions: [region: string, city: string, postalPrefix: string][];
  postalLength: number;
  weight: number;
}

const US: Destination = {
  country: "US",
  postalLength: 5,
  weight: 1,
  regions: [
    ["CA", "Los Angeles", "900"],
    ["CA", "San Diego", "921"],
    ["CA", "San Jose", "951"],
    ["TX", "Houston", "770"],
    ["TX", "Dallas", "752"],
    ["NY", "Brooklyn", "112"],
    ["FL", "Miami", "331"],
    ["IL", "Chicago", "606"],
    ["WA", "Seattle", "981"],
    ["GA", "Atlanta", "303"],
    ["AZ", "Phoenix", "850"],
    ["PA", "Philadelphia", "191"],
    ["OH", "Columbus", "432"],
    ["NC", "Charlotte", "282"],
    ["CO", "Denver", "802"],
  ],
};
const d = (country: string, postalLength: number, weight: number, regions: Destination["regions"]): Destination => ({ country, postalLength, weight, regions });
const GLOBAL: Destination[] = [
  { ...US, weight: 22 },
  d("FR", 5, 9, [["IDF", "Paris", "75"], ["ARA", "Lyon", "69"], ["PAC", "Marseille", "13"]]),
  d("ES", 5, 9, [["MD", "Madrid", "28"], ["CT", "Barcelona", "08"], ["AN", "Sevilla", "41"]]),
  d("DE", 5, 8, [["BE", "Berlin", "10"], ["HH", "Hamburg", "20"], ["BY", "München", "80"]]),
  d("NL", 4, 5, [["NH", "Amsterdam", "10"], ["ZH", "Rotterdam", "30"]]),
  d("PL", 5, 6, [["MZ", "Warszawa", "00"], ["MA", "Kraków", "30"]]),
  d("BR", 8, 7, [["SP", "São Paulo", "01"], ["RJ", "Rio de Janeiro", "20"]]),
  d("KR", 5, 5, [["11", "Seoul", "04"], ["26", "Busan", "48"]]),
  d("IL", 7, 3, [["TA", "Tel Aviv", "61"]]),
  d("SA", 5, 3, [["01", "Riyadh", "11"]]),
  d("GB", 6, 6, [["ENG", "London", "SW1"], ["ENG", "Manchester", "M1"]]),
  d("CA", 6, 4, [["ON", "Toronto", "M5V"], ["BC", "Vancouver", "V6B"]]),
  d("AU", 4, 3, [["NSW", "Sydney", "20"], ["VIC", "Melbourne", "30"]]),
  d("MX", 5, 3, [["CMX", "Ciudad de México", "06"]]),
  d("IT", 5, 4, [["RM", "Roma", "00"], ["MI", "Milano", "20"]]),
];
const SHOPIFY_DEST: Destination[] = [{ ...US, weight: 50 }, ...GLOBAL.filter((x) => ["CA", "GB", "AU", "DE", "FR", "NL"].includes(x.country))];

/** Platform mix and each platform's ship-by window (hours after payment). */
const PLATFORM_WEIGHTS: [DemoStore["platform"], number][] = [
  ["temu", 35],
  ["tiktok", 30],
  ["aliexpress", 20],
  ["shopify", 15],
];
const SHIP_BY_HOURS: Record<DemoStore["platform"], number | null> = { temu: 48, tiktok: 72, aliexpress: 120, shopify: null };

function postalCode(r: SeededRandom, dest: Destination, prefix: string): string {
  if (dest.country === "GB") return `${prefix} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}`;
  if (dest.country === "CA") return `${prefix} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25))}${r.int(1, 9)}`;
  let code = prefix;
  while (code.length < dest.postalLength) code += String(r.int(0, 9));
  return dest.country === "BR" ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}

export interface DemoOrderOptions {
  count: number;
  /** End of the history window; orders fall in the 90 days before it. */
  anchor: Date;
  seed?: number;
  days?: number;
  /** Store ids by store key, as the database knows them. */
  storeIds: Record<string, string>;
}

interface Listing {
  sku: DemoSku;
  platformSku: string;
  warehouseSku: string | null;
  cumulative: number;
}

/** Listings of one store weighted by SKU popularity, for fast weighted picks. */
function listingsFor(store: DemoStore, skus: DemoSku[], pairings: DemoPairing[]): Listing[] {
  const bySku = new Map(skus.map((s) => [s.code, s]));
  const list: Listing[] = [];
  let total = 0;
  for (const p of pairings) {
    if (p.storeKey !== store.key) continue;
    const sku = p.skuCode ? bySku.get(p.skuCode) : undefined;
    // Unpaired listings still sell: pick the SKU they were meant to be by their platform SKU's position.
    const base = sku ?? skus[pairings.indexOf(p) % skus.length]!;
    total += base.popularity;
    list.push({ sku: base, platformSku: p.platformSku, warehouseSku: p.skuCode, cumulative: total });
  }
  return list;
}

function pickListing(r: SeededRandom, list: Listing[]): Listing {
  const x = r.next() * list[list.length - 1]!.cumulative;
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.cumulative < x) lo = mid + 1;
    else hi = mid;
  }
  return list[lo]!;
}

/** Orders of the demo merchant, oldest first. */
export function* generateDemoOrders(skus: DemoSku[], pairings: DemoPairing[], options: DemoOrderOptions): Generator<TOrder> {
  const r = seededRandom(options.seed ?? 2026);
  const days = options.days ?? 90;
  const end = options.anchor.getTime();
  const start = end - days * DAY;
  const listings = new Map(DEMO_STORES.map((s) => [s.key, listingsFor(s, skus, pairings)]));
  const recentBuyers: { buyerId: string; store: DemoStore; at: number; dest: Destination; region: Destination["regions"][number]; postal: string }[] = [];
  const step = (end - start) / options.count;
  let orderNo = 100_000;

  for (let i = 0; i < options.count; i++) {
    // Spread evenly with jitter, more orders in the buyers' evenings, slight growth over time.
    const t = Math.floor(start + step * i + r.next() * step);
    const platform = r.weighted(PLATFORM_WEIGHTS);
    const store = DEMO_STORES.find((s) => s.platform === platform)!;
    const repeat = recentBuyers.length > 0 && r.chance(0.04) ? recentBuyers[r.int(Math.max(0, recentBuyers.length - 30), recentBuyers.length - 1)]! : null;
    const sameBuyer = repeat && t - repeat.at < DAY && repeat.store.key === store.key ? repeat : null;

    const dests = platform === "temu" || platform === "tiktok" ? [US] : platform === "shopify" ? SHOPIFY_DEST : GLOBAL;
    const dest = sameBuyer?.dest ?? r.weighted(dests.map((x) => [x, x.weight] as const));
    const region = sameBuyer?.region ?? r.pick(dest.regions);
    const postal = sameBuyer?.postal ?? postalCode(r, dest, region[2]);
    const buyerId = sameBuyer?.buyerId ?? `${platform}-b${r.int(1, 400_000)}`;

    const lineCount = r.weighted([
      [1, 70],
      [2, 20],
      [3, 7],
      [4, 3],
    ] as const);
    const lines: TOrder["lines"] = [];
    for (let l = 0; l < lineCount; l++) {
      const listing = pickListing(r, listings.get(store.key)!);
      if (lines.some((x) => x.platformSku === listing.platformSku)) continue;
      const s = listing.sku;
      lines.push({
        platformSku: listing.platformSku,
        warehouseSku: listing.warehouseSku,
        quantity: r.weighted([
          [1, 80],
          [2, 14],
          [3, 4],
          [5, 2],
        ] as const),
        unitPrice: s.unitPrice,
        weightGrams: s.weightGrams,
        dimensionsCm: { length: s.lengthCm, width: s.widthCm, height: s.heightCm },
        hasBattery: s.hasBattery,
        hasLiquid: s.hasLiquid,
        isHazmat: s.isHazmat,
        category: s.category,
        // A paired line carries its warehouse SKU's customs code, as pairing on import does.
        hsCode: listing.warehouseSku ? s.hsCode : null,
      });
    }
    const paidAt = r.chance(0.985) ? t + r.int(0, 40) * 60_000 : null;
    const shipByHours = SHIP_BY_HOURS[platform];
    const shipBy = paidAt !== null && shipByHours !== null ? paidAt + shipByHours * HOUR : null;
    const age = end - t;
    const cancellationRequested = r.chance(0.03);
    // Older orders have shipped; recent ones are open, and some open ones are already past their deadline.
    const status: TOrder["status"] = cancellationRequested
      ? r.chance(0.6)
        ? "cancelled"
        : "awaiting_fulfillment"
      : paidAt === null
        ? "pending_payment"
        : age > 6 * DAY
          ? r.chance(0.85)
            ? "delivered"
            : "shipped"
          : age > 2 * DAY
            ? r.chance(0.75)
              ? "shipped"
              : "awaiting_fulfillment"
            : "awaiting_review";
    const total = Math.round(lines.reduce((sum, x) => sum + x.unitPrice * x.quantity, 0) * 100) / 100;
    const currency = platform === "aliexpress" || platform === "shopify" ? (dest.country === "DE" || dest.country === "FR" || dest.country === "ES" || dest.country === "NL" || dest.country === "IT" ? "EUR" : "USD") : "USD";
    const externalId = platform === "temu" ? `PO-211-${String(orderNo).padStart(8, "0")}` : platform === "tiktok" ? String(576_000_000_000_000_000n + BigInt(orderNo) * 7919n) : platform === "aliexpress" ? String(8_100_000_000_000_000 + orderNo * 131) : `#${orderNo}`;
    orderNo++;
    const order: TOrder = {
      id: `${options.storeIds[store.key] ?? store.key}:${externalId}`,
      externalId,
      platform,
      storeId: options.storeIds[store.key] ?? store.key,
      status,
      createdAt: new Date(t).toISOString(),
      paidAt: paidAt === null ? null : new Date(paidAt).toISOString(),
      shipByDeadline: shipBy === null ? null : new Date(shipBy).toISOString(),
      currency,
      totalValue: total,
      buyerId,
      shippingAddress: {
        country: dest.country,
        region: region[0],
        city: region[1],
        postalCode: r.chance(0.01) ? "" : postal,
        addressValid: !r.chance(0.02),
      },
      lines,
      cancellationRequested,
      refundRequested: r.chance(0.015),
      riskFlags: r.chance(0.01) ? [r.pick(["high-risk-payment", "address-mismatch", "chargeback-history"])] : [],
      buyerMessage: r.chance(0.06) ? r.pick(["Please ship fast, it's a gift", "No invoice in the parcel please", "Can you send the black one?", "Leave at the front desk"]) : "",
      sellerNote: r.chance(0.02) ? "VIP buyer — add a thank-you card" : "",
      tags: r.chance(0.05) ? ["repeat-buyer"] : [],
      requestedShippingService: platform === "shopify" ? r.pick(["Standard", "Standard", "Express"]) : "",
    };
    if (order.lines.length === 0) continue;
    if (!sameBuyer) {
      recentBuyers.push({ buyerId, store, at: t, dest, region, postal });
      if (recentBuyers.length > 200) recentBuyers.shift();
    }
    yield order;
  }
}
