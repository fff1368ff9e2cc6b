import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, CDPSession, Page } from "@playwright/test";
import { type CpuUse, cpuBetween, readCpu } from "./measure-cpu";
import type { FirstRender, FrameSample, LongTaskSum } from "./page-probe";
import { percentile } from "./stats";
import { type CpuProfile, summarizeCpuProfile } from "./summarize-cpu-profile";
import { summarizeTrace } from "./summarize-trace";

/** Length of each pan / drag phase. */
export const PHASE_MS = 3_000;

export type PhaseFigures = {
  fps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  frames: number;
  windowMs: number;
  /** Mouse moves the page took in the window (each waits until the page has taken the previous one). */
  moves: number;
  longTasks: LongTaskSum;
  cpu: CpuUse | null;
};
export type RunFigures = { firstRender: FirstRender; loadLongTasks: LongTaskSum; loadCpu: CpuUse | null; pan: PhaseFigures; drag: PhaseFigures };

/** What one measuring session works with; `cpuDir` / `traceDir` ask for a CPU profile / trace of each phase. */
export type DesignerSession = { page: Page; browser: Browser; cdp: CDPSession; cpuDir: string | null; traceDir: string | null; log: (line: string) => void };

type Point = { x: number; y: number };

async function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/rulesets$/, { timeout: 30_000 });
}

/** Opens the designer and waits for the page probe's first render (the settled canvas). */
export async function loadDesigner(page: Page, rulesetId: string): Promise<{ firstRender: FirstRender; loadLongTasks: LongTaskSum }> {
  await page.goto(`/rulesets/${rulesetId}`, { waitUntil: "domcontentloaded" });
  const firstRender = await withTimeout("The designer's first render", 120_000, page.evaluate("window.__bench.firstRender()") as Promise<FirstRender>);
  const loadLongTasks = (await page.evaluate(`window.__bench.longTasks(0, ${firstRender.atMs})`)) as LongTaskSum;
  return { firstRender, loadLongTasks };
}

/**
 * A point of the empty pane (no node, edge or control under it) near the canvas centre: tries points on
 * rings around the centre and takes the first free one (each elementFromPoint is a full hit test, ~10 ms
 * on a big graph, so the search stops early).
 */
async function emptyPanePoint(page: Page): Promise<Point> {
  const found = (await page.evaluate(`(() => {
    const flow = document.querySelector(".react-flow");
    if (!flow) return null;
    const b = flow.getBoundingClientRect();
    const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
    const free = (x, y) => {
      if (x < b.left + 60 || x > b.right - 60 || y < b.top + 60 || y > b.bottom - 60) return false;
      const el = document.elementFromPoint(x, y);
      return !!el && el.classList.contains("react-flow__pane");
    };
    for (let r = 0; r < Math.max(b.width, b.height) / 2; r += 24) {
      const steps = Math.max(1, Math.round((2 * Math.PI * r) / 24));
      for (let i = 0; i < steps; i++) {
        const a = (2 * Math.PI * i) / steps;
        const x = Math.round(cx + r * Math.cos(a)), y = Math.round(cy + r * Math.sin(a));
        if (free(x, y)) return { x, y };
      }
    }
    return null;
  })()`)) as Point | null;
  if (!found) throw new Error("no empty spot of the canvas to pan from");
  return found;
}

/** The grab point (title) of the node nearest the canvas centre that the mouse can reach. */
async function nodeGrabPoint(page: Page): Promise<Point> {
  const found = (await page.evaluate(`(() => {
    const flow = document.querySelector(".react-flow");
    if (!flow) return null;
    const b = flow.getBoundingClientRect();
    const cx = b.left + b.width / 2, cy = b.top + b.height / 2;
    const candidates = [];
    for (const n of document.querySelectorAll(".react-flow__node")) {
      const r = (n.querySelector(".rule-node-head") || n).getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < b.left + 200 || x > b.right - 200 || y < b.top + 120 || y > b.bottom - 120) continue;
      candidates.push({ n, x, y, d: (x - cx) ** 2 + (y - cy) ** 2 });
    }
    candidates.sort((p, q) => p.d - q.d);
    for (const c of candidates) {
      const hit = document.elementFromPoint(c.x, c.y);
      if (hit && hit.closest(".react-flow__node") === c.n) return { x: c.x, y: c.y };
    }
    return null;
  })()`)) as Point | null;
  if (!found) throw new Error("no node near the canvas centre to drag");
  return found;
}

