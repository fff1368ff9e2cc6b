import { describe, expect, it } from "vitest";
import { OTHER_KEY, comparisonRows, ruleHitRows } from "./comparison-rows";

const names: Record<string, string> = { "wh-la": "Los Angeles 3PL", "wh-sz": "Shenzhen main", "wh-nj": "New Jersey" };
const nameOf = (id: string) => names[id] ?? id;

describe("comparisonRows", () => {
  it("names both sides' keys, largest first, with the candidate's change", () => {
    expect(comparisonRows({ "wh-sz": 900, "wh-la": 100 }, { "wh-sz": 600, "wh-la": 400 }, nameOf)).toEqual([
      { key: "wh-sz", name: "Shenzhen main", baseline: 900, candidate: 600, delta: -300 },
      { key: "wh-la", name: "Los Angeles 3PL", baseline: 100, candidate: 400, delta: 300 },
    ]);
  });

  it.each([
    ["a key only the candidate has", {}, { "wh-nj": 5 }, [{ key: "wh-nj", baseline: 0, candidate: 5 }]],
    ["a key only the baseline has", { "wh-nj": 5 }, {}, [{ key: "wh-nj", baseline: 5, candidate: 0 }]],
    ["zero on both sides (left out)", { "wh-nj": 0 }, { "wh-nj": 0 }, []],
  ])("%s", (_name, baseline, candidate, expected) => {
    expect(comparisonRows(baseline, candidate, nameOf).map(({ key, baseline: b, candidate: c }) => ({ key, baseline: b, candidate: c }))).toEqual(expected);
  });

  it('calls the "" key None (or what the chart calls it) and an unknown id by its id', () => {
    expect(comparisonRows({ "": 3, "wh-gone": 2 }, { "": 1 }, nameOf).map((r) => r.name)).toEqual(["None", "wh-gone"]);
    expect(comparisonRows({ "": 3 }, {}, nameOf, Infinity, "No warehouse").map((r) => r.name)).toEqual(["No warehouse"]);
  });

  it("adds up what is beyond the limit into one Other row, keeping both totals", () => {
    const baseline = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 10 - i]));
    const candidate = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 20 - i]));
    const rows = comparisonRows(baseline, candidate, (k) => k, 4);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ key: OTHER_KEY, name: "Other (5)" });
    const sum = (xs: Record<string, number>) => Object.values(xs).reduce((a, b) => a + b, 0);
    expect(rows.reduce((s, r) => s + r.baseline, 0)).toBe(sum(baseline));
    expect(rows.reduce((s, r) => s + r.candidate, 0)).toBe(sum(candidate));
  });
});

describe("ruleHitRows", () => {
  it("lists the candidate's rules by hits (never-fired ones with 0), the baseline's hits where it has the rule, then rules the candidate dropped", () => {
    const baselineRules = new Set(["rule:a", "rule:b", "rule:old", "rule:idle"]);
    expect(ruleHitRows({ "rule:a": 5, "rule:b": 40 }, ["rule:new", "rule:idle"], { "rule:a": 7, "rule:b": 40, "rule:old": 12 }, baselineRules)).toEqual([
      { rule: "rule:b", candidate: 40, baseline: 40 },
      { rule: "rule:a", candidate: 5, baseline: 7 },
      { rule: "rule:idle", candidate: 0, baseline: 0 },
      { rule: "rule:new", candidate: 0, baseline: null },
      { rule: "rule:old", candidate: null, baseline: 12 },
    ]);
  });

  it("counts a baseline rule that never fired as 0 once the baseline's rules are known, and as unknown before", () => {
    expect(ruleHitRows({ "rule:a": 3 }, [], {}, new Set(["rule:a"]))).toEqual([{ rule: "rule:a", candidate: 3, baseline: 0 }]);
    expect(ruleHitRows({ "rule:a": 3 }, [], {}, null)).toEqual([{ rule: "rule:a", candidate: 3, baseline: null }]);
  });

  it("lists a baseline rule that never fired and that the candidate dropped", () => {
    expect(ruleHitRows({}, ["rule:a"], {}, new Set(["rule:gone"]))).toEqual([
      { rule: "rule:a", candidate: 0, baseline: null },
      { rule: "rule:gone", candidate: null, baseline: 0 },
    ]);
  });

  it("has no baseline values when nothing is compared against", () => {
    expect(ruleHitRows({ "rule:a": 1 }, [], null, null)).toEqual([{ rule: "rule:a", candidate: 1, baseline: null }]);
  });
});
