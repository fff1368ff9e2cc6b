/** The channel dialog's form: a channel to text fields and back, with what the browser finds wrong before sending. */
import { describe, expect, it } from "vitest";
import { stalePathsOf } from "@/components/ui/edit-form-state";
import { ZChannelFields } from "@/server/schemas/channel-schemas";
import { CHANNEL_STALE_ALIASES, EMPTY_CHANNEL, channelFieldsOf, channelFormOf, gramsOf, listErrors, rateCardOf, tokens, upperTokens } from "./channel-form";
import type { ChannelRow } from "./master-data-rows";

const channel: ChannelRow = {
  id: "ch1",
  code: "YUN-GD",
  name: "Yun Express Global Direct",
  carrier: "Yun Express",
  service: "Global Direct",
  originWarehouseIds: ["w1"],
  originWarehouses: [{ id: "w1", code: "SZ-01", name: "Shenzhen" }],
  maxWeightGrams: 2000,
  maxLengthCm: 60,
  maxGirthCm: null,
  countries: ["US", "CA"],
  batteryAllowed: true,
  liquidAllowed: false,
  hazmatAllowed: false,
  rateCard: {
    currency: "USD",
    roundUpGrams: 10,
    zones: [{ code: "NA", countries: ["US", "CA"], postalPrefixes: [] }],
    bands: [{ zone: "NA", upToGrams: 2000, fixed: 4.2, perKg: 9.5 }],
  },
  transitDaysMin: 6,
  transitDaysMax: 12,
  currency: "USD",
  active: true,
  revision: 3,
  updatedAt: new Date("2026-11-20T10:00:00Z"),
};

describe("channel form", () => {
  it("turns a channel into text fields and back into the same fields", () => {
    const form = channelFormOf(channel);
    expect(form.maxWeight).toBe("2");
    expect(form.weightUnit).toBe("kg");
    expect(form.countries).toBe("US, CA");
    expect(form.zones).toMatchObject([{ code: "NA", countries: "US, CA", postalPrefixes: "" }]);
    expect(form.bands).toMatchObject([{ zone: "NA", upToGrams: "2000", fixed: "4.2", perKg: "9.5" }]);
    const { fields, local } = channelFieldsOf(form);
    expect(local).toEqual({});
    const { id: _id, originWarehouses: _o, revision: _r, updatedAt: _u, ...stored } = channel;
    expect(fields).toEqual(stored);
    expect(ZChannelFields.safeParse(fields).success).toBe(true);
  });

  it("keeps light limits in grams", () => {
    const form = channelFormOf({ ...channel, maxWeightGrams: 450 });
    expect([form.maxWeight, form.weightUnit]).toEqual(["450", "g"]);
    expect(gramsOf({ maxWeight: "1.25", weightUnit: "kg" })).toBe(1250);
  });

  it("finds blank and unreadable numbers before sending, under the paths the server would use", () => {
    const form = { ...EMPTY_CHANNEL, maxWeight: "", transitDaysMin: "six", zones: [{ key: "z", code: "NA", countries: "us ca", postalPrefixes: "" }], bands: [{ key: "b", zone: "NA", upToGrams: "", fixed: "x", perKg: "" }] };
    const { fields, local } = channelFieldsOf(form);
    expect(local).toEqual({
      maxWeightGrams: ["required"],
      "rateCard.bands.0.upToGrams": ["required"],
      "rateCard.bands.0.fixed": ["must be a number"],
      transitDaysMin: ["must be a number"],
    });
    expect(fields.rateCard?.zones[0]?.countries).toEqual(["US", "CA"]);
  });

  it("has no rate card without zones and bands", () => {
    expect(rateCardOf({ ...EMPTY_CHANNEL, zones: [], bands: [] }, {})).toBeNull();
  });

  it("names what the user typed in list errors", () => {
    const errors = { countries: ["each country once"], "countries.2": ["must be an ISO country code"] };
    expect(listErrors(errors, "countries", upperTokens("us, ca; usa"))).toEqual(["each country once", "“USA”: must be an ISO country code"]);
    expect(listErrors(errors, "rateCard.zones.0.countries", [])).toBeUndefined();
    expect(tokens(" 900,901 ;902 ")).toEqual(["900", "901", "902"]);
  });

  it("makes the server paths fed by a form key stale when it is edited", () => {
    expect(stalePathsOf({ maxWeight: "3", currency: "EUR", zones: [] }, CHANNEL_STALE_ALIASES)).toEqual(["maxWeightGrams", "currency", "rateCard.currency"]);
  });
});
