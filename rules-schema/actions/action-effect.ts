import type { z } from "zod";
import type { TStage } from "../graph/graph-schema";
import type { TOrder } from "../order/order-schema";
import type { TEventParams } from "./action-fields";
import type { TActionKind } from "./action-effects";

/**
 * What one action kind does, declared in one place: the designer's node data, the slot of the
 * decision it fills and how (within a stage and across stages), what it contradicts, how the
 * simulator compares and labels it, and how a decision shows it. Everything else — the decision
 * schema, the reduction, the stage merge, the simulator's change kinds and side outcome, the
 * validator's clash checks — is derived from these entries (see action-effects.ts).
 */

/** What a fired action may read besides its params: the order being decided; null where no order is at hand. */
export type ReduceEnv = TOrder | null;

/** Names for the ids a decision holds (the id itself when unknown). */
export interface NameLookup {
  warehouse(id: string): string;
  channel(id: string): string;
}

/** How two nodes of the same single-valued kind are told apart by the validator. */
export type ClashCheck =
  /** They clash when this data field differs ("both set warehouseId (A vs B)"). */
  | { field: string }
  /** They clash when any data field but the priority differs; the sentence after "both". */
  | { differently: string };

/** An element of a list slot, or the value of a single slot. */
type Item<T> = T extends readonly (infer U)[] ? U : NonNullable<T>;

/**
 * How a fired action fills its slot of a stage's decision, in rule order (priority high to low), and
 * how the stages' slots merge (pipeline order):
 * - `claim`: one value per order. The first fired rule sets it; a later rule of lower priority that
 *   wants another value is overridden, one of the same priority is a conflict on `subject`. Merge:
 *   the first stage that set it. `read` null: the params set nothing usable (the action has no effect).
 * - `first`: one value; the first fired rule sets it, later ones change nothing and clash with nothing.
 *   Merge: the first stage that set it.
 * - `append`: a list; every fired rule adds its item. Merge: the stages' lists in order.
 * - `distinct`: a list of strings without repeats. Merge: the same, in stage order.
 * - `set`: a yes/no that any fired rule turns on. Merge: on when any stage turned it on.
 */
export type ReducePolicy<T> =
  | { policy: "claim"; subject: string; clash: ClashCheck; read: (params: TEventParams, ruleName: string, order: ReduceEnv) => { key: string; value: Item<T> } | null }
  | { policy: "first"; read: (params: TEventParams, ruleName: string, order: ReduceEnv) => Item<T> | null }
  | { policy: "append"; read: (params: TEventParams, ruleName: string, order: ReduceEnv) => Item<T> }
  | { policy: "distinct"; read: (params: TEventParams) => string | null }
  | { policy: "set" };

/** How the simulator compares one side's value with the other's. */
export type OutcomeCompare = "value" | "set" | "multiset" | "json";

/** What an outcome's text may need besides its own value. */
export interface OutcomeBasics {
  /** Parcels the order ships in on that side. */
  packages: number;
}

export interface ActionEffect<Z extends z.ZodType = z.ZodType, OZ extends z.ZodType = z.ZodType> {
  /** The node's name in the designer and in messages. */
  label: string;
  /** Pipeline stages where the action makes sense (the validator refuses it elsewhere). */
  stages: readonly TStage[];
  /** The node's data (its own fields; `priority` orders rules, higher first). */
  data: z.ZodType;
  /** The decision's field this action fills, and that field's schema. */
  slot: { key: string; schema: Z };
  reduce: ReducePolicy<z.output<Z>>;
  /**
   * Action kinds that cannot take effect on the same order as this one: the one of higher priority
   * overrides the other; at equal priority both take effect and the decision reports a conflict on
   * `subject` with `message`. One list, used by the evaluator and by the validator.
   */
  contradicts?: readonly { kind: TActionKind; subject: string; message: string }[];
  /** Master data beyond the usual the evaluation needs when this action is in a ruleset. */
  needs?: readonly "buyerOpenOrders"[];
  /** How the simulator reduces, compares and names the action's effect on a side's outcome. */
  outcome: {
    /** The side outcome's field. */
    key: string;
    schema: OZ;
    /** The change kind reported when the two sides differ, and its label on the results screens. */
    change: string;
    label: string;
    /** Position on the results screens and in the decision view (lower first). */
    rank: number;
    from: (slot: z.output<Z>) => z.output<OZ>;
    compare: OutcomeCompare;
    /** One side's value as text ("Los Angeles 3PL", "none", "yes, 2 parcels"). */
    text: (value: z.output<OZ>, side: OutcomeBasics, names: NameLookup) => string;
  };
  /** The decision's rows for this slot, as the Test panel and traces show them: [label, text]; none when unset. */
  show: (slot: z.output<Z>, names: NameLookup) => [string, string][];
}

/** What the registry checks of every entry (each entry's own types are checked by `defineAction`). */
export interface AnyActionEffect {
  label: string;
  stages: readonly TStage[];
  data: z.ZodType;
  slot: { key: string; schema: z.ZodType };
  reduce: { policy: ReducePolicy<unknown>["policy"] };
  contradicts?: ActionEffect["contradicts"];
  needs?: ActionEffect["needs"];
  outcome: { key: string; schema: z.ZodType; change: string; label: string; rank: number; compare: OutcomeCompare };
}

/** Declares one action's effect; the literal types it keeps let the decision schema be derived precisely. */
export function defineAction<
  const Key extends string,
  Z extends z.ZodType,
  const OutKey extends string,
  OZ extends z.ZodType,
  const Change extends string,
  D extends z.ZodType,
>(
  effect: Omit<ActionEffect<Z, OZ>, "slot" | "outcome" | "data"> & {
    data: D;
    slot: { key: Key; schema: Z };
    outcome: Omit<ActionEffect<Z, OZ>["outcome"], "key" | "change"> & { key: OutKey; change: Change };
  },
) {
  return effect;
}
