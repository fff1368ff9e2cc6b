/** One event of a Chromium trace (the Trace Event Format, as written by Playwright's browser tracing). */
type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };

export type TraceRow = { name: string; selfMs: number; share: number };

/** What the main thread's trace events are, grouped as DevTools' Performance panel groups them. */
const GROUPS: [RegExp, string][] = [
  [/^(FunctionCall|EvaluateScript|v8\.|V8\.|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|XHR|MajorGC|MinorGC|BlinkGC|GC)/, "scripting"],
  [/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|InvalidateLayout|ParseAuthorStyleSheet)/, "style"],
  [/^(Layout|UpdateLayerTree|PrePaint|Layerize|UpdateLayer|HitTest|IntersectionObserverController)/, "layout"],
  [/^(Paint|PaintImage|Rasterize|RasterTask|CompositeLayers|Commit|Decode)/, "paint"],
];

/**
 * Self time of the page's renderer main thread by trace event name (nested events subtracted from their
 * parents), biggest first, plus totals by group (scripting, style, layout, paint, other). The renderer
 * main thread is the `CrRendererMain` thread with the most traced time.
 */
export function summarizeTrace(json: string, top = 12): { busyMs: number; groups: Record<string, number>; rows: TraceRow[] } {
  const parsed = JSON.parse(json) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key) || (e.ph !== "X" && e.ph !== "B" && e.ph !== "E")) continue;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  let best: Map<string, number> | null = null;
  let bestBusy = -1;
  for (const list of byThread.values()) {
    const self = selfTimes(list);
    const busy = [...self.values()].reduce((s, v) => s + v, 0);
    if (busy > bestBusy) {
      bestBusy = busy;
      best = self;
    }
  }
  const self = best ?? new Map<string, number>();
  const busyMs = Math.max(bestBusy, 0);
  const groups: Record<string, number> = { scripting: 0, style: 0, layout: 0, paint: 0, other: 0 };
  for (const [name, ms] of self) {
    const g = GROUPS.find(([re]) => re.test(name))?.[1] ?? "other";
    groups[g] = (groups[g] ?? 0) + ms;
  }
  const rows = [...self.entries()]
    .map(([name, selfMs]) => ({ name, selfMs, share: busyMs ? selfMs / busyMs : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return { busyMs, groups, rows };
}

/** Self time (ms) by event name on one thread. */
function selfTimes(list: TraceEvent[]): Map<string, number> {
  // Complete events (X) and begin/end pairs (B/E) as intervals.
  const spans: { name: string; start: number; end: number }[] = [];
  const open: TraceEvent[] = [];
  for (const e of [...list].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === "X") spans.push({ name: e.name, start: e.ts, end: e.ts + (e.dur ?? 0) });
    else if (e.ph === "B") open.push(e);
    else {
      const b = open.pop();
      if (b) spans.push({ name: b.name, start: b.ts, end: e.ts });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map<string, number>();
  const stack: { name: string; end: number; child: number; start: number }[] = [];
  const close = (s: { name: string; end: number; child: number; start: number }) => {
    self.set(s.name, (self.get(s.name) ?? 0) + Math.max(0, s.end - s.start - s.child) / 1000);
  };
  for (const sp of spans) {
    while (stack.length && stack[stack.length - 1]!.end <= sp.start) close(stack.pop()!);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += Math.min(sp.end, parent.end) - sp.start;
    stack.push({ name: sp.name, start: sp.start, end: Math.min(sp.end, parent?.end ?? sp.end), child: 0 });
  }
  while (stack.length) close(stack.pop()!);
  return self;
}
