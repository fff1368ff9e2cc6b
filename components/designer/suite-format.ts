import { actionEffect } from "@/rules-schema/actions/decision-slots";
import type { NameLookup } from "@/rules-schema/actions/action-effect";
import type { TRulesetAnalysis } from "@/rules-schema/analysis/analyze-ruleset";
import type { TStage } from "@/rules-schema/graph/graph-schema";
import { EXPECTABLE } from "@/rules-schema/suites/suite-schema";

/**
 * Words for the designer's test suites and rule analysis: expected outcomes, diffs, coverage, field
 * errors and the analysis's "not analysed" note. Pure: the Suite tab, the Test panel's "save as test
 * case" form and the Problems tab render what these return.
 */

/** A field a case may check, in the order the screens show them (`decided` first, then the action registry's rank). */
export interface ExpectField {
  key: string;
  label: string;
}

const DECIDED: ExpectField = { key: "decided", label: "Decided" };

/** The fields a case of a ruleset of `stage` may check: `decided` and the outcome of every action the stage allows. */
export function expectFieldsFor(stage: TStage): ExpectField[] {
  return [DECIDED, ...EXPECTABLE.filter((e) => actionEffect(e.kind).stages.includes(stage)).map((e) => ({ key: e.key, label: e.label }))];
}

/** A field's label ("Warehouse", "Holds"); the key itself when unknown. */
export function fieldLabel(key: string): string {
  if (key === "decided") return DECIDED.label;
  return EXPECTABLE.find((e) => e.key === key)?.label ?? key;
}

const yesNo = (v: unknown) => (v === true ? "yes" : v === false ? "no" : String(v));

/** One outcome field's value in words, with warehouse and channel names ("Los Angeles 3PL (LAX)", "none", "yes"). */
export function outcomeValueText(key: string, value: unknown, nameOf: (id: string) => string): string {
  if (value === undefined) return "—";
  if (key === "decided") return value === true ? "yes" : value === false ? "no (no rule decides)" : String(value);
  const e = EXPECTABLE.find((x) => x.key === key);
  if (!e) return JSON.stringify(value);
  // Split's text counts parcels, which the outcome does not carry: yes / no here.
  if (e.compare === "value" && typeof value === "boolean") return yesNo(value);
  const names: NameLookup = { warehouse: nameOf, channel: nameOf };
  try {
    return (actionEffect(e.kind).outcome.text as (v: unknown, side: { packages: number }, n: NameLookup) => string)(value, { packages: 1 }, names);
  } catch {
    return JSON.stringify(value);
  }
}

/** A case's expectations as [label, text] rows, in screen order; fields left out are not listed. */
export function expectationRows(expect: Record<string, unknown>, nameOf: (id: string) => string): [string, string][] {
  const order = [DECIDED.key, ...EXPECTABLE.map((e) => e.key)];
  const keys = Object.keys(expect).filter((k) => expect[k] !== undefined);
  keys.sort((a, b) => (order.indexOf(a) === -1 ? 999 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 999 : order.indexOf(b)));
  return keys.map((k) => [fieldLabel(k), outcomeValueText(k, expect[k], nameOf)]);
}

/** Whether an outcome field holds something a rule set (a warehouse, a hold, a tag, "yes" …). */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * The fields to check by default when a decision is saved as a case: those the decision set among
 * the stage's fields; `decided` alone when it set none (the case then pins that no rule decides).
 */
export function defaultCheckedFields(outcome: Record<string, unknown>, stage: TStage): string[] {
  const set = expectFieldsFor(stage)
    .filter((f) => f.key !== "decided" && isSet(outcome[f.key]))
    .map((f) => f.key);
  return set.length ? set : ["decided"];
}

/** The expectation stored for a case: the outcome's values of the checked fields only. */
export function expectationOf(outcome: Record<string, unknown>, checked: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of checked) if (k in outcome) out[k] = outcome[k];
  return out;
}

/** The name a new case starts with: the platform's order number, else the order's id. */
export function caseNameOf(order: { id?: unknown; externalId?: unknown }): string {
  const ext = typeof order.externalId === "string" ? order.externalId.trim() : "";
  if (ext) return ext.slice(0, 200);
  return typeof order.id === "string" ? order.id.slice(0, 200) : "Test case";
}

/**
 * The canvas node a compiled rule comes from: `rule:<node>` for an action node, `rule:<table>:<row>`
 * (and `:<column>`) for a decision table's row. Node ids may themselves contain ':' — the longest
 * id that fits wins. Null when no node of the graph fits.
 */
export function nodeIdOfRule(ruleName: string, nodeIds: Iterable<string>): string | null {
  if (!ruleName.startsWith("rule:")) return null;
  const rest = ruleName.slice("rule:".length);
  let best: string | null = null;
  for (const id of nodeIds) {
    if (id === rest) return id;
    if (rest.startsWith(`${id}:`) && (best === null || id.length > best.length)) best = id;
  }
  return best;
}

export interface CoverageItem {
  ruleName: string;
  /** The rule's title as the canvas shows it ("Ship from Los Angeles", "Channel matrix · Row 3"). */
  title: string;
  nodeId: string | null;
}

