"use client";
import { DecisionList } from "@/components/ui/decision-list";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { TimeText } from "@/components/ui/time-text";
import { useDebounced } from "@/components/ui/use-debounced";
import { formErrorOf } from "@/lib/trpc-errors";
import { useTRPC } from "@/lib/trpc";
import { ORDER_JSON_SCHEMA_URI, orderJsonSchema } from "@/rules-schema/compile/json-schemas";
import { decisionRows } from "@/rules-schema/actions/decision-slots";
import type { TDecision } from "@/rules-schema/evaluate/decision-schema";
import { type TRuleGraph, type TStage, isActionKind } from "@/rules-schema/graph/graph-schema";
import type { TTestGraphOut } from "@/server/schemas/test-graph-schemas";
import { CodeEditor, type CodeEditorMarker } from "./code-editor";
import { useDesignerMasterData } from "./designer-master-data";
import { type NodeTraceMark, type TableRowMark, ruleNamesOf } from "./node-kind-ui";
import { SaveCaseForm, type TCaseSource } from "./save-case-form";

/** An order to evaluate at once, from outside the panel (an analysis finding's example, a suite case). */
export interface TestPanelLoad {
  order: unknown;
  /** Where the order came from, for a case saved from it (while the sample is not edited). */
  source: TCaseSource;
  /** For logistics matching and later: the warehouse to evaluate as from (an analysis example's); null: as the live warehouse rules assign. */
  assignedWarehouseId?: string | null;
  /** A test case's own stock levels (warehouse id → SKU → units), replacing the organization's for those warehouses. */
  inventory?: Record<string, Record<string, number>> | null;
  /** A new number for each request (the same order may be loaded twice). */
  seq: number;
}

type Source = "history" | "sample";

/** A small valid order to start a sample from. */
const SAMPLE_ORDER = {
  id: "sample-1",
  platform: "shopify",
  storeId: "",
  status: "awaiting_fulfillment",
  createdAt: "2026-11-20T08:00:00Z",
  paidAt: "2026-11-20T08:05:00Z",
  shipByDeadline: "2026-11-22T08:00:00Z",
  currency: "USD",
  totalValue: 59.9,
  buyerId: "buyer-1",
  shippingAddress: { country: "US", region: "CA", city: "Los Angeles", postalCode: "90012", addressValid: true },
  lines: [{ platformSku: "LL-LAMP-01", warehouseSku: "LAMP-01", quantity: 1, unitPrice: 59.9, weightGrams: 850, hasBattery: false }],
  cancellationRequested: false,
};

/** The overlay the canvas shows for a test result: each test node's outcome and each action's. */
export function traceMarksOf(out: TTestGraphOut, graph: TRuleGraph): Map<string, NodeTraceMark> {
  const marks = new Map<string, NodeTraceMark>();
  const firstFailed = new Set(out.evaluation?.trace?.rules.flatMap((r) => (r.firstFailedNodeId && !r.matched ? [r.firstFailedNodeId] : [])) ?? []);
  for (const r of out.nodeResults) {
    const m: NodeTraceMark = { result: r.result, firstFailed: r.result === false && firstFailed.has(r.nodeId) };
    if ("actual" in r) m.actual = r.actual;
    if ("expected" in r) m.expected = r.expected;
    marks.set(r.nodeId, m);
  }
  const fired = new Set(out.firedNodeIds);
  for (const n of graph.nodes) {
    if (n.kind === "fallback") marks.set(n.id, { result: out.evaluation?.decision.usedFallback ?? false });
    else if (isActionKind(n.kind)) marks.set(n.id, { result: fired.has(n.id) });
  }
  // Decision tables: each row's outcome, and for rows that did not match the first failing cell.
  const firedRules = new Set(out.evaluation?.decision.actions.filter((a) => a.overriddenBy === undefined).map((a) => a.ruleName) ?? []);
  const tableRows = new Map<string, Map<string, TableRowMark>>();
  for (const r of out.evaluation?.trace?.rules ?? []) {
    if (!r.table) continue;
    const rows = tableRows.get(r.nodeId) ?? new Map<string, TableRowMark>();
    tableRows.set(r.nodeId, rows);
    const prev = rows.get(r.table.rowId);
    const mark: TableRowMark = { matched: r.matched, fired: (prev?.fired ?? false) || (r.fired && firedRules.has(r.name)), failedColumn: r.matched ? null : r.table.firstFailedColumn };
    const cell = mark.failedColumn !== null ? r.conditions.find((c) => c.role === "cell" && c.column === mark.failedColumn) : undefined;
    if (cell) {
      mark.actual = cell.actual;
      mark.expected = cell.expected;
    }
    rows.set(r.table.rowId, mark);
  }
  for (const [nodeId, rows] of tableRows) {
    const own = marks.get(nodeId);
    marks.set(nodeId, { ...(own ?? { result: [...rows.values()].some((m) => m.matched) }), rows });
  }
  return marks;
}

