import { describe, expect, it } from "vitest";
import { EMPTY_SLOT_LITERALS } from "@/rules-schema/actions/decision-slots";
import { type TDecision, ZDecision } from "@/rules-schema/evaluate/decision-schema";
import { decisionInWords, differencePath, differenceValue, initialStageIndex, lookupOf, replayBanner } from "./decision-detail";

/** A decision that decided nothing, with `patch` on top. */
function decision(patch: Record<string, unknown> = {}): TDecision {
  const empty = Object.fromEntries(EMPTY_SLOT_LITERALS.map((s) => [s.key, JSON.parse(s.literal) as unknown]));
  return ZDecision.parse({ ...empty, actions: [], firedRules: [], usedFallback: false, conflicts: [], ...patch });
}

const names = { warehouses: { w1: "Shenzhen DC" }, channels: { c1: "YunExpress Global" }, stores: {} };
const lookup = lookupOf(names, (id) => `(${id})`);

describe("decision in words", () => {
  it("names warehouse and channel and lists holds with their reasons", () => {
    const d = decision({ warehouseId: "w1", channelId: "c1", holds: [{ reason: "Invalid shipping address", ruleName: "rule:hold-address" }], firedRules: ["rule:hold-address"] });
    const rows = decisionInWords(d, lookup);
    const text = rows.map(([k, v]) => `${k}: ${v}`).join("\n");
    expect(text).toContain("Shenzhen DC");
    expect(text).toContain("YunExpress Global");
    expect(text).toContain("Invalid shipping address");
  });

  it("has no rows for a decision that decided nothing, or none at all", () => {
    expect(decisionInWords(decision(), lookup)).toEqual([]);
    expect(decisionInWords(null, lookup)).toEqual([]);
  });

  it("falls back to the master data's names for ids the decision's names lack", () => {
    expect(lookup.warehouse("w2")).toBe("(w2)");
    expect(lookup.channel("c1")).toBe("YunExpress Global");
  });
});

describe("replay banner", () => {
  it("is quiet when the decision came out the same, saying where the trace comes from", () => {
    const b = replayBanner({ status: "reproduced", reason: null, differences: [], traceSource: "replayed" });
    expect(b.tone).toBe("reproduced");
    expect(b.title).toBe("Re-evaluated from the stored order, versions and master data: same decision.");
    expect(b.detail).toContain("re-evaluation");
  });

  it("warns with the number of differences", () => {
    const b = replayBanner({ status: "differs", reason: null, differences: [{ path: "decision.warehouseId", stored: "w1", now: "w2" }], traceSource: "stored" });
    expect(b.tone).toBe("warn");
    expect(b.title).toContain("differently now (1 difference)");
  });

  it("says why it could not re-evaluate", () => {
    expect(replayBanner({ status: "unavailable", reason: "Version 2 of “Warehouses” no longer exists.", differences: [], traceSource: "none" })).toEqual({
      tone: "muted",
      title: "This decision could not be re-evaluated.",
      detail: "Version 2 of “Warehouses” no longer exists.",
    });
  });
});

describe("differences", () => {
  const nameOf = (id: string) => (id === "w1" ? "Shenzhen DC" : id);
  it("shows values short, ids by name", () => {
    expect(differenceValue("w1", nameOf)).toBe("Shenzhen DC");
    expect(differenceValue(null, nameOf)).toBe("none");
    expect(differenceValue(undefined, nameOf)).toBe("nothing");
    expect(differenceValue([], nameOf)).toBe("none");
    expect(differenceValue(["w1", "x"], nameOf)).toBe("Shenzhen DC, x");
    expect(differenceValue(3, nameOf)).toBe("3");
    expect(differenceValue({ reason: "a".repeat(200) }, nameOf, 20)).toHaveLength(20);
  });

  it("names the stage a path is in", () => {
    const stages = [
      { rulesetName: "Address check", version: 1 },
      { rulesetName: "Warehouses", version: 3 },
    ];
    expect(differencePath("stages[1].decision.warehouseId", stages)).toBe("Warehouses v3 · warehouseId");
    expect(differencePath("stages.0.decision", stages)).toBe("Address check v1");
    expect(differencePath("stages[7].decision.holds[0].reason", stages)).toBe("Stage 8 · holds[0].reason");
    expect(differencePath("decision.channelId", stages)).toBe("Decision · channelId");
    expect(differencePath("other", stages)).toBe("other");
  });
});

describe("the stage a decision opens on", () => {
  const stages = [
    { decision: decision() },
    { decision: decision({ holds: [{ reason: "Waiting for SKU pairing", ruleName: "rule:h" }], firedRules: ["rule:h"] }) },
    { decision: decision({ warehouseId: "w1", firedRules: ["rule:w"] }) },
    { decision: decision({ intercept: { reason: "Buyer requested cancellation", ruleName: "rule:i" }, firedRules: ["rule:i"] }) },
  ];
  it("opens on the stage that gave the status", () => {
    expect(initialStageIndex(stages, "intercepted")).toBe(3);
    expect(initialStageIndex(stages, "held")).toBe(1);
  });
  it("else on the first stage whose rules fired, else the first", () => {
    expect(initialStageIndex(stages, "routed")).toBe(1);
    expect(initialStageIndex([{ decision: decision() }, { decision: null }], "undecided")).toBe(0);
    expect(initialStageIndex([], "routed")).toBe(0);
  });
});
