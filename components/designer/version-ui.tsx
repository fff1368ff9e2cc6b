"use client";
import Link from "next/link";
import { STAGE_LABELS, type TStage } from "@/rules-schema/graph/graph-schema";
import type { TActor, TRulesetVersionSummary } from "@/server/schemas/ruleset-schemas";

const STATUS_CLASS: Record<TRulesetVersionSummary["status"], string> = { draft: "badge amber", validated: "badge status-validated", published: "badge green", archived: "badge" };

/** A version's status as a coloured badge. */
export function StatusBadge({ status }: { status: TRulesetVersionSummary["status"] }) {
  return <span className={STATUS_CLASS[status]}>{status}</span>;
}

/** The first 10 hex digits of a content hash, the whole hash on hover; a dash when the graph does not compile. */
export function ShortHash({ hash }: { hash: string | null }) {
  if (!hash) return <span className="muted" title="Does not compile yet: no content hash">—</span>;
  return (
    <code className="hash" title={hash}>
      {hash.slice(0, 10)}
    </code>
  );
}

/** Who did something: their name, "deleted user" when the account is gone, a dash when nobody is recorded. */
export function ActorName({ actor }: { actor: TActor | null }) {
  if (!actor) return <span className="muted">—</span>;
  return actor.name ? <>{actor.name}</> : <span className="muted">deleted user</span>;
}

/** "v3" */
export const versionLabel = (n: number) => `v${n}`;

/** Rulesets / stage / ruleset / History — the trail above the history screens (the ruleset part once loaded). */
export function HistoryCrumbs({ id, ruleset, history = true }: { id: string; ruleset: { name: string; stage: TStage } | undefined; history?: boolean }) {
  return (
    <div className="muted crumbs">
      <Link href="/rulesets">Rulesets</Link>
      {ruleset ? (
        <>
          {" "}/ {STAGE_LABELS[ruleset.stage]} / <Link href={`/rulesets/${id}`}>{ruleset.name}</Link>
          {history ? (
            <>
              {" "}/ <Link href={`/rulesets/${id}/versions`}>History</Link>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
