import { describe, expect, it } from "vitest";
import { ZRateCard, priceParcel } from "./rate-card";

const yun = ZRateCard.parse({
  currency: "USD",
  roundUpGrams: 10,
  zones: [
    { code: "US", countries: ["US"] },
    { code: "EU", countries: ["DE", "FR", "ES", "IT", "NL"] },
  ],
  bands: [
    { zone: "US", upToGrams: 30000, fixed: 2.9, perKg: 9.5 },
    { zone: "EU", upToGrams: 2000, fixed: 2.2, perKg: 7.8 },
  ],
});
const usps = ZRateCard.parse({
  currency: "USD",
  roundUpGrams: 28,
  zones: [
    { code: "Z1-2", countries: ["US"], postalPrefixes: ["90", "91", "92", "93"] },
    { code: "Z8", countries: ["US"] },
  ],
  bands: [
    { zone: "Z1-2", upToGrams: 113, fixed: 4.1 },
    { zone: "Z1-2", upToGrams: 454, fixed: 5.4 },
    { zone: "Z1-2", upToGrams: 9072, fixed: 9.9 },
    { zone: "Z8", upToGrams: 113, fixed: 4.9 },
    { zone: "Z8", upToGrams: 454, fixed: 7.2 },
    { zone: "Z8", upToGrams: 9072, fixed: 19.5 },
  ],
});

describe("priceParcel", () => {
  it.each([
    ["per-kg line, rounded up to 10 g", yun, "US", "10001", 301, 2.9 + 9.5 * 0.31],
    ["per-kg line to the EU", yun, "DE", "10115", 1000, 2.2 + 7.8],
    ["over the EU band's weight", yun, "DE", "10115", 2500, null],
    ["not served", yun, "BR", "01000", 500, null],
    ["flat band, local zone by ZIP prefix", usps, "US", "90210", 100, 4.1],
    ["flat band, rounded up to whole ounces", usps, "US", "90210", 114, 5.4],
    ["flat band, far zone", usps, "US", "10001", 2000, 19.5],
  ])("%s", (_name, card, country, postal, grams, expected) => {
    const price = priceParcel(card, country, postal, grams);
    if (expected === null) expect(price).toBeNull();
    else expect(price).toBeCloseTo(expected, 2);
  });

  it("refuses a band that names an unknown zone", () => {
    expect(ZRateCard.safeParse({ currency: "USD", zones: [{ code: "A", countries: ["US"] }], bands: [{ zone: "B", upToGrams: 10, fixed: 1 }] }).success).toBe(false);
  });
});
