import { describe, expect, it } from "vitest";
import { UndoStack } from "./undo-stack";

describe("UndoStack", () => {
  it("undoes and redoes steps in order, and a new change clears the redo list", () => {
    const s = new UndoStack("a");
    s.record("b", 0);
    s.record("c", 1000);
    expect([s.undo(), s.undo(), s.undo()]).toEqual(["b", "a", null]);
    expect([s.redo(), s.current]).toEqual(["b", "b"]);
    s.record("d", 3000);
    expect([s.canRedo, s.redo()]).toEqual([false, null]);
    expect(s.undo()).toBe("b");
  });

  it.each([
    ["same field within the window", "f1", "f1", 300, ["a"]],
    ["same field after the window", "f1", "f1", 2000, ["ab", "a"]],
    ["different fields", "f1", "f2", 300, ["ab", "a"]],
    ["ungrouped changes", null, null, 300, ["ab", "a"]],
  ] as const)("typing: %s", (_name, g1, g2, gap, undos) => {
    const s = new UndoStack("a");
    s.record("ab", 0, g1);
    s.record("abc", gap, g2);
    const seen: (string | null)[] = [];
    while (s.canUndo) seen.push(s.undo());
    expect(seen).toEqual(undos);
  });

  it("keeps at most `limit` steps", () => {
    const s = new UndoStack(0, 3);
    for (let i = 1; i <= 10; i++) s.record(i, i * 10_000);
    const seen: number[] = [];
    while (s.canUndo) seen.push(s.undo()!);
    expect(seen).toEqual([9, 8, 7]);
  });
});
