import type { z } from "zod";
import type { ActionEffect, ClashCheck, NameLookup, ReducePolicy } from "./action-effect";
import { ACTION_EFFECTS, ACTION_KINDS, type TActionKind } from "./action-effects";

/**
 * What the rest of the core derives from the action registry: the decision's action slots (schema,
 * empty value, merge across stages), the contradictions and single-valued kinds the evaluator and the
 * validator share, and the decision's rows as screens show them.
 */

type Effects = typeof ACTION_EFFECTS;

/** The decision's fields filled by actions, keyed by slot, with their schemas (in ACTION_KINDS order). */
export type DecisionSlotShape = { [K in TActionKind as Effects[K]["slot"]["key"]]: Effects[K]["slot"]["schema"] };
export type TDecisionSlots = { [K in keyof DecisionSlotShape]: z.output<DecisionSlotShape[K]> };

/** Every entry seen through the common interface (for code that walks all kinds). */
export function actionEffect(kind: TActionKind): ActionEffect {
  return ACTION_EFFECTS[kind] as unknown as ActionEffect;
}

export function isActionKind(kind: string): kind is TActionKind {
  return Object.prototype.hasOwnProperty.call(ACTION_EFFECTS, kind);
}

interface SlotInfo {
  kind: TActionKind;
  key: string;
  policy: ReducePolicy<unknown>["policy"];
}
const SLOTS: readonly SlotInfo[] = ACTION_KINDS.map((kind) => {
  const e = actionEffect(kind);
  return { kind, key: e.slot.key, policy: e.reduce.policy };
});

export const DECISION_SLOT_SHAPE = Object.fromEntries(SLOTS.map((s) => [s.key, actionEffect(s.kind).slot.schema])) as unknown as DecisionSlotShape;

const isList = (p: SlotInfo["policy"]) => p === "append" || p === "distinct";

/**
 * Each action slot with the JavaScript literal of its empty value (null, [] or false), in ACTION_KINDS
 * order: what the evaluator writes out as one object literal for a decision that decides nothing
 * (see `decisionLiteralFactory`). Keys are checked to be plain identifiers.
 */
export const EMPTY_SLOT_LITERALS: readonly { key: string; literal: "null" | "[]" | "false" }[] = SLOTS.map((s) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.key)) throw new Error(`decision slot "${s.key}" is not an identifier`);
  return { key: s.key, literal: s.policy === "set" ? "false" : isList(s.policy) ? "[]" : "null" };
});

const SINGLE_KEYS: readonly string[] = SLOTS.filter((s) => s.policy === "claim" || s.policy === "first").map((s) => s.key);
const APPEND_KEYS: readonly string[] = SLOTS.filter((s) => s.policy === "append").map((s) => s.key);
const DISTINCT_KEYS: readonly string[] = SLOTS.filter((s) => s.policy === "distinct").map((s) => s.key);
const SET_KEYS: readonly string[] = SLOTS.filter((s) => s.policy === "set").map((s) => s.key);

/**
 * Merges one stage's action slots into `out` (the stages come in pipeline order): a single value
 * from the first stage that set it, lists concatenated (without repeats for `distinct`), yes/no on
 * when any stage turned it on. `out`'s lists are its own; `from` is not modified.
 */
export function mergeSlotsInto(out: TDecisionSlots, from: TDecisionSlots): void {
  const o = out as unknown as Record<string, unknown>;
  const f = from as unknown as Record<string, unknown>;
  for (let i = 0; i < SINGLE_KEYS.length; i++) {
    const k = SINGLE_KEYS[i]!;
    if (o[k] === null) o[k] = f[k];
  }
  for (let i = 0; i < SET_KEYS.length; i++) {
    const k = SET_KEYS[i]!;
    if (f[k] === true) o[k] = true;
  }
  for (let i = 0; i < APPEND_KEYS.length; i++) {
    const to = o[APPEND_KEYS[i]!] as unknown[];
    const add = f[APPEND_KEYS[i]!] as readonly unknown[];
    for (let j = 0; j < add.length; j++) to.push(add[j]);
  }
  for (let i = 0; i < DISTINCT_KEYS.length; i++) {
    const to = o[DISTINCT_KEYS[i]!] as string[];
    const add = f[DISTINCT_KEYS[i]!] as readonly string[];
    for (let j = 0; j < add.length; j++) if (!to.includes(add[j]!)) to.push(add[j]!);
  }
}

/** A pair of action kinds that cannot both take effect, with the conflict reported at equal priority. */
export interface Contradiction {
  kinds: readonly [TActionKind, TActionKind];
  subject: string;
  message: string;
}

/** Every contradiction the registry declares (each pair once, as the kind that declares it lists it). */
export const CONTRADICTING_ACTIONS: readonly Contradiction[] = ACTION_KINDS.flatMap((kind) =>
  (actionEffect(kind).contradicts ?? []).map((c): Contradiction => ({ kinds: [kind, c.kind], subject: c.subject, message: c.message })),
);

/** The contradiction between two action kinds, if any. */
export function contradictionBetween(a: string, b: string): Contradiction | null {
  for (const c of CONTRADICTING_ACTIONS) {
    const [x, y] = c.kinds;
    if ((a === x && b === y) || (a === y && b === x)) return c;
  }
  return null;
}

/** Kinds each kind contradicts (either side of a pair). */
export const CONTRADICTED_BY: Readonly<Record<TActionKind, readonly TActionKind[]>> = Object.fromEntries(
  ACTION_KINDS.map((k) => [k, CONTRADICTING_ACTIONS.flatMap((c) => (c.kinds[0] === k ? [c.kinds[1]] : c.kinds[1] === k ? [c.kinds[0]] : []))]),
) as unknown as Record<TActionKind, readonly TActionKind[]>;

/** Action kinds that set one value of the decision; two rules setting different values disagree. */
export const SINGLE_VALUED_ACTIONS: Readonly<Partial<Record<TActionKind, { subject: string; clash: ClashCheck }>>> = Object.fromEntries(
  ACTION_KINDS.flatMap((k) => {
    const r = actionEffect(k).reduce;
    return r.policy === "claim" ? [[k, { subject: r.subject, clash: r.clash }]] : [];
  }),
);

/** The subjects single-valued actions disagree on (warehouse, channel, …). */
export const SINGLE_VALUED_SUBJECTS: ReadonlySet<string> = new Set(Object.values(SINGLE_VALUED_ACTIONS).map((s) => s!.subject));

/** Action kinds whose evaluation needs the buyers' open orders (merge rules). */
export const KINDS_NEEDING_BUYER_ORDERS: readonly TActionKind[] = ACTION_KINDS.filter((k) => actionEffect(k).needs?.includes("buyerOpenOrders"));

/** Kinds in the order screens list their effects (the simulator's change kinds, the decision view). */
export const KINDS_BY_RANK: readonly TActionKind[] = [...ACTION_KINDS].sort((a, b) => actionEffect(a).outcome.rank - actionEffect(b).outcome.rank);

/** A decision's action slots as rows [label, text], in screen order: what the Test panel and traces show. */
export function decisionRows(slots: TDecisionSlots, names: NameLookup): [string, string][] {
  const s = slots as unknown as Record<string, unknown>;
  return KINDS_BY_RANK.flatMap((k) => {
    const e = actionEffect(k);
    return e.show(s[e.slot.key], names);
  });
}