/**
 * Presses the mouse at `from` and moves it for PHASE_MS (sine in x with a 1.5 s period, slower sine in
 * y), one move every ~8 ms plus the time the page takes to take it, then releases. Frames are counted
 * in the page with requestAnimationFrame from just before the press to just after the release.
 */
async function mouseDragPhase(page: Page, from: Point, amplitude: Point): Promise<Omit<PhaseFigures, "cpu">> {
  await page.mouse.move(from.x, from.y);
  await sleep(200);
  await page.evaluate("window.__bench.startFrames()");
  await page.mouse.down();
  const t0 = Date.now();
  let moves = 0;
  while (Date.now() - t0 < PHASE_MS) {
    const t = (Date.now() - t0) / 1000;
    await page.mouse.move(from.x + amplitude.x * Math.sin((2 * Math.PI * t) / 1.5), from.y + amplitude.y * Math.sin((2 * Math.PI * t) / 3));
    moves += 1;
    await sleep(8);
  }
  await page.mouse.up();
  const sample = (await page.evaluate("window.__bench.stopFrames()")) as FrameSample;
  const longTasks = (await page.evaluate(`window.__bench.longTasks(${sample.startedAt}, ${sample.stoppedAt})`)) as LongTaskSum;
  const gaps = sample.timestamps.slice(1).map((t, i) => t - sample.timestamps[i]!);
  const windowMs = sample.stoppedAt - sample.startedAt;
  return {
    fps: sample.timestamps.length / (windowMs / 1000),
    p95FrameMs: percentile(gaps, 95),
    maxFrameMs: gaps.length ? Math.max(...gaps) : windowMs,
    frames: sample.timestamps.length,
    windowMs,
    moves,
    longTasks,
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Runs one phase and measures its CPU use; records a CPU profile and/or trace of it when the session asks. */
async function phase<T>(s: DesignerSession, name: string, body: () => Promise<T>, newDocument = false): Promise<{ value: T; cpu: CpuUse | null }> {
  if (s.traceDir) await s.browser.startTracing(s.page, { screenshots: false });
  if (s.cpuDir) await s.cdp.send("Profiler.start");
  const before = await readCpu(s.cdp);
  try {
    const value = await body();
    return { value, cpu: cpuBetween(before, await readCpu(s.cdp), newDocument) };
  } finally {
    if (s.cpuDir) {
      const { profile } = (await s.cdp.send("Profiler.stop")) as { profile: CpuProfile };
      const file = join(s.cpuDir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const sum = summarizeCpuProfile(profile);
      s.log(`  CPU profile ${file}: ${fmt(sum.totalMs)} ms sampled, ${fmt(sum.totalMs - sum.idleMs)} ms busy. Top self time:`);
      for (const r of sum.rows) s.log(`    ${fmt(r.selfMs, 1).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}  ${r.where}`);
    }
    if (s.traceDir) {
      const buffer = await s.browser.stopTracing();
      const file = join(s.traceDir, `${name}.json`);
      writeFileSync(file, buffer);
      const t = summarizeTrace(buffer.toString("utf8"));
      const groups = Object.entries(t.groups)
        .map(([g, ms]) => `${g} ${fmt(ms)}`)
        .join(", ");
      s.log(`  Trace ${file}: renderer main thread busy ${fmt(t.busyMs)} ms (${groups}). Top self time:`);
      for (const r of t.rows) s.log(`    ${fmt(r.selfMs, 1).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
    }
  }
}

/** One measured run: load the designer (first render), pan the empty pane, drag the node nearest the centre. */
export async function measureDesignerRun(s: DesignerSession, rulesetId: string, label: string): Promise<RunFigures> {
  const load = await phase(s, `${label}-load`, () => loadDesigner(s.page, rulesetId), true);
  await sleep(300);
  const panFrom = await emptyPanePoint(s.page);
  const pan = await phase(s, `${label}-pan`, () => mouseDragPhase(s.page, panFrom, { x: 220, y: 90 }));
  await sleep(500);
  const dragFrom = await nodeGrabPoint(s.page);
  const drag = await phase(s, `${label}-drag`, () => mouseDragPhase(s.page, dragFrom, { x: 160, y: 70 }));
  await sleep(300);
  return { ...load.value, loadCpu: load.cpu, pan: { ...pan.value, cpu: pan.cpu }, drag: { ...drag.value, cpu: drag.cpu } };
}
