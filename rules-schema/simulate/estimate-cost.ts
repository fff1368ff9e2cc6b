import type { TChannelRef, TEvaluationContext } from "../context/context-schema";
import { priceParcel } from "../context/rate-card";
import type { TDecision } from "../evaluate/decision-schema";
import { indexContext } from "../facts/fact-frame";
import { deriveOrderFacts } from "../order/derive-order-facts";
import type { TOrder } from "../order/order-schema";
import { type ParcelRun, planParcelRuns } from "./plan-packages";
import type { TCostGap } from "./simulation-schema";

export interface TCostEstimate {
  /** Sum of the parcels' prices on the channel's rate card, to the cent; null when it cannot be priced. */
  cost: number | null;
  /** The rate card's currency; null when there is no cost. */
  currency: string | null;
  /** Why there is no cost: no (known) channel, a channel without rate card, or a parcel the card does not serve. */
  costGap: TCostGap | null;
}

/** What the shipping part of a decision needs. */
export type TShippingDecision = Pick<TDecision, "channelId" | "split">;

/** The channel the parcels travel with: the assigned channel, else the channel a split was sized for. */
export function shippingChannelId(decision: TShippingDecision): string | null {
  return decision.channelId ?? decision.split?.channelId ?? null;
}

/**
 * The chargeable-weight limit per parcel of a split: `maxWeight` uses the split's own limit; `channelLimits`
 * the maximum weight of the channel the split names, else of the shipping channel. A `maxWeight` split
 * without a limit falls back to the channel's; a `channelLimits` split with no known channel to its own
 * limit when it has one. Null: no limit is known, the order ships unsplit.
 */
export function splitLimitGrams(decision: TShippingDecision, context: TEvaluationContext): number | null {
  const split = decision.split;
  if (split === null) return null;
  let limit: number | null = null;
  if (split.strategy === "maxWeight" && split.maxWeightGrams !== null) limit = split.maxWeightGrams;
  else {
    const channelId = split.channelId ?? decision.channelId;
    const channel = channelId === null ? undefined : indexContext(context).channels.get(channelId);
    limit = channel?.maxWeightGrams ?? split.maxWeightGrams;
  }
  return limit !== null && limit > 0 ? limit : null;
}

/**
 * The parcels an order ships in under a decision: when split with a known limit, first-fit
 * decreasing by chargeable weight (`planParcelRuns`); otherwise one parcel of the order's chargeable weight.
 */
export function planShipment(order: TOrder, decision: TShippingDecision, context: TEvaluationContext, chargeableGrams: number): ParcelRun[] {
  const limit = splitLimitGrams(decision, context);
  if (limit === null) return [{ grams: chargeableGrams, units: 0, count: 1 }];
  return planParcelRuns(order, limit);
}

/** Prices parcels on a channel's rate card for the order's destination. No parcels cost 0. */
export function priceParcels(order: TOrder, channel: TChannelRef | undefined, runs: readonly ParcelRun[]): TCostEstimate {
  if (channel === undefined) return { cost: null, currency: null, costGap: "noChannel" };
  const card = channel.rateCard;
  if (card === null) return { cost: null, currency: null, costGap: "noRateCard" };
  const { country, postalCode } = order.shippingAddress;
  let cents = 0;
  for (const run of runs) {
    if (run.count === 0) continue;
    const price = priceParcel(card, country, postalCode, run.grams);
    if (price === null) return { cost: null, currency: null, costGap: "notServed" };
    cents += Math.round(price * 100) * run.count;
  }
  return { cost: cents / 100, currency: card.currency, costGap: null };
}

/**
 * Estimated shipping cost of an order as decided: its parcels (split as the decision says, see
 * `planShipment`) priced on the rate card of the shipping channel (`shippingChannelId`, looked up in
 * `context.channels`), summed to the cent. Without a known channel, a rate card, or a band serving
 * every parcel, the cost is null and `costGap` says why.
 */
export function estimateCost(order: TOrder, decision: TShippingDecision, context: TEvaluationContext): TCostEstimate {
  const channelId = shippingChannelId(decision);
  const channel = channelId === null ? undefined : indexContext(context).channels.get(channelId);
  if (channel === undefined) return { cost: null, currency: null, costGap: "noChannel" };
  const runs = planShipment(order, decision, context, deriveOrderFacts(order, context.now).chargeableWeightGrams);
  return priceParcels(order, channel, runs);
}
