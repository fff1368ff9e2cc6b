import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoMs } from "./parse-iso-ms";

describe("parseIsoMs", () => {
  it.each([
    "2026-11-20T08:00:00Z",
    "2026-11-20T08:00:00.123Z",
    "2026-11-20T08:00:00.1Z",
    "2026-11-20T08:00Z",
    "2026-02-28T23:59:59+08:00",
    "2024-02-29T12:00:00-05:30",
    "1999-12-31T23:59:59.999z",
    "2026-11-20 08:00:00Z",
    "not a date",
  ])("agrees with Date.parse on %s", (s) => {
    expect(parseIsoMs(s)).toEqual(Date.parse(s));
  });

  it("agrees with Date.parse on random timestamps and offsets", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.boolean(),
        (date, offset, withMs) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, withMs ? 23 : 19);
          const sign = offset < 0 ? "-" : "+";
          const abs = Math.abs(offset);
          const s = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(parseIsoMs(s)).toBe(Date.parse(s));
        },
      ),
      { numRuns: 5_000, seed: 20261121 },
    );
  });
});
