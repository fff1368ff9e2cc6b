/**
 * Instrumentation the editor benchmark installs in every page (Playwright `addInitScript`), as plain
 * JavaScript text: functions compiled by tsx would carry esbuild helpers (`__name`) that do not exist
 * in the page.
 *
 * `window.__bench` offers:
 * - `firstRender()`: resolves once the React Flow canvas shows nodes and has settled: `.react-flow__node`
 *   elements exist, are measured (visible), and the number in view, the number in the DOM and the
 *   viewport transform have not changed for `STABLE_MS`. `atMs` is the rAF time (ms since navigation
 *   start, performance.now()) of the first frame that showed that final state. Polled on every animation
 *   frame from document start, so the state is seen on the frame it is painted in. A MutationObserver
 *   marks when the DOM changed; only then does a poll re-read the canvas (counts and inline styles, and
 *   layout to count the nodes in view only when those changed), so the probe costs next to nothing.
 * - `startFrames()` / `stopFrames()`: count requestAnimationFrame callbacks between the two calls and
 *   return their timestamps (frame times are the gaps between them).
 * - `longTasks(fromMs, toMs)`: total and count of long tasks (PerformanceObserver "longtask") started
 *   in that window.
 */
export const STABLE_MS = 500;

export type FirstRender = {
  /** ms from navigation start to the first frame showing the final, settled canvas. */
  atMs: number;
  /** ms from navigation start to the first frame with any measured node in view. */
  firstNodeMs: number;
  /** First contentful paint, ms from navigation start (null if not reported). */
  fcpMs: number | null;
  /** DOMContentLoaded end, ms from navigation start. */
  dclMs: number | null;
  /** When the response of the tRPC request that loads the ruleset (`rulesets.get`) ended, ms from navigation start. */
  dataMs: number | null;
  /** That request's time to first byte (request sent → response started): mostly the server's work. */
  dataServerMs: number | null;
  /** That response's size in bytes, uncompressed (null if unknown). */
  dataBytes: number | null;
  domNodes: number;
  domEdges: number;
  inView: number;
  transform: string;
};

export type FrameSample = { timestamps: number[]; startedAt: number; stoppedAt: number };
export type LongTaskSum = { count: number; totalMs: number; maxMs: number };

export const PAGE_PROBE = `(() => {
  if (window.__bench) return;
  const STABLE_MS = ${STABLE_MS};
  const longTasks = [];
  let fcp = null;
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]); })
      .observe({ type: "longtask", buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === "first-contentful-paint") fcp = e.startTime; })
      .observe({ type: "paint", buffered: true });
  } catch (e) {}

  let resolveFirst;
  const first = new Promise((r) => { resolveFirst = r; });
  let lastKey = "";
  let keySince = 0;
  let firstNodeMs = null;
  let state = null;
  // Re-read the canvas only after the DOM changed (nodes added, measured, moved; viewport moved).
  let dirty = true;
  const watch = new MutationObserver(() => { dirty = true; });
  const startWatching = () => watch.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["style", "class"] });
  if (document.documentElement) startWatching();
  else document.addEventListener("readystatechange", startWatching, { once: true });
  const read = () => {
    const nodes = document.getElementsByClassName("react-flow__node");
    if (nodes.length === 0) return null;
    let hidden = 0;
    for (const n of nodes) if (n.style.visibility === "hidden") hidden++;
    const vp = document.querySelector(".react-flow__viewport");
    const transform = vp ? vp.style.transform : "";
    const domEdges = document.getElementsByClassName("react-flow__edge").length;
    const cheap = nodes.length + "|" + hidden + "|" + domEdges + "|" + transform;
    if (state && state.cheap === cheap) return state;
    // Something moved: count the measured nodes in view (reads layout, so only when needed).
    let inView = 0;
    const flow = document.querySelector(".react-flow");
    const box = flow ? flow.getBoundingClientRect() : null;
    if (box && hidden < nodes.length) {
      for (const n of nodes) {
        if (n.style.visibility === "hidden") continue;
        const r = n.getBoundingClientRect();
        if (r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom) inView++;
      }
    }
    return { cheap, domNodes: nodes.length, domEdges, transform, inView };
  };
  const poll = (ts) => {
    if (dirty) {
      dirty = false;
      state = read();
    }
    if (state) {
      if (state.inView > 0 && firstNodeMs === null) firstNodeMs = ts;
      const key = state.cheap + "|" + state.inView;
      if (key !== lastKey) { lastKey = key; keySince = ts; }
      else if (state.inView > 0 && ts - keySince >= STABLE_MS) {
        watch.disconnect();
        const nav = performance.getEntriesByType("navigation")[0];
        const data = performance.getEntriesByType("resource").find((e) => e.name.includes("rulesets.get"));
        resolveFirst({
          atMs: keySince, firstNodeMs, fcpMs: fcp, dclMs: nav ? nav.domContentLoadedEventEnd : null, dataMs: data ? data.responseEnd : null,
          dataServerMs: data && data.responseStart > 0 ? data.responseStart - data.requestStart : null,
          dataBytes: data && data.decodedBodySize > 0 ? data.decodedBodySize : null,
          domNodes: state.domNodes, domEdges: state.domEdges, inView: state.inView, transform: state.transform,
        });
        return;
      }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);

  let frames = null;
  window.__bench = {
    firstRender: () => first,
    startFrames() {
      const rec = { timestamps: [], startedAt: performance.now(), stoppedAt: 0, on: true };
      frames = rec;
      const loop = (ts) => { if (!rec.on) return; rec.timestamps.push(ts); requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    },
    stopFrames() {
      const rec = frames;
      rec.on = false;
      rec.stoppedAt = performance.now();
      return { timestamps: rec.timestamps, startedAt: rec.startedAt, stoppedAt: rec.stoppedAt };
    },
    longTasks(fromMs, toMs) {
      let count = 0, totalMs = 0, maxMs = 0;
      for (const [s, d] of longTasks) if (s >= fromMs && s < toMs) { count++; totalMs += d; maxMs = Math.max(maxMs, d); }
      return { count, totalMs, maxMs };
    },
    now: () => performance.now(),
  };
})();`;
