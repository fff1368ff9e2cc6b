"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { type FormError, formErrorOf } from "@/lib/trpc-errors";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { ZTestSuite } from "@/rules-schema/suites/suite-schema";
import { fieldPathText, parseSuiteFile, suiteFileName } from "./suite-format";
import { downloadBlob } from "@/components/ui/download-blob";

/** A graph's shape and data (not positions or selection): a run made on another key is stale. */
export const graphKeyOf = (graph: TRuleGraph) => JSON.stringify({ n: graph.nodes.map((n) => [n.id, n.kind, n.data]), e: graph.edges });

/** A suite file picked for import: checked here first, then confirmed (it replaces the suite). */
export interface PendingImport {
  fileName: string;
  suite: unknown;
  cases: { name?: unknown; id?: unknown }[];
}

/** Problems of a suite file, in words (from the file itself or from the server). */
export interface FileProblem {
  message: string;
  details: string[];
}

/** Field errors of a failed call as lines in words ("Case 2 (“US held”) › order › lines › 1 › quantity: must be …"). */
export function fieldErrorLines(err: FormError | null, cases?: PendingImport["cases"]): string[] {
  if (!err) return [];
  return Object.entries(err.fieldErrors).map(([f, msgs]) => `${fieldPathText(f, cases)}: ${msgs.join("; ")}`);
}

/**
 * A ruleset's test suite in the designer: its cases, runs against the canvas (saved or not),
 * removing a case, and export / import of the suite file.
 */
export function useTestSuite({ rulesetId, rulesetName, graph, enabled }: { rulesetId: string; rulesetName: string; graph: TRuleGraph; enabled: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const listKey = trpc.testSuites.list.queryKey({ rulesetId });
  const cases = useQuery(trpc.testSuites.list.queryOptions({ rulesetId }, { enabled, staleTime: 30_000, refetchOnWindowFocus: false }));

  const [ranOn, setRanOn] = useState<string | null>(null);
  const run = useMutation(trpc.testSuites.run.mutationOptions());
  // Serializing a large graph on every edit costs: only once there is a run to call stale.
  const graphKey = useMemo(() => (run.data ? graphKeyOf(graph) : null), [graph, run.data]);
  const remove = useMutation(trpc.testSuites.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey }) }));
  const importing = useMutation(
    trpc.testSuites.import.mutationOptions({
      onSuccess: (rows) => {
        queryClient.setQueryData(listKey, rows);
        setPending(null);
        setNotice(`Imported ${rows.length} case${rows.length === 1 ? "" : "s"}; the suite was replaced.`);
      },
    }),
  );
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [fileProblem, setFileProblem] = useState<FileProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  function runSuite() {
    setNotice(null);
    setRanOn(graphKeyOf(graph));
    run.mutate({ rulesetId, graph });
  }

  async function exportSuite() {
    setExporting(true);
    setFileProblem(null);
    try {
      const suite = await client.testSuites.export.query({ rulesetId });
      downloadBlob(new Blob([`${JSON.stringify(suite, null, 2)}\n`], { type: "application/json" }), suiteFileName(rulesetName));
    } catch (e) {
      setFileProblem({ message: `Could not export the suite: ${formErrorOf(e)?.message ?? String(e)}`, details: [] });
    } finally {
      setExporting(false);
    }
  }

  /** Reads a picked file; a valid suite file waits for confirmation, anything else says what is wrong. */
  async function pickImport(file: File) {
    setFileProblem(null);
    setNotice(null);
    importing.reset();
    const parsed = parseSuiteFile(await file.text());
    if (!parsed.ok) {
      setFileProblem({ message: `${file.name}: ${parsed.message}`, details: [] });
      return;
    }
    const cases = (parsed.value as { cases?: unknown })?.cases;
    const list = Array.isArray(cases) ? (cases as PendingImport["cases"]) : [];
    const checked = ZTestSuite.safeParse(parsed.value);
    if (!checked.success) {
      const details = checked.error.issues.slice(0, 8).map((i) => `${fieldPathText(i.path.map(String).join("."), list)}: ${i.message}`);
      const more = checked.error.issues.length - details.length;
      setFileProblem({ message: `${file.name} is not a suite file this ruleset can use:`, details: more > 0 ? [...details, `…and ${more} more`] : details });
      return;
    }
    setPending({ fileName: file.name, suite: parsed.value, cases: list });
  }

  function confirmImport() {
    if (!pending) return;
    importing.mutate({ rulesetId, suite: pending.suite as never });
  }

  return {
    cases,
    run,
    runStale: run.data !== undefined && ranOn !== graphKey,
    runSuite,
    remove,
    exportSuite,
    exporting,
    pending,
    pickImport,
    confirmImport,
    cancelImport: () => {
      setPending(null);
      importing.reset();
    },
    importing,
    importError: formErrorOf(importing.error),
    fileProblem,
    notice,
    dismissNotice: () => setNotice(null),
  };
}
