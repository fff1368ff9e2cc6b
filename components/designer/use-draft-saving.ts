"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TRulesetOut, TStoredDraft } from "@/server/schemas/ruleset-schemas";
import { snapshotOf } from "./graph-actions";
import { NODE_KIND_UI } from "./node-kind-ui";
import { saveProblemOf } from "./save-errors";
import { liveStatus } from "./version-status";

export type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

/** Quiet time after the last edit before the draft saves itself. */
export const AUTOSAVE_MS = 1500;

interface DraftSavingOptions {
  ruleset: TRulesetOut;
  /** The graph on the canvas and its snapshot (graph-actions.ts `snapshotOf`). The first snapshot is the draft as stored. */
  graph: TRuleGraph;
  snapshot: string;
  /** A node is being dragged: autosave waits for the drop. */
  dragging: boolean;
  canEdit: boolean;
  /** Who saves, for "saved by". */
  userName: string | null;
  /** Says what a save did beyond saving (a new draft was started, a version was saved). */
  onNotice: (text: string) => void;
  /** Puts a stored draft on the canvas, header included, and starts its undo history over. */
  onLoadStored: (stored: TStoredDraft) => void;
}

/**
 * Saving the designer's draft: "Save" (`saveNow`), autosave after a quiet moment (tried again by itself
 * once the canvas changes after a refused save), "Save version" (freezing the graph as a version, with a
 * note), the conflict when someone else saved the draft meanwhile (keep mine / load theirs), simulating
 * (which replays the stored draft, so it saves first) and the question before leaving with unsaved changes.
 */
