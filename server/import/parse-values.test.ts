import { describe, expect, it } from "vitest";
import { buildAddress } from "./build-order";
import { parseMoney, quantityProblem, splitTags } from "./parse-values";
import { requiresPostalCode, resolveCountry } from "./resolve-country";

describe("parseMoney", () => {
  it.each([
    ["12.99", { amount: 12.99, currency: null }],
    ["1,299.00", { amount: 1299, currency: null }],
    ["USD 12.99", { amount: 12.99, currency: "USD" }],
    ["12.99 GBP", { amount: 12.99, currency: "GBP" }],
    ["$12.99", { amount: 12.99, currency: null }],
    ["12,99", { amount: 12.99, currency: null }],
    ["1.299,50", { amount: 1299.5, currency: null }],
    ["-5.00", { amount: -5, currency: null }],
    [4800, { amount: 4800, currency: null }],
    ["", null],
    ["ten", null],
    ["1.2.3", null],
    [null, null],
  ])("%j → %j", (value, expected) => {
    expect(parseMoney(value)).toEqual(expected);
  });
});

describe("quantityProblem", () => {
  it.each([
    ["3", null],
    [3, null],
    ["0", "quantity must be at least 1, got 0"],
    ["-1", "quantity must be at least 1, got -1"],
    ["1.5", 'quantity "1.5" is not a whole number'],
    ["", 'quantity "" is not a whole number'],
  ])("%j → %j", (value, expected) => {
    expect(quantityProblem(value)).toBe(expected);
  });
});

describe("splitTags", () => {
  it("trims, drops blanks and duplicates, and clips to the schema's limits", () => {
    expect(splitTags(" vip, wholesale ,, vip ")).toEqual(["vip", "wholesale"]);
    expect(splitTags(`${"x".repeat(80)}`)).toEqual(["x".repeat(60)]);
    expect(splitTags(Array.from({ length: 70 }, (_, i) => `t${i}`).join(","))).toHaveLength(50);
  });
});

describe("resolveCountry", () => {
  it.each([
    ["US", "US"],
    ["us", "US"],
    ["United States", "US"],
    ["united states of america", "US"],
    ["USA", "US"],
    ["United Kingdom", "GB"],
    ["UK", "GB"],
    ["Deutschland", "DE"],
    ["Hong Kong", "HK"],
    ["Côte d’Ivoire", "CI"],
    ["Bosnia & Herzegovina", "BA"],
    ["South Korea", "KR"],
    ["Türkiye", "TR"],
    ["Atlantis", null],
    ["XX", null],
    ["ZZ", null],
    ["", null],
  ])("%j → %j", (text, expected) => {
    expect(resolveCountry(text)).toBe(expected);
  });
});

describe("buildAddress", () => {
  it.each([
    ["a full US address", { country: "US", region: "CA", city: "LA", postalCode: "90012" }, { country: "US", region: "CA", city: "LA", postalCode: "90012", addressValid: true }],
    ["a spreadsheet-guarded zip", { country: "US", postalCode: "'02134" }, { country: "US", region: "", city: "", postalCode: "02134", addressValid: true }],
    ["a US address without zip", { country: "US", postalCode: "" }, { country: "US", region: "", city: "", postalCode: "", addressValid: false }],
    ["Hong Kong, which has no postal codes", { country: "Hong Kong", postalCode: "" }, { country: "HK", region: "", city: "", postalCode: "", addressValid: true }],
    ["no country", { country: "" }, { country: "ZZ", region: "", city: "", postalCode: "", addressValid: false }],
    ["an unknown country", { country: "Atlantis", postalCode: "1" }, { country: "ZZ", region: "", city: "", postalCode: "1", addressValid: false }],
  ])("%s", (_name, facts, expected) => {
    expect(buildAddress(facts)).toEqual(expected);
  });

  it("knows which countries need a postal code", () => {
    expect([requiresPostalCode("US"), requiresPostalCode("GB"), requiresPostalCode("HK"), requiresPostalCode("AE")]).toEqual([true, true, false, false]);
  });
});
