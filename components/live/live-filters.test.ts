import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIVE_FILTERS,
  decisionsInput,
  fromLocalInput,
  isFiltered,
  liveFilterQuery,
  liveHref,
  parseLiveFilters,
  parseRuleKey,
  parseVersionKey,
  rangeError,
  rangeOf,
  ruleKeyOf,
  toLocalInput,
} from "./live-filters";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");

describe("live filters ↔ URL query", () => {
  it("opens on all time and no filters, and writes no query for that", () => {
    expect(parseLiveFilters(new URLSearchParams(""))).toEqual(DEFAULT_LIVE_FILTERS);
    expect(liveFilterQuery(DEFAULT_LIVE_FILTERS)).toBe("");
    expect(isFiltered(DEFAULT_LIVE_FILTERS)).toBe(false);
    expect(liveHref()).toBe("/live");
  });

  it("round-trips every filter through the query", () => {
    const f = {
      ...DEFAULT_LIVE_FILTERS,
      range: "24h" as const,
      statuses: ["intercepted" as const, "held" as const],
      storeId: "store-1",
      platform: "shopify",
      country: "US",
      search: "#1001",
      ruleKey: "rs1@3/rule:assign-la",
      versionKey: "rs1@3",
      holdReason: "Invalid shipping address",
      warehouseId: "w1",
      channelId: "c1",
    };
    const q = liveFilterQuery(f);
    expect(q).toContain("range=24h");
    expect(q).toContain("status=intercepted%2Cheld");
    expect(parseLiveFilters(new URLSearchParams(q))).toEqual(f);
  });

  it("reads Next's searchParams object too, arrays by their first value", () => {
    expect(parseLiveFilters({ ruleKey: ["a@1/r", "b@2/r"], status: "held" })).toMatchObject({ ruleKey: "a@1/r", statuses: ["held"] });
  });

  it("keeps a custom range as instants, and a custom range wins over a preset", () => {
    const f = parseLiveFilters(new URLSearchParams("range=1h&from=2026-12-01T08:00:00%2B01:00&to=2026-12-02T00:00:00Z"));
    expect(f).toMatchObject({ range: "custom", from: "2026-12-01T07:00:00.000Z", to: "2026-12-02T00:00:00.000Z" });
    expect(liveFilterQuery(f)).toBe("from=2026-12-01T07%3A00%3A00.000Z&to=2026-12-02T00%3A00%3A00.000Z");
  });

  it("leaves out what is malformed: unknown statuses, platforms, countries, presets and dates", () => {
    const f = parseLiveFilters(new URLSearchParams("range=5y&status=held,lost,held&platform=ebay&country=USA&from=yesterday"));
    expect(f).toEqual({ ...DEFAULT_LIVE_FILTERS, statuses: ["held"] });
    expect(parseLiveFilters(new URLSearchParams("country=de")).country).toBe("DE");
  });

  it("orders statuses as the server ranks them, whatever the link's order", () => {
    expect(parseLiveFilters(new URLSearchParams("status=routed,intercepted")).statuses).toEqual(["intercepted", "routed"]);
  });
});

describe("live filters → query input", () => {
  it("counts presets back from now; all time has no range", () => {
    expect(rangeOf({ ...DEFAULT_LIVE_FILTERS, range: "1h" }, NOW)).toEqual({ from: "2026-12-03T11:00:00.000Z" });
    expect(rangeOf({ ...DEFAULT_LIVE_FILTERS, range: "7d" }, NOW)).toEqual({ from: "2026-11-26T12:00:00.000Z" });
    expect(rangeOf(DEFAULT_LIVE_FILTERS, NOW)).toEqual({});
    expect(rangeOf({ ...DEFAULT_LIVE_FILTERS, range: "custom", from: "", to: "2026-12-02T00:00:00.000Z" }, NOW)).toEqual({ to: "2026-12-02T00:00:00.000Z" });
  });

  it("builds the decisions input with only the filters that are set", () => {
    expect(decisionsInput(DEFAULT_LIVE_FILTERS, NOW)).toEqual({ storeIds: [], platforms: [], countries: [], statuses: [], limit: 50 });
    const input = decisionsInput({ ...DEFAULT_LIVE_FILTERS, range: "24h", storeId: "s1", platform: "temu", country: "US", search: "  #1001 ", ruleKey: "rs@1/rule:x", statuses: ["held"] }, NOW, 25);
    expect(input).toEqual({
      from: "2026-12-02T12:00:00.000Z",
      storeIds: ["s1"],
      platforms: ["temu"],
      countries: ["US"],
      statuses: ["held"],
      search: "#1001",
      ruleKey: "rs@1/rule:x",
      limit: 25,
    });
  });

  it("refuses a custom range that ends before it starts", () => {
    expect(rangeError({ ...DEFAULT_LIVE_FILTERS, range: "custom", from: "2026-12-02T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" })).toBe("must be after the start");
    expect(rangeError({ ...DEFAULT_LIVE_FILTERS, range: "custom", from: "2026-12-01T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z" })).toBeNull();
    expect(rangeError({ ...DEFAULT_LIVE_FILTERS, range: "custom", from: "2026-12-01T00:00:00.000Z", to: "" })).toBeNull();
  });

  it("links to the explorer filtered by a rule", () => {
    const key = ruleKeyOf("rs1", 2, "rule:hold/1");
    expect(liveHref({ ruleKey: key })).toBe("/live?ruleKey=rs1%402%2Frule%3Ahold%2F1");
    expect(parseLiveFilters(new URLSearchParams(liveHref({ ruleKey: key }).split("?")[1])).ruleKey).toBe(key);
  });
});

describe("rule and version keys", () => {
  it("reads rule keys whose rule names hold '/' and '@'", () => {
    expect(parseRuleKey("rs1@12/rule:a/b@c")).toEqual({ rulesetId: "rs1", version: 12, ruleName: "rule:a/b@c" });
    expect(parseRuleKey("rs1/rule")).toBeNull();
    expect(parseRuleKey("@1/rule")).toBeNull();
    expect(parseRuleKey("rs1@x/rule")).toBeNull();
  });

  it("reads version keys", () => {
    expect(parseVersionKey("rs1@3")).toEqual({ rulesetId: "rs1", version: 3 });
    expect(parseVersionKey("rs1@0")).toBeNull();
    expect(parseVersionKey("rs1")).toBeNull();
  });
});

describe("datetime-local values", () => {
  it("round-trips an instant through the input's local value (to the minute)", () => {
    const iso = "2026-12-03T14:05:00.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput("")).toBe("");
    expect(fromLocalInput("")).toBe("");
    expect(fromLocalInput("not a date")).toBe("");
  });
});
