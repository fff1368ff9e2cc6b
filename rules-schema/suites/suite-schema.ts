import { z } from "zod";
import "../util/zod-messages";
import { KINDS_BY_RANK, actionEffect } from "../actions/decision-slots";
import { ZOrder } from "../order/order-schema";

/**
 * A ruleset's test suite: cases, each an order (from history, a simulation's changed orders, the live
 * decisions or written by hand), optional master-data overrides, and the outcome expected for the
 * fields that matter — in the simulator's vocabulary, one field per action kind (warehouseId,
 * channelId, holds, intercept, split, merge, priority, push, tracking, customs, tags, flags) plus
 * `decided`. Fields left out are not checked.
 */

export const SUITE_FORMAT = "switchyard.suite/v1";

/** The fields a case may expect, and how each compares (the action registry's outcome entries). */
export const EXPECTABLE = KINDS_BY_RANK.map((k) => {
  const o = actionEffect(k).outcome;
  return { key: o.key, label: o.label, compare: o.compare, schema: o.schema as z.ZodType, kind: k };
});

/** A field's schema without its default (a field left out of `expect` is not checked, not checked against the default). */
function withoutDefault(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  return def.type === "default" && def.innerType ? withoutDefault(def.innerType) : schema;
}
const expectShape = Object.fromEntries(EXPECTABLE.map((e) => [e.key, withoutDefault(e.schema).optional()])) as Record<string, z.ZodOptional<z.ZodType>>;

export const ZExpectedOutcome = z
  .object({
    /** Whether any rule of the ruleset fired (false: the order is a gap). */
    decided: z.boolean().optional(),
    ...expectShape,
  })
  .strict()
  .refine((e) => Object.values(e).some((v) => v !== undefined), {
    message: "expect at least one field (warehouseId, channelId, holds, tags, …)",
  }) as unknown as z.ZodType<TExpectedOutcome, TExpectedOutcome>;
/** `decided` and any of the outcome fields (checked at run time against the registry's schemas). */
export type TExpectedOutcome = { decided?: boolean; [field: string]: unknown };

export const CASE_SOURCES = ["manual", "history", "simulation", "live", "test"] as const;

export const ZTestCase = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits, '_', '-', '.', ':'"),
  name: z.string().trim().min(1).max(200),
  /** Where the order came from (informational). */
  source: z.enum(CASE_SOURCES).default("manual"),
  order: ZOrder,
  /** Stock levels that replace the organization's for this case: warehouse id → SKU → units. */
  inventory: z.record(z.string(), z.record(z.string(), z.number().int())).optional(),
  /**
   * Logistics matching and later: evaluate as if the earlier stages had assigned this warehouse
   * (left out: the warehouse the live warehouse rules assign, as the router does).
   */
  assignedWarehouseId: z.string().min(1).max(200).optional(),
  expect: ZExpectedOutcome,
});
export type TTestCase = z.infer<typeof ZTestCase>;

export const MAX_SUITE_CASES = 5_000;

export const ZTestSuite = z
  .object({
    format: z.literal(SUITE_FORMAT),
    name: z.string().max(200).optional(),
    cases: z.array(ZTestCase).max(MAX_SUITE_CASES),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.cases.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", message: `two cases share the id "${c.id}"`, path: ["cases", i, "id"] });
      seen.add(c.id);
    });
  });
export type TTestSuite = z.infer<typeof ZTestSuite>;

/** Outcome fields (keys of `expect`) that actions allowed in `stage` can set. */
export function expectableInStage(stage: string): string[] {
  return EXPECTABLE.filter((e) => (actionEffect(e.kind).stages as readonly string[]).includes(stage)).map((e) => e.key);
}

/**
 * What a case expects when a simulated side (baseline or candidate) is right: `decided` and every
 * field this stage's actions set, as the side decided them (empty values included, so "no hold"
 * stays checked). Fields of other stages (the pipeline's warehouse in logistics matching) are left
 * out: a case runs one ruleset.
 */
export function expectationFromSide(side: Record<string, unknown> & { decided: boolean }, stage: string): TExpectedOutcome {
  const out: TExpectedOutcome = { decided: side.decided };
  for (const key of expectableInStage(stage)) if (side[key] !== undefined) out[key] = side[key];
  return out;
}
