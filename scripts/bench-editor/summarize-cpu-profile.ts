/** Chrome DevTools Protocol `Profiler.Profile` (the parts read here). */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
};

export type SelfTimeRow = { name: string; where: string; selfMs: number; share: number };

/**
 * Self time per function (bottom-up), merged by name and location, biggest first. Locations are
 * `file:line:column` of the (minified) bundle; `(program)`, `(garbage collector)` and `(idle)` are V8's.
 */
export function summarizeCpuProfile(profile: CpuProfile, top = 15): { totalMs: number; idleMs: number; rows: SelfTimeRow[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute the gap after a sample to that sample.
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + dt);
  }
  const merged = new Map<string, SelfTimeRow>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id)?.callFrame;
    if (!f) continue;
    totalMs += ms;
    if (f.functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    const file = f.url ? f.url.replace(/^https?:\/\/[^/]+/, "") : "";
    const where = file ? `${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : "";
    const name = f.functionName || "(anonymous)";
    const key = `${name}@${where}`;
    const row = merged.get(key) ?? { name, where, selfMs: 0, share: 0 };
    row.selfMs += ms;
    merged.set(key, row);
  }
  const busy = Math.max(totalMs - idleMs, 1e-9);
  const rows = [...merged.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const r of rows) r.share = r.selfMs / busy;
  return { totalMs, idleMs, rows };
}
