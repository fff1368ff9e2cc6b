"use client";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { TSimulationStatus, TSimulationSummary } from "@/server/schemas/simulation-schemas";
import { STATUS_LABELS, formatCount, formatEta, formatRate } from "./simulation-format";

/** A simulation's status as a badge; a pulsing dot while it runs. */
export function SimulationStatusBadge({ status, testId }: { status: TSimulationStatus; testId?: string }) {
  const s = STATUS_LABELS[status];
  return (
    <span className={`badge${s.tone ? ` ${s.tone}` : ""} sim-status sim-status-${status}`} data-testid={testId} data-status={status}>
      {status === "running" ? <span className="dot-pulse" aria-hidden="true" /> : null}
      {s.label}
    </span>
  );
}

/** "12,000 of 50,000 orders · 1,234 orders/s · about 30 s left". */
export function progressDetail(sim: Pick<TSimulationSummary, "status" | "done" | "total" | "rate" | "etaSeconds">): string {
  if (sim.status === "queued") return sim.total ? `${formatCount(sim.total)} orders to replay` : "Counting orders…";
  const parts = [`${formatCount(sim.done)} of ${formatCount(sim.total)} orders`];
  const rate = formatRate(sim.rate);
  if (rate) parts.push(rate);
  const eta = formatEta(sim.etaSeconds);
  if (eta) parts.push(eta);
  return parts.join(" · ");
}

/**
 * The progress of a queued or running simulation: orders done of total, rate and time left;
 * indeterminate while it waits for a worker or counts its orders.
 */
export function SimulationProgress({ sim, compact }: { sim: Pick<TSimulationSummary, "status" | "done" | "total" | "rate" | "etaSeconds" | "changed">; compact?: boolean }) {
  const value = sim.status === "queued" || sim.total === 0 ? null : sim.done / sim.total;
  if (compact) {
    const extra = [formatRate(sim.rate), formatEta(sim.etaSeconds)].filter(Boolean).join(" · ");
    return (
      <div className="sim-progress compact" data-testid="simulation-progress">
        <ProgressBar
          value={value}
          label={sim.status === "queued" ? "Waiting for a worker" : `${formatCount(sim.done)} / ${formatCount(sim.total)}`}
          detail={sim.status === "queued" ? "" : value === null ? "" : `${Math.floor(value * 100)}%`}
        />
        {extra ? <div className="muted small">{extra}</div> : null}
      </div>
    );
  }
  return (
    <div className="sim-progress" data-testid="simulation-progress">
      <ProgressBar value={value} label={sim.status === "queued" ? "Waiting for a worker…" : "Replaying orders"} detail={progressDetail(sim)} />
      {sim.status === "running" ? (
        <p className="muted small sim-progress-note">
          {formatCount(sim.changed)} {sim.changed === 1 ? "order" : "orders"} with a different outcome so far. The results appear once every order has been replayed.
        </p>
      ) : null}
    </div>
  );
}
