import { describe, expect, it } from "vitest";
import { evaluate } from "@/rules-schema/evaluate/evaluate";
import { compileGraph } from "@/rules-schema/compile/compile-graph";
import { outcomeOf } from "@/rules-schema/suites/run-suite";
import { GraphBuilder, cond, makeContext, makeOrder } from "@/rules-schema/testing/factories";
import {
  analysisNote,
  caseNameOf,
  findingLabel,
  coverageItems,
  defaultCheckedFields,
  expectFieldsFor,
  expectationOf,
  expectationRows,
  fieldPathText,
  nodeIdOfRule,
  outcomeValueText,
  parseSuiteFile,
  runSummary,
  suiteFileName,
} from "./suite-format";

const names = (id: string) => ({ "wh-la": "Los Angeles 3PL (LAX)", "ch-usps": "USPS Ground (USPS)" })[id] ?? id;

describe("expected outcomes in words", () => {
  it("offers `decided` and only the fields of actions the stage allows", () => {
    const wh = expectFieldsFor("warehouseMatching").map((f) => f.key);
    expect(wh[0]).toBe("decided");
    expect(wh).toContain("warehouseId");
    expect(wh).toContain("holds");
    expect(wh).not.toContain("channelId");
    expect(wh).not.toContain("push");
    expect(expectFieldsFor("logisticsMatching").map((f) => f.key)).toContain("channelId");
  });

  it("names warehouses and channels, says yes / no / none, lists holds and tags", () => {
    expect(outcomeValueText("warehouseId", "wh-la", names)).toBe("Los Angeles 3PL (LAX)");
    expect(outcomeValueText("channelId", null, names)).toBe("None");
    expect(outcomeValueText("holds", ["Check address", "Unpaired SKU"], names)).toBe("Check address, Unpaired SKU");
    expect(outcomeValueText("tags", [], names)).toBe("none");
    expect(outcomeValueText("split", true, names)).toBe("yes");
    expect(outcomeValueText("intercept", false, names)).toBe("no");
    expect(outcomeValueText("decided", false, names)).toBe("no (no rule decides)");
    expect(outcomeValueText("decided", true, names)).toBe("yes");
    expect(outcomeValueText("priority", null, names)).toBe("none");
    expect(outcomeValueText("customs", { declaredValue: 12.5, currency: "USD", hsCodes: ["392690"], missingHsCode: 0 }, names)).toContain("392690");
  });

  it("lists a case's expectations in screen order, with labels", () => {
    expect(expectationRows({ holds: [], warehouseId: "wh-la", decided: true }, names)).toEqual([
      ["Decided", "yes"],
      ["Warehouse", "Los Angeles 3PL (LAX)"],
      ["Holds", "none"],
    ]);
  });
});

describe("saving a decision as a case", () => {
  const ctx = makeContext();
  const wh = ctx.warehouses[0]!.id;
  function decide(country: string) {
    const b = new GraphBuilder("warehouseMatching", "first");
    const us = b.add("condition", cond("country", "equal", "US"));
    b.link("start", us, "next");
    b.link(us, b.add("assignWarehouse", { warehouseId: wh, priority: 100 }), "true");
    const c = compileGraph(b.build(), { context: ctx });
    if (!c.ok) throw new Error("does not compile");
    return outcomeOf(evaluate(c.compiled, makeOrder({ shippingAddress: { country } }), ctx).decision);
  }

  it("checks the fields the decision set, or `decided` alone when it set none", () => {
    const us = decide("US");
    expect(defaultCheckedFields(us, "warehouseMatching")).toEqual(["warehouseId"]);
    expect(expectationOf(us, ["warehouseId"])).toEqual({ warehouseId: wh });
    const de = decide("DE");
    expect(defaultCheckedFields(de, "warehouseMatching")).toEqual(["decided"]);
    expect(expectationOf(de, ["decided", "holds"])).toEqual({ decided: false, holds: [] });
  });

  it("names the case by the platform's order number, else the id", () => {
    expect(caseNameOf({ id: "shop-1:#1001", externalId: "#1001" })).toBe("#1001");
    expect(caseNameOf({ id: "sample-1", externalId: "" })).toBe("sample-1");
  });
});