export function useDraftSaving({ ruleset, graph, snapshot, dragging, canEdit, userName, onNotice, onLoadStored }: DraftSavingOptions) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [revision, setRevision] = useState(ruleset.version.revision);
  const [versionNumber, setVersionNumber] = useState(ruleset.version.number);
  const [savedStatus, setVersionStatus] = useState(ruleset.version.status);
  // What is live changes outside this screen too (publish, rollback, approvals): the status follows it.
  const versionStatus = liveStatus(savedStatus, versionNumber, ruleset.publishedVersionNumber);
  const [freezing, setFreezing] = useState(false);
  const [versionNote, setVersionNote] = useState("");
  const [savedAt, setSavedAt] = useState<{ at: Date; by: string | null }>({ at: ruleset.version.savedAt, by: ruleset.version.savedBy?.name ?? null });
  const [conflict, setConflict] = useState<TStoredDraft | null>(null);
  const [conflictOpen, setConflictOpen] = useState(false);

  // The canvas opens on the stored draft, so the first snapshot is what is saved.
  const [savedSnapshot, setSavedSnapshot] = useState(snapshot);
  const dirty = snapshot !== savedSnapshot;
  const save = useMutation(
    trpc.rulesets.saveDraft.mutationOptions({
      onSuccess: (out, input) => {
        setRevision(out.revision);
        setVersionNumber(out.versionNumber);
        setSavedSnapshot(snapshotOf(input.graph));
        setSavedAt({ at: new Date(), by: userName });
        setConflict(null);
        setConflictOpen(false);
        if (out.newVersion) onNotice(`v${versionNumber} stays as it was (${versionStatus}); your changes are in a new draft, v${out.versionNumber}.`);
        setVersionStatus("draft");
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.versions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.pathKey() });
      },
      onError: (error) => {
        const err = formErrorOf(error);
        if (err?.code === "CONFLICT" && err.conflict?.current) {
          setConflict(err.conflict.current as TStoredDraft);
          setConflictOpen(true);
        }
      },
    }),
  );
  const freeze = useMutation(
    trpc.rulesets.saveVersion.mutationOptions({
      onSuccess: (out, input) => {
        setRevision(out.revision);
        setVersionNumber(out.versionNumber);
        setVersionStatus("validated");
        setSavedSnapshot(snapshotOf(input.graph));
        setSavedAt({ at: new Date(), by: userName });
        setFreezing(false);
        setVersionNote("");
        onNotice(`Saved v${out.versionNumber} as a version. It no longer changes; your next edit starts draft v${out.versionNumber + 1}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.versions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.rulesets.list.pathKey() });
      },
      onError: (error) => {
        const err = formErrorOf(error);
        if (err?.code === "CONFLICT" && err.conflict?.current) {
          setFreezing(false);
          setConflict(err.conflict.current as TStoredDraft);
          setConflictOpen(true);
        }
      },
    }),
  );
  const freezeError = formErrorOf(freeze.error);
  const saveError = formErrorOf(save.error);
  // A refused save names the node and field; once the canvas changes, autosave tries again by itself.
  const saveProblem = saveError ? saveProblemOf(saveError.fieldErrors, graph, (k) => NODE_KIND_UI[k as keyof typeof NODE_KIND_UI]?.label ?? k) : null;
  const [failedSnapshot, setFailedSnapshot] = useState<string | null>(null);
  useEffect(() => {
    if (save.isError && failedSnapshot === null) setFailedSnapshot(snapshot);
    if (!save.isError && failedSnapshot !== null) setFailedSnapshot(null);
  }, [save.isError, failedSnapshot, snapshot]);
  const retryable = save.isError && failedSnapshot !== null && failedSnapshot !== snapshot && saveError?.code !== "CONFLICT";
  const saveState: SaveState = conflict ? "conflict" : save.isPending ? "saving" : save.isError ? "error" : dirty ? "dirty" : "saved";
  const saveNow = useCallback(
    (overRevision?: number) => {
      if (!canEdit || save.isPending) return;
      save.mutate({ id: ruleset.id, revision: overRevision ?? revision, graph });
    },
    [canEdit, save, ruleset.id, revision, graph],
  );
  // Autosave: after a quiet moment, unless a conflict waits for a decision or the last try failed.
  useEffect(() => {
    if (!canEdit || !dirty || dragging || conflict || save.isPending || (save.isError && !retryable) || freeze.isPending) return;
    const t = setTimeout(() => saveNow(), AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [canEdit, dirty, dragging, conflict, save.isPending, save.isError, retryable, freeze.isPending, snapshot, saveNow]);
  // Simulate: the simulation replays the stored draft, so unsaved changes are saved first.
  const router = useRouter();
  const [simulating, setSimulating] = useState(false);
  useEffect(() => {
    if (!simulating) return;
    if (conflict || save.isError) setSimulating(false);
    else if (!canEdit || (!dirty && !save.isPending)) {
      setSimulating(false);
      router.push(`/simulations/new?rulesetId=${encodeURIComponent(ruleset.id)}`);
    } else if (!save.isPending) saveNow();
  }, [simulating, canEdit, dirty, save.isPending, save.isError, conflict, router, ruleset.id, saveNow]);
  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  return {
    saveState,
    dirty,
    isSaving: save.isPending,
    /** The last save's refusal (null after a success or a reset) and, when it names a field, what and where. */
    saveError,
    saveProblem,
    versionNumber,
    versionStatus,
    savedAt,
    /** The draft someone else saved meanwhile; autosave waits until the user decides. */
    conflict,
    conflictOpen,
    simulating,
    /** The "Save as a version" dialog. */
    freezing,
    isFreezing: freeze.isPending,
    freezeError,
    versionNote,
    saveNow,
    /** Starts a simulation of this draft, saving it first when it has unsaved changes. */
    simulate: () => setSimulating(true),
    showConflict: () => setConflictOpen(true),
    hideConflict: () => setConflictOpen(false),
    /** Saves the canvas over the other draft. */
    keepMine: () => {
      if (!conflict) return;
      save.reset();
      saveNow(conflict.revision);
    },
    /** Drops the canvas's changes for the other draft. */
    loadTheirs: () => {
      if (!conflict) return;
      const stored = conflict;
      onLoadStored(stored);
      setRevision(stored.revision);
      setVersionNumber(stored.versionNumber);
      setSavedSnapshot(snapshotOf(stored.graph));
      setSavedAt({ at: new Date(stored.savedAt), by: stored.savedBy?.name ?? null });
      setConflict(null);
      setConflictOpen(false);
      save.reset();
    },
    openSaveVersion: () => {
      freeze.reset();
      setFreezing(true);
    },
    closeSaveVersion: () => setFreezing(false),
    setVersionNote,
    saveVersion: () => freeze.mutate({ id: ruleset.id, revision, graph, note: versionNote }),
    /** A publish made this version live. */
    markPublished: (publishedNumber: number) => {
      if (publishedNumber === versionNumber) setVersionStatus("published");
    },
  };
}
