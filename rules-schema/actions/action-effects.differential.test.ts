import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPILED_FORMAT, type TCompiledRuleset } from "../compile/compiled-schema";
import type { TDecision } from "../evaluate/decision-schema";
import { mergeDecisions } from "../evaluate/evaluate-pipeline";
import { reduceDecisions } from "../evaluate/reduce-decisions";
import { diffOutcomes } from "../simulate/create-simulator";
import type { TSideOutcome } from "../simulate/simulation-schema";
import { CHANNEL_IDS, WAREHOUSE_IDS } from "../testing/arbitraries";
import { type FrozenDecision, frozenDiffOutcomes, frozenMergeDecisions, frozenOutcomeFields, frozenReduceDecisions } from "../testing/frozen-decisions";
import { ACTION_KINDS } from "./action-effects";
import { CONTRADICTING_ACTIONS } from "./decision-slots";

/**
 * The registry-driven reduction, stage merge and outcome diff against a frozen copy of the code they
 * replaced (rules-schema/testing/frozen-decisions.ts): on random rulesets — every action kind of the
 * time, unknown event types, params of the wrong type, equal and different priorities, fallback rules,
 * both hit policies — they decide exactly as before. Fields of action kinds added since are left out
 * of the comparison (the frozen code does not know them).
 */

const FROZEN_KINDS = ["assignWarehouse", "assignChannel", "hold", "flag", "intercept", "splitPackage", "mergeOrders", "pushToWarehouse", "requestTracking", "addTag", "setPriority"] as const;
const FROZEN_FIELDS: readonly (keyof FrozenDecision)[] = [
  "warehouseId",
  "channelId",
  "holds",
  "flags",
  "intercept",
  "split",
  "merge",
  "pushToWarehouse",
  "requestTracking",
  "tags",
  "priorityLevel",
  "actions",
  "firedRules",
  "usedFallback",
  "conflicts",
];

const weird = fc.constantFrom<unknown>(null, 3, "", "x", true, [], {}, Number.NaN);
const paramsFor = (type: string): fc.Arbitrary<Record<string, unknown>> => {
  const value = (good: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: weird });
  switch (type) {
    case "assignWarehouse":
      return fc.record({ warehouseId: value(fc.constantFrom(...WAREHOUSE_IDS.slice(0, 3))) });
    case "assignChannel":
      return fc.record({ channelId: value(fc.constantFrom(...CHANNEL_IDS.slice(0, 3))) });
    case "hold":
    case "intercept":
      return fc.record({ reason: value(fc.constantFrom("Address check", "Fraud", "Stock")) }, { requiredKeys: [] });
    case "flag":
      return fc.record({ code: value(fc.constantFrom("risk", "vip", "late")) });
    case "addTag":
      return fc.record({ tag: value(fc.constantFrom("vip", "gift", "bulk")) });
    case "splitPackage":
      return fc.record(
        { strategy: value(fc.constantFrom("channelLimits", "maxWeight")), maxWeightGrams: value(fc.constantFrom(500, 2000)), channelId: value(fc.constantFrom(...CHANNEL_IDS.slice(0, 2))) },
        { requiredKeys: [] },
      );
    case "mergeOrders":
      return fc.record({ withinHours: value(fc.constantFrom(1, 24, 0.5)) }, { requiredKeys: [] });
    case "setPriority":
      return fc.record({ level: value(fc.constantFrom("low", "normal", "high", "urgent", "asap")) }, { requiredKeys: [] });
    default:
      return fc.record({ note: fc.string({ maxLength: 3 }) }, { requiredKeys: [] });
  }
};

const arbRule = fc
  .record({
    type: fc.oneof({ weight: 12, arbitrary: fc.constantFrom<string>(...FROZEN_KINDS) }, { weight: 1, arbitrary: fc.constantFrom("notAnAction", "constructor", "__proto__") }),
    priority: fc.constantFrom(2, 50, 100, 100, 200),
    fallback: fc.boolean(),
  })
  .chain((r) => paramsFor(r.type).map((params) => ({ ...r, params })));

const arbRuleset = fc.record({ hitPolicy: fc.constantFrom("first" as const, "all" as const), rules: fc.array(arbRule, { minLength: 0, maxLength: 9 }) }).map(({ hitPolicy, rules }): TCompiledRuleset => {
  // Rules in evaluation order: priority high to low, as the compiler emits them.
  const sorted = [...rules].sort((a, b) => b.priority - a.priority);
  return {
    format: COMPILED_FORMAT,
    stage: "autoProcessing",
    hitPolicy,
    rules: sorted.map((r, i) => ({ name: `r${i}`, priority: r.fallback ? 1 : r.priority, conditions: { all: [] }, event: { type: r.type, params: r.params } })),
    manifest: {
      contentHash: "0".repeat(64),
      rules: sorted.map((r, i) => ({ name: `r${i}`, nodeId: `n${i}`, actionKind: r.type, fallback: r.fallback, priority: r.priority, pathNodeIds: [], conditions: [] })),
    },
  } as TCompiledRuleset;
});

