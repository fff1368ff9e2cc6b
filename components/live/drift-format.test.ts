import { describe, expect, it } from "vitest";
import { categoryLabel, driftOrder, pct, statisticText } from "./drift-format";

const names = { warehouses: { w1: "Los Angeles" }, channels: { c1: "USPS" }, stores: {} };

describe("drift formatting", () => {
  it("says the statistic in points of orders with its threshold", () => {
    expect(statisticText({ statistic: "tvd", value: 0.1824, threshold: 0.1 })).toBe("18.2 points of orders distributed differently (flagged from 10 points)");
    expect(statisticText({ statistic: "maxShareDifference", value: 0.06, threshold: 0.05 })).toBe("a hold reason's share differs by 6 points (flagged from 5 points)");
  });
  it("names categories", () => {
    expect(categoryLabel("warehouse", "w1", names)).toBe("Los Angeles");
    expect(categoryLabel("warehouse", "", names)).toBe("None");
    expect(categoryLabel("channel", "zz", names)).toBe("zz");
    expect(categoryLabel("deadline", "late", names)).toBe("Late");
    expect(categoryLabel("hold", "address check", names)).toBe("address check");
  });
  it("puts flagged versions first and keeps the order otherwise", () => {
    const v = (rulesetName: string, flagged: boolean) => ({ rulesetName, flagged }) as never;
    expect(driftOrder([v("a", false), v("b", true), v("c", false)]).map((x: { rulesetName: string }) => x.rulesetName)).toEqual(["b", "a", "c"]);
    expect(pct(0.1234)).toBe("12.3%");
  });
});
