import { describe, expect, it } from "vitest";
import { formatAge, formatHoursLeft, formatMicros, formatMillis, formatShare, formatSpan, hoursLeft, nameOr, urgencyOf, versionLabel } from "./live-format";

describe("live-format", () => {
  it("shows evaluation times in µs below a millisecond, else in ms with two decimals", () => {
    expect(formatMicros(null)).toBe("—");
    expect(formatMicros(0)).toBe("0 µs");
    expect(formatMicros(640.4)).toBe("640 µs");
    expect(formatMicros(999.4)).toBe("999 µs");
    expect(formatMicros(1000)).toBe("1.00 ms");
    expect(formatMicros(1234.5)).toBe("1.23 ms");
    expect(formatMicros(27_000)).toBe("27.00 ms");
  });

  it("shows request times in ms", () => {
    expect(formatMillis(null)).toBe("—");
    expect(formatMillis(0.84)).toBe("0.8 ms");
    expect(formatMillis(4)).toBe("4.0 ms");
    expect(formatMillis(12.6)).toBe("13 ms");
    expect(formatMillis(1500)).toBe("1,500 ms");
  });

  it("shows shares of orders as percentages", () => {
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(0.0004)).toBe("<0.1%");
    expect(formatShare(0.012)).toBe("1.2%");
    expect(formatShare(0.5)).toBe("50%");
    expect(formatShare(0.1234)).toBe("12.3%");
    expect(formatShare(0.99999)).toBe(">99.9%");
    expect(formatShare(1)).toBe("100%");
  });

  it("says spans of time as people say them", () => {
    expect(formatSpan(20_000)).toBe("<1 min");
    expect(formatSpan(12 * 60_000)).toBe("12 min");
    expect(formatSpan(3 * 3_600_000 + 20 * 60_000)).toBe("3 h 20 min");
    expect(formatSpan(14 * 3_600_000 + 20 * 60_000)).toBe("14 h");
    expect(formatSpan(2 * 86_400_000 + 4 * 3_600_000)).toBe("2 d 4 h");
    expect(formatSpan(12 * 86_400_000 + 4 * 3_600_000)).toBe("12 d");
  });

  it("counts ages and hours left from the moment the queue was read", () => {
    const asOf = "2026-12-03T12:00:00.000Z";
    expect(formatAge("2026-12-03T09:30:00.000Z", asOf)).toBe("2 h 30 min");
    expect(formatAge(null, asOf)).toBe("—");
    expect(formatAge("2026-12-03T12:05:00.000Z", asOf)).toBe("<1 min");
    expect(hoursLeft(null, asOf)).toBeNull();
    expect(hoursLeft("2026-12-03T17:30:00.000Z", asOf)).toBe(5.5);
    expect(hoursLeft("2026-12-03T10:00:00.000Z", Date.parse(asOf))).toBe(-2);
  });

  it("says hours left to a deadline, negative as overdue", () => {
    expect(formatHoursLeft(null)).toBe("no deadline");
    expect(formatHoursLeft(5.5)).toBe("5 h 30 min left");
    expect(formatHoursLeft(0.25)).toBe("15 min left");
    expect(formatHoursLeft(-2)).toBe("overdue by 2 h");
    expect(formatHoursLeft(-51)).toBe("overdue by 2 d 3 h");
  });

  it("tells overdue, due within 12 hours and later apart", () => {
    expect(urgencyOf(null)).toBe("none");
    expect(urgencyOf(-0.1)).toBe("overdue");
    expect(urgencyOf(0)).toBe("soon");
    expect(urgencyOf(11.9)).toBe("soon");
    expect(urgencyOf(12)).toBe("ok");
  });

  it("names versions and ids", () => {
    expect(versionLabel({ rulesetName: "Warehouses", version: 3 })).toBe("Warehouses v3");
    expect(nameOr({ w1: "Shenzhen" }, "w1")).toBe("Shenzhen");
    expect(nameOr({}, "")).toBe("—");
    expect(nameOr({}, null, "none")).toBe("none");
    expect(nameOr({}, "cmabcdefghijklmnop")).toBe("cmabcd…mnop");
    expect(nameOr({}, "constructor")).toBe("constructor");
  });
});
