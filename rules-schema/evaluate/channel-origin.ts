import { type TEvaluationContext, channelShipsFrom } from "../context/context-schema";
import { indexContext } from "../facts/fact-frame";
import type { TDecision } from "./decision-schema";

/** Conflict subject of a channel refused because it does not collect from the assigned warehouse. */
export const CHANNEL_ORIGIN_SUBJECT = "channelOrigin";


/**
 * The pipeline's last check of a merged decision: a logistics channel that does not collect from the
 * warehouse the order ships from is refused — the decision keeps its warehouse, loses the channel
 * (and a split by that channel's limits), and says why in a conflict naming the rule that chose the
 * channel. Never a silent price on an impossible pair. Returns the decision itself when the pair is
 * possible (or either side is unknown to the context), else a copy.
 */
export function refuseChannelFromElsewhere(decision: TDecision, context: TEvaluationContext): TDecision {
  const { warehouseId, channelId } = decision;
  if (warehouseId === null || channelId === null) return decision;
  const index = indexContext(context);
  const channel = index.channels.get(channelId);
  if (!channel || channelShipsFrom(channel, warehouseId)) return decision;
  const name = (id: string) => {
    const w = index.warehouses.get(id);
    return w ? (w.name ? `${w.name}` : id) : id;
  };
  const rule = decision.actions.find((a) => a.type === "assignChannel" && a.overriddenBy === undefined && a.params.channelId === channelId)?.ruleName;
  const origins = channel.originWarehouseIds.map(name).join(", ");
  return {
    ...decision,
    channelId: null,
    split: decision.split && decision.split.strategy === "channelLimits" && (decision.split.channelId === null || decision.split.channelId === channelId) ? null : decision.split,
    conflicts: [
      ...decision.conflicts,
      {
        subject: CHANNEL_ORIGIN_SUBJECT,
        message: `${channel.name || channelId} does not collect from ${name(warehouseId)} (it ships from ${origins}); no channel assigned`,
        ruleNames: rule ? [rule] : [],
      },
    ],
  };
}
