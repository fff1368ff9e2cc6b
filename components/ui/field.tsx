import type { ReactNode } from "react";

/** A labelled form field with its hint and field-level error. */
export function Field({ label, htmlFor, error, hint, wide, children }: { label: string; htmlFor: string; error?: string[] | undefined; hint?: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`field${wide ? " wide" : ""}`}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error?.length ? (
        <span className="error" role="alert" id={`${htmlFor}-error`}>
          {error.join("; ")}
        </span>
      ) : hint ? (
        <span className="hint">{hint}</span>
      ) : null}
    </div>
  );
}
