import { describe, expect, it } from "vitest";
import { DEFAULT_CHANGE_FILTERS, changeFilterParams, changesCsvHref, changesInput, isFiltered, parseChangeFilters } from "./change-filters";

describe("change filters in the URL", () => {
  it("round-trips every filter through the query string, so a copied link reopens the same view", () => {
    const f = { change: "warehouse", warehouseId: "wh-la", channelId: "", search: "#14", sort: "costDelta", dir: "desc", page: 3 } as const;
    const back = parseChangeFilters(new URLSearchParams(changeFilterParams(f).toString()));
    expect(back).toEqual(f);
  });

  it("leaves defaults out of the link", () => {
    expect(changeFilterParams(DEFAULT_CHANGE_FILTERS).toString()).toBe("");
  });

  it.each([
    ["an unknown change kind", { change: "colour" }, { change: null }],
    ["an unknown sort", { sort: "price" }, { sort: "placedAt" }],
    ["a direction other than desc", { dir: "down" }, { dir: "asc" }],
    ["a page that is not a positive integer", { page: "-2" }, { page: 1 }],
    ["a page that is not a number", { page: "two" }, { page: 1 }],
    ["an absurdly long id", { warehouseId: "x".repeat(101) }, { warehouseId: null }],
  ])("ignores %s", (_name, params, expected) => {
    expect(parseChangeFilters(params)).toEqual({ ...DEFAULT_CHANGE_FILTERS, ...expected });
  });

  it('keeps "" as the filter for orders without a warehouse (not as no filter)', () => {
    const f = parseChangeFilters({ warehouseId: "" });
    expect(f.warehouseId).toBe("");
    expect(changesInput("sim-1", f, 50)).toMatchObject({ warehouseId: "" });
    expect(isFiltered(f)).toBe(true);
  });

  it("reads Next's searchParams, taking the first of repeated values", () => {
    expect(parseChangeFilters({ change: ["holds", "split"], search: "A-1" })).toMatchObject({ change: "holds", search: "A-1" });
  });
});

describe("the CSV export link", () => {
  it("carries the same filters and sort but not the page", () => {
    const href = changesCsvHref("sim 1", { ...DEFAULT_CHANGE_FILTERS, change: "holds", search: "A-", dir: "desc", page: 4 });
    expect(href).toBe("/api/simulations/sim%201/changes.csv?change=holds&search=A-&dir=desc");
  });

  it("has no query without filters", () => {
    expect(changesCsvHref("s1", DEFAULT_CHANGE_FILTERS)).toBe("/api/simulations/s1/changes.csv");
  });
});

describe("changesInput", () => {
  it("sends only the filters that narrow the list", () => {
    expect(changesInput("s1", { ...DEFAULT_CHANGE_FILTERS, search: "  #9 " }, 25)).toEqual({ id: "s1", page: 1, pageSize: 25, sort: "placedAt", dir: "asc", search: "#9" });
  });
});
