"use client";
import Link from "next/link";
import { STAGE_LABELS } from "@/rules-schema/graph/graph-schema";
import type { TPipelineEntry, TSimulationDefaults } from "@/server/schemas/simulation-schemas";
import { COST_STAGES, MISSING_STAGE_EFFECT, includableDraft, missingCostStages } from "./pipeline-notes";

/**
 * The form's "Other stages": what runs around the simulated ruleset on both sides, with a stage that
 * has nothing live called out, and its drafts offered instead.
 */
export function PipelineChoice({
  pipeline,
  included,
  onToggle,
  disabled,
  error,
}: {
  pipeline: TSimulationDefaults["pipeline"];
  included: readonly string[];
  onToggle: (rulesetId: string) => void;
  disabled: boolean;
  error?: string[];
}) {
  return (
    <section className="sim-panel" aria-labelledby="sim-pipeline-heading" data-testid="sim-pipeline">
      <div className="sim-panel-head">
        <h2 id="sim-pipeline-heading" className="sim-panel-title">
          Other stages
        </h2>
        <span className="muted small">They run the same rules on both sides, so warehouse, channel, cost and deadline are the whole pipeline’s.</span>
      </div>
      <ul className="sim-pipeline-list">
        {pipeline.map(({ stage, rulesets }) => {
          const live = rulesets.filter((r) => r.published !== null);
          const drafts = rulesets.filter(includableDraft);
          const nothingLive = live.length === 0 && !rulesets.some((r) => included.includes(r.id));
          const matters = COST_STAGES.includes(stage);
          return (
            <li key={stage} className={`sim-pipeline-stage${nothingLive && matters ? " warn" : ""}`} data-stage={stage}>
              <div className="sim-pipeline-name">{STAGE_LABELS[stage]}</div>
              <div className="sim-pipeline-what">
                {live.length ? (
                  <span>
                    {live.map((r, i) => (
                      <span key={r.id}>
                        {i ? ", " : ""}
                        <Link href={`/rulesets/${r.id}`}>{r.name}</Link> <span className="muted">v{r.published} (live)</span>
                      </span>
                    ))}
                  </span>
                ) : nothingLive ? (
                  <span className={matters ? "sim-pipeline-missing" : "muted"}>
                    No rules live: {MISSING_STAGE_EFFECT[stage]}.
                    {rulesets.length === 0 ? (
                      <>
                        {" "}
                        <Link href="/rulesets">Create a ruleset</Link> from a template.
                      </>
                    ) : null}
                  </span>
                ) : null}
                {drafts.length ? (
                  <div className="sim-pipeline-drafts" role="group" aria-label={`${STAGE_LABELS[stage]} drafts`}>
                    {drafts.map((r) => (
                      <label key={r.id} className="check">
                        <input type="checkbox" checked={included.includes(r.id)} disabled={disabled} onChange={() => onToggle(r.id)} />
                        {r.published !== null ? `Run the draft of ${r.name} (v${r.draft!.number}) instead of v${r.published}` : `Include the draft of ${r.name} (v${r.draft!.number})`}
                      </label>
                    ))}
                  </div>
                ) : null}
                {rulesets.some((r) => r.draft && !r.draft.compiles && r.published === null) ? (
                  <div className="muted small">
                    {rulesets
                      .filter((r) => r.draft && !r.draft.compiles && r.published === null)
                      .map((r) => `The draft of ${r.name} has errors and cannot run.`)
                      .join(" ")}
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p className="field-error-line" role="alert">
          {error.join("; ")}
        </p>
      ) : null}
    </section>
  );
}

/** The run page's account of the other stages, and what the results lack when one ran nothing. */
export function SimulationPipeline({ pipeline, rulesetId }: { pipeline: readonly TPipelineEntry[]; rulesetId: string }) {
  if (pipeline.length === 0) return null;
  const missing = missingCostStages(pipeline);
  return (
    <div className="sim-pipeline-run" data-testid="simulation-pipeline">
      <p className="muted small">
        Other stages:{" "}
        {pipeline.map((e, i) => (
          <span key={`${e.stage}-${e.rulesetId ?? "none"}`} data-source={e.source}>
            {i ? " · " : ""}
            {STAGE_LABELS[e.stage]}{" "}
            {e.rulesetId ? (
              <>
                <Link href={`/rulesets/${e.rulesetId}`}>{e.rulesetName}</Link> {e.label}
              </>
            ) : (
              <em>{e.label.toLowerCase()}</em>
            )}
          </span>
        ))}
      </p>
      {missing.length ? (
        <div className="banner warn" role="status" data-testid="missing-stage-note">
          {missing.map((stage) => `No ${STAGE_LABELS[stage].toLowerCase()} rules ran: ${MISSING_STAGE_EFFECT[stage]}.`).join(" ")} The figures that need them compare nothing.{" "}
          <Link href={`/simulations/new?rulesetId=${encodeURIComponent(rulesetId)}`}>Simulate again with a draft of that stage included</Link>, or publish one.
        </div>
      ) : null}
    </div>
  );
}
