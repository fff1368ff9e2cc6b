import { describe, expect, it } from "vitest";
import type { TTelemetry } from "@/server/schemas/live-schemas";
import { OTHER_KEY, errorRows, ruleTitleParts, idLabel, orderRules, orderVersions, sparkHeights, stackSeries, statusSeries, telemetryInput } from "./telemetry-series";

const NOW = Date.parse("2026-12-03T12:00:00.000Z");
const at = (h: number) => new Date(Date.UTC(2026, 11, 3, h)).toISOString();

describe("telemetry input", () => {
  it("asks for hours over 24 hours and days over 7 and 30, with the browser's offset", () => {
    expect(telemetryInput("24h", "", NOW, 60)).toEqual({ from: "2026-12-02T12:00:00.000Z", to: "2026-12-03T12:00:00.000Z", granularity: "hour", utcOffsetMinutes: 60 });
    expect(telemetryInput("7d", "rs1", NOW, -300)).toEqual({ from: "2026-11-26T12:00:00.000Z", to: "2026-12-03T12:00:00.000Z", granularity: "day", rulesetId: "rs1", utcOffsetMinutes: -300 });
    expect(telemetryInput("30d", "", NOW, 0).from).toBe("2026-11-03T12:00:00.000Z");
  });
});

describe("stacked series", () => {
  const series: { at: string; values: Record<string, number> }[] = [
    { at: at(0), values: { a: 5, b: 1, c: 1, "": 2 } },
    { at: at(1), values: { a: 1, d: 3, e: 1 } },
    { at: at(2), values: {} },
  ];

  it("keeps every key when they fit, biggest first, with a row per bucket", () => {
    const s = stackSeries(series, "hour", (k) => k || "None");
    expect(s.keys.map((k) => [k.key, k.total])).toEqual([
      ["a", 6],
      ["d", 3],
      ["", 2],
      ["b", 1],
      ["c", 1],
      ["e", 1],
    ]);
    expect(s.total).toBe(14);
    expect(s.rows).toHaveLength(3);
    expect(s.keys.map((k) => k.dataKey)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5"]);
    expect(s.rows[0]).toMatchObject({ s0: 5, s1: 0, s2: 2, s3: 1 });
    expect(s.rows[2]).toMatchObject({ at: at(2), s0: 0, s1: 0 });
    expect(typeof s.rows[0]!.label).toBe("string");
  });

  it("adds the smallest keys up as Other, which takes the last place of the top", () => {
    const s = stackSeries(series, "hour", (k) => k || "None", { top: 3 });
    expect(s.keys.map((k) => k.key)).toEqual(["a", "d", OTHER_KEY]);
    expect(s.keys[2]).toMatchObject({ label: "Other (4)", total: 5 });
    expect(s.rows[0]).toMatchObject({ s0: 5, s1: 0, other: 4 });
    expect(s.rows[1]).toMatchObject({ s0: 1, s1: 3, other: 1 });
    // Every order is still counted.
    const sum = s.rows.reduce((t, r) => t + s.keys.reduce((u, k) => u + (r[k.dataKey] as number), 0), 0);
    expect(sum).toBe(14);
  });

  it("lists statuses in their rank order with their own colours", () => {
    const s = statusSeries([{ at: at(0), values: { routed: 10, held: 2, intercepted: 1 } }], "day");
    expect(s.keys.map((k) => k.label)).toEqual(["Intercepted", "Held", "Routed"]);
    expect(s.keys[0]!.colour).toBe("#f04438");
  });

  it("names warehouses and channels, and none as None", () => {
    const label = idLabel({ w1: "Shenzhen" }, "No warehouse");
    expect(label("w1")).toBe("Shenzhen");
    expect(label("")).toBe("No warehouse");
    expect(label("gone")).toBe("gone");
  });
});

describe("sparklines, versions, rules and errors", () => {
  it("scales sparkline bars to the highest bucket, a bar with hits at least 1 px", () => {
    expect(sparkHeights([0, 0], 20)).toEqual([0, 0]);
    expect(sparkHeights([1, 100, 50, 0], 20)).toEqual([1, 20, 10, 0]);
  });

  const version = (rulesetName: string, published: boolean): TTelemetry["versions"][number] => ({
    stage: "warehouseMatching",
    rulesetId: rulesetName,
    rulesetName,
    version: 1,
    published,
    publishedAt: null,
    orders: 0,
    rules: [],
  });

  it("lists live versions first, keeping the pipeline order within each group", () => {
    expect(orderVersions([version("a", false), version("b", true), version("c", false), version("d", true)]).map((v) => v.rulesetName)).toEqual(["b", "d", "a", "c"]);
  });

  it("lists the most fired rules first", () => {
    const rule = (name: string, hits: number) => ({ name, title: name, hits, share: 0, lastFiredAt: null, series: [], neverFiredSincePublish: hits === 0 });
    expect(orderRules([rule("x", 0), rule("y", 5), rule("z", 9), rule("w", 0)]).map((r) => r.name)).toEqual(["z", "y", "x", "w"]);
  });

  it("names error statuses, most first", () => {
    expect(errorRows({ "422": 2, "429": 7, "503": 0, "502": 1 })).toEqual([
      { status: "429", label: "rate limited", count: 7 },
      { status: "422", label: "order refused", count: 2 },
      { status: "502", label: "server error", count: 1 },
    ]);
  });
});

describe("rule titles", () => {
  it("reads the node's name and the table row out of the server's wording", () => {
    expect(ruleTitleParts("“Ship from Los Angeles 3PL (Ontario, CA)” (ship-from-1)")).toEqual({ text: "Ship from Los Angeles 3PL (Ontario, CA)", nodeId: "ship-from-1" });
    expect(ruleTitleParts("row 3 of “Channel matrix”")).toEqual({ text: "Channel matrix · Row 3", nodeId: null });
    expect(ruleTitleParts("rule:x")).toEqual({ text: "rule:x", nodeId: null });
  });
});