const arbMatched = (compiled: TCompiledRuleset) => fc.subarray(compiled.rules.map((_r, i) => i));

const frozenView = (d: TDecision): FrozenDecision => Object.fromEntries(FROZEN_FIELDS.map((k) => [k, d[k as keyof TDecision]])) as unknown as FrozenDecision;

/**
 * Two deliberate differences are evened out: conflicts of different subjects may come in another
 * order (the registry lists hold's contradiction first), and an action overridden by rules of two
 * different contradicting kinds now names the first of them to take effect (the highest priority;
 * the frozen code named the first in its list's order) — checked on its own below.
 */
const canonical = (d: FrozenDecision) => {
  const fired = new Set(d.actions.filter((a) => a.overriddenBy === undefined).map((a) => a.type));
  const ambiguous = (type: string) => CONTRADICTING_ACTIONS.filter((c) => c.kinds.includes(type as never) && fired.has(c.kinds[0] === type ? c.kinds[1] : c.kinds[0])).length > 1;
  return {
    ...d,
    actions: d.actions.map((a) => (a.overriddenBy !== undefined && ambiguous(a.type) ? { ...a, overriddenBy: "(a contradicting rule)" } : a)),
    conflicts: [...d.conflicts].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)),
  };
};

describe("action effects registry vs the frozen reduction", () => {
  it("declares the same contradictions as before (one list for the validator and the evaluator)", () => {
    const pairs = CONTRADICTING_ACTIONS.map((c) => [...c.kinds].sort().join("×") + `:${c.subject}`).sort();
    expect(pairs).toEqual(["assignChannel×intercept:intercept", "intercept×pushToWarehouse:intercept", "intercept×requestTracking:intercept", "hold×pushToWarehouse:hold"].sort());
    for (const k of FROZEN_KINDS) expect(ACTION_KINDS).toContain(k);
  });

  it("names the highest-priority contradicting rule when several override an action", () => {
    const rule = (name: string, type: string, priority: number) => ({ name, type, priority });
    const rules = [rule("hold-200", "hold", 200), rule("intercept-100", "intercept", 100), rule("push-2", "pushToWarehouse", 2)];
    const compiled = {
      format: COMPILED_FORMAT,
      stage: "autoProcessing",
      hitPolicy: "all",
      rules: rules.map((r) => ({ name: r.name, priority: r.priority, conditions: { all: [] }, event: { type: r.type, params: { reason: "x" } } })),
      manifest: { contentHash: "0".repeat(64), rules: rules.map((r, i) => ({ name: r.name, nodeId: `n${i}`, actionKind: r.type, fallback: false, priority: r.priority, pathNodeIds: [], conditions: [] })) },
    } as TCompiledRuleset;
    const d = reduceDecisions(compiled, [0, 1, 2]);
    expect(d.pushToWarehouse).toBe(false);
    expect(d.actions[2]!.overriddenBy).toBe("hold-200");
  });

  it("reduces matched rules to the same decision (property)", () => {
    fc.assert(
      fc.property(
        arbRuleset.chain((c) => arbMatched(c).map((m) => [c, m] as const)),
        ([compiled, matched]) => {
          const now = frozenView(reduceDecisions(compiled, matched));
          const then = frozenReduceDecisions(compiled, matched);
          expect(canonical(now)).toEqual(canonical(then));
          // The same conflicts, and in the same order whenever only one subject is involved.
          if (new Set(then.conflicts.map((c) => c.subject)).size <= 1) expect(now.conflicts).toEqual(then.conflicts);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("merges stages' decisions the same way (property)", () => {
    const arbStages = fc.array(
      arbRuleset.chain((c) => arbMatched(c).map((m) => [c, m] as const)),
      { minLength: 0, maxLength: 5 },
    );
    fc.assert(
      fc.property(arbStages, (stages) => {
        const decisions = stages.map(([c, m]) => reduceDecisions(c, m));
        const now = frozenView(mergeDecisions(decisions));
        const then = frozenMergeDecisions(stages.map(([c, m]) => frozenReduceDecisions(c, m)));
        expect(canonical(now)).toEqual(canonical(then));
      }),
      { numRuns: 500 },
    );
  });

  it("reports the same changes between two sides' outcomes (property)", () => {
    const arbSide = fc.tuple(fc.boolean(), arbRuleset.chain((c) => arbMatched(c).map((m) => [c, m] as const)));
    fc.assert(
      fc.property(arbSide, arbSide, ([bDecided, [bc, bm]], [cDecided, [cc, cm]]) => {
        const b = reduceDecisions(bc, bm);
        const c = reduceDecisions(cc, cm);
        const outcome = (decided: boolean, d: TDecision) => ({ ...frozenOutcomeFields(decided, frozenView(d)), customs: null }) as unknown as TSideOutcome;
        const now = diffOutcomes(outcome(bDecided, b), outcome(cDecided, c));
        const then = frozenDiffOutcomes(frozenOutcomeFields(bDecided, frozenView(b)), frozenOutcomeFields(cDecided, frozenView(c)));
        expect(now).toEqual(then);
      }),
      { numRuns: 1000 },
    );
  });
});
