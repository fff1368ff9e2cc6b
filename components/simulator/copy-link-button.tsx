"use client";
import { useEffect, useState } from "react";

/** Copies the page's address (which carries the filters) to the clipboard; says so for a moment. */
export function CopyLinkButton({ className = "btn" }: { className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setState("copied");
    } catch {
      // No clipboard permission (plain http on another host): show the address to copy by hand.
      window.prompt("Copy this link:", window.location.href);
      setState("failed");
    }
  }

  return (
    <button type="button" className={className} onClick={() => void copy()} title="Copy a link to this simulation with the current filters" data-testid="copy-link">
      {state === "copied" ? "Link copied ✓" : "Copy link"}
      <span className="sim-sr-only" role="status" aria-live="polite">
        {state === "copied" ? "Link copied to the clipboard" : ""}
      </span>
    </button>
  );
}
