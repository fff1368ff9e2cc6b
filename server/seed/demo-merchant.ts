/**
 * The demo merchant: a Shenzhen cross-border seller of phone accessories, small electronics and home
 * goods, selling on Temu (semi-managed, US), TikTok Shop US, AliExpress and its own Shopify store, shipping
 * from its Shenzhen warehouse and from overseas 3PL warehouses in Los Angeles and Germany.
 * Pure data: the database seed and the tests use the same definitions.
 */
import type { TBusinessCalendar, TRateCard } from "@/rules-schema";
import { seededRandom } from "./seeded-random";

export const DEMO_ORG = { name: "Lumen & Loop Trading", slug: "lumen-loop" } as const;
export const DEMO_USERS = [
  { email: "demo@switchyard.dev", name: "Mei Chen", role: "owner", password: "switchyard-demo" },
  { email: "ops@switchyard.dev", name: "Daniel Okafor", role: "designer", password: "switchyard-demo" },
  { email: "analyst@switchyard.dev", name: "Sofia Marquez", role: "analyst", password: "switchyard-demo" },
  { email: "viewer@switchyard.dev", name: "Tom Becker", role: "viewer", password: "switchyard-demo" },
] as const;

export interface DemoStore {
  key: string;
  platform: "temu" | "tiktok" | "aliexpress" | "shopify";
  name: string;
  site: string;
}
export const DEMO_STORES: DemoStore[] = [
  { key: "temu-us", platform: "temu", name: "Lumen & Loop — Temu US (semi-managed)", site: "US" },
  { key: "tiktok-us", platform: "tiktok", name: "Lumen & Loop — TikTok Shop US", site: "US" },
  { key: "aliexpress", platform: "aliexpress", name: "Lumen & Loop Official Store — AliExpress", site: "Global" },
  { key: "shopify", platform: "shopify", name: "lumenloop.com (Shopify)", site: "Global" },
];

