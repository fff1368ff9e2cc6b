import type { CDPSession } from "@playwright/test";

/**
 * CPU the page's renderer used, from the DevTools Protocol's Performance metrics with
 * `timeDomain: "threadTicks"`: the main thread's task, script, layout and style durations in thread
 * CPU time, and the renderer process's CPU time (all its threads: main, compositor, raster). Unlike
 * frame rates and wall-clock times, these hardly change when other processes compete for the cores,
 * so they compare variants fairly on a busy machine.
 */
export type CpuUse = { mainThreadMs: number; scriptMs: number; layoutMs: number; styleMs: number; processMs: number | null };

const PAGE_METRICS = { mainThreadMs: "TaskDuration", scriptMs: "ScriptDuration", layoutMs: "LayoutDuration", styleMs: "RecalcStyleDuration" } as const;

export type CpuReading = Record<string, number>;

export async function enableCpuMetrics(cdp: CDPSession): Promise<void> {
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
}

export async function readCpu(cdp: CDPSession): Promise<CpuReading> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * CPU used between two readings, in ms. The page's counters start again from zero with every new
 * document: after a navigation (`newDocument`) they are the `after` reading alone, and the process time
 * is unknown (null): the navigation may or may not have moved to a new renderer process.
 */
export function cpuBetween(before: CpuReading, after: CpuReading, newDocument = false): CpuUse | null {
  const out: Partial<CpuUse> = {};
  for (const [key, name] of Object.entries(PAGE_METRICS) as [keyof typeof PAGE_METRICS, string][]) {
    const a = after[name];
    if (a === undefined) return null;
    out[key] = (newDocument ? a : a - (before[name] ?? 0)) * 1000;
  }
  const pa = after.ProcessTime;
  const pb = before.ProcessTime;
  out.processMs = newDocument || pa === undefined || pb === undefined || pa < pb ? null : (pa - pb) * 1000;
  return out as CpuUse;
}
