import { z } from "zod";
import "../util/zod-messages";

/**
 * Fields that several actions' data share: the rule priority every action carries, a reason, a code,
 * a currency. Kept apart from the graph schema so that the action registry can use them without an
 * import circle (the graph schema builds its nodes from the registry).
 */

export const ACTION_PRIORITY_DEFAULT = 100;
const PRIORITY_RANGE = "Priority must be between 2 and 10,000";
export const ZActionPriority = z.number().int().min(2, PRIORITY_RANGE).max(10_000, PRIORITY_RANGE).default(ACTION_PRIORITY_DEFAULT);

export const ZCode = z
  .string()
  .min(1, "required")
  .max(60)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "use lower-case letters, digits, '_', '-', '.'");

/** Kept exactly as written (an imported reason is never trimmed or rewritten); blank is refused. */
export const ZReason = z
  .string()
  .max(200)
  .refine((s) => s.trim() !== "", { message: "give a reason" });

export const PRIORITY_LEVELS = ["low", "normal", "high", "urgent"] as const;
export type TPriorityLevel = (typeof PRIORITY_LEVELS)[number];

/** An event's params as json-rules-engine hands them over: anything the rule file says. */
export type TEventParams = Readonly<Record<string, unknown>>;

export const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
