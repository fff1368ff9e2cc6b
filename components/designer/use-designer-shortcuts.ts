"use client";
import { useEffect, useRef } from "react";

export const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
/** How the shortcut modifier is written on this platform ("⌘" or "Ctrl"). */
export const modKeyLabel = () => (isMac() ? "⌘" : "Ctrl");

/** Whether a key press belongs to a text field (so the canvas leaves it alone). */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || !!el.closest(".monaco-editor");
}

export interface DesignerShortcutActions {
  saveNow: () => void;
  undo: () => void;
  redo: () => void;
  copySelection: (cut?: boolean) => void;
  paste: () => void;
  selectAll: () => void;
  clearSelection: () => void;
  autoLayout: () => void;
  fitView: () => void;
  toggleHelp: () => void;
}

/**
 * The designer's keyboard shortcuts (listed in the screen's shortcuts help). Keys typed into a field
 * or while a dialog is open are left alone; editing keys only work for those who may edit. Delete and
 * Backspace are React Flow's own (`deleteKeyCode`). Each press calls the latest `actions`.
 */
export function useDesignerShortcuts(canEdit: boolean, actions: DesignerShortcutActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || document.querySelector(".dialog-backdrop")) return;
      const a = latest.current;
      const mod = isMac() ? e.metaKey : e.ctrlKey;
      const k = e.key.toLowerCase();
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && k === "s") return act(() => a.saveNow());
      if (mod && k === "z" && !e.shiftKey && canEdit) return act(a.undo);
      if (((mod && k === "z" && e.shiftKey) || (mod && k === "y")) && canEdit) return act(a.redo);
      if (mod && k === "c") return act(() => a.copySelection());
      if (mod && k === "x" && canEdit) return act(() => a.copySelection(true));
      if (mod && k === "v" && canEdit) return act(() => a.paste());
      if (mod && k === "d" && canEdit) {
        return act(() => {
          a.copySelection();
          a.paste();
        });
      }
      if (mod && k === "a") return act(a.selectAll);
      if (!mod && !e.altKey && e.shiftKey && k === "l" && canEdit) return act(a.autoLayout);
      if (!mod && !e.altKey && k === "f") return act(a.fitView);
      if (!mod && k === "?") return act(a.toggleHelp);
      if (k === "escape") a.clearSelection();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canEdit]);
}
