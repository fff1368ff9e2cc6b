import { describe, expect, it } from "vitest";
import { DEFAULT_PANELS, loadPanels, savePanels } from "./designer-panels";

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe("the designer's side panels", () => {
  it("remembers which are folded away, and shows both when nothing readable is stored", () => {
    const s = memory();
    expect(loadPanels(s)).toEqual(DEFAULT_PANELS);
    savePanels({ palette: false, side: true }, s);
    expect(loadPanels(s)).toEqual({ palette: false, side: true });
    s.setItem("switchyard.designer.panels", "{not json");
    expect(loadPanels(s)).toEqual(DEFAULT_PANELS);
    expect(loadPanels(undefined)).toEqual(DEFAULT_PANELS);
  });
});
