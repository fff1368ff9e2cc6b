/** A determinate progress bar (0–1), or an indeterminate one when `value` is null. */
export function ProgressBar({ value, label, detail, tone }: { value: number | null; label: string; detail?: string; tone?: "done" | "error" }) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className={`progress${tone ? ` ${tone}` : ""}`}>
      <div className="progress-head">
        <span>{label}</span>
        <span className="muted">{detail ?? (pct === null ? "" : `${pct}%`)}</span>
      </div>
      <div
        className={`progress-track${pct === null ? " indeterminate" : ""}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}
