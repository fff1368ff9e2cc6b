"use client";
import { Dialog } from "@/components/ui/dialog";
import { TimeText } from "@/components/ui/time-text";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { diffGraphs } from "@/rules-schema/graph/diff-graphs";
import type { TStoredDraft } from "@/server/schemas/ruleset-schemas";
import { NODE_KIND_UI, summaryOf } from "./node-kind-ui";

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Someone saved the draft after we loaded it. Shows both versions side by side — theirs as stored,
 * ours as on the canvas — and what differs, and lets the person choose. Nothing is overwritten
 * unless they pick "Keep mine".
 */
export function SaveConflictDialog({
  theirs,
  mine,
  names,
  onLoadTheirs,
  onKeepMine,
  onClose,
}: {
  theirs: TStoredDraft;
  mine: TRuleGraph;
  names: (id: string) => string;
  onLoadTheirs: () => void;
  onKeepMine: () => void;
  onClose: () => void;
}) {
  // What my canvas changes relative to their stored graph.
  const d = diffGraphs(theirs.graph, mine);
  const title = (n: { kind: keyof typeof NODE_KIND_UI; label?: string | undefined }) => n.label || NODE_KIND_UI[n.kind].label;
  const rows = [
    ...d.nodes.added.map((n) => ({ id: n.id, tone: "added", text: `Only in yours: ${title(n)} — ${summaryOf(n, names)}` })),
    ...d.nodes.removed.map((n) => ({ id: n.id, tone: "removed", text: `Only in theirs: ${title(n)} — ${summaryOf(n, names)}` })),
    ...d.nodes.changed.map((c) => ({ id: c.id, tone: "changed", text: `Changed: ${title(c.after)} — theirs “${summaryOf(c.before, names)}”, yours “${summaryOf(c.after, names)}”` })),
  ];
  return (
    <Dialog
      title="Someone else saved this draft"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Decide later
          </button>
          <button className="btn" onClick={onLoadTheirs}>
            Load theirs (discard mine)
          </button>
          <button className="btn primary" onClick={onKeepMine}>
            Keep mine (save over theirs)
          </button>
        </>
      }
    >
      <p>
        {theirs.savedBy?.name ?? "Someone"} saved draft v{theirs.versionNumber} <TimeText value={new Date(theirs.savedAt)} /> while you were editing. Nothing has been overwritten;
        autosave is paused until you choose.
      </p>
      <div className="conflict-compare">
        <section aria-label="Their version">
          <h3>Theirs</h3>
          <p className="muted">
            {count(theirs.graph.nodes.length, "node")}, {count(theirs.graph.edges.length, "edge")} · saved by {theirs.savedBy?.name ?? "unknown"}
          </p>
        </section>
        <section aria-label="Your version">
          <h3>Yours (on the canvas)</h3>
          <p className="muted">
            {count(mine.nodes.length, "node")}, {count(mine.edges.length, "edge")} · not saved
          </p>
        </section>
      </div>
      <h3 className="conflict-diff-title">What differs</h3>
      {rows.length === 0 && d.edges.added.length + d.edges.removed.length === 0 ? (
        <p className="muted">Only node positions or settings differ.</p>
      ) : (
        <ul className="conflict-diff" aria-label="Differences">
          {rows.map((r) => (
            <li key={`${r.tone}-${r.id}`} className={`diff-${r.tone}`}>
              {r.text}
            </li>
          ))}
          {d.edges.added.length + d.edges.removed.length > 0 ? (
            <li className="diff-changed">
              Connections: {count(d.edges.added.length, "edge")} only in yours, {count(d.edges.removed.length, "edge")} only in theirs
            </li>
          ) : null}
        </ul>
      )}
    </Dialog>
  );
}
