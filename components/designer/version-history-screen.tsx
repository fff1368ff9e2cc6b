"use client";
import "./history.css";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PublishDialog } from "@/components/publishing/publish-dialog";
import { outcomeText } from "@/components/publishing/publishing-outcome";
import { RollbackDialog } from "@/components/publishing/rollback-dialog";
import { ShadowDialog } from "@/components/publishing/shadow-dialogs";
import { EmptyState, LoadError, LoadingRows } from "@/components/ui/list-states";
import { Pager } from "@/components/ui/pager";
import { TimeText } from "@/components/ui/time-text";
import { usePermission } from "@/components/ui/use-permission";
import { useTRPC } from "@/lib/trpc";
import type { TRulesetVersionSummary } from "@/server/schemas/ruleset-schemas";
import { ActorName, HistoryCrumbs, ShortHash, StatusBadge, versionLabel } from "./version-ui";

const PAGE_SIZE = 20;
const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? "" : "s"}`;

/** Every version of a ruleset, newest first: open any read-only, pick two to compare. */
export function VersionHistoryScreen({ id }: { id: string }) {
  const trpc = useTRPC();
  const ruleset = useQuery(trpc.rulesets.get.queryOptions({ id }));
  const versions = useQuery(trpc.rulesets.versions.queryOptions({ id }));
  const [page, setPage] = useState(1);
  const [picked, setPicked] = useState<number[]>([]);
  const [publishing, setPublishing] = useState<number | null>(null);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const [shadowing, setShadowing] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canPublish = usePermission().can("publish");

  const all = versions.data ?? [];
  const pageCount = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  const pick = (n: number) => setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : [...p, n].slice(-2)));
  const [a, b] = [...picked].sort((x, y) => x - y);
  const latest = all[0]?.number ?? null;
  const live = ruleset.data?.publishedVersionNumber ?? null;

  if (ruleset.error) return <div className="banner error" role="alert">{ruleset.error.message} <Link href="/rulesets">Back to rulesets</Link></div>;

  return (
    <div className="history">
      <div className="page-head">
        <div>
          <HistoryCrumbs id={id} ruleset={ruleset.data} history={false} />
          <h1>Version history</h1>
          <p>
            {ruleset.data ? <strong className="ink">{ruleset.data.name}</strong> : "…"}
            {versions.data ? ` · ${plural(all.length, "version")}` : ""}
            {live !== null ? ` · ${versionLabel(live)} is live` : " · never published"}
          </p>
        </div>
        <div className="head-actions">
          <Link className="btn" href={`/rulesets/${id}`}>
            Open draft in designer
          </Link>
          {a !== undefined && b !== undefined ? (
            <Link className="btn primary" href={`/rulesets/${id}/diff?from=${a}&to=${b}`} data-testid="compare-picked">
              Compare {versionLabel(a)} → {versionLabel(b)}
            </Link>
          ) : (
            <button className="btn primary" disabled title="Tick two versions in the list" data-testid="compare-picked">
              Compare two versions
            </button>
          )}
        </div>
      </div>
      {notice ? (
        <div className="banner success dismissible" role="status">
          <span>{notice}</span>
          <button className="banner-close" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      <div className="table-wrap">
        {versions.isLoading ? (
          <LoadingRows rows={4} />
        ) : versions.error ? (
          <LoadError message={versions.error.message} onRetry={() => void versions.refetch()} />
        ) : all.length === 0 ? (
          <EmptyState title="No versions yet">Save the ruleset in the designer to create its first version.</EmptyState>
        ) : (
          <>
            <table className="data versions" aria-label="Versions">
              <thead>
                <tr>
                  <th className="pick" aria-label="Pick to compare" />
                  <th>Version</th>
                  <th>Status</th>
                  <th>Saved by</th>
                  <th>Saved</th>
                  <th>Content hash</th>
                  <th className="num">Size</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => (
                  <VersionRow
                    key={v.number}
                    id={id}
                    v={v}
                    isLatest={v.number === latest}
                    isLive={v.number === live}
                    picked={picked.includes(v.number)}
                    onPick={() => pick(v.number)}
                    onPublish={canPublish && v.status === "validated" ? () => setPublishing(v.number) : undefined}
                    onRollback={canPublish && v.publishedAt && v.number !== live ? () => setRollingBack(v.number) : undefined}
                    onShadow={canPublish && v.status === "validated" && v.number !== live && live !== null ? () => setShadowing(v.number) : undefined}
                  />
                ))}
              </tbody>
            </table>
            {pageCount > 1 ? <Pager page={page} pageCount={pageCount} total={all.length} onPage={setPage} /> : null}
          </>
        )}
      </div>
      {publishing !== null ? (
        <PublishDialog
          rulesetId={id}
          initialNumber={publishing}
          onClose={() => setPublishing(null)}
          onDone={(r) => {
            setPublishing(null);
            setNotice(outcomeText(r));
          }}
        />
      ) : null}
      {shadowing !== null ? <ShadowDialog rulesetId={id} number={shadowing} live={live} onClose={() => setShadowing(null)} /> : null}
      {rollingBack !== null ? (
        <RollbackDialog
          rulesetId={id}
          number={rollingBack}
          live={live}
          onClose={() => setRollingBack(null)}
          onDone={(r) => {
            setRollingBack(null);
            setNotice(outcomeText(r));
          }}
        />
      ) : null}
      <p className="footnote">
        Tick two versions to compare them, or use “Changes” to see what a version changed from the one before. Saving in the designer updates the current draft;
        saving after a version was published starts a new version.
      </p>
    </div>
  );
}

function VersionRow({
  id,
  v,
  isLatest,
  isLive,
  picked,
  onPick,
  onPublish,
  onRollback,
  onShadow,
}: {
  id: string;
  v: TRulesetVersionSummary;
  isLatest: boolean;
  isLive: boolean;
  picked: boolean;
  onPick: () => void;
  onPublish?: (() => void) | undefined;
  onRollback?: (() => void) | undefined;
  onShadow?: (() => void) | undefined;
}) {
  const label = versionLabel(v.number);
  const { savedBy, savedAt } = v;
  return (
    <tr className={picked ? "picked" : undefined} data-testid={`version-${v.number}`}>
      <td className="pick">
        <input type="checkbox" checked={picked} onChange={onPick} aria-label={`Pick ${label} to compare`} />
      </td>
      <td>
        <Link className="version-link" href={`/rulesets/${id}/versions/${v.number}`}>
          {label}
        </Link>
        {isLive ? <span className="badge green tag">live</span> : null}
        {isLatest && v.status === "draft" ? <span className="badge tag">current draft</span> : null}
        {v.note ? <div className="sub">{v.note}</div> : null}
      </td>
      <td>
        <StatusBadge status={v.status} />
        {v.publishedAt ? (
          <div className="sub">
            published <TimeText value={v.publishedAt} />
            {v.publishedBy ? (
              <>
                {" "}by <ActorName actor={v.publishedBy} />
              </>
            ) : null}
          </div>
        ) : null}
      </td>
      <td>
        <ActorName actor={savedBy} />
      </td>
      <td className="nowrap">
        <TimeText value={savedAt} />
      </td>
      <td>
        <ShortHash hash={v.contentHash} />
      </td>
      <td className="num">
        {plural(v.nodeCount, "node")}
        <div className="sub">{v.ruleCount !== null ? plural(v.ruleCount, "rule") : "does not compile"}</div>
      </td>
      <td className="actions">
        <Link className="btn small" href={`/rulesets/${id}/versions/${v.number}`} aria-label={`Open ${label} read-only`}>
          Open
        </Link>
        {v.number > 1 ? (
          <Link className="btn small" href={`/rulesets/${id}/diff?from=${v.number - 1}&to=${v.number}`} title={`What ${label} changed from ${versionLabel(v.number - 1)}`}>
            Changes
          </Link>
        ) : null}
        {onPublish ? (
          <button className="btn small primary" onClick={onPublish} data-testid={`publish-${v.number}`}>
            Publish
          </button>
        ) : null}
        {onShadow ? (
          <button className="btn small" onClick={onShadow} data-testid={`shadow-${v.number}`} title={`Evaluate ${label} on live traffic next to the live version, without deciding`}>
            Shadow
          </button>
        ) : null}
        {onRollback ? (
          <button className="btn small" onClick={onRollback} data-testid={`rollback-${v.number}`}>
            Roll back to this
          </button>
        ) : null}
      </td>
    </tr>
  );
}
