/**
 * json-rules-engine's own rule format (conditions, events, rules) as zod schemas: what the compiler
 * emits, the decompiler reads and the graph's node kinds compile to. Depends on nothing else in the core.
 */
import { z } from "zod";

/** A fact name as json-rules-engine sees it; never a path expression. */
const ZFactName = z.string().min(1).max(100);

export interface TJreFactCondition {
  fact: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown> | undefined;
  path?: string | undefined;
  name?: string | undefined;
  priority?: number | undefined;
}
export interface TJreAll {
  all: TJreCondition[];
  name?: string | undefined;
  priority?: number | undefined;
}
export interface TJreAny {
  any: TJreCondition[];
  name?: string | undefined;
  priority?: number | undefined;
}
export interface TJreNot {
  not: TJreCondition;
  name?: string | undefined;
  priority?: number | undefined;
}
export type TJreCondition = TJreFactCondition | TJreAll | TJreAny | TJreNot;
export type TJreTopLevelCondition = TJreAll | TJreAny | TJreNot;

const meta = { name: z.string().max(200).optional(), priority: z.number().int().min(1).optional() };

export const ZJreFactCondition: z.ZodType<TJreFactCondition> = z
  .object({
    fact: ZFactName,
    operator: z.string().min(1).max(60),
    value: z.unknown().refine((v) => v !== undefined, { message: "value is required" }),
    params: z.record(z.string(), z.unknown()).optional(),
    path: z.string().max(200).optional(),
    ...meta,
  })
  .strict() as z.ZodType<TJreFactCondition>;

export const ZJreCondition: z.ZodType<TJreCondition> = z.lazy(() =>
  // Fact conditions first: they are most of any rule, and a union stops at the first option that fits.
  z.union([
    ZJreFactCondition,
    z.object({ all: z.array(ZJreCondition).max(1000), ...meta }).strict(),
    z.object({ any: z.array(ZJreCondition).max(1000), ...meta }).strict(),
    z.object({ not: ZJreCondition, ...meta }).strict(),
  ]),
) as z.ZodType<TJreCondition>;

export const ZJreTopLevelCondition: z.ZodType<TJreTopLevelCondition> = z.union([
  z.object({ all: z.array(ZJreCondition).max(1000), ...meta }).strict(),
  z.object({ any: z.array(ZJreCondition).max(1000), ...meta }).strict(),
  z.object({ not: ZJreCondition, ...meta }).strict(),
]) as z.ZodType<TJreTopLevelCondition>;

export const ZJreEvent = z.object({
  type: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type TJreEvent = z.infer<typeof ZJreEvent>;

/** A json-rules-engine rule definition, as `new Rule(def)` accepts it. */
export const ZJreRule = z.object({
  name: z.string().max(200).optional(),
  priority: z.number().int().min(1).optional(),
  conditions: ZJreTopLevelCondition,
  event: ZJreEvent,
});
export type TJreRule = z.infer<typeof ZJreRule>;

/**
 * A rule's priority as json-rules-engine accepts it in a rule file: it reads it with `parseInt`, so 2.5
 * runs as 2, "10" as 10, and 0 or null as the default 1 (the decompiler warns about each); "0", negative
 * and non-numeric priorities are refused.
 */
export const ZJrePriorityInput = z
  .union([z.number().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\s*\+?0*[1-9]\d*(\.\d+)?\s*$/, "a number greater than zero, such as 10"), z.null()])
  .optional();

/** A rule in a user's file (what the importer reads): like ZJreRule, with json-rules-engine's lenient priority. */
export const ZJreImportRule = ZJreRule.extend({ priority: ZJrePriorityInput });

/** Accepts a single rule, an array of rules, or `{ rules: [...] }` (json-rules-engine's export shape). */
export const ZJreRuleList = z.union([z.array(ZJreImportRule), z.object({ rules: z.array(ZJreImportRule) }).loose(), ZJreImportRule]);

