import { describe, expect, it } from "vitest";
import type { TSideOutcome } from "@/rules-schema/simulate/simulation-schema";
import {
  costText,
  daysInRange,
  deadlineText,
  formatDayRange,
  formatDelta,
  formatEta,
  formatMoney,
  formatPercent,
  formatRate,
  outcomeText,
  shiftDay,
  sourceLabel,
} from "./simulation-format";

const side = (o: Partial<TSideOutcome> = {}): TSideOutcome => ({
  decided: true,
  warehouseId: "wh-la",
  channelId: null,
  channelRefused: null,
  customs: null,
  holds: [],
  intercept: false,
  split: false,
  merge: false,
  priority: null,
  push: false,
  tracking: false,
  tags: [],
  flags: [],
  packages: 1,
  actions: [],
  firedRules: [],
  conflicts: [],
  cost: null,
  currency: null,
  costGap: null,
  deadline: "ok",
  deadlineMarginHours: null,
  ...o,
});
const names = { warehouses: { "wh-la": "Los Angeles 3PL" }, channels: { "ch-ups": "UPS Ground" } };

describe("progress figures", () => {
  it.each([
    [null, null],
    [0.4, "almost done"],
    [12.2, "13 s left"],
    [150, "about 3 min left"],
    [4800, "about 1 h 20 min left"],
    [7200, "about 2 h left"],
  ])("time left %s s → %s", (s, text) => expect(formatEta(s)).toBe(text));

  it.each([
    [null, null],
    [0, null],
    [4.25, "4.3 orders/s"],
    [12345.6, "12,346 orders/s"],
  ])("rate %s → %s", (r, text) => expect(formatRate(r)).toBe(text));
});

describe("numbers on the cards", () => {
  it.each([
    [5, 0, "—"],
    [0, 200, "0%"],
    [1, 5000, "<0.1%"],
    [1, 300, "0.3%"],
    [1, 3, "33.3%"],
    [123, 1000, "12.3%"],
    [50, 100, "50%"],
  ])("%s of %s is %s", (part, whole, text) => expect(formatPercent(part, whole)).toBe(text));

  it.each([
    [12, "+12"],
    [-3, "−3"],
    [0, "±0"],
    [1234, "+1,234"],
  ])("delta %s → %s", (n, text) => expect(formatDelta(n)).toBe(text));

  it.each([
    [1234.5, "USD", {}, "$1,234.50"],
    [-12, "USD", { signed: true }, "−$12.00"],
    [3, "EUR", { signed: true }, "+€3.00"],
    [7, null, {}, "7.00"],
  ])("money %s %s → %s", (amount, currency, options, text) => expect(formatMoney(amount, currency, options)).toBe(text));
});

describe("days", () => {
  it.each([
    ["2026-10-21", "2026-11-19", "21 Oct – 19 Nov 2026"],
    ["2025-12-20", "2026-01-10", "20 Dec 2025 – 10 Jan 2026"],
    ["2026-11-19", "2026-11-19", "19 Nov 2026"],
  ])("%s to %s reads %s", (from, to, text) => expect(formatDayRange(from, to)).toBe(text));

  it("counts both ends and shifts across month ends", () => {
    expect(daysInRange("2026-10-21", "2026-11-19")).toBe(30);
    expect(shiftDay("2026-03-01", 1)).toBe("2026-02-28");
    expect(shiftDay("2026-11-19", 29)).toBe("2026-10-21");
  });
});

describe("sourceLabel", () => {
  it.each([
    [{ kind: "history", from: "2026-10-21", to: "2026-11-19", storeIds: [], platforms: [], countries: [] }, "History · 21 Oct – 19 Nov 2026"],
    [
      { kind: "history", from: "2026-10-21", to: "2026-11-19", storeIds: ["s1", "s2"], platforms: ["temu"], countries: ["US", "CA", "GB", "DE", "FR"] },
      "History · 21 Oct – 19 Nov 2026 · 2 stores · Temu · US, CA, GB, DE +1",
    ],
    [{ kind: "upload", fileName: "orders.csv", format: "shopify-csv", orders: 1204 }, "Upload · orders.csv · 1,204 orders"],
  ] as const)("%j", (source, text) => expect(sourceLabel(source as never, (p) => (p === "temu" ? "Temu" : p))).toBe(text));
});

describe("outcome text for before → after", () => {
  it.each([
    ["warehouse", side(), "Los Angeles 3PL"],
    ["warehouse", side({ warehouseId: null }), "None"],
    ["warehouse", side({ warehouseId: "wh-gone" }), "wh-gone"],
    ["channel", side({ channelId: "ch-ups" }), "UPS Ground"],
    ["holds", side({ holds: ["Address check", "Unpaired SKU"] }), "Address check, Unpaired SKU"],
    ["holds", side(), "none"],
    ["decided", side({ decided: false }), "no rule fired"],
    ["split", side({ split: true, packages: 3 }), "yes, 3 parcels"],
    ["priority", side({ priority: "urgent" }), "urgent"],
  ] as const)("%s of %j", (kind, s, text) => expect(outcomeText(s, kind, names)).toBe(text));

  it.each([
    [side({ cost: 12.5, currency: "USD" }), "$12.50"],
    [side({ costGap: "noRateCard" }), "no rate card"],
    [side({ costGap: "noChannel" }), "no channel"],
  ])("cost %#", (s, text) => expect(costText(s)).toBe(text));

  it.each([
    [side({ deadline: "late", deadlineMarginHours: -5.25 }), "Will be late (5.3 h late)"],
    [side({ deadline: "ok", deadlineMarginHours: 30 }), "Can make it (30 h to spare)"],
    [side({ deadline: "noDeadline" }), "No deadline"],
  ])("deadline %#", (s, text) => expect(deadlineText(s)).toBe(text));
});
