"use client";
import "./history.css";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { TimeText } from "@/components/ui/time-text";
import { useTRPC } from "@/lib/trpc";
import { STAGE_LABELS, type TGraphNode } from "@/rules-schema/graph/graph-schema";
import type { TRulesetOut, TRulesetVersionOut } from "@/server/schemas/ruleset-schemas";
import { fieldLabel, fieldText, flattenFields } from "./field-changes";
import { GraphView } from "./graph-view";
import { useLoadDesignerMasterData } from "./designer-master-data";
import { NODE_KIND_UI, summaryOf } from "./node-kind-ui";
import { HIT_POLICY_LABELS } from "./rulesets-screen";
import { ActorName, HistoryCrumbs, ShortHash, StatusBadge, versionLabel } from "./version-ui";

/** One saved version of a ruleset, read-only. */
export function VersionViewScreen({ id, number }: { id: string; number: number }) {
  const trpc = useTRPC();
  const ruleset = useQuery(trpc.rulesets.get.queryOptions({ id }));
  const version = useQuery(trpc.rulesets.version.queryOptions({ id, number }));
  const error = ruleset.error ?? version.error;
  if (error)
    return (
      <div className="banner error" role="alert">
        {error.message} <Link href={`/rulesets/${id}/versions`}>Back to the version history</Link>
      </div>
    );
  if (!ruleset.data || !version.data) return <div className="skeleton" style={{ height: 400 }} aria-busy="true" aria-label="Loading" />;
  return <VersionView ruleset={ruleset.data} version={version.data} />;
}

function VersionView({ ruleset, version }: { ruleset: TRulesetOut; version: TRulesetVersionOut }) {
  const [selected, setSelected] = useState<string | null>(null);
  const graph = version.graph;
  const node = useMemo(() => graph.nodes.find((n) => n.id === selected) ?? null, [graph, selected]);
  const label = versionLabel(version.number);
  const latest = ruleset.version.number;
  const base = `/rulesets/${ruleset.id}`;

  return (
    <div className="history">
      <div className="page-head">
        <div>
          <HistoryCrumbs id={ruleset.id} ruleset={ruleset} />
          <h1 className="title-with-badge">
            {ruleset.name}
            <span className="readonly-tag" data-testid="readonly-tag">
              Read-only {label} ({version.status})
            </span>
          </h1>
          <p>
            Saved by <ActorName actor={version.savedBy} /> <TimeText value={version.savedAt} /> · {HIT_POLICY_LABELS[graph.hitPolicy]}
            {ruleset.publishedVersionNumber === version.number ? <span className="badge green tag">live</span> : null}
          </p>
        </div>
        <div className="head-actions">
          <span className="version-steps" aria-label="Other versions">
            {version.number > 1 ? (
              <Link className="btn small" href={`${base}/versions/${version.number - 1}`} aria-label="Older version">
                ← {versionLabel(version.number - 1)}
              </Link>
            ) : null}
            {version.number < latest ? (
              <Link className="btn small" href={`${base}/versions/${version.number + 1}`} aria-label="Newer version">
                {versionLabel(version.number + 1)} →
              </Link>
            ) : null}
          </span>
          {version.number > 1 ? (
            <Link className="btn" href={`${base}/diff?from=${version.number - 1}&to=${version.number}`}>
              Changes from {versionLabel(version.number - 1)}
            </Link>
          ) : null}
          <Link className="btn primary" href={base}>
            Open draft in designer
          </Link>
        </div>
      </div>
      <div className="history-grid">
        <div className="history-canvas" data-testid="canvas">
          <GraphView graph={graph} selectedNodeId={selected} onNodeClick={setSelected} label={`${ruleset.name} ${label}`} />
        </div>
        <aside className="history-side" aria-label="Version details">
          {node ? <NodeDetails node={node} onClose={() => setSelected(null)} /> : null}
          <section>
            <h2 className="side-title">{label} details</h2>
            <dl className="facts">
              <div>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={version.status} />
                </dd>
              </div>
              <div>
                <dt>Stage</dt>
                <dd>{STAGE_LABELS[graph.stage]}</dd>
              </div>
              <div>
                <dt>Hit policy</dt>
                <dd>{HIT_POLICY_LABELS[graph.hitPolicy]}</dd>
              </div>
              <div>
                <dt>Size</dt>
                <dd>
                  {graph.nodes.length} nodes · {graph.edges.length} connections
                  <div className="sub">{version.ruleCount !== null ? `${version.ruleCount} compiled rules` : "Does not compile"}</div>
                </dd>
              </div>
              <div>
                <dt>Content hash</dt>
                <dd>
                  <ShortHash hash={version.contentHash} />
                </dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>
                  <TimeText value={version.createdAt} mode="datetime" />
                  <div className="sub">
                    by <ActorName actor={version.createdBy} />
                  </div>
                </dd>
              </div>
              {version.publishedAt ? (
                <div>
                  <dt>Published</dt>
                  <dd>
                    <TimeText value={version.publishedAt} mode="datetime" />
                    <div className="sub">
                      by <ActorName actor={version.publishedBy} />
                    </div>
                  </dd>
                </div>
              ) : null}
              {version.note ? (
                <div>
                  <dt>Note</dt>
                  <dd>{version.note}</dd>
                </div>
              ) : null}
            </dl>
          </section>
          {!node ? <p className="footnote">Click a node to see its settings.</p> : null}
        </aside>
      </div>
    </div>
  );
}

function NodeDetails({ node, onClose }: { node: TGraphNode; onClose: () => void }) {
  const names = useLoadDesignerMasterData().nameOf;
  const ui = NODE_KIND_UI[node.kind];
  const fields = flattenFields(node.data);
  return (
    <section className="node-details" aria-label="Selected node">
      <div className="side-title-row">
        <h2 className="side-title">{node.label || ui.label}</h2>
        <button className="banner-close" onClick={onClose} aria-label="Close node details">
          ×
        </button>
      </div>
      <p className="node-summary">{summaryOf(node, names)}</p>
      <dl className="facts">
        <div>
          <dt>Kind</dt>
          <dd>{ui.label}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{node.id}</code>
          </dd>
        </div>
        {fields.map((f) => (
          <div key={f.path}>
            <dt>{fieldLabel(f.path)}</dt>
            <dd className="val-text">{fieldText(f.value, names)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
