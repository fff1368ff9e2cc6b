import type { NameLookup } from "@/rules-schema/actions/action-effect";
import { decisionRows } from "@/rules-schema/actions/decision-slots";
import type { TDecision } from "@/rules-schema/evaluate/decision-schema";
import type { TDecisionDetail, TNames } from "@/server/schemas/live-schemas";

/**
 * What the decision screen says about one stored decision: the decision in words (the Test panel's
 * rows), the re-evaluation's verdict, the paths that came out otherwise. Pure.
 */

/** Names for a decision's ids: the decision's own names first, then `fallback` (the organization's master data). */
export function lookupOf(names: TNames, fallback: (id: string) => string = (id) => id): NameLookup {
  return {
    warehouse: (id) => (Object.hasOwn(names.warehouses, id) ? names.warehouses[id]! : fallback(id)),
    channel: (id) => (Object.hasOwn(names.channels, id) ? names.channels[id]! : fallback(id)),
  };
}

/** A decision as [label, text] rows in screen order (warehouse, channel, holds with reasons, intercept, split, merge, tags, priority …). */
export function decisionInWords(decision: TDecision | null | undefined, names: NameLookup): [string, string][] {
  if (!decision) return [];
  return decisionRows(decision, names);
}

export interface ReplayBanner {
  tone: "reproduced" | "warn" | "muted";
  title: string;
  /** Under the title: where the trace comes from, or why nothing could be re-evaluated. */
  detail: string | null;
}

const TRACE_SOURCE: Record<TDecisionDetail["replay"]["traceSource"], string | null> = {
  stored: "The trace on the graph was recorded when the order was routed.",
  replayed: "The trace on the graph comes from this re-evaluation.",
  none: null,
};

/** The banner over a decision: the same decision again (quiet), another one (a warning with the paths), or why it could not be re-evaluated. */
export function replayBanner(replay: TDecisionDetail["replay"]): ReplayBanner {
  if (replay.status === "reproduced") {
    return { tone: "reproduced", title: "Re-evaluated from the stored order, versions and master data: same decision.", detail: TRACE_SOURCE[replay.traceSource] };
  }
  if (replay.status === "differs") {
    const n = replay.differences.length;
    return {
      tone: "warn",
      title: `Re-evaluated from the stored order, versions and master data: the decision comes out differently now (${n} ${n === 1 ? "difference" : "differences"}).`,
      detail: TRACE_SOURCE[replay.traceSource],
    };
  }
  return { tone: "muted", title: "This decision could not be re-evaluated.", detail: replay.reason ?? "The order or the master data it was decided with were not stored." };
}

/** A stored or re-evaluated value in a difference, short: ids by name, lists joined, objects as JSON (cut at `max`). */
export function differenceValue(value: unknown, nameOf: (id: string) => string, max = 120): string {
  if (value === undefined) return "nothing";
  if (value === null) return "none";
  if (typeof value === "string") return value === "" ? "“”" : nameOf(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.length === 0) return "none";
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v) => nameOf(v as string)).join(", ");
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A difference's path in words where it is one of the stages' ("stages[2].decision.holds" → "Warehouses v3 · holds"). */
export function differencePath(path: string, stages: readonly { rulesetName: string; version: number }[]): string {
  const m = /^stages(?:\[(\d+)\]|\.(\d+))\.decision\.?(.*)$/.exec(path);
  if (m) {
    const i = Number(m[1] ?? m[2]);
    const s = stages[i];
    const where = s ? `${s.rulesetName} v${s.version}` : `Stage ${i + 1}`;
    return m[3] ? `${where} · ${m[3]}` : where;
  }
  const d = /^decision\.(.+)$/.exec(path);
  return d ? `Decision · ${d[1]}` : path;
}

/**
 * The stage a decision opens on: the one that gave the order its status (the intercept, the hold, the
 * merge), else the first whose rules fired, else the first.
 */
export function initialStageIndex(stages: readonly { decision: Pick<TDecision, "firedRules" | "holds" | "intercept" | "merge"> | null }[], status: string): number {
  const has = (pick: (d: Pick<TDecision, "firedRules" | "holds" | "intercept" | "merge">) => boolean) => stages.findIndex((s) => s.decision !== null && pick(s.decision));
  const byStatus =
    status === "intercepted" ? has((d) => d.intercept !== null) : status === "held" ? has((d) => d.holds.length > 0) : status === "merged" ? has((d) => d.merge !== null) : -1;
  if (byStatus >= 0) return byStatus;
  return Math.max(0, has((d) => d.firedRules.length > 0));
}
