"use client";
import "./live.css";
import Link from "next/link";
import { STATUS_UI, type TDecisionStatus } from "./live-format";

/** A decision's status as a coloured badge, its meaning on hover. */
export function StatusBadge({ status }: { status: TDecisionStatus | string }) {
  const ui = status in STATUS_UI ? STATUS_UI[status as TDecisionStatus] : null;
  return (
    <span className={`badge live-status status-${status}`} title={ui?.hint}>
      {ui?.label ?? status}
    </span>
  );
}

/** The Live section's crumbs: "Live / …". */
export function LiveCrumbs({ children }: { children?: React.ReactNode }) {
  return (
    <div className="muted live-crumbs">
      <Link href="/live">Live</Link>
      {children ? <> / {children}</> : null}
    </div>
  );
}

/** A row of toggle buttons (range presets, statuses): `aria-pressed` on the chosen ones. */
export function ToggleGroup<T extends string>({
  label,
  options,
  isOn,
  onToggle,
  className = "",
}: {
  label: string;
  options: readonly { id: T; label: React.ReactNode; title?: string; className?: string }[];
  isOn: (id: T) => boolean;
  onToggle: (id: T) => void;
  className?: string;
}) {
  return (
    <div className={`live-toggles ${className}`} role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.id} type="button" className={`live-toggle ${o.className ?? ""}${isOn(o.id) ? " on" : ""}`} aria-pressed={isOn(o.id)} title={o.title} onClick={() => onToggle(o.id)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
