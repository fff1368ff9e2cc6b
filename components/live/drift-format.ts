import type { TDrift } from "@/server/schemas/live-schemas";

type DriftVersion = TDrift["versions"][number];
type Dimension = DriftVersion["dimensions"][number];

export const DIMENSION_LABELS: Record<Dimension["dimension"], string> = {
  warehouse: "Orders per warehouse",
  channel: "Orders per logistics channel",
  deadline: "Deadline risk",
  hold: "Orders per hold reason",
};

const DEADLINE_LABELS: Record<string, string> = { ok: "Meets the deadline", late: "Late", noDeadline: "No deadline", noWarehouse: "No warehouse" };

/** A percentage with one decimal ("12.5%"); shares are 0–1. */
export const pct = (share: number) => `${(Math.round(share * 1000) / 10).toLocaleString()}%`;

/** The statistic in words: "18.2 points of orders would have to move (flagged from 10)". */
export function statisticText(d: Pick<Dimension, "statistic" | "value" | "threshold">): string {
  const points = (v: number) => `${(Math.round(v * 1000) / 10).toLocaleString()} points`;
  return d.statistic === "tvd"
    ? `${points(d.value)} of orders distributed differently (flagged from ${points(d.threshold)})`
    : `a hold reason's share differs by ${points(d.value)} (flagged from ${points(d.threshold)})`;
}

/** A category's label: warehouse / channel names, deadline risks in words, "None" for nothing assigned. */
export function categoryLabel(dimension: Dimension["dimension"], key: string, names: TDrift["names"]): string {
  if (dimension === "deadline") return DEADLINE_LABELS[key] ?? key;
  if (key === "") return dimension === "hold" ? "(no reason)" : "None";
  if (dimension === "warehouse") return names.warehouses[key] ?? key;
  if (dimension === "channel") return names.channels[key] ?? key;
  return key;
}

export const STATUS_TEXT: Record<DriftVersion["status"], { label: string; tone: "green" | "amber" | "red" | "grey" }> = {
  asPredicted: { label: "As predicted", tone: "green" },
  drifted: { label: "Drifted", tone: "red" },
  tooFewOrders: { label: "Too few orders yet", tone: "grey" },
  noSimulation: { label: "No simulation to compare", tone: "amber" },
};

/** Flagged versions first, then by stage order as given. */
export function driftOrder(versions: readonly DriftVersion[]): DriftVersion[] {
  return [...versions].sort((a, b) => Number(b.flagged) - Number(a.flagged));
}