/** Rules no case exercised, by their titles on the canvas, each with the node to focus. */
export function coverageItems(notExercised: readonly string[], titles: ReadonlyMap<string, { title: string }>, nodeIds: Iterable<string>): CoverageItem[] {
  const ids = [...nodeIds];
  return notExercised.map((ruleName) => {
    const nodeId = nodeIdOfRule(ruleName, ids);
    return { ruleName, title: titles.get(ruleName)?.title ?? nodeId ?? ruleName, nodeId };
  });
}

/** "12 of 13 pass" */
export function runSummary(run: { total: number; passed: number }): string {
  if (run.total === 0) return "No cases to run";
  if (run.passed === run.total) return run.total === 1 ? "The case passes" : `All ${run.total} cases pass`;
  return `${run.passed} of ${run.total} pass`;
}

/** A suite file's name for a ruleset ("EU warehouses.suite.json"), without characters file systems refuse. */
export function suiteFileName(rulesetName: string): string {
  const base = rulesetName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").trim().slice(0, 120) || "ruleset";
  return `${base}.suite.json`;
}

/** A suite file's text as JSON (a byte-order mark allowed), or why it is not. */
export function parseSuiteFile(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = text.replace(/^\uFEFF/, "");
  if (!t.trim()) return { ok: false, message: "The file is empty." };
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch (e) {
    return { ok: false, message: `The file is not valid JSON: ${(e as Error).message}` };
  }
}

const PATH_WORDS: Record<string, string> = {
  name: "Name",
  key: "Case id",
  id: "Case id",
  expect: "Fields to check",
  order: "Order",
  source: "Source",
  format: "Format",
  cases: "Cases",
  inventory: "Stock overrides",
  _: "The file",
};

/**
 * A server field error's path in words: `suite.cases.2.order.lines.0.quantity` → "Case 3 › order ›
 * lines › 1 › quantity", `expect` → "Fields to check". `cases` names the cases of the file being imported.
 */
export function fieldPathText(path: string, cases?: readonly { name?: unknown; id?: unknown }[]): string {
  const parts = path.split(".").filter((p) => p !== "");
  if (parts[0] === "suite") parts.shift();
  if (parts.length === 0) return "The file";
  if (parts[0] === "cases" && parts.length > 1 && /^\d+$/.test(parts[1]!)) {
    const i = Number(parts[1]);
    const c = cases?.[i];
    const named = c && typeof c.name === "string" && c.name ? ` (“${c.name}”)` : c && typeof c.id === "string" ? ` (${c.id})` : "";
    const rest = parts.slice(2);
    return `Case ${i + 1}${named}${rest.length ? ` › ${restText(rest)}` : ""}`;
  }
  if (parts.length === 1) return PATH_WORDS[parts[0]!] ?? parts[0]!;
  return restText(parts);
}

function restText(parts: string[]): string {
  return parts.map((p, i) => (/^\d+$/.test(p) ? String(Number(p) + 1) : i === 0 ? (PATH_WORDS[p] ?? p).toLowerCase() : p)).join(" › ");
}

/** The analysis's limits in words, for the note under the Problems list. */
export interface AnalysisNote {
  text: string;
  /** The rules not analysed, by their titles, and why. */
  rules: { ruleName: string; title: string; nodeIds: string[]; reasons: string[] }[];
  /** Questions the work budget left open. */
  questions: string[];
}

/** Null when the analysis modelled every rule and answered every question. */
export function analysisNote(analysis: Pick<TRulesetAnalysis, "notAnalysed" | "incomplete"> | null, ruleTitle: (ruleName: string) => string): AnalysisNote | null {
  if (!analysis) return null;
  const n = analysis.notAnalysed.length;
  const q = analysis.incomplete.length;
  if (n === 0 && q === 0) return null;
  const parts: string[] = [];
  if (n) {
    const kinds = [...new Set(analysis.notAnalysed.flatMap((r) => r.reasons.map(conditionOfReason)))];
    const shown = kinds.slice(0, 2).join(", ");
    parts.push(
      `${n === 1 ? "1 rule uses" : `${n} rules use`} conditions the analysis does not model${shown ? ` (${shown}${kinds.length > 2 ? "…" : ""})` : ""}: findings about ${n === 1 ? "it" : "them"} may be missing.`,
    );
  }
  if (q) parts.push(`${q === 1 ? "1 question was" : `${q} questions were`} left unanswered (work budget, or no example order could be built): not analysed.`);
  return {
    text: parts.join(" "),
    rules: analysis.notAnalysed.map((r) => ({ ruleName: r.ruleName, title: ruleTitle(r.ruleName), nodeIds: r.nodeIds, reasons: r.reasons })),
    questions: analysis.incomplete,
  };
}

const FINDING_LABELS: Record<string, string> = {
  ruleOverlap: "overlap",
  shadowedRule: "never decides",
  deadRule: "never matches",
  channelExcludesRule: "channel refuses",
  ruleGap: "gap",
};

/** A rule analysis finding's badge ("overlap", "gap" …); "warning" for any other problem. */
export function findingLabel(code: string): string {
  return FINDING_LABELS[code] ?? "warning";
}

/** "“In stock at warehouse” depends on master data …" → "In stock at warehouse". */
function conditionOfReason(reason: string): string {
  const m = /^“([^”]+)”/.exec(reason);
  return m ? m[1]! : reason.replace(/ (are|is) not modelled$/, "");
}

/** Where a case's order came from, in words. */
export const CASE_SOURCE_LABELS: Record<string, string> = {
  manual: "sample",
  history: "from history",
  simulation: "from a simulation",
  live: "live decision",
  test: "test",
};
