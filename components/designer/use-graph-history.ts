"use client";
import { useEffect, useRef, useState } from "react";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { UndoStack } from "./undo-stack";

/**
 * Undo/redo over graph snapshots (graph-actions.ts `snapshotOf`), on an `UndoStack`. Every new
 * snapshot is a step, except while a node is being dragged (the drop is one step). Edits marked with
 * `groupNextEdit` (typing in one field of the inspector) that follow each other closely become one step.
 * `restore` puts an earlier graph back on the canvas.
 */
export function useGraphHistory({ snapshot, dragging, restore }: { snapshot: string; dragging: boolean; restore: (graph: Pick<TRuleGraph, "nodes" | "edges">) => void }) {
  const history = useRef(new UndoStack<string>(snapshot));
  const editGroup = useRef<string | null>(null);
  // The stack lives in a ref: a bump re-renders the Undo/Redo buttons when it changes.
  const [, bumpHistory] = useState(0);
  useEffect(() => {
    if (dragging || snapshot === history.current.current) return;
    history.current.record(snapshot, Date.now(), editGroup.current);
    editGroup.current = null;
    bumpHistory((v) => v + 1);
  }, [snapshot, dragging]);

  const goTo = (snap: string | null) => {
    if (snap === null) return;
    restore(JSON.parse(snap) as Pick<TRuleGraph, "nodes" | "edges">);
    bumpHistory((v) => v + 1);
  };
  return {
    undo: () => goTo(history.current.undo()),
    redo: () => goTo(history.current.redo()),
    canUndo: history.current.canUndo,
    canRedo: history.current.canRedo,
    /** The next edit belongs to `group` (such as `${nodeId}:${field}`): a run of them within a moment is one step. */
    groupNextEdit: (group: string) => {
      editGroup.current = group;
    },
    /** Starts over from this snapshot (after loading another graph). */
    reset: (snap: string) => history.current.reset(snap),
  };
}
