import { z } from "zod";
import "../util/zod-messages";
import { ACTION_KINDS, type TActionKind } from "../actions/action-effects";
import { ZActionPriority } from "../actions/action-fields";

/**
 * A decision table: condition columns (a fact, an operator, optional fact parameters) and action
 * columns (an action kind), one row per rule. A cell left empty matches anything (condition) or does
 * nothing (action). Stored as the data of a `decisionTable` graph node; compiled to one
 * json-rules-engine rule per row and action (rules-schema/tables/compile-table.ts).
 */

export const ZTableId = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_-]+$/, "ids use letters, digits, '_', '-'");

/** `first`: the first matching row, top to bottom, decides. `all`: every matching row fires. */
export const TABLE_HIT_POLICIES = ["first", "all"] as const;
export type TTableHitPolicy = (typeof TABLE_HIT_POLICIES)[number];

export const ZTableConditionColumn = z.object({
  id: ZTableId,
  /** Heading shown instead of the fact's label. */
  label: z.string().max(200).optional(),
  fact: z.string().max(100),
  params: z.record(z.string(), z.unknown()).optional(),
  operator: z.string().max(60),
  /** Unit the column's quantities are typed and shown in (kg for a weight in grams); values are stored in the fact's base unit. */
  unit: z.string().max(10).optional(),
});
export type TTableConditionColumn = z.infer<typeof ZTableConditionColumn>;

export const ZTableActionColumn = z.object({
  id: ZTableId,
  label: z.string().max(200).optional(),
  kind: z.enum(ACTION_KINDS),
});
export type TTableActionColumn = z.infer<typeof ZTableActionColumn>;

export const ZTableRow = z.object({
  id: ZTableId,
  description: z.string().max(500).optional(),
  /** Condition cells by column id: the operator's value. A column without an entry matches any order. */
  cells: z.record(z.string(), z.unknown()).default({}),
  /** Action cells by column id: the action's fields without its priority (the table's). No entry: no action. */
  actions: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});
export type TTableRow = z.infer<typeof ZTableRow>;
export type TTableRowInput = z.input<typeof ZTableRow>;

export const MAX_TABLE_ROWS = 10_000;
export const MAX_TABLE_CONDITION_COLUMNS = 40;
export const MAX_TABLE_ACTION_COLUMNS = 12;

export const ZDecisionTableData = z
  .object({
    hitPolicy: z.enum(TABLE_HIT_POLICIES).default("first"),
    /** Priority of every rule the table compiles to; row order decides among them. */
    priority: ZActionPriority,
    conditions: z.array(ZTableConditionColumn).max(MAX_TABLE_CONDITION_COLUMNS),
    actions: z.array(ZTableActionColumn).max(MAX_TABLE_ACTION_COLUMNS),
    rows: z.array(ZTableRow).max(MAX_TABLE_ROWS),
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    for (const [i, c] of [...d.conditions, ...d.actions].entries()) {
      if (ids.has(c.id)) {
        const inConditions = i < d.conditions.length;
        ctx.addIssue({
          code: "custom",
          message: `two columns share the id "${c.id}"`,
          path: [inConditions ? "conditions" : "actions", inConditions ? i : i - d.conditions.length, "id"],
        });
      }
      ids.add(c.id);
    }
    const rowIds = new Set<string>();
    d.rows.forEach((r, i) => {
      if (rowIds.has(r.id)) ctx.addIssue({ code: "custom", message: `two rows share the id "${r.id}"`, path: ["rows", i, "id"] });
      rowIds.add(r.id);
    });
  });
export type TDecisionTableData = z.infer<typeof ZDecisionTableData>;
export type TDecisionTableInput = z.input<typeof ZDecisionTableData>;

export type { TActionKind };

/** A fresh id not in `taken`: `${prefix}1`, `${prefix}2`, … */
export function freshTableId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`;
}
