import { describe, expect, it } from "vitest";
import { cpuBetween } from "./measure-cpu";
import { PAGE_PROBE } from "./page-probe";
import { median, percentile } from "./stats";
import { summarizeCpuProfile } from "./summarize-cpu-profile";
import { summarizeTrace } from "./summarize-trace";

describe("page probe", () => {
  it("is valid JavaScript", () => {
    expect(() => new Function(PAGE_PROBE)).not.toThrow();
  });
});

describe("summarizeCpuProfile", () => {
  it("adds up self time per function, leaves idle out of the shares", () => {
    const cf = (functionName: string, url = "http://localhost:3000/_next/static/chunks/a.js") => ({ functionName, url, lineNumber: 0, columnNumber: 9 });
    const profile = {
      nodes: [
        { id: 1, callFrame: cf("(root)", "") },
        { id: 2, callFrame: cf("validate") },
        { id: 3, callFrame: cf("(idle)", "") },
      ],
      startTime: 0,
      endTime: 4_000,
      samples: [2, 2, 3, 2],
      timeDeltas: [0, 1_000, 1_000, 1_000],
    };
    const s = summarizeCpuProfile(profile);
    expect(s.totalMs).toBe(3);
    expect(s.idleMs).toBe(1);
    expect(s.rows).toEqual([{ name: "validate", where: "/_next/static/chunks/a.js:1:10", selfMs: 2, share: 1 }]);
  });
});

describe("summarizeTrace", () => {
  it("takes the busiest renderer main thread and subtracts nested events from their parents", () => {
    const main = { pid: 1, tid: 7 };
    const trace = {
      traceEvents: [
        { name: "thread_name", ph: "M", ts: 0, ...main, args: { name: "CrRendererMain" } },
        { name: "thread_name", ph: "M", ts: 0, pid: 1, tid: 8, args: { name: "Compositor" } },
        { name: "FunctionCall", ph: "X", ts: 1_000, dur: 10_000, ...main },
        { name: "Layout", ph: "X", ts: 2_000, dur: 3_000, ...main },
        { name: "Paint", ph: "B", ts: 20_000, ...main },
        { name: "Paint", ph: "E", ts: 22_000, ...main },
        { name: "RasterTask", ph: "X", ts: 0, dur: 50_000, pid: 1, tid: 8 },
      ],
    };
    const s = summarizeTrace(JSON.stringify(trace));
    expect(s.busyMs).toBe(12);
    expect(s.groups).toMatchObject({ scripting: 7, layout: 3, paint: 2 });
    expect(s.rows.map((r) => [r.name, r.selfMs])).toEqual([
      ["FunctionCall", 7],
      ["Layout", 3],
      ["Paint", 2],
    ]);
  });
});

describe("cpuBetween", () => {
  const reading = (task: number, process: number) => ({ TaskDuration: task, ScriptDuration: task / 2, LayoutDuration: 0.01, RecalcStyleDuration: 0.005, ProcessTime: process });
  it.each([
    ["counts the difference within one document", reading(1, 3), reading(1.5, 4), false, { mainThreadMs: 500, scriptMs: 250, layoutMs: 0, styleMs: 0, processMs: 1000 }],
    ["counts a new document's counters from zero, process time unknown", reading(0.2, 3), reading(0.4, 3.5), true, { mainThreadMs: 400, scriptMs: 200, layoutMs: 10, styleMs: 5, processMs: null }],
  ])("%s", (_name, before, after, newDocument, expected) => {
    const got = cpuBetween(before, after, newDocument)!;
    for (const [k, v] of Object.entries(expected)) {
      if (v === null) expect(got[k as keyof typeof got]).toBeNull();
      else expect(got[k as keyof typeof got]).toBeCloseTo(v, 6);
    }
  });
  it("is null when the metrics are missing", () => {
    expect(cpuBetween({}, {})).toBeNull();
  });
});

describe("median and percentile", () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])("median of %j is %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
  it.each([
    [[16, 17, 16, 50, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 100], 95, 50],
    [[10, 20, 30, 40], 50, 20],
    [[], 95, 0],
  ])("percentile of %j at %d is %d", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
