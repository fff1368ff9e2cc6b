"use client";
import { useEffect, useRef, useState } from "react";

/** A read-only value (a link, a secret) with a Copy button; the text is selected on focus. */
export function CopyField({ value, label, id, secret }: { value: string; label: string; id: string; secret?: boolean }) {
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied("ok");
    } catch {
      // No clipboard permission (e.g. plain http on another host): the text is selected for Ctrl+C.
      setCopied("failed");
    }
  }

  return (
    <div className={`copy-field${secret ? " secret" : ""}`}>
      <input
        ref={input}
        id={id}
        className="input mono"
        readOnly
        value={value}
        aria-label={label}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" className="btn" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied === "ok" ? "Copied ✓" : "Copy"}
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {copied === "failed" ? "Press Ctrl+C (⌘C) to copy the selected text." : ""}
      </span>
    </div>
  );
}
