"use client";
import type { ReactNode } from "react";
import type { TStage } from "@/rules-schema/graph/graph-schema";
import { CHANGE_KINDS, type TChangeKind, type TSideTotals, type TSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import { CHANGE_LABELS, formatCount, formatDelta, formatMoney, formatPercent } from "./simulation-format";

/** Which direction of change is good news for a figure (colours the delta); neutral: no colour. */
type Better = "down" | "up" | "neutral";

export function toneOf(delta: number, better: Better): "good" | "bad" | "flat" | "neutral" {
  if (delta === 0) return "flat";
  if (better === "neutral") return "neutral";
  return (delta < 0) === (better === "down") ? "good" : "bad";
}

/**
 * Whether a figure's change can be judged at all. Against a baseline that runs nothing (no rules of
 * this stage), every difference is the candidate doing something where nothing was done: not better,
 * not worse. `why` says so on the delta.
 */
type Judge = { judged: true } | { judged: false; why: string };

function Delta({ delta, better, format, judge = { judged: true } }: { delta: number; better: Better; format?: (n: number) => string; judge?: Judge }) {
  const tone = judge.judged ? toneOf(delta, better) : delta === 0 ? "flat" : "neutral";
  return (
    <span className={`sim-delta ${tone}`} title={tone === "good" ? "Better than the baseline" : tone === "bad" ? "Worse than the baseline" : !judge.judged ? judge.why : undefined}>
      {formatDelta(delta, format)}
    </span>
  );
}

/**
 * Late orders are judged by their share of the orders with a deadline on each side: a candidate that
 * assigns warehouses gives orders deadlines the baseline never computed, and more late orders among
 * more orders with a deadline is not a regression by itself.
 */
export function lateTone(c: { late: number; withDeadline: number }, b: { late: number; withDeadline: number }): "good" | "bad" | "flat" | "neutral" {
  if (c.late === b.late && c.withDeadline === b.withDeadline) return "flat";
  if (c.withDeadline === 0 || b.withDeadline === 0) return "neutral";
  const diff = c.late / c.withDeadline - b.late / b.withDeadline;
  if (Math.abs(diff) < 1e-9) return "neutral";
  return diff < 0 ? "good" : "bad";
}

function Card({ id, label, children, wide }: { id: string; label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`sim-card${wide ? " wide" : ""}`} data-testid={`totals-card-${id}`} role="group" aria-label={label}>
      <div className="stat-label">{label}</div>
      {children}
    </div>
  );
}

/** A count on both sides: the candidate's big, the baseline's and the change below. */
function CompareCard({ id, label, candidate, baseline, better, extra, judge }: { id: string; label: string; candidate: number; baseline: number; better: Better; extra?: ReactNode; judge?: Judge }) {
  return (
    <Card id={id} label={label}>
      <div className="sim-card-value">{formatCount(candidate)}</div>
      <div className="sim-card-compare">
        <span className="muted">baseline {formatCount(baseline)}</span> <Delta delta={candidate - baseline} better={better} judge={judge} />
      </div>
      {extra ? <div className="sim-card-extra">{extra}</div> : null}
    </Card>
  );
}

