import type { Formula, RuleSpace } from "./rule-space";

/** Three-valued truth: 0 false, 1 true, 2 not known yet (a variable it reads is unassigned). */
type T3 = 0 | 1 | 2;
const UNSET = Symbol("unset");
export type Assignment = unknown[];

/** Truth of `f` under a partial assignment; shared sub-formulas (a DAG) are evaluated once per call. */
export function evaluate3(f: Formula, space: RuleSpace, values: Assignment, memo: Map<Formula, T3> = new Map()): T3 {
  if (f.k === "and" || f.k === "or" || f.k === "not") {
    const hit = memo.get(f);
    if (hit !== undefined) return hit;
    const r = compound(f, space, values, memo);
    memo.set(f, r);
    return r;
  }
  switch (f.k) {
    case "const":
      return f.v ? 1 : 0;
    case "atom": {
      const atom = space.atoms[f.a]!;
      const v = values[atom.v];
      if (v === UNSET) return 2;
      return atom.test(v) ? 1 : 0;
    }
  }
}

function compound(f: Formula & { k: "and" | "or" | "not" }, space: RuleSpace, values: Assignment, memo: Map<Formula, T3>): T3 {
  if (f.k === "not") {
    const r = evaluate3(f.x, space, values, memo);
    return r === 2 ? 2 : r === 1 ? 0 : 1;
  }
  if (f.k === "and") {
    let r: T3 = 1;
    for (const x of f.xs) {
      const t = evaluate3(x, space, values, memo);
      if (t === 0) return 0;
      if (t === 2) r = 2;
    }
    return r;
  }
  let r: T3 = 0;
  for (const x of f.xs) {
    const t = evaluate3(x, space, values, memo);
    if (t === 1) return 1;
    if (t === 2) r = 2;
  }
  return r;
}

function varsOf(f: Formula, space: RuleSpace, counts: Map<number, number>, seen = new Set<Formula>()): void {
  if (seen.has(f)) return;
  seen.add(f);
  switch (f.k) {
    case "atom": {
      const v = space.atoms[f.a]!.v;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      return;
    }
    case "not":
      return varsOf(f.x, space, counts, seen);
    case "and":
    case "or":
      for (const x of f.xs) varsOf(x, space, counts, seen);
      return;
    default:
      return;
  }
}

/** Shared work allowance of one analysis, in formula parts evaluated; past it, questions answer "unknown". */
export class Budget {
  used = 0;
  constructor(readonly limit: number) {}
  get exhausted() {
    return this.used >= this.limit;
  }
}

export class BudgetExceeded extends Error {}

/**
 * Assignments that make `goal` true, found by depth-first search over the variables it reads
 * (most-read first), pruning every branch where the goal is already false. An assignment leaves
 * unassigned (UNSET → undefined) the variables the goal no longer depends on. Throws BudgetExceeded
 * when the budget runs out before the search ends.
 */
export function* solutions(goal: Formula, space: RuleSpace, budget: Budget): Generator<Map<number, unknown>> {
  const counts = new Map<number, number>();
  const seen = new Set<Formula>();
  varsOf(goal, space, counts, seen);
  // Each step evaluates the goal once: it costs about as many units as the goal has parts.
  const cost = Math.max(1, seen.size);
  const order = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const values: Assignment = space.vars.map(() => UNSET);
  function* go(i: number): Generator<Map<number, unknown>> {
    budget.used += cost;
    if (budget.used > budget.limit) throw new BudgetExceeded();
    const r = evaluate3(goal, space, values);
    if (r === 0) return;
    if (r === 1) {
      const m = new Map<number, unknown>();
      for (let k = 0; k < i; k++) m.set(order[k]!, values[order[k]!]);
      yield m;
      return;
    }
    if (i >= order.length) return;
    const v = order[i]!;
    for (const rep of space.vars[v]!.reps) {
      values[v] = rep;
      yield* go(i + 1);
    }
    values[v] = UNSET;
  }
  yield* go(0);
}

/** A scratch assignment per space, all UNSET between calls (satisfiable() restores what it sets). */
const scratch = new WeakMap<RuleSpace, Assignment>();

/**
 * True, false, or "unknown" when the budget ran out. The same search as `solutions`, without a
 * generator or allocations per step: the analysis asks many small questions (every pair of rows
 * that might overlap), and this is most of its time.
 */
export function satisfiable(goal: Formula, space: RuleSpace, budget: Budget): boolean | "unknown" {
  const counts = new Map<number, number>();
  const seen = new Set<Formula>();
  varsOf(goal, space, counts, seen);
  const cost = Math.max(1, seen.size);
  const order = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  let values = scratch.get(space);
  if (!values || values.length !== space.vars.length) {
    values = space.vars.map(() => UNSET);
    scratch.set(space, values);
  }
  const vals = values;
  let out: boolean | "unknown" = false;
  const go = (i: number): boolean => {
    budget.used += cost;
    if (budget.used > budget.limit) {
      out = "unknown";
      return true;
    }
    const r = evaluate3(goal, space, vals);
    if (r === 0) return false;
    if (r === 1) {
      out = true;
      return true;
    }
    if (i >= order.length) return false;
    const v = order[i]!;
    const reps = space.vars[v]!.reps;
    for (let k = 0; k < reps.length; k++) {
      vals[v] = reps[k];
      if (go(i + 1)) {
        vals[v] = UNSET;
        return true;
      }
    }
    vals[v] = UNSET;
    return false;
  };
  go(0);
  return out;
}
