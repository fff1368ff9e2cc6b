import type { FormError } from "@/lib/trpc-errors";

/**
 * The banner above a form for what no field shows: a refused delete, a permission error, a field
 * the form has no input for. Field-level messages stay under their fields.
 */
export function FormBanner({ err, unclaimed, fieldErrorsLeft }: { err: FormError | null; unclaimed: { key: string; messages: string[] }[]; fieldErrorsLeft?: number }) {
  if (!err && unclaimed.length === 0) return null;
  // Every field the server (or the browser) complained about has been edited since: nothing to point at.
  if (unclaimed.length === 0 && fieldErrorsLeft === 0 && err && (Object.keys(err.fieldErrors).length > 0 || err.message === "Some fields need attention.")) return null;
  const silentKeys = new Set(["id", "_"]);
  if (unclaimed.length > 0) {
    return (
      <div className="banner error" role="alert">
        {unclaimed.length === 1 && silentKeys.has(unclaimed[0]!.key) ? (
          unclaimed[0]!.messages.join("; ")
        ) : (
          <>
            {err && err.message !== "Some fields need attention." ? <div>{err.message}</div> : <div>The server could not save this:</div>}
            <ul className="banner-list">
              {unclaimed.map((u) => (
                <li key={u.key}>
                  {silentKeys.has(u.key) ? null : <code>{u.key}</code>} {u.messages.join("; ")}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    );
  }
  return (
    <div className="banner error" role="alert">
      {err!.message}
    </div>
  );
}

/** Someone else saved first: show what they saved and let the user choose. */
export function ConflictBanner({ what, summary, onLoadTheirs, onKeepMine }: { what: string; summary: React.ReactNode; onLoadTheirs: () => void; onKeepMine: () => void }) {
  return (
    <div className="banner warn conflict" role="alert">
      <div>
        <strong>Someone else saved this {what} while you were editing.</strong> {summary}
      </div>
      <div className="conflict-actions">
        <button type="button" className="btn" onClick={onLoadTheirs}>
          Load their version
        </button>
        <button type="button" className="btn" onClick={onKeepMine}>
          Keep mine and save over it
        </button>
      </div>
    </div>
  );
}
