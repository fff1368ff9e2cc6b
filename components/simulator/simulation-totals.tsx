"use client";
import type { ReactNode } from "react";
import { CHANGE_KINDS, type TChangeKind, type TSideTotals, type TSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import { CHANGE_LABELS, formatCount, formatDelta, formatMoney, formatPercent } from "./simulation-format";

/** Which direction of change is good news for a figure (colours the delta); neutral: no colour. */
type Better = "down" | "up" | "neutral";

function toneOf(delta: number, better: Better): "good" | "bad" | "flat" | "neutral" {
  if (delta === 0) return "flat";
  if (better === "neutral") return "neutral";
  return (delta < 0) === (better === "down") ? "good" : "bad";
}

function Delta({ delta, better, format }: { delta: number; better: Better; format?: (n: number) => string }) {
  const tone = toneOf(delta, better);
  return (
    <span className={`sim-delta ${tone}`} title={tone === "good" ? "Better than the baseline" : tone === "bad" ? "Worse than the baseline" : undefined}>
      {formatDelta(delta, format)}
    </span>
  );
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
function CompareCard({ id, label, candidate, baseline, better, extra }: { id: string; label: string; candidate: number; baseline: number; better: Better; extra?: ReactNode }) {
  return (
    <Card id={id} label={label}>
      <div className="sim-card-value">{formatCount(candidate)}</div>
      <div className="sim-card-compare">
        <span className="muted">baseline {formatCount(baseline)}</span> <Delta delta={candidate - baseline} better={better} />
      </div>
      {extra ? <div className="sim-card-extra">{extra}</div> : null}
    </Card>
  );
}

/** Cost per currency: candidate, baseline, change, and the average per priced order. */
function CostCard({ c, b }: { c: TSideTotals; b: TSideTotals }) {
  const currencies = [...new Set([...Object.keys(c.costByCurrency), ...Object.keys(b.costByCurrency)])].sort();
  const single = currencies.length === 1;
  return (
    <Card id="cost" label="Estimated shipping cost" wide>
      {currencies.length === 0 ? (
        <>
          <div className="sim-card-value muted">—</div>
          <div className="sim-card-extra muted">No order could be priced: assign channels with rate cards to estimate cost.</div>
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
                    <span className="muted">baseline {money(base)}</span> <Delta delta={Math.round((cand - base) * 100) / 100} better="down" format={money} />
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

/** The headline figures of a completed simulation: candidate against baseline. */
export function SimulationTotals({ totals, onPickChange }: { totals: TSimulationTotals; onPickChange: (kind: TChangeKind) => void }) {
  const c = totals.candidate;
  const b = totals.baseline;
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
        <CompareCard id="gaps" label="Gaps (undecided)" candidate={c.undecided} baseline={b.undecided} better="down" extra={<span className="muted">orders no rule decided</span>} />
        <CompareCard id="disagreements" label="Disagreements" candidate={c.disagreed} baseline={b.disagreed} better="down" extra={<span className="muted">matching rules conflicted</span>} />
        <CompareCard
          id="late"
          label="Deadline risk (late)"
          candidate={late(c)}
          baseline={late(b)}
          better="down"
          extra={<span className="muted">{formatPercent(late(c), withDeadline(c))} of {formatCount(withDeadline(c))} with a ship-by deadline</span>}
        />
        <CostCard c={c} b={b} />
        {c.channelRefused > 0 || b.channelRefused > 0 ? (
          <CompareCard
            id="channel-refused"
            label="Channel not at warehouse"
            candidate={c.channelRefused}
            baseline={b.channelRefused}
            better="down"
            extra={<span className="muted">orders whose channel does not collect from their warehouse: no channel, no price</span>}
          />
        ) : null}
        <CompareCard
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
        <CompareCard
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
        <CompareCard id="holds" label="Holds" candidate={c.held} baseline={b.held} better="neutral" extra={<span className="muted">{formatPercent(c.held, totals.orders)} of orders held</span>} />
        <CompareCard id="intercepts" label="Intercepts" candidate={c.intercepts} baseline={b.intercepts} better="neutral" />
        <CompareCard
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
