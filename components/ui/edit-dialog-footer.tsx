/** The footer of an edit dialog: Delete (when editing an existing item) on the left, Cancel and Save on the right. */
export function EditDialogFooter({ busy, onCancel, onSave, onDelete }: { busy: boolean; onCancel: () => void; onSave: () => void; onDelete?: (() => void) | undefined }) {
  return (
    <>
      {onDelete ? (
        <button className="btn danger" style={{ marginRight: "auto" }} disabled={busy} onClick={onDelete}>
          Delete
        </button>
      ) : null}
      <button className="btn" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button className="btn primary" onClick={onSave} disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
    </>
  );
}
