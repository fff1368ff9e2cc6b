import { describe, expect, it } from "vitest";
import type { TDecision } from "../evaluate/decision-schema";
import type { TOrder } from "../order/order-schema";
import { makeLine, makeOrder } from "../testing/factories";
import { type TCostEstimate, type TShippingDecision, estimateCost, splitLimitGrams } from "./estimate-cost";
import { sellerContext } from "./simulation-fixtures";

const context = sellerContext();
const to = (country: string, postalCode: string, lines: [weightGrams: number, quantity: number][]): TOrder =>
  makeOrder({ shippingAddress: { country, postalCode }, lines: lines.map(([weightGrams, quantity]) => makeLine({ weightGrams, quantity })) });
const ship = (channelId: string | null, split: Partial<NonNullable<TDecision["split"]>> | null = null): TShippingDecision => ({
  channelId,
  split: split === null ? null : { strategy: "channelLimits", maxWeightGrams: null, channelId: null, ruleName: "rule:split", ...split },
});
const priced = (cost: number, currency: string): TCostEstimate => ({ cost, currency, costGap: null });
const gap = (costGap: TCostEstimate["costGap"]): TCostEstimate => ({ cost: null, currency: null, costGap });

describe("estimateCost", () => {
  it.each<[string, TOrder, TShippingDecision, TCostEstimate]>([
    ["USPS to Beverly Hills (west zone), 600 g: one 2 kg band parcel", to("US", "90210", [[300, 2]]), ship("ch-usps"), priced(7.35, "USD")],
    ["USPS to New York (rest of the US)", to("US", "10001", [[300, 2]]), ship("ch-usps"), priced(9.95, "USD")],
    ["split at 2 kg: three parcels of 1.6 kg", to("US", "90210", [[800, 6]]), ship("ch-usps", { strategy: "maxWeight", maxWeightGrams: 2000 }), priced(22.05, "USD")],
    ["split to China Post's limits, priced per kg in CNY", to("DE", "10115", [[800, 6]]), ship("ch-post", { strategy: "channelLimits" }), priced(422.4, "CNY")],
    ["a split sized for China Post ships with China Post when no channel is assigned", to("DE", "10115", [[800, 6]]), ship(null, { channelId: "ch-post" }), priced(422.4, "CNY")],
    ["unsplit, the whole order is one parcel", to("US", "90210", [[800, 6]]), ship("ch-usps"), priced(15.2, "USD")],
    ["no channel assigned", to("US", "90210", [[300, 1]]), ship(null), gap("noChannel")],
    ["a channel that is not in the master data", to("US", "90210", [[300, 1]]), ship("ch-gone"), gap("noChannel")],
    ["a channel without a rate card", to("US", "90210", [[300, 1]]), ship("ch-gd"), gap("noRateCard")],
    ["USPS does not serve Germany", to("DE", "10115", [[300, 1]]), ship("ch-usps"), gap("notServed")],
    ["a 12 kg parcel is beyond USPS's heaviest band", to("US", "90210", [[12_000, 1]]), ship("ch-usps"), gap("notServed")],
  ])("%s", (_name, order, decision, expected) => {
    expect(estimateCost(order, decision, context)).toEqual(expected);
  });
});

describe("splitLimitGrams", () => {
  it.each<[string, TShippingDecision, number | null]>([
    ["maxWeight uses its own limit", ship("ch-usps", { strategy: "maxWeight", maxWeightGrams: 2500 }), 2500],
    ["channelLimits uses the shipping channel's maximum", ship("ch-usps", { strategy: "channelLimits" }), 9000],
    ["channelLimits with a named channel uses that channel's", ship("ch-usps", { strategy: "channelLimits", channelId: "ch-post" }), 2000],
    ["channelLimits without any known channel falls back to the split's own limit", ship(null, { strategy: "channelLimits", maxWeightGrams: 5000 }), 5000],
    ["no limit known: the order ships unsplit", ship(null, { strategy: "channelLimits" }), null],
    ["not split", ship("ch-usps"), null],
  ])("%s", (_name, decision, limit) => {
    expect(splitLimitGrams(decision, context)).toBe(limit);
  });
});
