"use client";
import { useEffect, useState } from "react";
import { DEFAULT_PANELS, type DesignerPanels, loadPanels, savePanels } from "./designer-panels";

/**
 * The side panels (palette, inspector) that fold away for more canvas; the choice is remembered in
 * this browser. `onResized` runs on the frame after a toggle, once the canvas has its new size.
 */
export function useDesignerPanels(onResized: () => void): { panels: DesignerPanels; togglePanel: (which: keyof DesignerPanels) => void } {
  const [panels, setPanels] = useState<DesignerPanels>(DEFAULT_PANELS);
  useEffect(() => setPanels(loadPanels()), []);
  const togglePanel = (which: keyof DesignerPanels) => {
    setPanels((p) => {
      const next = { ...p, [which]: !p[which] };
      savePanels(next);
      return next;
    });
    // The canvas changed size: fit the graph to it once the new width is laid out (two frames on).
    window.requestAnimationFrame(() => onResized());
  };
  return { panels, togglePanel };
}
