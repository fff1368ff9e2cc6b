"use client";
import { type ReactNode, useEffect } from "react";

export function Dialog({ title, onClose, children, footer }: { title: string; onClose: () => void; children: ReactNode; footer: ReactNode }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title}>
        <header>
          <h2>{title}</h2>
        </header>
        <div className="body">{children}</div>
        <footer>{footer}</footer>
      </div>
    </div>
  );
}

/**
 * A dialog around one form: Cancel and a submit button in the footer (disabled while `pending`), a
 * banner for an error that belongs to no field, and the form itself (`noValidate`: the server's
 * field messages are shown instead of the browser's).
 */
export function FormDialog({
  title,
  formId,
  onClose,
  onSubmit,
  pending,
  submitLabel,
  pendingLabel,
  error,
  children,
}: {
  title: string;
  formId: string;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button className="btn primary" type="submit" form={formId} disabled={pending}>
            {pending ? pendingLabel : submitLabel}
          </button>
        </>
      }
    >
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <form
        id={formId}
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </Dialog>
  );
}
