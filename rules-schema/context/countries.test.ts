import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryName, isCountryCode } from "./countries";

describe("countries", () => {
  it("lists the 249 assigned ISO 3166-1 codes once each", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(COUNTRY_CODES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });

  it.each([
    ["US", "United States"],
    ["DE", "Germany"],
    ["GB", "United Kingdom"],
    ["JP", "Japan"],
  ])("names %s as %s", (code, name) => {
    expect(countryName(code)).toBe(name);
  });

  it.each(["XX", "UK", "us", ""])("does not take %j for a country", (code) => {
    expect(isCountryCode(code)).toBe(false);
    expect(countryName(code)).toBe(code);
  });
});
