"use client";
import type { ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";
import { sentence } from "@/components/ui/sentence";

/**
 * Asks before a destructive action and shows why the server refused it, in place.
 * `error` is the refusal of the last attempt (the dialog stays open).
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel = "Working…",
  danger = true,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  danger?: boolean;
  busy: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      onClose={() => !busy && onClose()}
      footer={
        <>
          <button className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button className={`btn ${danger ? "danger solid" : "primary"}`} onClick={onConfirm} disabled={busy} autoFocus>
            {busy ? busyLabel : confirmLabel}
          </button>
        </>
      }
    >
      {error ? (
        <div className="banner error" role="alert">
          {sentence(error)}
        </div>
      ) : null}
      <div className="confirm-text">{children}</div>
    </Dialog>
  );
}
