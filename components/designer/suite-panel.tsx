"use client";
import { useMemo, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formErrorOf } from "@/lib/trpc-errors";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import type { TCaseSource } from "./save-case-form";
import type { TTestCaseOut, TTestSuiteRunOut } from "@/server/schemas/test-suite-schemas";
import { useDesignerMasterData } from "./designer-master-data";
import { ruleNamesOf } from "./node-kind-ui";
import { CASE_SOURCE_LABELS, coverageItems, expectationRows, outcomeValueText, runSummary } from "./suite-format";
import { fieldErrorLines, useTestSuite } from "./use-test-suite";

type CaseResult = NonNullable<TTestSuiteRunOut["run"]>["cases"][number];

/**
 * The Suite tab: the ruleset's test cases, a run against the canvas (saved or not) with each case's
 * verdict and what differs, the rules no case exercises, and export / import of the suite file.
 */
export function SuitePanel({
  rulesetId,
  rulesetName,
  graph,
  errors,
  canEdit,
  canTest,
  active,
  onOpenCase,
  onFocusNodes,
}: {
  rulesetId: string;
  rulesetName: string;
  graph: TRuleGraph;
  errors: number;
  canEdit: boolean;
  canTest: boolean;
  /** The tab shows: the cases load on the first visit. */
  active: boolean;
  onOpenCase: (order: unknown, source: TCaseSource, inventory: Record<string, Record<string, number>> | null, assignedWarehouseId: string | null) => void;
  onFocusNodes: (ids: string[]) => void;
}) {
  const md = useDesignerMasterData();
  const [visited, setVisited] = useState(active);
  if (active && !visited) setVisited(true);
  const s = useTestSuite({ rulesetId, rulesetName, graph, enabled: visited });
  const fileInput = useRef<HTMLInputElement>(null);
  const [removing, setRemoving] = useState<TTestCaseOut | null>(null);
  const out = s.run.data ?? null;
  const results = useMemo(() => new Map((out?.run?.cases ?? []).map((c) => [c.id, c])), [out]);
  // Rule titles only when a run left rules unexercised (naming a large table's rows on every edit costs).
  const coverage = useMemo(
    () => (out?.run?.notExercised.length ? coverageItems(out.run.notExercised, ruleNamesOf(graph, md.nameOf), graph.nodes.map((n) => n.id)) : []),
    [out, graph, md.nameOf],
  );
  const runErr = formErrorOf(s.run.error);
  const removeErr = formErrorOf(s.remove.error);
  const cases = s.cases.data ?? [];

  return (
    <div className="suite-panel" data-testid="suite-panel">
      <div className="suite-toolbar">
        {canTest ? (
          <button
            className="btn primary small"
            disabled={s.run.isPending || errors > 0 || cases.length === 0}
            onClick={s.runSuite}
            title={errors > 0 ? "Fix the canvas's errors first" : cases.length === 0 ? "Add a case first" : "Run every case against the canvas as it is, saved or not"}
          >
            {s.run.isPending ? "Running…" : "Run suite"}
          </button>
        ) : null}
        <span className="toolbar-spacer" />
        <button className="btn small" disabled={s.exporting || cases.length === 0} onClick={() => void s.exportSuite()} title="Download the suite as a file (switchyard test reads it)">
          {s.exporting ? "Exporting…" : "Export suite"}
        </button>
        {canEdit ? (
          <>
            <button className="btn small" onClick={() => fileInput.current?.click()} title="Replace the suite with a suite file's cases">
              Import suite…
            </button>
            <input
              ref={fileInput}
              type="file"
              hidden
              accept=".json,application/json"
              data-testid="suite-import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = "";
                if (f) void s.pickImport(f);
              }}
            />
          </>
        ) : null}
      </div>

      {s.notice ? (
        <div className="banner success" role="status">
          {s.notice}
        </div>
      ) : null}
      {s.fileProblem ? (
        <div className="banner error" role="alert">
          {s.fileProblem.message}
          {s.fileProblem.details.length ? (
            <ul className="suite-error-list">
              {s.fileProblem.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {runErr ? (
        <div className="banner error" role="alert">
          Could not run the suite: {runErr.message}
        </div>
      ) : null}

      {out ? (
        <section className="suite-summary" aria-label="Suite result" data-testid="suite-summary">
          {s.runStale ? <div className="banner warn">The canvas changed since this run. Run the suite again to refresh.</div> : null}
          {out.run ? (
            <>
              <p className={out.run.failed ? "suite-verdict fail" : "suite-verdict pass"}>
                {out.run.failed ? "✗" : "✓"} {runSummary(out.run)}
              </p>
              {out.run.total > 0 ? (
                coverage.length === 0 ? (
                  <p className="muted suite-coverage-ok">Every rule is exercised by at least one case.</p>
                ) : (
                  <div className="suite-coverage">
                    <div className="suite-coverage-head">
                      No case exercises {coverage.length === 1 ? "this rule" : `these ${coverage.length} rules`}:
                    </div>
                    <ul aria-label="Rules no case exercises">
                      {coverage.map((c) => (
                        <li key={c.ruleName}>
                          <button className="link-button" disabled={!c.nodeId} onClick={() => c.nodeId && onFocusNodes([c.nodeId])} title={c.nodeId ? "Show on the canvas" : "The rule's node is no longer on the canvas"}>
                            {c.title}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </div>
                )
              ) : null}
            </>
          ) : (
            <div className="banner error">
              The canvas does not compile ({out.problems.filter((p) => p.severity === "error").length} errors): fix them in the Problems tab, then run again.
            </div>
          )}
        </section>
      ) : null}

      {s.cases.isLoading || (!visited && !s.cases.data) ? (
        <div className="skeleton" style={{ height: 120 }} />
      ) : s.cases.error ? (
        <div className="banner error" role="alert">
          Could not load the suite: {s.cases.error.message}
        </div>
      ) : cases.length === 0 ? (
        <div className="empty small" data-testid="suite-empty">
          <strong>No test cases yet</strong>
          {canEdit ? (
            <>Evaluate an order in the Test panel and press “This is right” to keep its decision as a case, or import a suite file.</>
          ) : (
            <>Designers add cases: they evaluate an order in the Test panel and press “This is right”.</>
          )}
        </div>
      ) : (
        <ul className="suite-cases" aria-label="Test cases">
          {cases.map((c) => (
            <SuiteCaseRow
              key={c.id}
              c={c}
              result={out?.run ? results.get(c.id) ?? null : undefined}
              nameOf={md.nameOf}
              onOpen={canTest ? () => onOpenCase(c.order, c.source, c.inventory, c.assignedWarehouseId) : undefined}
              onRemove={canEdit ? () => setRemoving(c) : undefined}
            />
          ))}
        </ul>
      )}

      {removing ? (
        <ConfirmDialog
          title="Remove the test case?"
          confirmLabel="Remove"
          busyLabel="Removing…"
          busy={s.remove.isPending}
          error={removeErr?.message ?? null}
          onClose={() => {
            setRemoving(null);
            s.remove.reset();
          }}
          onConfirm={() =>
            s.remove.mutate(
              { rulesetId, id: removing.id },
              {
                onSuccess: () => setRemoving(null),
              },
            )
          }
        >
          “{removing.name}” ({removing.key}) is removed from this ruleset’s suite. Publishing no longer checks it.
        </ConfirmDialog>
      ) : null}
      {s.pending ? (
        <ConfirmDialog
          title="Replace the suite?"
          confirmLabel={`Replace with ${s.pending.cases.length} case${s.pending.cases.length === 1 ? "" : "s"}`}
          busyLabel="Importing…"
          busy={s.importing.isPending}
          error={s.importError?.message ?? null}
          onClose={s.cancelImport}
          onConfirm={s.confirmImport}
        >
          The {cases.length === 1 ? "case" : `${cases.length} cases`} of this suite {cases.length === 1 ? "is" : "are"} replaced by the {s.pending.cases.length} of <strong>{s.pending.fileName}</strong>.
          {s.importError && Object.keys(s.importError.fieldErrors).length ? (
            <ul className="suite-error-list" role="alert">
              {fieldErrorLines(s.importError, s.pending.cases)
                .slice(0, 10)
                .map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
            </ul>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function SuiteCaseRow({
  c,
  result,
  nameOf,
  onOpen,
  onRemove,
}: {
  c: TTestCaseOut;
  /** undefined: no run yet; null: the case was not in the run (added since). */
  result: CaseResult | null | undefined;
  nameOf: (id: string) => string;
  onOpen?: (() => void) | undefined;
  onRemove?: (() => void) | undefined;
}) {
  const state = result === undefined ? "idle" : result === null ? "notrun" : result.passed ? "pass" : "fail";
  const rows = expectationRows(c.expect, nameOf);
  return (
    <li className={`suite-case ${state}`} data-testid="suite-case">
      <div className="suite-case-head">
        {state === "pass" ? (
          <span className="suite-mark pass" aria-label="passes">
            ✓
          </span>
        ) : state === "fail" ? (
          <span className="suite-mark fail" aria-label="fails">
            ✗
          </span>
        ) : null}
        <strong className="suite-case-name">{c.name}</strong>
        <span className="suite-case-key">{c.key}</span>
        <span className="badge">{CASE_SOURCE_LABELS[c.source] ?? c.source}</span>
      </div>
      <dl className="suite-expect" aria-label="Expected">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {c.inventory ? <p className="muted suite-note">Uses stock levels of its own (the Test panel applies them too).</p> : null}
      {c.assignedWarehouseId ? <p className="muted suite-note">Evaluated as shipping from {nameOf(c.assignedWarehouseId)}.</p> : null}
      {result && !result.passed ? (
        result.error ? (
          <p className="suite-diff-error">Could not evaluate: {result.error}</p>
        ) : (
          <ul className="suite-diffs" aria-label="What differs">
            {result.diffs.map((d) => (
              <li key={d.field}>
                <span className="suite-diff-label">{d.label}</span> expected <span className="val">{outcomeValueText(d.field, d.expected, nameOf)}</span> → got{" "}
                <span className="val got">{outcomeValueText(d.field, d.actual, nameOf)}</span>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {state === "notrun" ? <p className="muted suite-note">Added after the last run.</p> : null}
      {onOpen || onRemove ? (
        <div className="suite-case-actions">
          {onOpen ? (
            <button className="link-button" onClick={onOpen}>
              Open in Test panel
            </button>
          ) : null}
          {onRemove ? (
            <button className="link-button danger" onClick={onRemove}>
              Remove
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
