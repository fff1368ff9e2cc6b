"use client";
import { STAGE_LABELS, type TRuleGraph, type TStage } from "@/rules-schema/graph/graph-schema";
import { type GraphUpdate, newId, pasteInto } from "./graph-actions";
import { copyFragment, parseFragment } from "./graph-fragment";

/** Where copied nodes are kept in this browser (the system clipboard gets a copy too). */
export const CLIPBOARD_KEY = "switchyard.designer.clipboard";

const nodesText = (n: number) => `${n} node${n === 1 ? "" : "s"}`;

/**
 * Copy, cut and paste of the selected nodes (with the edges between them) across rulesets and tabs of
 * this browser. Paste gives the copies new ids and selects them; actions the stage does not allow are
 * left out, and the notice says so.
 */
export function useClipboard({
  graph,
  selectedIds,
  stage,
  canEdit,
  apply,
  deleteSelection,
  onNotice,
}: {
  graph: TRuleGraph;
  selectedIds: ReadonlySet<string>;
  stage: TStage;
  canEdit: boolean;
  apply: (update: GraphUpdate) => void;
  deleteSelection: () => void;
  onNotice: (text: string) => void;
}) {
  function copySelection(cut = false) {
    const frag = copyFragment(graph, selectedIds);
    if (frag.nodes.length === 0) return;
    const text = JSON.stringify(frag);
    localStorage.setItem(CLIPBOARD_KEY, text);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
    onNotice(`${cut ? "Cut" : "Copied"} ${nodesText(frag.nodes.length)}.`);
    if (cut) deleteSelection();
  }
  function paste(text: string | null = localStorage.getItem(CLIPBOARD_KEY)) {
    const frag = parseFragment(text);
    if (!frag || !canEdit) return;
    const { update, pasted, skipped } = pasteInto(graph, frag, stage, newId);
    apply(update);
    onNotice(`Pasted ${nodesText(pasted)}${skipped ? `; ${skipped} action${skipped === 1 ? "" : "s"} not allowed in ${STAGE_LABELS[stage]} left out` : ""}.`);
  }
  return { copySelection, paste };
}
