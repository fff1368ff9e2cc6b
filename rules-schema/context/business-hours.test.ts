import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CALENDAR_LA, CALENDAR_SZ } from "../testing/factories";
import { ZBusinessCalendar } from "./context-schema";
import { _intlPartsForTests, _localPartsForTests, businessHoursBetween, nextDispatchAt, zonedTimeToEpoch } from "./business-hours";

const la = ZBusinessCalendar.parse(CALENDAR_LA); // Mon–Fri 08:00–16:00 Los Angeles, Thanksgiving 2026-11-26 off
const sz = ZBusinessCalendar.parse(CALENDAR_SZ); // Mon–Sat 09:00–18:00 Shanghai
const t = (iso: string) => Date.parse(iso);

describe("businessHoursBetween", () => {
  it.each([
    ["a whole Friday, then a weekend", la, "2026-11-20T08:05:00Z", "2026-11-22T08:00:00Z", 8],
    ["Wednesday afternoon over Thanksgiving to Friday noon", la, "2026-11-25T20:00:00Z", "2026-11-27T20:00:00Z", 8],
    ["a Monday just after the DST change (UTC-7)", la, "2026-03-09T15:00:00Z", "2026-03-09T23:00:00Z", 8],
    ["a Monday in winter time (UTC-8)", la, "2026-11-23T16:00:00Z", "2026-11-24T00:00:00Z", 8],
    ["half an hour before the cut-off", la, "2026-11-23T23:30:00Z", "2026-11-24T02:00:00Z", 0.5],
    ["Saturday counts in Shenzhen", sz, "2026-11-21T01:00:00Z", "2026-11-21T10:00:00Z", 9],
    ["Sunday does not", sz, "2026-11-22T01:00:00Z", "2026-11-22T10:00:00Z", 0],
    ["a deadline already passed is negative", la, "2026-11-24T00:00:00Z", "2026-11-23T20:00:00Z", -4],
  ])("%s", (_name, calendar, from, to, hours) => {
    expect(businessHoursBetween(calendar, t(from), t(to))).toBe(hours);
  });
});

describe("nextDispatchAt", () => {
  it.each([
    ["before the cut-off: today", la, "2026-11-23T18:00:00Z", "2026-11-24T00:00:00.000Z"],
    ["after Friday's cut-off: Monday", la, "2026-11-21T01:00:00Z", "2026-11-24T00:00:00.000Z"],
    ["the day before a holiday, after cut-off: the day after", la, "2026-11-26T01:00:00Z", "2026-11-28T00:00:00.000Z"],
    ["Shanghai on Saturday morning", sz, "2026-11-21T02:00:00Z", "2026-11-21T10:00:00.000Z"],
  ])("%s", (_name, calendar, from, expected) => {
    expect(new Date(nextDispatchAt(calendar, t(from))!).toISOString()).toBe(expected);
  });
});

describe("zonedTimeToEpoch", () => {
  it.each([
    [2026, 7, 1, 9, 0, "Europe/Berlin", "2026-07-01T07:00:00.000Z"],
    [2026, 1, 15, 9, 0, "Europe/Berlin", "2026-01-15T08:00:00.000Z"],
    [2026, 11, 20, 0, 0, "Asia/Shanghai", "2026-11-19T16:00:00.000Z"],
  ])("%i-%i-%i %i:%i %s", (y, m, d, h, min, tz, iso) => {
    expect(new Date(zonedTimeToEpoch(y, m, d, h, min, tz)).toISOString()).toBe(iso);
  });
});

describe("local wall-clock time through the zone-offset cache", () => {
  const ZONES = ["America/Los_Angeles", "Europe/London", "Asia/Shanghai", "Australia/Adelaide", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "America/Sao_Paulo", "UTC"];

  it("matches Intl for any instant between 1990 and 2040 in zones with DST and odd offsets", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(_localPartsForTests(ms, zone)).toEqual(_intlPartsForTests(ms, zone));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each(ZONES)("matches Intl minute by minute across 2026's transitions in %s", (zone) => {
    // Every minute of the days around the usual transition dates of both hemispheres.
    for (const day of [Date.UTC(2026, 2, 8), Date.UTC(2026, 2, 29), Date.UTC(2026, 3, 5), Date.UTC(2026, 8, 27), Date.UTC(2026, 9, 4), Date.UTC(2026, 9, 25), Date.UTC(2026, 10, 1)])
      for (let ms = day - 12 * 3_600_000; ms < day + 36 * 3_600_000; ms += 60_000) expect(_localPartsForTests(ms, zone)).toEqual(_intlPartsForTests(ms, zone));
  });
});
