import { describe, expect, it } from "vitest";
import { READABLE_ZOOM, readableViewport } from "./readable-viewport";

const canvas = { width: 600, height: 500 };

describe("where the canvas opens", () => {
  it("fits a graph that fits at a readable zoom, centred, never above 100 %", () => {
    const v = readableViewport({ x: 0, y: 0, width: 400, height: 200 }, canvas, 4);
    expect(v.zoom).toBe(1);
    expect(v).toEqual({ x: 100, y: 150, zoom: 1 });
  });

  it("opens a small wide graph (6 nodes, 1,800 px) at a readable zoom from its left edge instead of 30 %", () => {
    const v = readableViewport({ x: 100, y: 50, width: 1800, height: 300 }, canvas, 6);
    expect(v.zoom).toBe(READABLE_ZOOM);
    // Start (the left edge) is 24 px in; the graph is centred vertically.
    expect(v.x + 100 * v.zoom).toBeCloseTo(24);
    expect(v.y + 50 * v.zoom + (300 * v.zoom) / 2).toBeCloseTo(250);
  });

  it("fits a large graph whole, however small the zoom", () => {
    const v = readableViewport({ x: 0, y: 0, width: 12_000, height: 6_000 }, canvas, 600);
    expect(v.zoom).toBeLessThan(0.1);
    expect(12_000 * v.zoom).toBeLessThanOrEqual(600);
  });
});
