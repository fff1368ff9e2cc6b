import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextDispatchAt } from "../context/business-hours";
import { ZBusinessCalendar } from "../context/context-schema";
import { WINDOW_MINUTES, WINDOW_START_MS, arbContext } from "../testing/arbitraries";
import { CALENDAR_LA } from "../testing/factories";
import { nextDispatchCached } from "./dispatch-schedule";

const SEED = 20_261_122;
const DAY_MS = 86_400_000;

describe("nextDispatchCached", () => {
  const la = ZBusinessCalendar.parse(CALENDAR_LA);
  it.each([
    ["before the cut-off: today", "2026-11-23T18:00:00Z", "2026-11-24T00:00:00.000Z"],
    ["after Friday's cut-off: Monday", "2026-11-21T01:00:00Z", "2026-11-24T00:00:00.000Z"],
    ["the day before Thanksgiving, after cut-off: Friday", "2026-11-26T01:00:00Z", "2026-11-28T00:00:00.000Z"],
    ["exactly at the cut-off: that cut-off", "2026-11-24T00:00:00Z", "2026-11-24T00:00:00.000Z"],
    ["a Thursday a year earlier, after cut-off: Friday (the schedule grows backwards)", "2025-11-21T01:00:00Z", "2025-11-22T00:00:00.000Z"],
  ])("%s", (_name, from, expected) => {
    expect(new Date(nextDispatchCached(la, Date.parse(from))!).toISOString()).toBe(expected);
  });

  it("a warehouse that never works never dispatches", () => {
    const closed = ZBusinessCalendar.parse({ ...CALENDAR_LA, workingDays: [] });
    expect(nextDispatchCached(closed, Date.parse("2026-11-23T18:00:00Z"))).toBeNull();
  });

  it("gives the same instant as nextDispatchAt for any calendar and moment, across DST changes and holidays (property)", () => {
    const calendars = fc.sample(arbContext({ complete: true }), { seed: SEED, numRuns: 40 }).flatMap((c) => c.warehouses.map((w) => w.calendar));
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.oneof(fc.integer({ min: 0, max: WINDOW_MINUTES * 60 }).map((s) => WINDOW_START_MS + s * 1000), fc.integer({ min: -800, max: 800 }).map((d) => WINDOW_START_MS + d * DAY_MS + 37_000)),
        (calendar, fromMs) => {
          expect(nextDispatchCached(calendar, fromMs)).toBe(nextDispatchAt(calendar, fromMs));
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
