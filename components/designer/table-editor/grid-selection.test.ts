import { describe, expect, it } from "vitest";
import { bounds, contains, moveFocus, scrollToRow, single, startsTyping, visibleRows } from "./grid-selection";

describe("table grid selection and windowing", () => {
  it("moves the focus inside the table and extends the selection with Shift", () => {
    let sel = single({ r: 0, c: 0 });
    sel = moveFocus(sel, -1, -1, false, 10, 4);
    expect(sel).toEqual(single({ r: 0, c: 0 }));
    sel = moveFocus(sel, 2, 1, true, 10, 4);
    expect(bounds(sel)).toEqual({ r0: 0, r1: 2, c0: 0, c1: 1 });
    expect(contains(bounds(sel), 1, 1)).toBe(true);
    expect(contains(bounds(sel), 3, 1)).toBe(false);
    sel = moveFocus(sel, 100, 100, false, 10, 4);
    expect(sel).toEqual(single({ r: 9, c: 3 }));
  });

  it("renders only the rows in view of a 5,000-row table, and scrolls as little as possible to show a row", () => {
    expect(visibleRows(0, 600, 30, 5000)).toEqual({ first: 0, last: 28 });
    expect(visibleRows(30 * 4000, 600, 30, 5000)).toEqual({ first: 3992, last: 4028 });
    expect(visibleRows(0, 600, 30, 0)).toEqual({ first: 0, last: -1 });
    expect(scrollToRow(50, 0, 600, 30, 30)).toBe(51 * 30 - 570);
    expect(scrollToRow(5, 600, 600, 30, 30)).toBe(150);
    expect(scrollToRow(25, 600, 600, 30, 30)).toBe(600);
  });

  it("starts typing on printable keys only", () => {
    const k = (key: string, mod = false) => ({ key, ctrlKey: mod, metaKey: false, altKey: false });
    expect([k("a"), k("中"), k("ArrowDown"), k("c", true), k("Enter")].map(startsTyping)).toEqual([true, true, false, false, false]);
  });
});
