import type { TActionKind } from "../graph/graph-schema";

/**
 * Actions that cannot both take effect on one order. One list, used by the validator (which warns
 * where two such actions can fire together) and by the decision reduction (where the one of higher
 * priority overrides the other, and equal priorities are reported as a conflict).
 */
export const CONTRADICTING_ACTIONS = [
  { kinds: ["intercept", "pushToWarehouse"], subject: "intercept" },
  { kinds: ["intercept", "requestTracking"], subject: "intercept" },
  { kinds: ["intercept", "assignChannel"], subject: "intercept" },
  { kinds: ["hold", "pushToWarehouse"], subject: "hold" },
] as const satisfies readonly { kinds: readonly [TActionKind, TActionKind]; subject: string }[];

/** The contradiction between two action kinds, if any. */
export function contradictionBetween(a: string, b: string): (typeof CONTRADICTING_ACTIONS)[number] | null {
  for (const c of CONTRADICTING_ACTIONS) {
    const [x, y] = c.kinds as readonly string[];
    if ((a === x && b === y) || (a === y && b === x)) return c;
  }
  return null;
}

/** Actions that set one value of the decision; two rules setting different values disagree. */
export const SINGLE_VALUED_ACTIONS = {
  assignWarehouse: { subject: "warehouse", field: "warehouseId" },
  assignChannel: { subject: "channel", field: "channelId" },
  setPriority: { subject: "priority", field: "level" },
  splitPackage: { subject: "split", field: null },
} as const satisfies Partial<Record<TActionKind, { subject: string; field: string | null }>>;
