"use client";
import { useReactFlow } from "@xyflow/react";
import { useCallback, useState } from "react";

/**
 * Fit view as a short glide. `glideToFit` fits the graph after the next paint; `moving` stays true
 * until the glide has ended (the canvas says so in `data-view-moving`; tests wait on it, not on a timer).
 */
export function useGlideToFit(): { glideToFit: () => void; moving: boolean } {
  const flow = useReactFlow();
  /** Glides in flight. */
  const [viewMoves, setViewMoves] = useState(0);
  const glideToFit = useCallback(() => {
    setViewMoves((n) => n + 1);
    window.requestAnimationFrame(() => {
      void flow
        .fitView({ duration: 300, maxZoom: 1, padding: 0.2 })
        .catch(() => false)
        .finally(() => setViewMoves((n) => n - 1));
    });
  }, [flow]);
  return { glideToFit, moving: viewMoves > 0 };
}
