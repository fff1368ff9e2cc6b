/** Which of the designer's side panels are shown (the palette on the left, the inspector / problems / test on the right). */
export interface DesignerPanels {
  palette: boolean;
  side: boolean;
}

export const DEFAULT_PANELS: DesignerPanels = { palette: true, side: true };
const KEY = "switchyard.designer.panels";

/** The panels as last chosen in this browser; both shown when nothing (or something unreadable) is stored. */
export function loadPanels(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): DesignerPanels {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return DEFAULT_PANELS;
    const parsed = JSON.parse(raw) as Partial<DesignerPanels>;
    return { palette: parsed.palette !== false, side: parsed.side !== false };
  } catch {
    return DEFAULT_PANELS;
  }
}

export function savePanels(panels: DesignerPanels, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(panels));
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}
