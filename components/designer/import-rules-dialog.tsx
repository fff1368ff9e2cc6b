"use client";
import { type ChangeEvent, useMemo, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { RULES_JSON_SCHEMA_URI, rulesJsonSchema } from "@/rules-schema/compile/json-schemas";
import { type DecompileResult, decompileRules } from "@/rules-schema/decompile/decompile-rules";
import { decompileAsTable } from "@/rules-schema/tables/table-from-rules";
import { STAGE_LABELS, type THitPolicy, type TRuleGraph, type TStage } from "@/rules-schema/graph/graph-schema";
import type { TProblem } from "@/rules-schema/graph/problem-schema";
import { CodeEditor, type CodeEditorHandle, type CodeEditorMarker } from "./code-editor";
import { useDesignerMasterData } from "./designer-master-data";
import { type JsonPosition, parseJsonWithLocations } from "./parse-json-with-locations";
import { HIT_POLICY_LABELS } from "./rulesets-screen";

/** Larger files are refused before reading: thousands of rules, more than a canvas can show. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_LISTED = 100;

const PLACEHOLDER = `Paste json-rules-engine rules here, e.g.
[
  {
    "conditions": { "all": [{ "fact": "country", "operator": "equal", "value": "US" }] },
    "event": { "type": "flag", "params": { "code": "us-order" } }
  }
]`;

type Located = TProblem & { at: JsonPosition | null };

type Attempt =
  | { text: string; kind: "syntax"; error: JsonPosition & { message: string } }
  | { text: string; kind: "decompiled"; result: DecompileResult; problems: Located[]; ruleCount: number; fileStage: TStage | null; asTable: ReturnType<typeof decompileAsTable> };

/**
 * Where a decompiler problem points in the pasted text. Its `field` is a dotted path either into the
 * rule list as given ("0.conditions…", "rules.0…") or normalised to "rules.N…"; try the readings the
 * document's shape allows and keep the one that resolves deepest.
 */
function locateProblem(p: TProblem, doc: unknown, locate: (path: string) => (JsonPosition & { matched: string }) | null): JsonPosition | null {
  const field = p.field ?? "$";
  const candidates = [field];
  const isObject = doc !== null && typeof doc === "object" && !Array.isArray(doc);
  const hasRules = isObject && "rules" in doc;
  if (Array.isArray(doc) && field.startsWith("rules.")) candidates.push(field.slice("rules.".length));
  if (hasRules && !field.startsWith("rules")) candidates.push(`rules.${field}`);
  if (isObject && !hasRules && /^rules\.0(\.|$)/.test(field)) candidates.push(field.replace(/^rules\.0\.?/, ""));
  let best: (JsonPosition & { matched: string }) | null = null;
  for (const c of candidates) {
    const at = locate(c);
    if (at && (!best || at.matched.split(".").length > best.matched.split(".").length)) best = at;
  }
  return best ? { line: best.line, column: best.column } : null;
}

function countRules(doc: unknown): number {
  if (Array.isArray(doc)) return doc.length;
  if (doc !== null && typeof doc === "object" && "rules" in doc && Array.isArray(doc.rules)) return doc.rules.length;
  return 1;
}

function stageOfFile(doc: unknown): TStage | null {
  if (doc === null || typeof doc !== "object" || !("format" in doc) || !("stage" in doc)) return null;
  return typeof doc.stage === "string" && doc.stage in STAGE_LABELS ? (doc.stage as TStage) : null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Pastes or uploads json-rules-engine rules, checks them against the rules JSON Schema as you type
 * (markers in the editor and listed below it), decompiles them into a graph and hands that graph to
 * `onImport` ("Replace canvas"). Nothing typed is lost on an error; the caller closes the dialog.
 */
export function ImportRulesDialog({
  stage,
  hitPolicy,
  name,
  onImport,
  onClose,
}: {
  stage: TStage;
  hitPolicy: THitPolicy;
  name: string;
  onImport: (graph: TRuleGraph) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState("");
  const [markers, setMarkers] = useState<CodeEditorMarker[]>([]);
  const [file, setFile] = useState<{ note: string; error: boolean } | null>(null);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [asTable, setAsTable] = useState(false);
  const editor = useRef<CodeEditorHandle>(null);
  const md = useDesignerMasterData();
  const schema = useMemo(() => rulesJsonSchema(), []);

  const markerErrors = markers.filter((m) => m.severity === "error").length;
  const stale = attempt !== null && attempt.text !== text;
  const decompiled = attempt?.kind === "decompiled" && attempt.result.ok ? attempt.result : null;
  const problemErrors = attempt?.kind === "decompiled" ? attempt.problems.filter((p) => p.severity === "error").length : 0;
  const problemWarnings = attempt?.kind === "decompiled" ? attempt.problems.length - problemErrors : 0;
  const canReplace = decompiled !== null && !stale && problemErrors === 0 && markerErrors === 0;

  function decompile() {
    const parsed = parseJsonWithLocations(text);
    if (!parsed.ok) {
      setAttempt({ text, kind: "syntax", error: parsed.error });
      return;
    }
    // Checked against this organization's warehouses and channels, so a missing one shows before the canvas is replaced.
    const result = decompileRules(parsed.value, { stage, hitPolicy, name, context: md.validationContext });
    const problems = result.problems.map((p) => ({ ...p, at: locateProblem(p, parsed.value, parsed.locate) }));
    // Rules that share their facts and actions can also come in as one decision table (offered below).
    const asTable = decompileAsTable(parsed.value, { stage, hitPolicy, name, context: md.validationContext });
    setAsTable(false);
    setAttempt({ text, kind: "decompiled", result, problems, ruleCount: countRules(parsed.value), fileStage: stageOfFile(parsed.value), asTable });
  }

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const picked = input.files?.[0];
    input.value = "";
    if (!picked) return;
    if (picked.size > MAX_FILE_BYTES) {
      setFile({ note: `${picked.name} is ${(picked.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB.`, error: true });
      return;
    }
    try {
      const content = (await picked.text()).replace(/^\uFEFF/, "");
      setText(content);
      setAttempt(null);
      setFile({ note: `Loaded ${picked.name} (${(picked.size / 1024).toFixed(1)} KB).`, error: false });
    } catch {
      setFile({ note: `Could not read ${picked.name}.`, error: true });
    }
  }

  const reveal = (at: JsonPosition | null) => at && editor.current?.revealPosition(at.line, at.column);

  return (
    <Dialog
      title="Import rules"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" onClick={decompile} disabled={text.trim() === ""}>
            Decompile
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!canReplace}
            title={canReplace ? "Replace the canvas with the decompiled graph" : "Decompile rules without errors first"}
            onClick={() => decompiled && onImport(asTable && attempt?.kind === "decompiled" && attempt.asTable.ok ? attempt.asTable.graph : decompiled.graph)}
          >
            Replace canvas
          </button>
        </>
      }
    >
      <div className="dialog-wide import-rules" data-testid="import-rules-dialog">
        <p className="import-rules-intro">
          Paste json-rules-engine rules — one rule, an array of rules, <code>{'{ "rules": [...] }'}</code> or a compiled Switchyard ruleset — or upload a
          .json file. They become a graph for {STAGE_LABELS[stage]} ({HIT_POLICY_LABELS[hitPolicy].toLowerCase()}) that replaces what is on the canvas.
        </p>
        <div className="import-rules-source">
          <input type="file" className="input file-input" accept=".json,application/json" aria-label="Upload a .json file" onChange={(e) => void readFile(e)} />
          {file ? (
            <span className={file.error ? "text-red" : "muted"} role={file.error ? "alert" : "status"}>
              {file.note}
            </span>
          ) : null}
        </div>

        <CodeEditor
          ref={editor}
          value={text}
          onChange={setText}
          language="json"
          height={320}
          ariaLabel="Rules JSON"
          placeholder={PLACEHOLDER}
          jsonSchema={schema}
          schemaUri={RULES_JSON_SCHEMA_URI}
          onMarkers={setMarkers}
          testId="import-rules-editor"
        />

        {markers.length > 0 ? (
          <div className="import-rules-section">
            <h3>
              {plural(markers.length, "problem")} in the JSON{markerErrors > 0 ? " — fix them to import" : ""}
            </h3>
            <ul className="code-markers" aria-label="Problems in the JSON" data-testid="json-markers">
              {markers.slice(0, MAX_LISTED).map((m, i) => (
                <li key={`${m.line}:${m.column}:${i}`}>
                  <button type="button" className="code-marker" onClick={() => reveal(m)}>
                    <span className="where">
                      Line {m.line}, col {m.column}
                    </span>
                    <span className={m.severity === "error" ? "badge red" : "badge amber"}>{m.severity}</span>
                    <span>{m.message}</span>
                  </button>
                </li>
              ))}
            </ul>
            {markers.length > MAX_LISTED ? <div className="muted small">…and {markers.length - MAX_LISTED} more.</div> : null}
          </div>
        ) : null}

        {stale ? (
          <div className="banner warn" role="status">
            The JSON changed since it was decompiled. Decompile again to import it.
          </div>
        ) : null}

        {attempt?.kind === "syntax" ? (
          <div className="banner error" role="alert" data-testid="import-syntax-error">
            Not valid JSON: {attempt.error.message} at line {attempt.error.line}, column {attempt.error.column}.{" "}
            <button type="button" className="btn small" onClick={() => reveal(attempt.error)}>
              Show
            </button>
            <div className="small">Your text is kept as it is; fix it and decompile again.</div>
          </div>
        ) : null}

        {attempt?.kind === "decompiled" ? (
          <div className="import-rules-section" data-testid="decompile-result">
            {attempt.result.ok ? (
              <div className={problemErrors > 0 ? "banner error" : problemWarnings > 0 ? "banner warn" : "banner success"} role="status">
                {problemErrors > 0
                  ? `${plural(problemErrors, "rule problem")} below, each naming its rule and field (rules[i]…). Fix or remove them in the JSON to import.`
                  : `Decompiled ${plural(attempt.ruleCount, "rule")} into ${plural(attempt.result.graph.nodes.length, "node")} and ${plural(attempt.result.graph.edges.length, "connection")}${
                      problemWarnings > 0 ? `, with ${plural(problemWarnings, "warning")} below: read them before replacing the canvas.` : "."
                    }`}
                {problemErrors === 0 && attempt.asTable.ok ? (
                  <label className="small import-as-table">
                    <input type="checkbox" checked={asTable} onChange={(e) => setAsTable(e.target.checked)} data-testid="import-as-table" /> These rules share their facts and actions: import them as
                    one decision table ({plural(attempt.asTable.rows, "row")} × {plural(attempt.asTable.columns, "column")}) instead of a graph
                  </label>
                ) : null}
                {attempt.fileStage && attempt.fileStage !== stage ? (
                  <div className="small">
                    This ruleset was compiled for {STAGE_LABELS[attempt.fileStage]}; it is imported into {STAGE_LABELS[stage]}.
                  </div>
                ) : null}
              </div>
            ) : (
              <div className="banner error" role="alert">
                These rules cannot be decompiled: {plural(attempt.problems.length, "problem")} below.
              </div>
            )}
            {attempt.problems.length > 0 ? (
              <ul className="code-markers" aria-label="Decompiler problems" data-testid="decompile-problems">
                {attempt.problems.slice(0, MAX_LISTED).map((p, i) => (
                  <li key={`${p.code}:${i}`}>
                    <button type="button" className="code-marker" onClick={() => reveal(p.at)} disabled={!p.at}>
                      <span className="where">{p.at ? `Line ${p.at.line}` : (p.field ?? "")}</span>
                      <span className={p.severity === "error" ? "badge red" : "badge amber"}>{p.severity}</span>
                      <span>{p.message}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
