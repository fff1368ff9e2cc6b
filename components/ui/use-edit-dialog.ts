"use client";
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import type { DecorateMutationProcedure, ResolverDef } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { formErrorOf } from "@/lib/trpc-errors";
import { conflictOf, dialogErrors, stalePathsOf } from "./edit-form-state";
import { type FieldErrors, errorAt } from "./form-errors";
import { useScrollToFirstError } from "./use-scroll-to-error";
import { useStalePaths } from "./use-stale-paths";

/**
 * The edit dialog of a list: what is open (e.g. `{ row }`, with `row: null` for a new item), closed on
 * Cancel, and closed on success with the lists in `invalidate` refetched.
 */
export function useEditDialog<TEditing extends object>(invalidate: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TEditing | null>(null);
  return {
    editing,
    open: (item: TEditing) => setEditing(item),
    onClose: () => setEditing(null),
    onSaved: () => {
      setEditing(null);
      for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
    },
  };
}

/** What the dialog needs of each of its mutations (a `useMutation` result). */
export interface DialogMutation {
  error: unknown;
  isPending: boolean;
  reset: () => void;
}

/** The create, update and delete mutations of a master-data router (e.g. `trpc.stores`), each closing the dialog on success. */
export function useCrudMutations<C extends ResolverDef, U extends ResolverDef, D extends ResolverDef>(
  procedures: { create: DecorateMutationProcedure<C>; update: DecorateMutationProcedure<U>; delete: DecorateMutationProcedure<D> },
  onSuccess: () => void,
) {
  return {
    create: useMutation(procedures.create.mutationOptions({ onSuccess })),
    update: useMutation(procedures.update.mutationOptions({ onSuccess })),
    remove: useMutation(procedures.delete.mutationOptions({ onSuccess })),
  };
}

export interface EditFormOptions<TForm, TToken, TRow> {
  /** The form as the dialog opens. */
  form: TForm;
  /** The concurrency token the save sends (the revision, or `updatedAt`), as read. */
  token: TToken;
  /** The dialog's mutations (create, update, delete…), each made with `onSuccess` closing the dialog. */
  mutations: readonly DialogMutation[];
  /** The error paths the form's fields show; the others go to the banner. */
  claimed: readonly string[];
  /** The error paths an edit of a form key makes stale, where they are not the key itself. */
  staleAliases?: Partial<Record<keyof TForm, readonly string[]>>;
  /** "Load their version": the form with what the server holds now. */
  formOf: (current: TRow, form: TForm) => TForm;
  /** The token of what the server holds now (`null`: the item no longer exists). */
  tokenOf: (current: TRow | null) => TToken;
}

/**
 * The state of an edit dialog: the form, the token of the version it edits, the errors of the last
 * attempt mapped onto its fields (server and browser checks, hidden once their field is edited), the
 * stale-revision conflict with its two ways out, and whether a mutation is running.
 */
export function useEditForm<TForm, TToken, TRow>(o: EditFormOptions<TForm, TToken, TRow>) {
  const [form, setForm] = useState<TForm>(o.form);
  const [token, setToken] = useState<TToken>(o.token);
  const [local, setLocal] = useState<FieldErrors>({});
  const { stale, touch, clear } = useStalePaths();
  const { mutations } = o;
  const failed = mutations.find((m) => m.error)?.error ?? null;
  const err = formErrorOf(failed);
  const { errors, banner } = dialogErrors(err, local, stale, o.claimed);
  const conflict = conflictOf<TRow>(err);
  useScrollToFirstError(failed ?? (Object.keys(local).length ? local : null));

  const reset = () => {
    mutations.forEach((m) => m.reset());
    clear();
  };
  const attempt = (found: FieldErrors = {}) => {
    reset();
    setLocal(found);
    return Object.keys(found).length === 0;
  };

  return {
    form,
    token,
    errors,
    banner,
    conflict,
    touch,
    busy: mutations.some((m) => m.isPending),
    /** Messages for exactly `path`. */
    fe: (path: string) => errorAt(errors, path),
    /** Changes form keys; their old errors are hidden until the next attempt. */
    set: (patch: Partial<TForm>) => {
      setForm((f) => ({ ...f, ...patch }));
      touch(...stalePathsOf(patch, o.staleAliases));
    },
    /**
     * Starts a save or delete: forgets the last attempt and records the browser's own findings;
     * true when there are none and the mutation may be sent.
     */
    attempt,
    /** Delete: asks `question` first; on OK forgets the last attempt and sends. */
    confirmDelete: (question: string, send: () => void) => {
      if (confirm(question) && attempt()) send();
    },
    loadTheirs: () => {
      const current = conflict?.current ?? null;
      if (current !== null) setForm(o.formOf(current, form));
      setToken(o.tokenOf(current));
      reset();
    },
    keepMine: () => {
      setToken(o.tokenOf(conflict?.current ?? null));
      reset();
    },
  };
}
