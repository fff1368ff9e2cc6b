import type { FormError } from "@/lib/trpc-errors";
import { type FieldErrors, mergeFieldErrors, unclaimedErrors, withoutStale } from "./form-errors";

/** The banner's error while only the browser's own checks failed (nothing was sent). */
export const LOCAL_ERROR: FormError = { message: "Some fields need attention.", fieldErrors: {}, conflict: null, code: null };

/**
 * Someone saved the item since the dialog read it (a stale revision): what the server holds now,
 * or `current: null` when the item no longer exists. Null when the error is not a conflict.
 */
export function conflictOf<TRow>(err: FormError | null): { current: TRow | null } | null {
  if (!err) return null;
  if (err.conflict) return { current: (err.conflict.current ?? null) as TRow | null };
  return err.code === "CONFLICT" ? { current: null } : null;
}

/**
 * The error paths an edit of the form keys in `patch` makes stale: a key stands for itself unless
 * `aliases` names its paths (a form key may feed other fields of the input, or none).
 */
export function stalePathsOf<TForm>(patch: Partial<TForm>, aliases: Partial<Record<keyof TForm, readonly string[]>> = {}): string[] {
  return (Object.keys(patch) as (keyof TForm & string)[]).flatMap((k) => [...(aliases[k] ?? [k])]);
}

/** What a dialog shows of the last attempt: errors by field, and the banner's part of them. */
export interface DialogErrors {
  /** Field errors (server and browser) by path, without the fields edited since. */
  errors: FieldErrors;
  /** The banner above the form: its error, the errors no field claims, and how many field errors are left. */
  banner: { err: FormError | null; unclaimed: { key: string; messages: string[] }[]; fieldErrorsLeft: number };
}

/**
 * Maps the server's error (field errors keyed as in the input, `fields.` prefix and all) and the browser's
 * own checks onto the dialog's fields: errors of fields edited since (`stale`) are dropped, errors no field
 * of `claimed` shows go to the banner.
 */
export function dialogErrors(err: FormError | null, local: FieldErrors, stale: ReadonlySet<string>, claimed: readonly string[]): DialogErrors {
  const errors = withoutStale(mergeFieldErrors(err, local), stale);
  const bannerErr = err ?? (Object.keys(local).length ? LOCAL_ERROR : null);
  return { errors, banner: { err: bannerErr, unclaimed: unclaimedErrors(errors, claimed), fieldErrorsLeft: Object.keys(errors).length } };
}

/**
 * The form and token options of an edit dialog whose rows carry a `revision` (0 for a new item):
 * the form of `row`, or `empty` when it is null.
 */
export function revisioned<TRow extends { revision: number }, TForm>(row: TRow | null, empty: TForm, formOf: (row: TRow) => TForm) {
  return { form: row ? formOf(row) : empty, token: row?.revision ?? 0, formOf, tokenOf: (current: TRow | null) => current?.revision ?? 0 };
}

/**
 * Reads a number typed in a form: blank is null (or "required"), anything else unreadable is an error
 * (`notANumber`) recorded in `local` under `path`.
 */
export function readNumber(text: string, path: string, local: FieldErrors, required: boolean, notANumber = "must be a number"): number | null {
  const t = text.trim();
  if (t === "") {
    if (required) local[path] = ["required"];
    return null;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) {
    local[path] = [notANumber];
    return null;
  }
  return n;
}
