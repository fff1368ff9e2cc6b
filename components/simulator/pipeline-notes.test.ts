import { describe, expect, it } from "vitest";
import { defaultIncludedDrafts, missingCostStages } from "./pipeline-notes";

const ruleset = (id: string, published: number | null, draft: { number: number; compiles: boolean } | null) => ({ id, name: id, published, draft: draft && { ...draft, status: "draft" } });

describe("which drafts a new simulation includes by default", () => {
  it("includes a compiling logistics draft when no logistics rules are live", () => {
    expect(
      defaultIncludedDrafts([
        { stage: "orderReview", rulesets: [] },
        { stage: "logisticsMatching", rulesets: [ruleset("broken", null, { number: 1, compiles: false }), ruleset("channels", null, { number: 2, compiles: true })] },
      ]),
    ).toEqual(["channels"]);
  });

  it("includes nothing when the stage has live rules, or the stage does not affect cost", () => {
    expect(defaultIncludedDrafts([{ stage: "logisticsMatching", rulesets: [ruleset("live", 3, { number: 4, compiles: true }), ruleset("other", null, { number: 1, compiles: true })] }])).toEqual([]);
    expect(defaultIncludedDrafts([{ stage: "autoProcessing", rulesets: [ruleset("auto", null, { number: 1, compiles: true })] }])).toEqual([]);
  });
});

describe("what a finished simulation could not show", () => {
  it("names the warehouse and logistics stages that ran nothing", () => {
    const entry = (stage: "warehouseMatching" | "logisticsMatching" | "autoProcessing", source: "published" | "draft" | "missing") => ({ stage, rulesetId: null, rulesetName: null, label: "", source });
    expect(missingCostStages([entry("warehouseMatching", "published"), entry("logisticsMatching", "missing"), entry("autoProcessing", "missing")])).toEqual(["logisticsMatching"]);
    expect(missingCostStages([entry("logisticsMatching", "draft")])).toEqual([]);
  });
});
