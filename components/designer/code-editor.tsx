"use client";
/**
 * Monaco, served by this app (app/monaco/vs/[...path]/route.ts streams monaco-editor's AMD build
 * from node_modules), never from a CDN: it works offline and after a plain `npm install`.
 *
 * JSON editors may carry a JSON Schema. Monaco's JSON defaults are global, so every editor's schema
 * is registered with a `fileMatch` of its own model URI: editors with different schemas coexist.
 *
 * For tests: the wrapper has `data-testid` (default "code-editor"), `data-state`
 * ("loading" | "ready" | "failed") and `data-model-uri`. Put text in like a person does: click
 * `.monaco-editor`, press Control+A, then paste — write the clipboard (context permissions
 * "clipboard-read"/"clipboard-write") and press Control+V, or dispatch a `paste` ClipboardEvent with a
 * DataTransfer on `document.activeElement`. Multi-line text must be pasted: typed or `insertText`-ed
 * newlines get Monaco's auto-indent. Single-line JSON may also be typed (`keyboard.type`,
 * `keyboard.insertText`): auto-closed brackets and quotes are typed over, so the text arrives as is.
 * Visible lines can be asserted with `toContainText` on the wrapper; to read a whole value (Monaco
 * renders only visible lines): `window.monaco.editor.getModel(window.monaco.Uri.parse(uri)).getValue()`
 * with the wrapper's `data-model-uri` (Monaco's AMD build sets `window.monaco`, in production too).
 */
import "./code-editor.css";
import MonacoEditor, { type OnMount, loader } from "@monaco-editor/react";
import type * as MonacoApi from "monaco-editor";
import { type Ref, useCallback, useEffect, useId, useImperativeHandle, useRef, useState } from "react";

/** Where the app serves monaco-editor/min/vs. */
export const MONACO_VS_PATH = "/monaco/vs";
loader.config({ paths: { vs: MONACO_VS_PATH } });

/**
 * Starts loading Monaco ahead of the first editor (e.g. when the designer opens or a "Compiled rules"
 * tab is hovered), so the editor appears at once. Safe to call often; failures surface in the editor.
 */
export function preloadCodeEditor(): void {
  loader.init().catch(() => {});
}

type Monaco = typeof MonacoApi;
type StandaloneEditor = MonacoApi.editor.IStandaloneCodeEditor;

export type CodeEditorSeverity = "error" | "warning" | "info" | "hint";

export interface CodeEditorMarker {
  /** 1-based, as shown in the gutter. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: CodeEditorSeverity;
}

export interface CodeEditorHandle {
  /** Moves the cursor to a position, scrolls it into view and focuses the editor. */
  revealPosition(line: number, column?: number): void;
  focus(): void;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  language?: "json";
  height: number | string;
  ariaLabel: string;
  /** JSON Schema validating the text (JSON only); markers appear in the editor and go to onMarkers. */
  jsonSchema?: object;
  /** Identifies the schema; editors giving the same URI must give the same schema. */
  schemaUri?: string;
  onMarkers?: (markers: CodeEditorMarker[]) => void;
  /** Shown while the editor is empty. */
  placeholder?: string;
  testId?: string;
  ref?: Ref<CodeEditorHandle>;
}

/** How many recent editor texts count as echoes when they come back as `value`. */
const MAX_ECHOES = 64;

const SEVERITY: Record<number, CodeEditorSeverity> = { 8: "error", 4: "warning", 2: "info", 1: "hint" };

/** Schemas of the mounted editors, by model URI. */
const schemaByModel = new Map<string, { uri: string; schema: object }>();
type SchemaEntry = { uri: string; schema: object; fileMatch: string[] };
let appliedSchemas: SchemaEntry[] | null = null;
let applyQueued = false;

const sameSchemas = (a: readonly SchemaEntry[], b: readonly SchemaEntry[] | null) =>
  b !== null &&
  a.length === b.length && a.every((x, i) => x.uri === b[i]!.uri && x.schema === b[i]!.schema && x.fileMatch.join("\n") === b[i]!.fileMatch.join("\n"));

/**
 * Hands the schemas of all mounted editors to Monaco's JSON defaults, once per tick and only when they
 * changed: every change of the defaults restarts the JSON worker.
 */
function applySchemas(monaco: Monaco): void {
  if (applyQueued) return;
  applyQueued = true;
  queueMicrotask(() => {
    applyQueued = false;
    const byUri = new Map<string, SchemaEntry>();
    for (const [model, s] of schemaByModel) {
      const entry = byUri.get(s.uri) ?? { uri: s.uri, schema: s.schema, fileMatch: [] };
      entry.fileMatch.push(model);
      byUri.set(s.uri, entry);
    }
    const schemas = [...byUri.values()];
    if (sameSchemas(schemas, appliedSchemas)) return;
    appliedSchemas = schemas;
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      trailingCommas: "error",
      comments: "error",
      schemaValidation: "error",
      enableSchemaRequest: false,
      schemas,
    });
  });
}

