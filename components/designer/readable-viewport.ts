/** The zoom below which node text (13 px) gets too small to read (about 10 px on screen). */
export const READABLE_ZOOM = 0.75;
/** Graphs up to this many nodes open at a readable zoom; larger ones open as an overview that fits. */
export const SMALL_GRAPH_NODES = 40;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a canvas opens: the whole graph when it fits at a readable zoom (at most `maxZoom`); a small
 * graph that would need a smaller zoom opens at READABLE_ZOOM instead, starting at its left edge (where
 * Start is) and centred vertically (top-aligned when taller than the canvas). Large graphs fit whole.
 */
export function readableViewport(bounds: Rect, canvas: { width: number; height: number }, nodeCount: number, options: { padding?: number; maxZoom?: number } = {}): { x: number; y: number; zoom: number } {
  const padding = options.padding ?? 24;
  const maxZoom = options.maxZoom ?? 1;
  const w = Math.max(1, bounds.width);
  const h = Math.max(1, bounds.height);
  const fit = Math.min((canvas.width - 2 * padding) / w, (canvas.height - 2 * padding) / h, maxZoom);
  const zoom = nodeCount <= SMALL_GRAPH_NODES ? Math.max(fit, Math.min(READABLE_ZOOM, maxZoom)) : Math.max(fit, 0.05);
  const fitsX = w * zoom <= canvas.width - 2 * padding;
  const fitsY = h * zoom <= canvas.height - 2 * padding;
  const x = fitsX ? (canvas.width - w * zoom) / 2 - bounds.x * zoom : padding - bounds.x * zoom;
  const y = fitsY ? (canvas.height - h * zoom) / 2 - bounds.y * zoom : padding - bounds.y * zoom;
  return { x, y, zoom };
}
