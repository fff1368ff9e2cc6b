import { describe, expect, it } from "vitest";
import { DEFAULT_HOLDS_FILTERS, holdsCsvHref, holdsFilterQuery, holdsFrom, holdsInput, parseHoldsFilters } from "./holds-query";

const NOW = Date.parse("2026-12-03T12:30:00.000Z");

describe("holds queue query", () => {
  it("counts today from the browser's local midnight and the other ranges back from now", () => {
    const midnight = new Date(NOW);
    midnight.setHours(0, 0, 0, 0);
    expect(holdsFrom("today", NOW)).toBe(midnight.toISOString());
    expect(Date.parse(holdsFrom("today", NOW))).toBeLessThanOrEqual(NOW);
    expect(NOW - Date.parse(holdsFrom("today", NOW))).toBeLessThan(86_400_000);
    expect(holdsFrom("24h", NOW)).toBe("2026-12-02T12:30:00.000Z");
    expect(holdsFrom("7d", NOW)).toBe("2026-11-26T12:30:00.000Z");
  });

  it("builds the queue's input with the store and reason when set", () => {
    expect(holdsInput(DEFAULT_HOLDS_FILTERS, NOW)).toEqual({ from: "2026-12-02T12:30:00.000Z", to: "2026-12-03T12:30:00.000Z", storeIds: [] });
    expect(holdsInput({ range: "7d", storeId: "s1", reason: "Invalid shipping address" }, NOW)).toEqual({
      from: "2026-11-26T12:30:00.000Z",
      to: "2026-12-03T12:30:00.000Z",
      storeIds: ["s1"],
      reason: "Invalid shipping address",
    });
  });

  it("links the CSV download with the same query the screen reads", () => {
    const input = holdsInput({ range: "24h", storeId: "s1", reason: "Waiting for SKU pairing" }, NOW);
    const href = holdsCsvHref(input);
    expect(href.startsWith("/api/live/holds.csv?")).toBe(true);
    const q = new URLSearchParams(href.split("?")[1]);
    expect(Object.fromEntries(q)).toEqual({ from: input.from, to: input.to, storeIds: "s1", reason: "Waiting for SKU pairing" });
    expect(holdsCsvHref({ storeIds: ["a", "b"] })).toBe("/api/live/holds.csv?storeIds=a%2Cb");
    expect(holdsCsvHref({})).toBe("/api/live/holds.csv");
  });

  it("keeps its filters in the page's query", () => {
    expect(holdsFilterQuery(DEFAULT_HOLDS_FILTERS)).toBe("");
    const f = { range: "today" as const, storeId: "s1", reason: "Buyer requested cancellation" };
    expect(parseHoldsFilters(new URLSearchParams(holdsFilterQuery(f)))).toEqual(f);
    expect(parseHoldsFilters({ range: "forever", reason: ["a", "b"] })).toEqual({ ...DEFAULT_HOLDS_FILTERS, reason: "a" });
  });
});
