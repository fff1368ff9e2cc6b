"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ruleNamesOf } from "@/components/designer/node-kind-ui";
import { ruleSourceNames } from "@/rules-schema/tables/compile-table";
import { useTRPC } from "@/lib/trpc";
import type { TSimulationOut } from "@/server/schemas/simulation-schemas";
import { ruleHitRows } from "./comparison-rows";
import { formatCount, formatPercent } from "./simulation-format";


/** How often each rule fired on both sides, and the candidate's rules that never fired. */
export function RuleHits({ sim }: { sim: TSimulationOut }) {
  const trpc = useTRPC();
  const totals = sim.totals!;
  const opts = { staleTime: Infinity, refetchOnWindowFocus: false } as const;
  const candidateGraph = useQuery({ ...trpc.rulesets.version.queryOptions({ id: sim.rulesetId, number: sim.candidate.number ?? 1 }, opts), enabled: sim.candidate.number !== null });
  const baselineGraph = useQuery({ ...trpc.rulesets.version.queryOptions({ id: sim.rulesetId, number: sim.baseline.number ?? 1 }, opts), enabled: sim.baseline.number !== null });
  const nameOf = useMemo(() => {
    const all: Record<string, string> = { ...sim.names.stores, ...sim.names.channels, ...sim.names.warehouses };
    return (id: string) => all[id] ?? id;
  }, [sim.names]);
  const names = useMemo(() => {
    const m = ruleNamesOf(baselineGraph.data?.graph, nameOf);
    for (const [k, v] of ruleNamesOf(candidateGraph.data?.graph, nameOf)) m.set(k, v);
    return m;
  }, [candidateGraph.data, baselineGraph.data, nameOf]);
  const hasBaseline = sim.baseline.number !== null;
  const baselineRules = useMemo(
    () => (baselineGraph.data ? new Set(ruleSourceNames(baselineGraph.data.graph.nodes).map((r) => r.name)) : null),
    [baselineGraph.data],
  );
  const rows = ruleHitRows(totals.candidate.ruleHits, sim.rulesNeverFired, hasBaseline ? totals.baseline.ruleHits : null, baselineRules);
  const max = Math.max(1, ...rows.map((r) => Math.max(r.candidate ?? 0, r.baseline ?? 0)));
  const never = sim.rulesNeverFired;

  return (
    <section aria-labelledby="sim-rules-heading" className="sim-section">
      <h2 id="sim-rules-heading" className="sim-section-title">
        Rules <span className="muted">orders each rule fired for</span>
      </h2>
      <div className="sim-rules">
        <div className="table-wrap">
          {rows.length === 0 ? (
            <div className="empty small">The candidate has no rules.</div>
          ) : (
            <table className="data compact sim-rule-table" aria-label="Rule hits">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th className="num">Candidate</th>
                  <th className="num">Baseline</th>
                  <th className="sim-hit-bar-col" aria-label="Share of orders" />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const n = names.get(r.rule);
                  return (
                    <tr key={r.rule} className={r.candidate === null ? "dimmed" : r.candidate === 0 ? "sim-rule-idle" : undefined}>
                      <td>
                        <strong>{n?.title ?? r.rule}</strong>
                        {r.candidate === null ? <span className="badge tag">only in baseline</span> : r.baseline === null && hasBaseline && baselineRules ? <span className="badge tag blue">new</span> : null}
                        <div className="sub" title={r.rule}>
                          {n ? n.summary : null}
                        </div>
                      </td>
                      <td className="num">{r.candidate === null ? <span className="muted">—</span> : formatCount(r.candidate)}</td>
                      <td className="num">{r.baseline === null ? <span className="muted" title={hasBaseline ? "Not in the baseline" : "Nothing to compare with"}>—</span> : formatCount(r.baseline)}</td>
                      <td className="sim-hit-bar-col">
                        <div className="sim-hit-bars" title={`${formatPercent(r.candidate ?? 0, totals.orders)} of orders`}>
                          {r.candidate !== null ? <span className="sim-hit-bar candidate" style={{ width: `${((r.candidate ?? 0) / max) * 100}%` }} /> : null}
                          {r.baseline !== null ? <span className="sim-hit-bar baseline" style={{ width: `${(r.baseline / max) * 100}%` }} /> : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <aside className={`sim-never${never.length ? " has-rules" : ""}`} aria-labelledby="sim-never-heading" data-testid="rules-never-fired">
          <h3 id="sim-never-heading">
            Rules that never fired <span className="count">{never.length}</span>
          </h3>
          {never.length === 0 ? (
            <p className="muted small">Every rule of the candidate fired for at least one order.</p>
          ) : (
            <>
              <p className="muted small">No order reached these rules. Check their conditions, or whether the orders replayed include the cases they are for.</p>
              <ul>
                {never.map((rule) => {
                  const n = names.get(rule);
                  return (
                    <li key={rule}>
                      <strong>{n?.title ?? rule}</strong>
                      {n ? <div className="sub">{n.summary}</div> : null}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