/** Cost per currency: candidate, baseline, change, and the average per priced order. */
function CostCard({ c, b, judge, noChannelStage }: { c: TSideTotals; b: TSideTotals; judge: Judge; noChannelStage: boolean }) {
  const currencies = [...new Set([...Object.keys(c.costByCurrency), ...Object.keys(b.costByCurrency)])].sort();
  const single = currencies.length === 1;
  return (
    <Card id="cost" label="Estimated shipping cost" wide>
      {currencies.length === 0 ? (
        <>
          <div className="sim-card-value muted">—</div>
          <div className="sim-card-extra muted">
            {noChannelStage ? "No logistics rules ran, so no order has a channel to price (see Other stages above)." : "No order could be priced: assign channels with rate cards to estimate cost."}
          </div>
        </>
      ) : (
        <table className="sim-cost">
          <tbody>
            {currencies.map((cur) => {
              const cand = c.costByCurrency[cur] ?? 0;
              const base = b.costByCurrency[cur] ?? 0;
              const money = (n: number) => formatMoney(n, cur);
              return (
                <tr key={cur}>
                  <td className="sim-cost-main">{money(cand)}</td>
                  <td>
                    <span className="muted">baseline {money(base)}</span> <Delta delta={Math.round((cand - base) * 100) / 100} better="down" format={money} judge={judge} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="sim-card-extra muted">
        {single && c.priced > 0 ? `${formatMoney((c.costByCurrency[currencies[0]!] ?? 0) / c.priced, currencies[0]!)} per order on average (baseline ${b.priced > 0 ? formatMoney((b.costByCurrency[currencies[0]!] ?? 0) / b.priced, currencies[0]!) : "—"}). ` : null}
        {c.unpriced > 0 ? `${formatCount(c.unpriced)} ${c.unpriced === 1 ? "order has" : "orders have"} no estimate.` : `Every order priced.`}
      </div>
    </Card>
  );
}

function LateDelta({ c, b, judge }: { c: { late: number; withDeadline: number }; b: { late: number; withDeadline: number }; judge: Judge }) {
  const delta = c.late - b.late;
  const tone = !judge.judged ? (delta === 0 ? "flat" : "neutral") : lateTone(c, b);
  const title =
    tone === "good"
      ? "A smaller share of orders is late than on the baseline"
      : tone === "bad"
        ? "A larger share of orders is late than on the baseline"
        : !judge.judged
          ? judge.why
          : delta !== 0
            ? "The same share of orders is late; the count changed with the orders that have a deadline"
            : undefined;
  return (
    <span className={`sim-delta ${tone}`} title={title}>
      {formatDelta(delta)}
    </span>
  );
}

/** The headline figures of a completed simulation: candidate against baseline. */
export function SimulationTotals({
  totals,
  onPickChange,
  baselineRunsNothing = false,
  missingStages = [],
}: {
  totals: TSimulationTotals;
  onPickChange: (kind: TChangeKind) => void;
  /** The baseline ran no rules of this stage ("Nothing published", "No rules"): changes are not judged. */
  baselineRunsNothing?: boolean;
  /** Stages with no rules running on either side (their figures compare nothing). */
  missingStages?: readonly TStage[];
}) {
  const c = totals.candidate;
  const b = totals.baseline;
  const judge: Judge = baselineRunsNothing ? { judged: false, why: "The baseline runs no rules of this stage: this is what the candidate adds, not a regression" } : { judged: true };
  const late = (t: TSideTotals) => t.byDeadline.late ?? 0;
  const withDeadline = (t: TSideTotals) => t.orders - (t.byDeadline.noDeadline ?? 0);
  const kinds = CHANGE_KINDS.filter((k) => (totals.changedBy[k] ?? 0) > 0);
  return (
    <section aria-labelledby="sim-totals-heading" className="sim-section">
      <h2 id="sim-totals-heading" className="sim-section-title">
        Totals <span className="muted">candidate vs baseline</span>
      </h2>
      <div className="sim-cards">
        <Card id="orders" label="Orders replayed">
          <div className="sim-card-value">{formatCount(totals.orders)}</div>
          <div className="sim-card-extra muted">
            {formatCount(c.decided)} decided by the candidate ({formatPercent(c.decided, totals.orders)})
          </div>
        </Card>
        <Card id="changed" label="Changed">
          <div className="sim-card-value accent">{formatCount(totals.changed)}</div>
          <div className="sim-card-compare">
            <strong>{formatPercent(totals.changed, totals.orders)}</strong> <span className="muted">of the orders get a different outcome</span>
          </div>
        </Card>
        <CompareCard judge={judge} id="gaps" label="Gaps (undecided)" candidate={c.undecided} baseline={b.undecided} better="down" extra={<span className="muted">orders no rule decided</span>} />
        <CompareCard judge={judge} id="disagreements" label="Disagreements" candidate={c.disagreed} baseline={b.disagreed} better="down" extra={<span className="muted">matching rules conflicted</span>} />
        <Card id="late" label="Deadline risk (late)">
          <div className="sim-card-value">{formatCount(late(c))}</div>
          <div className="sim-card-compare">
            <span className="muted">baseline {formatCount(late(b))}</span>{" "}
            <LateDelta c={{ late: late(c), withDeadline: withDeadline(c) }} b={{ late: late(b), withDeadline: withDeadline(b) }} judge={judge} />
          </div>
          <div className="sim-card-extra">
            <span className="muted">
              {formatPercent(late(c), withDeadline(c))} of {formatCount(withDeadline(c))} with a ship-by deadline (baseline {formatPercent(late(b), withDeadline(b))} of {formatCount(withDeadline(b))})
            </span>
          </div>
        </Card>
        <CostCard c={c} b={b} judge={judge} noChannelStage={missingStages.includes("logisticsMatching")} />
        {c.channelRefused > 0 || b.channelRefused > 0 ? (
          <CompareCard judge={judge}
            id="channel-refused"
            label="Channel not at warehouse"
            candidate={c.channelRefused}
            baseline={b.channelRefused}
            better="down"
            extra={<span className="muted">orders whose channel does not collect from their warehouse: no channel, no price</span>}
          />
        ) : null}
        <CompareCard judge={judge}
          id="splits"
          label="Splits"
          candidate={c.splits}
          baseline={b.splits}
          better="neutral"
          extra={
            <span className="muted">
              {formatCount(c.splitPackages)} packages (baseline {formatCount(b.splitPackages)})
            </span>
          }
        />
        <CompareCard judge={judge}
          id="merges"
          label="Merges"
          candidate={c.merges}
          baseline={b.merges}
          better="up"
          extra={
            <span className="muted">
              {formatCount(c.mergedAway)} parcels saved (baseline {formatCount(b.mergedAway)})
            </span>
          }
        />
        <CompareCard judge={judge} id="holds" label="Holds" candidate={c.held} baseline={b.held} better="neutral" extra={<span className="muted">{formatPercent(c.held, totals.orders)} of orders held</span>} />
        <CompareCard judge={judge} id="intercepts" label="Intercepts" candidate={c.intercepts} baseline={b.intercepts} better="neutral" />
        <CompareCard judge={judge}
          id="parcels"
          label="Parcels"
          candidate={c.packages}
          baseline={b.packages}
          better="down"
          extra={<span className="muted">{totals.orders ? `${(c.packages / totals.orders).toFixed(2)} per order` : "—"} after splits and merges</span>}
        />
      </div>
      {kinds.length ? (
        <div className="sim-changed-by" aria-label="Changed orders by kind of change">
          <span className="muted small">What changed:</span>
          {kinds.map((k) => (
            <button key={k} type="button" className="sim-kind-chip" onClick={() => onPickChange(k)} title={`Show the orders whose ${CHANGE_LABELS[k].toLowerCase()} changed`}>
              {CHANGE_LABELS[k]} <strong>{formatCount(totals.changedBy[k] ?? 0)}</strong>
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}