describe("coverage", () => {
  it("finds the node of an action's rule and of a decision table row, node ids with ':' included", () => {
    const ids = ["start", "n7", "tbl", "a:b"];
    expect(nodeIdOfRule("rule:n7", ids)).toBe("n7");
    expect(nodeIdOfRule("rule:tbl:r3", ids)).toBe("tbl");
    expect(nodeIdOfRule("rule:tbl:r3:c1", ids)).toBe("tbl");
    expect(nodeIdOfRule("rule:a:b", ids)).toBe("a:b");
    expect(nodeIdOfRule("rule:gone", ids)).toBeNull();
    expect(nodeIdOfRule("n7", ids)).toBeNull();
  });

  it("shows rules by their titles on the canvas, the rule name when the node is gone", () => {
    const titles = new Map([
      ["rule:n7", { title: "Ship from LA" }],
      ["rule:tbl:r3", { title: "Channel matrix · Row 2" }],
    ]);
    expect(coverageItems(["rule:n7", "rule:tbl:r3", "rule:gone"], titles, ["n7", "tbl"])).toEqual([
      { ruleName: "rule:n7", title: "Ship from LA", nodeId: "n7" },
      { ruleName: "rule:tbl:r3", title: "Channel matrix · Row 2", nodeId: "tbl" },
      { ruleName: "rule:gone", title: "rule:gone", nodeId: null },
    ]);
  });

  it("sums a run up", () => {
    expect(runSummary({ total: 13, passed: 12 })).toBe("12 of 13 pass");
    expect(runSummary({ total: 3, passed: 3 })).toBe("All 3 cases pass");
    expect(runSummary({ total: 1, passed: 1 })).toBe("The case passes");
    expect(runSummary({ total: 0, passed: 0 })).toBe("No cases to run");
  });
});

describe("suite files", () => {
  it("names the file after the ruleset", () => {
    expect(suiteFileName("EU warehouses")).toBe("EU warehouses.suite.json");
    expect(suiteFileName("a/b: c")).toBe("a-b- c.suite.json");
    expect(suiteFileName("  ")).toBe("ruleset.suite.json");
  });

  it("parses JSON with a byte-order mark and says what is wrong otherwise", () => {
    expect(parseSuiteFile('\uFEFF{"format":"switchyard.suite/v1"}')).toEqual({ ok: true, value: { format: "switchyard.suite/v1" } });
    expect(parseSuiteFile("")).toEqual({ ok: false, message: "The file is empty." });
    const bad = parseSuiteFile("{ nope");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^The file is not valid JSON/);
  });

  it("puts server field paths in words, naming the imported case", () => {
    const cases = [{ id: "us", name: "US held" }, { id: "de" }];
    expect(fieldPathText("suite.cases.0.order.lines.0.quantity", cases)).toBe("Case 1 (“US held”) › order › lines › 1 › quantity");
    expect(fieldPathText("suite.cases.1.expect", cases)).toBe("Case 2 (de) › fields to check");
    expect(fieldPathText("suite.format")).toBe("Format");
    expect(fieldPathText("expect")).toBe("Fields to check");
    expect(fieldPathText("key")).toBe("Case id");
    expect(fieldPathText("order.shippingAddress.country")).toBe("order › shippingAddress › country");
    expect(fieldPathText("_")).toBe("The file");
  });
});

describe("the analysis's limits", () => {
  it("says how many rules were not analysed and why, and which questions were left open", () => {
    const note = analysisNote(
      {
        notAnalysed: [
          { ruleName: "rule:la", nodeIds: ["la"], reasons: ["“In stock at warehouse” depends on master data the analysis does not model"] },
          { ruleName: "rule:zip", nodeIds: ["zip"], reasons: ["postal-code ranges are not modelled"] },
          { ruleName: "rule:msg", nodeIds: ["msg"], reasons: ["“Buyer message contains” is not modelled"] },
        ],
        incomplete: ["whether every order gets a warehouse"],
      },
      (n) => (n === "rule:la" ? "Ship from LA" : n),
    );
    expect(note?.text).toBe(
      "3 rules use conditions the analysis does not model (In stock at warehouse, postal-code ranges…): findings about them may be missing. 1 question was left unanswered (work budget, or no example order could be built): not analysed.",
    );
    expect(note?.rules[0]).toEqual({ ruleName: "rule:la", title: "Ship from LA", nodeIds: ["la"], reasons: ["“In stock at warehouse” depends on master data the analysis does not model"] });
    expect(note?.questions).toEqual(["whether every order gets a warehouse"]);
  });

  it("names each kind of finding on its badge", () => {
    expect(["ruleOverlap", "shadowedRule", "deadRule", "channelExcludesRule", "ruleGap", "unreachable"].map(findingLabel)).toEqual([
      "overlap",
      "never decides",
      "never matches",
      "channel refuses",
      "gap",
      "warning",
    ]);
  });

  it("says nothing when everything was analysed", () => {
    expect(analysisNote({ notAnalysed: [], incomplete: [] }, String)).toBeNull();
    expect(analysisNote(null, String)).toBeNull();
  });
});