export interface DemoWarehouse {
  code: string;
  name: string;
  kind: "own" | "overseas_3pl";
  country: string;
  address: { line1: string; city: string; postalCode: string };
  calendar: TBusinessCalendar;
}
export const DEMO_WAREHOUSES: DemoWarehouse[] = [
  {
    code: "SZ-01",
    name: "Shenzhen Longhua warehouse",
    kind: "own",
    country: "CN",
    address: { line1: "Building 7, Minzhi Industrial Park, Longhua District", city: "Shenzhen", postalCode: "518131" },
    calendar: {
      timeZone: "Asia/Shanghai",
      workingDays: [1, 2, 3, 4, 5, 6],
      holidays: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07", "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
      workdayStart: "09:00",
      cutoffTime: "18:00",
    },
  },
  {
    code: "LA-3PL",
    name: "Los Angeles 3PL (Ontario, CA)",
    kind: "overseas_3pl",
    country: "US",
    address: { line1: "4100 E Mission Blvd", city: "Ontario", postalCode: "91761" },
    calendar: {
      timeZone: "America/Los_Angeles",
      workingDays: [1, 2, 3, 4, 5],
      holidays: ["2026-09-07", "2026-11-26", "2026-12-25", "2027-01-01", "2027-05-31", "2027-07-05"],
      workdayStart: "08:00",
      cutoffTime: "15:00",
    },
  },
  {
    code: "DE-3PL",
    name: "Germany 3PL (Hamburg)",
    kind: "overseas_3pl",
    country: "DE",
    address: { line1: "Hammerbrookstraße 90", city: "Hamburg", postalCode: "20097" },
    calendar: {
      timeZone: "Europe/Berlin",
      workingDays: [1, 2, 3, 4, 5],
      holidays: ["2026-10-03", "2026-10-31", "2026-12-25", "2026-12-26", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01"],
      workdayStart: "07:00",
      cutoffTime: "14:00",
    },
  },
];

export interface DemoChannel {
  code: string;
  name: string;
  carrier: string;
  service: string;
  originWarehouseCodes: string[];
  maxWeightGrams: number;
  maxLengthCm: number | null;
  maxGirthCm: number | null;
  countries: string[];
  batteryAllowed: boolean;
  liquidAllowed: boolean;
  hazmatAllowed: boolean;
  transitDays: { min: number; max: number };
  rateCard: TRateCard;
}

const EU = ["DE", "FR", "ES", "IT", "NL", "BE", "AT", "PL", "SE", "DK", "IE", "PT", "CZ"];
const perKg = (zones: [string, string[], number, number][], upToGrams: number): Pick<TRateCard, "zones" | "bands"> => ({
  zones: zones.map(([code, countries]) => ({ code, countries, postalPrefixes: [] })),
  bands: zones.map(([zone, , fixed, kg]) => ({ zone, upToGrams, fixed, perKg: kg })),
});

export const DEMO_CHANNELS: DemoChannel[] = [
  {
    code: "YUN-GD",
    name: "YunExpress Global Direct",
    carrier: "YunExpress",
    service: "Global Direct Line (general cargo)",
    originWarehouseCodes: ["SZ-01"],
    maxWeightGrams: 30000,
    maxLengthCm: 120,
    maxGirthCm: 270,
    countries: ["US", "CA", "GB", "AU", "MX", "BR", "IL", "SA", "KR", "JP", ...EU],
    batteryAllowed: false,
    liquidAllowed: false,
    hazmatAllowed: false,
    transitDays: { min: 7, max: 12 },
    rateCard: {
      currency: "USD",
      roundUpGrams: 10,
      ...perKg(
        [
          ["US", ["US"], 3.2, 10.5],
          ["CA-AU", ["CA", "AU"], 3.6, 11.8],
          ["GB", ["GB"], 2.4, 7.9],
          ["EU", EU, 2.6, 8.6],
          ["LATAM", ["MX", "BR"], 4.5, 14.2],
          ["ASIA-ME", ["IL", "SA", "KR", "JP"], 3.0, 9.4],
        ],
        30000,
      ),
    },
  },
  {
    code: "YUN-BAT",
    name: "YunExpress Battery Line",
    carrier: "YunExpress",
    service: "Global Direct Line (built-in battery)",
    originWarehouseCodes: ["SZ-01"],
    maxWeightGrams: 2000,
    maxLengthCm: 60,
    maxGirthCm: 200,
    countries: ["US", "CA", "GB", "AU", "DE", "FR", "ES", "IT", "NL"],
    batteryAllowed: true,
    liquidAllowed: false,
    hazmatAllowed: false,
    transitDays: { min: 8, max: 14 },
    rateCard: {
      currency: "USD",
      roundUpGrams: 10,
      ...perKg(
        [
          ["US", ["US"], 3.9, 12.4],
          ["CA-AU", ["CA", "AU"], 4.3, 13.6],
          ["GB", ["GB"], 3.1, 9.8],
          ["EU", ["DE", "FR", "ES", "IT", "NL"], 3.3, 10.4],
        ],
        2000,
      ),
    },
  },
  {
    code: "4PX-GES",
    name: "4PX Global Express Standard",
    carrier: "4PX",
    service: "Global Express Standard",
    originWarehouseCodes: ["SZ-01"],
    maxWeightGrams: 20000,
    maxLengthCm: 100,
    maxGirthCm: 250,
    countries: ["US", "CA", "GB", "AU", ...EU],
    batteryAllowed: true,
    liquidAllowed: false,
    hazmatAllowed: false,
    transitDays: { min: 6, max: 10 },
    rateCard: { currency: "USD", roundUpGrams: 10, ...perKg([["US", ["US"], 3.5, 11.2], ["CA-AU", ["CA", "AU"], 3.8, 12.5], ["GB", ["GB"], 2.8, 8.7], ["EU", EU, 3.0, 9.3]], 20000) },
  },
  {
    code: "CP-RAM",
    name: "China Post Registered Air Mail",
    carrier: "China Post",
    service: "Registered Air Mail (small packet)",
    originWarehouseCodes: ["SZ-01"],
    maxWeightGrams: 2000,
    maxLengthCm: 60,
    maxGirthCm: 90,
    countries: [],
    batteryAllowed: false,
    liquidAllowed: false,
    hazmatAllowed: false,
    transitDays: { min: 12, max: 30 },
    rateCard: {
      currency: "USD",
      roundUpGrams: 10,
      zones: [
        { code: "Z1", countries: ["JP", "KR", "SG", "MY", "TH"], postalPrefixes: [] },
        { code: "Z2", countries: ["US", "CA", "GB", "AU", "IL", "SA", "NZ", ...EU], postalPrefixes: [] },
        { code: "Z3", countries: ["MX", "BR", "CL", "AR", "CO", "ZA"], postalPrefixes: [] },
      ],
      bands: [
        { zone: "Z1", upToGrams: 2000, fixed: 1.6, perKg: 6.2 },
        { zone: "Z2", upToGrams: 2000, fixed: 1.9, perKg: 9.6 },
        { zone: "Z3", upToGrams: 2000, fixed: 2.3, perKg: 12.1 },
      ],
    },
  },
  {
    code: "USPS-GA",
    name: "USPS Ground Advantage (from LA)",
    carrier: "USPS",
    service: "Ground Advantage",
    originWarehouseCodes: ["LA-3PL"],
    maxWeightGrams: 31751,
    maxLengthCm: 76,
    maxGirthCm: 330,
    countries: ["US"],
    batteryAllowed: true,
    liquidAllowed: true,
    hazmatAllowed: false,
    transitDays: { min: 2, max: 5 },
    rateCard: {
      currency: "USD",
      roundUpGrams: 28,
      zones: [
        { code: "Z1-2", countries: ["US"], postalPrefixes: ["900", "901", "902", "903", "904", "905", "906", "907", "908", "910", "911", "912", "913", "914", "915", "916", "917", "918", "919", "920", "921", "922", "923", "924", "925", "926", "927", "928"] },
        { code: "Z3-5", countries: ["US"], postalPrefixes: ["93", "94", "95", "96", "97", "98", "99", "8", "7"] },
        { code: "Z6-8", countries: ["US"], postalPrefixes: [] },
      ],
      bands: [
        { zone: "Z1-2", upToGrams: 113, fixed: 4.15, perKg: 0 },
        { zone: "Z1-2", upToGrams: 454, fixed: 5.45, perKg: 0 },
        { zone: "Z1-2", upToGrams: 907, fixed: 7.05, perKg: 0 },
        { zone: "Z1-2", upToGrams: 31751, fixed: 7.4, perKg: 1.3 },
        { zone: "Z3-5", upToGrams: 113, fixed: 4.6, perKg: 0 },
        { zone: "Z3-5", upToGrams: 454, fixed: 6.2, perKg: 0 },
        { zone: "Z3-5", upToGrams: 907, fixed: 8.75, perKg: 0 },
        { zone: "Z3-5", upToGrams: 31751, fixed: 9.3, perKg: 2.1 },
        { zone: "Z6-8", upToGrams: 113, fixed: 5.15, perKg: 0 },
        { zone: "Z6-8", upToGrams: 454, fixed: 7.4, perKg: 0 },
        { zone: "Z6-8", upToGrams: 907, fixed: 11.2, perKg: 0 },
        { zone: "Z6-8", upToGrams: 31751, fixed: 12.4, perKg: 3.4 },
      ],
    },
  },
  {
    code: "DHL-PAKET",
    name: "DHL Paket (from Hamburg)",
    carrier: "DHL",
    service: "Paket / Paket International",
    originWarehouseCodes: ["DE-3PL"],
    maxWeightGrams: 31500,
    maxLengthCm: 120,
    maxGirthCm: 360,
    countries: EU,
    batteryAllowed: true,
    liquidAllowed: true,
    hazmatAllowed: false,
    transitDays: { min: 1, max: 5 },
    rateCard: {
      currency: "EUR",
      roundUpGrams: 1,
      zones: [
        { code: "DE", countries: ["DE"], postalPrefixes: [] },
        { code: "EU1", countries: ["AT", "BE", "NL", "DK", "PL", "CZ", "FR"], postalPrefixes: [] },
        { code: "EU2", countries: ["ES", "IT", "SE", "IE", "PT"], postalPrefixes: [] },
      ],
      bands: [
        { zone: "DE", upToGrams: 2000, fixed: 4.79, perKg: 0 },
        { zone: "DE", upToGrams: 5000, fixed: 6.49, perKg: 0 },
        { zone: "DE", upToGrams: 31500, fixed: 10.49, perKg: 0 },
        { zone: "EU1", upToGrams: 5000, fixed: 14.49, perKg: 0 },
        { zone: "EU1", upToGrams: 31500, fixed: 19.99, perKg: 0.6 },
        { zone: "EU2", upToGrams: 5000, fixed: 17.49, perKg: 0 },
        { zone: "EU2", upToGrams: 31500, fixed: 24.99, perKg: 0.8 },
      ],
    },
  },
];

export interface DemoSku {
  code: string;
  name: string;
  category: string;
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  hasBattery: boolean;
  hasLiquid: boolean;
  isHazmat: boolean;
  /** HS (customs) code; null for the few SKUs whose code the merchant has not filled in yet. */
  hsCode: string | null;
  unitPrice: number;
  /** Relative sales popularity, for order generation. */
  popularity: number;
}

interface Family {
  prefix: string;
  name: string;
  category: string;
  variants: string[];
  weight: [number, number];
  dims: [number, number, number];
  battery?: boolean;
  liquid?: boolean;
  price: [number, number];
  /** HS code of the family (6 digits, HS 2022); absent: not filled in yet. */
  hs?: string;
}

const FAMILIES: Family[] = [
  { prefix: "CASE", hs: "392690", name: "MagSafe clear phone case", category: "phone-accessories", variants: ["IP15-CLR", "IP15P-CLR", "IP15PM-CLR", "IP16-CLR", "IP16P-CLR", "IP16PM-CLR", "S24-CLR", "S24U-CLR", "IP15-BLK", "IP16-BLK", "IP16P-BLK", "S24-BLK"], weight: [38, 55], dims: [17, 10, 2], price: [6.99, 12.99] },
  { prefix: "CBL", hs: "854442", name: "Braided USB-C cable", category: "phone-accessories", variants: ["C2C-1M", "C2C-2M", "C2C-3M", "A2C-1M", "A2C-2M", "C2L-1M", "C2L-2M", "C2C-1M-2PK", "C2L-1M-2PK", "C2C-240W"], weight: [35, 90], dims: [12, 10, 3], price: [4.99, 14.99] },
  { prefix: "PB", hs: "850760", name: "Slim power bank", category: "electronics", variants: ["5000-WHT", "5000-BLK", "10000-WHT", "10000-BLK", "10000-MAG", "20000-BLK", "20000-PD"], weight: [120, 420], dims: [15, 8, 3], battery: true, price: [14.99, 39.99] },
  { prefix: "EAR", hs: "851830", name: "Wireless earbuds", category: "electronics", variants: ["BT53-WHT", "BT53-BLK", "ANC-WHT", "ANC-BLK", "SPORT-BLK", "KIDS-PNK"], weight: [60, 110], dims: [10, 8, 4], battery: true, price: [17.99, 45.99] },
  { prefix: "LAMP", hs: "940521", name: "LED desk lamp", category: "home-lighting", variants: ["FOLD-WHT", "FOLD-BLK", "ARM-WHT", "ARM-BLK", "CLIP-WHT", "RGB-BAR", "RING-10", "RING-18"], weight: [450, 1900], dims: [45, 20, 12], price: [19.99, 59.99] },
  { prefix: "NL", hs: "940542", name: "Motion sensor night light", category: "home-lighting", variants: ["STICK-2PK", "STICK-4PK", "PLUG-WARM", "PLUG-RGB", "MOON-15", "MOON-20", "CLOUD"], weight: [80, 380], dims: [14, 10, 6], battery: true, price: [9.99, 29.99] },
  { prefix: "DIF", hs: "850980", name: "Ultrasonic aroma diffuser", category: "home", variants: ["WOOD-300", "WOOD-500", "GLASS-100", "CAR-USB"], weight: [260, 900], dims: [20, 16, 16], price: [16.99, 42.99] },
  { prefix: "OIL", hs: "330129", name: "Essential oil set", category: "home", variants: ["LAV-10ML", "EUC-10ML", "SET6-10ML", "SET12-10ML"], weight: [70, 520], dims: [12, 10, 8], liquid: true, price: [7.99, 24.99] },
  { prefix: "FAN", hs: "841451", name: "Rechargeable handheld fan", category: "electronics", variants: ["MINI-WHT", "MINI-PNK", "NECK-BLK", "NECK-WHT", "DESK-CLIP"], weight: [150, 420], dims: [20, 10, 6], battery: true, price: [9.99, 27.99] },
  { prefix: "KIT", hs: "392410", name: "Silicone kitchen utensil set", category: "kitchen", variants: ["5PC-GRY", "5PC-GRN", "12PC-GRY", "12PC-BLK", "SPAT-3PK"], weight: [300, 1400], dims: [35, 15, 8], price: [11.99, 34.99] },
  { prefix: "STD", name: "Adjustable phone stand", category: "phone-accessories", variants: ["ALU-SLV", "ALU-GRY", "FOLD-BLK", "CAR-VENT", "CAR-DASH", "TAB-ALU"], weight: [90, 480], dims: [15, 10, 5], price: [8.99, 24.99] },
  { prefix: "CHG", hs: "850440", name: "GaN wall charger", category: "electronics", variants: ["20W-US", "35W-US", "65W-US", "100W-US", "20W-EU", "65W-EU", "20W-UK", "65W-UK"], weight: [40, 210], dims: [8, 6, 4], price: [11.99, 49.99] },
  { prefix: "WAT", hs: "911390", name: "Smartwatch band", category: "wearables", variants: ["SIL-41-BLK", "SIL-45-BLK", "SIL-41-WHT", "NYL-45-BLU", "MIL-45-SLV", "LTH-41-BRN", "LTH-45-BRN"], weight: [25, 60], dims: [14, 8, 2], price: [5.99, 19.99] },
  { prefix: "MUG", hs: "961700", name: "Insulated travel mug", category: "kitchen", variants: ["350-BLK", "350-WHT", "500-BLK", "500-SAGE", "750-BLK"], weight: [280, 520], dims: [24, 9, 9], price: [12.99, 29.99] },
  { prefix: "RGL", hs: "940542", name: "LED strip light kit", category: "home-lighting", variants: ["5M-RGB", "10M-RGB", "20M-RGB", "5M-WARM", "TV-USB"], weight: [180, 850], dims: [22, 18, 6], price: [12.99, 39.99] },
  { prefix: "BAG", hs: "420292", name: "Crossbody phone bag", category: "apparel", variants: ["BLK", "BEIGE", "PINK", "GRN", "NAVY"], weight: [120, 240], dims: [25, 18, 4], price: [9.99, 22.99] },
  { prefix: "SCL", hs: "842310", name: "Digital kitchen scale", category: "kitchen", variants: ["5KG-BLK", "5KG-WHT", "10KG-GLS", "POCKET-500"], weight: [220, 1100], dims: [24, 18, 4], battery: true, price: [9.99, 29.99] },
  { prefix: "TRP", hs: "962000", name: "Phone tripod with remote", category: "phone-accessories", variants: ["MINI", "1M", "1.6M", "SELFIE-STICK", "GIMBAL-LITE"], weight: [180, 1600], dims: [40, 10, 8], battery: true, price: [12.99, 69.99] },
  { prefix: "HUB", hs: "847180", name: "USB-C hub", category: "electronics", variants: ["4IN1", "6IN1", "8IN1", "11IN1", "HDMI-2M"], weight: [60, 180], dims: [14, 6, 3], price: [15.99, 49.99] },
];

/** About 200 warehouse SKUs, generated deterministically from product families. */
export function buildDemoSkus(seed = 7): DemoSku[] {
  const r = seededRandom(seed);
  const out: DemoSku[] = [];
  for (const f of FAMILIES) {
    f.variants.forEach((v, i) => {
      const t = f.variants.length > 1 ? i / (f.variants.length - 1) : 0;
      const weight = Math.round(f.weight[0] + (f.weight[1] - f.weight[0]) * t);
      const scale = 0.8 + 0.4 * t;
      out.push({
        code: `LL-${f.prefix}-${v}`,
        name: `${f.name} ${v.toLowerCase().replace(/-/g, " ")}`,
        category: f.category,
        weightGrams: weight,
        lengthCm: Math.round(f.dims[0] * scale),
        widthCm: Math.round(f.dims[1] * scale),
        heightCm: Math.max(1, Math.round(f.dims[2] * scale)),
        hasBattery: f.battery === true,
        hasLiquid: f.liquid === true,
        isHazmat: false,
        hsCode: f.hs ?? null,
        unitPrice: Math.round((f.price[0] + (f.price[1] - f.price[0]) * t) * 100) / 100,
        popularity: r.logNormal(1, 0.9),
      });
    });
  }
  // Fill up to ~200 with colour variants of the best families.
  let n = 0;
  while (out.length < 200) {
    const base = out[n % 60]!;
    const colour = ["RED", "BLU", "GRN", "PNK", "PRP"][Math.floor(n / 60) % 5]!;
    out.push({ ...base, code: `${base.code}-${colour}`, name: `${base.name} ${colour.toLowerCase()}`, popularity: r.logNormal(0.4, 0.8) });
    n++;
  }
  return out;
}

/** The platform SKU a store lists a warehouse SKU under. */
export function platformSkuFor(store: DemoStore, skuCode: string, index: number): string {
  switch (store.platform) {
    case "temu":
      return `TM${(70_000_000 + index * 7919).toString()}`;
    case "tiktok":
      return skuCode.replace(/^LL-/, "");
    case "aliexpress":
      return `AE-${skuCode.replace(/^LL-/, "")}`;
    default:
      return skuCode;
  }
}

export interface DemoPairing {
  storeKey: string;
  platformSku: string;
  skuCode: string | null;
}

/** Every store lists most SKUs; about 3 % of listings are not paired to a warehouse SKU yet. */
export function buildDemoPairings(skus: DemoSku[], seed = 11): DemoPairing[] {
  const r = seededRandom(seed);
  const out: DemoPairing[] = [];
  for (const store of DEMO_STORES) {
    skus.forEach((sku, i) => {
      if (store.platform === "temu" && sku.hasLiquid) return; // liquids are not listed on Temu
      const platformSku = platformSkuFor(store, sku.code, i);
      out.push({ storeKey: store.key, platformSku, skuCode: r.chance(0.03) ? null : sku.code });
    });
  }
  return out;
}

export interface DemoInventory {
  warehouseCode: string;
  skuCode: string;
  quantity: number;
  lowStockThreshold: number;
}

/** Shenzhen holds nearly everything; LA and Germany hold the best sellers; some SKUs are out of stock. */
export function buildDemoInventory(skus: DemoSku[], seed = 13): DemoInventory[] {
  const r = seededRandom(seed);
  const ranked = [...skus].sort((a, b) => b.popularity - a.popularity);
  const out: DemoInventory[] = [];
  for (const sku of skus) {
    if (r.chance(0.95)) out.push({ warehouseCode: "SZ-01", skuCode: sku.code, quantity: r.chance(0.04) ? 0 : r.int(20, 2500), lowStockThreshold: 50 });
  }
  ranked.slice(0, 70).forEach((sku, i) => {
    out.push({ warehouseCode: "LA-3PL", skuCode: sku.code, quantity: r.chance(0.12) ? 0 : r.int(5, 600) - (i > 50 ? 5 : 0), lowStockThreshold: 30 });
  });
  ranked
    .filter((s) => !s.code.includes("-US") && !s.code.includes("-UK"))
    .slice(0, 45)
    .forEach((sku) => {
      out.push({ warehouseCode: "DE-3PL", skuCode: sku.code, quantity: r.chance(0.1) ? 0 : r.int(5, 400), lowStockThreshold: 25 });
    });
  return out;
}
