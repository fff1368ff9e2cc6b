"use client";
import { useMemo } from "react";
import { useDebounced } from "@/components/ui/use-debounced";
import { compileGraph } from "@/rules-schema/compile/compile-graph";
import { RULES_JSON_SCHEMA_URI, rulesJsonSchema } from "@/rules-schema/compile/json-schemas";
import type { TRuleGraph } from "@/rules-schema/graph/graph-schema";
import { CodeEditor } from "./code-editor";

/** Quiet time before recompiling: dragging a node changes the graph on every frame. */
const RECOMPILE_MS = 150;

/**
 * The json-rules-engine rules the graph compiles to, read-only in Monaco (pretty, 2 spaces), kept in
 * step with the canvas. When the graph does not compile, says how many errors stand in the way.
 */
export function CompiledRulesView({ graph, height = "100%" }: { graph: TRuleGraph; height?: number | string }) {
  const settled = useDebounced(graph, RECOMPILE_MS);
  const result = useMemo(() => compileGraph(settled), [settled]);
  const text = useMemo(() => (result.ok ? JSON.stringify(result.compiled.rules, null, 2) : ""), [result]);

  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === "error").length;
    return (
      <div className="empty small" data-testid="compiled-rules-empty">
        <strong>Does not compile yet</strong>
        {errors === 1 ? "Fix the 1 error listed under Problems." : `Fix the ${errors} errors listed under Problems.`}
      </div>
    );
  }
  const rules = result.compiled.rules.length;
  return (
    <div className="compiled-rules" data-testid="compiled-rules">
      <div className="compiled-rules-head">
        <span>
          {rules} json-rules-engine rule{rules === 1 ? "" : "s"}
        </span>
        <span className="mono" title="Content hash of the compiled rules">
          {result.compiled.manifest.contentHash.slice(0, 12)}
        </span>
      </div>
      <CodeEditor
        value={text}
        readOnly
        language="json"
        height={height}
        ariaLabel="Compiled rules (read-only JSON)"
        jsonSchema={rulesJsonSchema()}
        schemaUri={RULES_JSON_SCHEMA_URI}
        testId="compiled-rules-editor"
      />
    </div>
  );
}
