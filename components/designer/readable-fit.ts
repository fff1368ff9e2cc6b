/**
 * The first view of a graph: fit it when that keeps node text readable; otherwise, for a graph small
 * enough to read by panning (≤ READABLE_MAX_NODES nodes), open at READABLE_ZOOM with the Start node in
 * view — a 6-node graph at 40 % is a picture, not a rule. Large graphs still open fitted (an overview).
 * Pure: the designer and the read-only graph views use it after React Flow has measured the nodes.
 */
export const READABLE_ZOOM = 0.75;
export const READABLE_MAX_NODES = 40;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The zoom at which `bounds` fills `pane` with `padding` (a fraction of the pane) on each side. */
export function fitZoom(bounds: Rect, pane: { width: number; height: number }, padding: number, maxZoom: number): number {
  const w = Math.max(bounds.width, 1);
  const h = Math.max(bounds.height, 1);
  return Math.min(maxZoom, (pane.width * (1 - 2 * padding)) / w, (pane.height * (1 - 2 * padding)) / h);
}

/**
 * The first viewport. `start` is the Start node's box (the view keeps it on screen, at the left,
 * centred vertically as far as the graph allows); null when the graph has none.
 */
export function readableViewport(
  bounds: Rect,
  pane: { width: number; height: number },
  nodeCount: number,
  start: Rect | null,
  options: { padding: number; maxZoom: number } = { padding: 0.12, maxZoom: 1 },
): Viewport {
  const fitted = fitZoom(bounds, pane, options.padding, options.maxZoom);
  const readable = nodeCount <= READABLE_MAX_NODES && fitted < READABLE_ZOOM;
  const zoom = readable ? Math.min(READABLE_ZOOM, options.maxZoom) : fitted;
  const padX = pane.width * options.padding;
  const padY = pane.height * options.padding;
  const graphW = bounds.width * zoom;
  const graphH = bounds.height * zoom;
  // Horizontally: centred when it fits, else from its left edge (Start is on the left in our layout).
  const x = graphW <= pane.width - 2 * padX ? (pane.width - graphW) / 2 - bounds.x * zoom : padX - Math.min(bounds.x, start?.x ?? bounds.x) * zoom;
  let y: number;
  if (graphH <= pane.height - 2 * padY) y = (pane.height - graphH) / 2 - bounds.y * zoom;
  else {
    const anchor = start ? start.y + start.height / 2 : bounds.y + bounds.height / 2;
    const centred = pane.height / 2 - anchor * zoom;
    // No empty band above the graph's top or below its bottom.
    const top = padY - bounds.y * zoom;
    const bottom = pane.height - padY - (bounds.y + bounds.height) * zoom;
    y = Math.min(top, Math.max(bottom, centred));
  }
  return { x, y, zoom };
}