function toMarkers(markers: readonly MonacoApi.editor.IMarker[]): CodeEditorMarker[] {
  return markers
    .map((m) => ({
      line: m.startLineNumber,
      column: m.startColumn,
      endLine: m.endLineNumber,
      endColumn: m.endColumn,
      message: m.message,
      severity: SEVERITY[m.severity] ?? "error",
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

type LoadState = "loading" | "ready" | "failed";

export function CodeEditor({ value, onChange, readOnly = false, language = "json", height, ariaLabel, jsonSchema, schemaUri, onMarkers, placeholder, testId = "code-editor", ref }: CodeEditorProps) {
  const reactId = useId();
  const modelUri = `inmemory://switchyard/editor-${reactId.replace(/[^A-Za-z0-9]/g, "")}.${language}`;
  const [state, setState] = useState<LoadState>("loading");
  const [monaco, setMonaco] = useState<Monaco | null>(null);
  const editorRef = useRef<StandaloneEditor | null>(null);
  /** The latest texts the editor reported through onChange, newest last. */
  const emitted = useRef<string[]>([]);
  const onMarkersRef = useRef(onMarkers);
  useEffect(() => {
    onMarkersRef.current = onMarkers;
  }, [onMarkers]);

  useEffect(() => {
    const init = loader.init();
    init.then(
      (m) => setMonaco(m as unknown as Monaco),
      (e: unknown) => {
        // Unmounting cancels the promise; that is not a failure.
        if ((e as { type?: string } | null)?.type !== "cancelation") setState("failed");
      },
    );
    return () => init.cancel();
  }, []);

  // Register this editor's schema (or none) for its own model; drop it on unmount.
  useEffect(() => {
    if (!monaco) return;
    if (jsonSchema && language === "json") schemaByModel.set(modelUri, { uri: schemaUri ?? `${modelUri}.schema.json`, schema: jsonSchema });
    else schemaByModel.delete(modelUri);
    applySchemas(monaco);
    return () => {
      schemaByModel.delete(modelUri);
      applySchemas(monaco);
    };
  }, [monaco, modelUri, jsonSchema, schemaUri, language]);

  useImperativeHandle(
    ref,
    () => ({
      revealPosition(line: number, column = 1) {
        const ed = editorRef.current;
        if (!ed) return;
        ed.setPosition({ lineNumber: line, column });
        ed.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column });
        ed.focus();
      },
      focus() {
        editorRef.current?.focus();
      },
    }),
    [],
  );

  // Follow `value`. A read-only view keeps its scroll position and folds when the text is replaced;
  // an editable one gets an undoable edit. (Typing round-trips through onChange and finds no change.)
  useEffect(() => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    // The parent echoing something the editor emitted is no change, even when more keys have landed
    // since (effects can run a few keystrokes late): only a value the editor never produced is applied.
    if (!ed || !model || emitted.current.includes(value) || model.getValue() === value) return;
    emitted.current = [];
    if (readOnly) {
      const view = ed.saveViewState();
      model.setValue(value);
      if (view) ed.restoreViewState(view);
    } else {
      ed.executeEdits("value", [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }]);
      ed.pushUndoStop();
    }
  }, [value, readOnly, state]);

  const onMount: OnMount = useCallback((ed) => {
    editorRef.current = ed as unknown as StandaloneEditor;
    setState("ready");
  }, []);

  const onValidate = useCallback((markers: MonacoApi.editor.IMarker[]) => {
    onMarkersRef.current?.(toMarkers(markers));
  }, []);

  const style = { height: typeof height === "number" ? `${height}px` : height };
  if (state === "failed") {
    return (
      <div className="code-editor failed" data-testid={testId} data-state="failed" style={style}>
        <div className="code-editor-note" role="status">
          The code editor could not load; editing as plain text.
        </div>
        <textarea
          className="code-editor-fallback mono"
          aria-label={ariaLabel}
          value={value}
          readOnly={readOnly}
          placeholder={placeholder}
          spellCheck={false}
          onChange={(e) => onChange?.(e.target.value)}
        />
      </div>
    );
  }
  return (
    <div className={readOnly ? "code-editor read-only" : "code-editor"} data-testid={testId} data-state={state} data-model-uri={modelUri} style={style}>
      {monaco ? (
        <MonacoEditor
          height="100%"
          path={modelUri}
          defaultLanguage={language}
          language={language}
          defaultValue={value}
          onChange={(v) => {
            const text = v ?? "";
            emitted.current.push(text);
            if (emitted.current.length > MAX_ECHOES) emitted.current.shift();
            onChange?.(text);
          }}
          onMount={onMount}
          onValidate={onValidate}
          loading={<div className="skeleton code-editor-skeleton" aria-busy="true" aria-label="Loading the editor" />}
          options={{
            readOnly,
            domReadOnly: readOnly,
            ariaLabel,
            placeholder,
            automaticLayout: true,
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            fontSize: 12.5,
            lineNumbersMinChars: 3,
            tabSize: 2,
            folding: true,
            renderLineHighlight: readOnly ? "none" : "line",
            renderValidationDecorations: "on",
            fixedOverflowWidgets: true,
            stickyScroll: { enabled: false },
            scrollbar: { alwaysConsumeMouseWheel: false },
            // A read-only view should not trap Tab; an editable one indents (Ctrl+M toggles, as in VS Code).
            tabFocusMode: readOnly,
          }}
        />
      ) : (
        <div className="skeleton code-editor-skeleton" aria-busy="true" aria-label="Loading the editor" />
      )}
    </div>
  );
}