export function TestPanel({
  graph,
  errors,
  rulesetId,
  stage,
  canEdit,
  load,
  onTrace,
  onFocusNodes,
}: {
  graph: TRuleGraph;
  errors: number;
  rulesetId: string;
  stage: TStage;
  /** Whether the user may add cases to the ruleset's suite ("This is right"). */
  canEdit: boolean;
  load: TestPanelLoad | null;
  onTrace: (marks: ReadonlyMap<string, NodeTraceMark> | null) => void;
  onFocusNodes: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const md = useDesignerMasterData();
  // Rules by their action node's title and summary ("Ship from Los Angeles — Assign warehouse Los Angeles"), not "rule:n7".
  const ruleNames = useMemo(() => ruleNamesOf(graph, md.nameOf), [graph, md.nameOf]);
  const ruleText = (name: string) => {
    const r = ruleNames.get(name);
    return r ? (r.summary && r.summary !== r.title ? `${r.title} — ${r.summary}` : r.title) : name;
  };
  const [source, setSource] = useState<Source>("history");
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search);
  const [orderId, setOrderId] = useState<string | null>(null);
  const [sample, setSample] = useState(() => JSON.stringify({ ...SAMPLE_ORDER, storeId: md.stores[0]?.id ?? "store-1" }, null, 2));
  const [markers, setMarkers] = useState<CodeEditorMarker[]>([]);
  const [parseError, setParseError] = useState<string | null>(null);
  const [overlay, setOverlay] = useState(true);
  const schema = useMemo(() => orderJsonSchema(), []);

  const orders = useQuery(trpc.orders.search.queryOptions({ search: debounced, page: 1, pageSize: 6 }, { enabled: source === "history", staleTime: 30_000 }));
  const resultRef = useRef<HTMLElement>(null);
  const run = useMutation(
    trpc.rulesets.test.mutationOptions({
      onMutate: () => {
        setSavingCase(false);
        setSavedKey(null);
      },
      onSuccess: () => requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" })),
    }),
  );
  // "This is right": the form, and the key of the case saved from this result.
  const [savingCase, setSavingCase] = useState(false);
  const [savedKey, setSavedKey] = useState<string | null>(null);
  /** The text of an order loaded from outside and where it came from: a case saved from it unedited keeps that source. */
  const [loaded, setLoaded] = useState<{ text: string; source: TCaseSource } | null>(null);
  const [ranWith, setRanWith] = useState<TCaseSource>("manual");
  const result = run.data ?? null;
  const err = formErrorOf(run.error);
  // The overlay shows the last result while it is on; a new graph shape does not clear it (stale
  // results are marked below), so people can edit and re-run side by side.
  const [ranOn, setRanOn] = useState<string | null>(null);
  const graphKey = useMemo(() => JSON.stringify({ n: graph.nodes.map((n) => [n.id, n.kind, n.data]), e: graph.edges }), [graph]);
  const stale = result !== null && ranOn !== graphKey;

  useEffect(() => {
    onTrace(result && overlay && result.evaluation ? traceMarksOf(result, graph) : null);
    // Only a new result or the toggle changes the overlay (not every edit of the graph).
  }, [result, overlay]);
  useEffect(() => () => onTrace(null), [onTrace]);
  // An order from outside: show it as the sample and evaluate it at once (the trace goes on the canvas).
  // Whether the last run evaluated as from a warehouse the request named (an analysis example's).
  const [pinned, setPinned] = useState(false);
  useEffect(() => {
    if (!load) return;
    setPinned(!!load.assignedWarehouseId);
    const text = JSON.stringify(load.order, null, 2);
    setSource("sample");
    setSample(text);
    setLoaded({ text, source: load.source });
    setParseError(null);
    setRanOn(graphKey);
    setRanWith(load.source);
    run.mutate({
      graph,
      order: load.order as never,
      ...(load.assignedWarehouseId ? { assignedWarehouseId: load.assignedWarehouseId } : {}),
      ...(load.inventory ? { inventory: load.inventory } : {}),
    });
    // Only a new request runs (not a new graph).
  }, [load?.seq]);

  function runTest() {
    setParseError(null);
    setPinned(false);
    if (source === "history") {
      if (!orderId) return;
      setRanOn(graphKey);
      setRanWith("history");
      run.mutate({ graph, orderId });
      return;
    }
    let order: unknown;
    try {
      order = JSON.parse(sample);
    } catch (e) {
      setParseError(`The sample is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setRanOn(graphKey);
    setRanWith(loaded && loaded.text === sample ? loaded.source : "manual");
    run.mutate({ graph, order: order as never });
  }

  const schemaErrors = markers.filter((m) => m.severity === "error");
  const canRun = source === "history" ? orderId !== null : schemaErrors.length === 0;

  return (
    <div className="test-panel">
      <div className="segmented" role="radiogroup" aria-label="Order to test">
        {(["history", "sample"] as const).map((s) => (
          <label key={s} className={source === s ? "active" : ""}>
            <input type="radio" name="test-source" checked={source === s} onChange={() => setSource(s)} />
            {s === "history" ? "From history" : "Sample JSON"}
          </label>
        ))}
      </div>

      {source === "history" ? (
        <div className="test-orders">
          <input className="input" aria-label="Search orders" placeholder="Order number or buyer id" value={search} onChange={(e) => setSearch(e.target.value)} />
          {orders.isLoading ? (
            <div className="skeleton" style={{ height: 120, marginTop: 8 }} />
          ) : orders.data && orders.data.items.length === 0 ? (
            <div className="empty small">
              <strong>No order matches</strong>
              {debounced ? `Nothing starts with “${debounced}”.` : "Import order history first."}
            </div>
          ) : (
            <ul className="test-order-list" aria-label="Orders">
              {orders.data?.items.map((o) => (
                <li key={o.id}>
                  <button className={o.id === orderId ? "test-order selected" : "test-order"} aria-pressed={o.id === orderId} onClick={() => setOrderId(o.id)}>
                    <strong>{o.externalId}</strong>
                    <span className="muted">
                      {o.storeName} · {o.country} · {o.lineCount} line{o.lineCount === 1 ? "" : "s"} · {o.totalValue} {o.currency} · <TimeText value={o.createdAt} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <div className="test-sample">
          <CodeEditor value={sample} onChange={setSample} height={260} ariaLabel="Sample order" jsonSchema={schema} schemaUri={ORDER_JSON_SCHEMA_URI} onMarkers={setMarkers} testId="sample-order-editor" />
          {schemaErrors.length ? (
            <ul className="marker-list" aria-label="Sample order errors">
              {schemaErrors.slice(0, 6).map((m, i) => (
                <li key={i}>
                  Line {m.line}: {m.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}

      <div className="test-actions">
        <button className="btn primary" disabled={!canRun || run.isPending} onClick={runTest}>
          {run.isPending ? "Evaluating…" : "Evaluate draft"}
        </button>
        {errors ? <span className="muted">The canvas has {errors} error{errors === 1 ? "" : "s"}; fix them to evaluate.</span> : <span className="muted">Evaluates the canvas as it is, saved or not.</span>}
      </div>

      {parseError ? (
        <div className="banner error" role="alert">
          {parseError}
        </div>
      ) : err ? (
        <div className="banner error" role="alert">
          {err.message}
          {Object.keys(err.fieldErrors).length ? (
            <ul>
              {Object.entries(err.fieldErrors).map(([f, msgs]) => (
                <li key={f}>
                  <code>{f.replace(/^order\./, "")}</code>: {msgs.join("; ")}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {result ? (
        <section className="test-result" aria-label="Test result" ref={resultRef}>
          {stale ? <div className="banner warn">The canvas changed since this run. Evaluate again to refresh.</div> : null}
          {result.evaluation ? (
            <>
              <div className="test-result-head">
                <h3>Decision</h3>
                <label className="toggle">
                  <input type="checkbox" checked={overlay} onChange={(e) => setOverlay(e.target.checked)} /> Show on canvas
                </label>
              </div>
              {result.assignedWarehouseId ? (
                <p className="muted" data-testid="assigned-warehouse">
                  {pinned
                    ? `Evaluated as shipping from ${md.nameOf(result.assignedWarehouseId)}, the warehouse the example assumes (what “Assigned warehouse” and the channels’ origins see).`
                    : `Ships from ${md.nameOf(result.assignedWarehouseId)}, as the published warehouse rules assign it (what “Assigned warehouse” and the channels’ origins see).`}
                </p>
              ) : null}
              <DecisionView decision={result.evaluation.decision} names={md.nameOf} ruleText={ruleText} />
              {canEdit ? (
                savedKey ? (
                  <p className="save-case-done" role="status" data-testid="case-saved">
                    ✓ Saved as {savedKey}. The Suite tab runs it with the others.
                  </p>
                ) : savingCase ? (
                  <SaveCaseForm
                    key={result.compiledHash ?? ""}
                    rulesetId={rulesetId}
                    stage={stage}
                    order={result.order}
                    decision={result.evaluation.decision}
                    source={result.storedOrder ? "history" : ranWith}
                    assignedWarehouseId={pinned ? result.assignedWarehouseId : null}
                    nameOf={md.nameOf}
                    onClose={() => setSavingCase(false)}
                    onSaved={(key) => {
                      setSavingCase(false);
                      setSavedKey(key);
                    }}
                  />
                ) : (
                  <button
                    className="btn small save-case-open"
                    disabled={stale}
                    onClick={() => setSavingCase(true)}
                    title={stale ? "The canvas changed since this run: evaluate again first" : "Keep this order and this decision as a test case of the ruleset"}
                  >
                    This is right — save as test case
                  </button>
                )
              ) : null}
              <h3>Rules</h3>
              <ul className="test-rules" aria-label="Rules evaluated">
                {result.evaluation.trace?.rules.map((r) => (
                  <li key={r.name} className={r.fired ? "fired" : r.matched ? "matched" : "failed"}>
                    <button className="link-button" onClick={() => onFocusNodes([r.nodeId, ...(r.firstFailedNodeId ? [r.firstFailedNodeId] : [])])}>
                      {r.fired ? "✓ fired" : r.matched ? "matched, did not decide" : "✗ no match"} · {ruleText(r.name)}
                    </button>
                    {!r.matched && r.firstFailedNodeId ? <FirstFailure rule={r} /> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <div className="empty small">
              <strong>Not evaluated</strong>
              {result.message}
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}

function FirstFailure({ rule }: { rule: NonNullable<NonNullable<TTestGraphOut["evaluation"]>["trace"]>["rules"][number] }) {
  const failedCell = rule.table?.firstFailedColumn;
  const c = failedCell
    ? rule.conditions.find((x) => x.role === "cell" && x.column === failedCell)
    : rule.conditions.find((x) => x.nodeId === rule.firstFailedNodeId && x.role !== "negation" && x.role !== "path" && x.role !== "cell");
  if (!c) return null;
  return (
    <div className="muted first-failure">
      {failedCell ? "first failing cell" : "first failing test"}: {c.fact ?? c.role} {c.operator ?? ""} — actual <code>{JSON.stringify(c.actual) ?? "—"}</code>
      {c.expected !== undefined ? (
        <>
          , expected <code>{JSON.stringify(c.expected)}</code>
        </>
      ) : null}
    </div>
  );
}

function DecisionView({ decision: d, names, ruleText }: { decision: TDecision; names: (id: string) => string; ruleText: (ruleName: string) => string }) {
  // Each action's rows as its registry entry shows them, in screen order.
  const rows = decisionRows(d, { warehouse: names, channel: names });
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted" data-testid="decision-empty">
          No rule decided anything for this order{d.usedFallback ? "" : " (no fallback either)"}.
        </p>
      ) : (
        <DecisionList rows={rows} testId="decision" />
      )}
      {d.usedFallback ? <p className="muted">Decided by the fallback.</p> : null}
      {d.actions.some((a) => a.overriddenBy !== undefined) ? (
        <ul className="decision-overridden muted" aria-label="Overridden by a higher priority" data-testid="decision-overridden">
          {d.actions
            .filter((a) => a.overriddenBy !== undefined)
            .map((a, i) => (
              <li key={i}>
                {a.type} from {ruleText(a.ruleName)} (priority {a.priority ?? "?"}) fired but was overridden by {ruleText(a.overriddenBy!)}, which has a higher priority
              </li>
            ))}
        </ul>
      ) : null}
      {d.conflicts.length ? (
        <ul className="decision-conflicts" aria-label="Rules disagreed">
          {d.conflicts.map((c, i) => (
            <li key={i}>{c.message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
