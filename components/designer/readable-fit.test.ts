import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { READABLE_MAX_NODES, READABLE_ZOOM, readableViewport } from "./readable-fit";

const PANE = { width: 570, height: 700 };
/** Where a box lands on screen. */
const onScreen = (r: { x: number; y: number; width: number; height: number }, v: { x: number; y: number; zoom: number }) => ({
  left: r.x * v.zoom + v.x,
  top: r.y * v.zoom + v.y,
  right: (r.x + r.width) * v.zoom + v.x,
  bottom: (r.y + r.height) * v.zoom + v.y,
});

describe("the first view of a graph", () => {
  it("opens a 6-node graph too wide for the canvas at a readable zoom with Start on screen", () => {
    // Six nodes in a row, 240 px wide with 90 px between: 1,890 px; fitted into 570 px that is ~0.27.
    const bounds = { x: 0, y: 0, width: 1_890, height: 80 };
    const start = { x: 0, y: 0, width: 240, height: 80 };
    const v = readableViewport(bounds, PANE, 6, start);
    expect(v.zoom).toBe(READABLE_ZOOM);
    const s = onScreen(start, v);
    expect(s.left).toBeGreaterThanOrEqual(0);
    expect(s.right).toBeLessThanOrEqual(PANE.width);
    expect(s.top).toBeGreaterThanOrEqual(0);
    expect(s.bottom).toBeLessThanOrEqual(PANE.height);
  });

  it("fits a graph that is readable fitted, centred, never above 100 %", () => {
    const v = readableViewport({ x: 100, y: 50, width: 400, height: 200 }, PANE, 3, null);
    expect(v.zoom).toBeLessThanOrEqual(1);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const g = onScreen({ x: 100, y: 50, width: 400, height: 200 }, v);
    expect(Math.abs(g.left - (PANE.width - g.right))).toBeLessThan(1);
    expect(Math.abs(g.top - (PANE.height - g.bottom))).toBeLessThan(1);
  });

  it("opens a large graph fitted (an overview), below the readable zoom", () => {
    const v = readableViewport({ x: 0, y: 0, width: 9_000, height: 4_000 }, PANE, READABLE_MAX_NODES + 1, null);
    expect(v.zoom).toBeLessThan(0.1);
  });

  it("always shows the Start node of a small graph, and never zooms below the readable level", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: READABLE_MAX_NODES }),
        fc.integer({ min: 240, max: 6_000 }),
        fc.integer({ min: 80, max: 4_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 300, max: 1_600 }),
        fc.integer({ min: 300, max: 1_000 }),
        (n, w, h, startAt, pw, ph) => {
          const bounds = { x: -50, y: -30, width: w, height: h };
          const start = { x: -50, y: -30 + startAt * (h - 80), width: 240, height: 80 };
          const pane = { width: pw, height: ph };
          const v = readableViewport(bounds, pane, n, start);
          expect(v.zoom).toBeGreaterThanOrEqual(Math.min(READABLE_ZOOM, 1) - 1e-9);
          const s = onScreen(start, v);
          expect(s.left).toBeGreaterThanOrEqual(-1e-6);
          // Start's middle is on screen (the whole box when it fits at this zoom).
          expect((s.top + s.bottom) / 2).toBeGreaterThanOrEqual(0);
          expect((s.top + s.bottom) / 2).toBeLessThanOrEqual(ph);
        },
      ),
    );
  });
});
