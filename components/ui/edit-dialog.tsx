"use client";
import type { ReactNode } from "react";
import { Dialog } from "./dialog";
import { EditDialogFooter } from "./edit-dialog-footer";
import type { DialogErrors } from "./edit-form-state";
import { ConflictBanner, FormBanner } from "./form-banner";

/** What the banner needs of an edit form (`useEditForm`). */
export interface EditBannerState<TRow> {
  conflict: { current: TRow | null } | null;
  banner: DialogErrors["banner"];
  busy: boolean;
  loadTheirs: () => void;
  keepMine: () => void;
}

interface BannerProps<TRow> {
  form: EditBannerState<TRow>;
  /** The item, as the conflict banner names it: "store", "SKU"… */
  what: string;
  /** What the server holds now, in a sentence. */
  summary: (current: TRow) => ReactNode;
  /** Shown when the item no longer exists; without it, that conflict shows as an error. */
  gone?: ReactNode;
}

/** Above the form: the stale-revision conflict with its two ways out, or else what no field shows. */
export function EditDialogBanner<TRow>({ form, what, summary, gone }: BannerProps<TRow>) {
  const conflict = form.conflict;
  if (conflict && (conflict.current !== null || gone !== undefined)) {
    return <ConflictBanner what={what} summary={conflict.current !== null ? summary(conflict.current) : gone} onLoadTheirs={form.loadTheirs} onKeepMine={form.keepMine} />;
  }
  return <FormBanner err={form.banner.err} unclaimed={form.banner.unclaimed} fieldErrorsLeft={form.banner.fieldErrorsLeft} />;
}

/**
 * A create/update/delete dialog: the banner, the fields, and Delete (when `onDelete`), Cancel and Save.
 * `className` wraps the banner and the fields (`dialog-wide`, `dialog-narrow`).
 */
export function EditDialog<TRow>({
  title,
  onClose,
  onSave,
  onDelete,
  className,
  children,
  ...banner
}: BannerProps<TRow> & { title: string; onClose: () => void; onSave: () => void; onDelete?: (() => void) | undefined; className?: string; children: ReactNode }) {
  const body = (
    <>
      <EditDialogBanner {...banner} />
      {children}
    </>
  );
  return (
    <Dialog title={title} onClose={onClose} footer={<EditDialogFooter busy={banner.form.busy} onCancel={onClose} onSave={onSave} onDelete={onDelete} />}>
      {className ? <div className={className}>{body}</div> : body}
    </Dialog>
  );
}
