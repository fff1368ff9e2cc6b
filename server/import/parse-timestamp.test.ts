import { describe, expect, it } from "vitest";
import { assertTimeZone, parseOffsetTimestamp, parseUnixSeconds, parseUsLocalDateTime } from "./parse-timestamp";

describe("parseOffsetTimestamp", () => {
  it.each([
    ["2024-03-05 14:22:10 -0500", "2024-03-05T19:22:10Z"], // Shopify CSV
    ["2024-03-05T14:22:10-05:00", "2024-03-05T19:22:10Z"], // Shopify API
    ["2024-05-01T14:12:09Z", "2024-05-01T14:12:09Z"], // Amazon
    ["2024-05-01T14:12:09.250Z", "2024-05-01T14:12:09.250Z"],
    ["2024-06-01T08:00+08:00", "2024-06-01T00:00:00Z"],
    ["2024-02-29 23:30:00 -0100", "2024-03-01T00:30:00Z"], // leap day, crossing midnight
    ["2024-02-30 10:00:00 -0500", null],
    ["2024-13-01T10:00:00Z", null],
    ["2024-03-05 14:22:10", null], // no offset: the instant is unknown
    ["05/03/2024 14:22", null],
    ["", null],
  ])("%j → %j", (text, expected) => {
    expect(parseOffsetTimestamp(text)).toBe(expected);
  });
});

describe("parseUsLocalDateTime", () => {
  it.each([
    ["11/05/2024 10:22:31 AM", "America/Los_Angeles", "2024-11-05T18:22:31Z"], // PST
    ["10/28/2024 07:05:09 PM", "America/Los_Angeles", "2024-10-29T02:05:09Z"], // PDT
    ["11/07/2024 12:00:00 AM", "America/Los_Angeles", "2024-11-07T08:00:00Z"], // midnight
    ["11/07/2024 12:30:00 PM", "UTC", "2024-11-07T12:30:00Z"], // noon
    ["11/06/2024 14:03", "UTC", "2024-11-06T14:03:00Z"], // 24-hour, no seconds
    ["3/10/2024 2:30:00 AM", "America/New_York", "2024-03-10T06:30:00Z"], // skipped by DST: read as daylight time
    ["11/3/2024 1:30:00 AM", "America/New_York", "2024-11-03T05:30:00Z"], // repeated hour: the first
    ["13/11/2024 09:00:00 AM", "UTC", null], // day first
    ["11/05/2024 13:00:00 PM", "UTC", null],
    ["02/30/2024 10:00:00 AM", "UTC", null],
    ["2024-11-05 10:22:31", "UTC", null],
  ])("%j in %s → %j", (text, zone, expected) => {
    expect(parseUsLocalDateTime(text, zone)).toBe(expected);
  });

  it("rejects an unknown time zone by name", () => {
    expect(() => assertTimeZone("Europe/Atlantis")).toThrow('timeZone "Europe/Atlantis" is not a known IANA time zone');
    expect(() => assertTimeZone("Asia/Shanghai")).not.toThrow();
  });
});

describe("parseUnixSeconds", () => {
  it.each([
    [1730830951, "2024-11-05T18:22:31Z"],
    ["1730830951", "2024-11-05T18:22:31Z"],
    [0, null],
    [-5, null],
    [1730830951.5, null],
    [1730830951000, null], // milliseconds: far beyond year 3000
    ["2024-11-06", null],
    [null, null],
  ])("%j → %j", (value, expected) => {
    expect(parseUnixSeconds(value)).toBe(expected);
  });
});
