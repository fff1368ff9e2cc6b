import { z } from "zod";
import type { TJreCondition } from "../compile/compiled-schema";
import type { TEvaluationContext } from "../context/context-schema";
import { validateGraph } from "../graph/analyze-graph";
import { humanPath, readJreRules } from "./read-jre-rules";
import { LINES_FACT } from "../facts/fact-catalog";
import {
  ACTION_KINDS,
  ACTION_PRIORITY_DEFAULT,
  type TActionKind,
  type TEdgeHandle,
  type TGraphEdge,
  type TGraphNode,
  type THitPolicy,
  type TRuleGraph,
  type TStage,
  ZHitPolicy,
  ZStage,
  isActionKind,
} from "../graph/graph-schema";
import { NODE_KIND_SPECS } from "../graph/node-kinds";
import { type TProblem, problem } from "../graph/problem-schema";
import { canonicalJson } from "../util/canonical-json";
import { tableTestCondition } from "../tables/compile-table";
import { type CompiledTable, hasEmptyGroup, tablesInCompiled } from "../tables/table-from-rules";

export interface DecompileOptions {
  stage?: TStage;
  /** Plain json-rules-engine fires every matching rule, hence `all` by default. */
  hitPolicy?: THitPolicy;
  name?: string;
  /** Master data: also check the rules' warehouse and channel references. */
  context?: TEvaluationContext;
}

export type DecompileResult =
  | {
      ok: true;
      graph: TRuleGraph;
      /**
       * Reading problems and the graph's validation problems, each naming the user's rule and field
       * (`field`: dotted path in the document; message: `rules[3].conditions.all[1].value: …`).
       */
      problems: TProblem[];
      /** Where each node came from in the document (dotted path), e.g. `n4` → `rules.3.conditions.all.1`. */
      sources: Record<string, string>;
    }
  | { ok: false; problems: TProblem[] };

const QUANTIFIERS: Record<string, "any" | "all" | "none"> = { someLine: "any", everyLine: "all", noLine: "none" };
const COLUMN = 300;
const ROW = 120;
const MIN_PRIORITY = 2;
const MAX_PRIORITY = 10_000;

interface Step {
  cond: TJreCondition;
  negated: boolean;
}

const stepOf = (c: TJreCondition): Step => ("not" in c ? { cond: c.not, negated: true } : { cond: c, negated: false });

/** Splits a rule's top-level condition into alternative paths of steps. */
function pathsOf(top: TJreCondition): Step[][] {
  if ("all" in top) return [top.all.map(stepOf)];
  if ("any" in top && top.any.length > 0 && top.any.every((c) => "all" in c)) return top.any.map((c) => (c as { all: TJreCondition[] }).all.map(stepOf));
  return [[stepOf(top)]];
}

/**
 * Maps json-rules-engine priorities onto action priorities (2–10000) keeping their order: unchanged
 * when they fit, shifted by one when the default 1 is used, otherwise ranked — never tying two
 * different priorities.
 */
function priorityScale(values: readonly number[]): { map: (p: number) => number; note: string | null } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length === 0) return { map: (p) => p, note: null };
  const lo = distinct[0]!;
  const hi = distinct[distinct.length - 1]!;
  if (lo >= MIN_PRIORITY && hi <= MAX_PRIORITY) return { map: (p) => p, note: null };
  if (lo >= MIN_PRIORITY - 1 && hi + 1 <= MAX_PRIORITY) return { map: (p) => p + 1, note: null };
  const n = distinct.length;
  const step = n === 1 ? 0 : (MAX_PRIORITY - MIN_PRIORITY) / (n - 1);
  const ranked = new Map(distinct.map((p, r) => [p, n === 1 ? ACTION_PRIORITY_DEFAULT : MIN_PRIORITY + Math.round(r * step)]));
  const shown = distinct.slice(0, 8).map((p) => `${p} → ${ranked.get(p)}`);
  return {
    map: (p) => ranked.get(p) ?? ACTION_PRIORITY_DEFAULT,
    note: `Priorities rescaled into Switchyard's range ${MIN_PRIORITY}–${MAX_PRIORITY}, keeping their order: ${shown.join(", ")}${n > 8 ? ", …" : ""}`,
  };
}

/** A validation problem's node field, as a path inside the user's condition or event. */
function sourceField(node: TGraphNode | undefined, field: string | undefined): string {
  if (!field || !node) return "";
  if (isActionKind(node.kind)) {
    if (field === "data.extraParams") return "event.params";
    return field.startsWith("data.") ? `event.params.${field.slice(5)}` : "";
  }
  if (field === "data.operand.value") return "value";
  if (field.startsWith("data.operand.")) return `value.${field.slice("data.operand.".length)}`;
  return field.startsWith("data.") ? field.slice(5) : "";
}

/**
 * Turns json-rules-engine rule JSON (nested all/any/not, fact comparison, params, custom operators,
 * operator decorators, priorities, event params) into a laid-out rule graph. Accepts a rule, an array
 * of rules, `{ rules }`, or a compiled Switchyard ruleset (whose stage and hit policy are kept). The
 * graph is validated too, and every problem names the user's rule (see read-jre-rules.ts).
 */
export function decompileRules(input: unknown, options: DecompileOptions = {}): DecompileResult {
  let stage = options.stage ?? "orderReview";
  let hitPolicy = options.hitPolicy ?? "all";
  const manifestPriority = new Map<string, number>();
  const isCompiled = input !== null && typeof input === "object" && !Array.isArray(input) && "format" in input && "rules" in input;
  if (isCompiled) {
    const meta = z.object({ stage: ZStage, hitPolicy: ZHitPolicy }).safeParse(input);
    if (meta.success) {
      stage = options.stage ?? meta.data.stage;
      hitPolicy = options.hitPolicy ?? meta.data.hitPolicy;
    }
    const manifest = z
      .object({ manifest: z.object({ rules: z.array(z.object({ name: z.string(), priority: z.number().int() }).loose()) }).loose() })
      .loose()
      .safeParse(input);
    if (manifest.success) for (const r of manifest.data.manifest.rules) manifestPriority.set(r.name, r.priority);
  }
  const read = readJreRules(input);
  if ("error" in read) return { ok: false, problems: [read.error] };
  const problems: TProblem[] = [...read.problems];
  const sourceOf = read.sourceOf;

  const nodes: TGraphNode[] = [];
  const edges: TGraphEdge[] = [];
  const sources: Record<string, string> = {};
  let nextNode = 1;
  let nextEdge = 1;
  const newId = () => `n${nextNode++}`;
  const connect = (sourceId: string, targetId: string, sourceHandle: TEdgeHandle) => {
    edges.push({ id: `e${nextEdge++}`, sourceId, targetId, sourceHandle });
  };
  nodes.push({ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} });
  let fallbackId: string | null = null;

  const plain = read.rules.map((r) => ({ rule: r, isFallback: r.gated, conditions: r.conditions }));
  const scale = priorityScale(plain.filter((p) => !p.isFallback).map((p) => p.rule.priority));
  if (scale.note) problems.push(problem("invalidNode", scale.note, { field: isCompiled || (input !== null && typeof input === "object" && !Array.isArray(input) && "rules" in input) ? "rules" : "$", severity: "warning" }));

  /** Builds a test node (and its member subtree) for a condition. */
  const buildTest = (c: TJreCondition): string => {
    const id = newId();
    const at = sourceOf.get(c);
    if (at !== undefined) sources[id] = at;
    if ("all" in c || "any" in c) {
      const kind = "all" in c ? "all" : "any";
      const members = "all" in c ? c.all : (c as { any: TJreCondition[] }).any;
      nodes.push({ id, kind, position: { x: 0, y: 0 }, data: {} });
      for (const m of members) connect(id, buildTest(m), "member");
      return id;
    }
    if ("not" in c) {
      nodes.push({ id, kind: "not", position: { x: 0, y: 0 }, data: {} });
      connect(id, buildTest(c.not), "member");
      return id;
    }
    const quantifier = QUANTIFIERS[c.operator];
    if (c.fact === LINES_FACT && quantifier && c.value !== null && typeof c.value === "object") {
      nodes.push({ id, kind: "lineQuantifier", position: { x: 0, y: 0 }, data: { quantifier } });
      const sub = c.value as TJreCondition;
      const members = "all" in sub ? sub.all : [sub];
      for (const m of members) connect(id, buildTest(m), "member");
      return id;
    }
    const v = c.value;
    const operand =
      v !== null && typeof v === "object" && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, "fact")
        ? (() => {
            const ref = v as { fact: unknown; params?: Record<string, unknown> };
            return ref.params ? { type: "fact" as const, fact: String(ref.fact), params: ref.params } : { type: "fact" as const, fact: String(ref.fact) };
          })()
        : { type: "value" as const, value: v };
    const data = c.params ? { fact: c.fact, params: c.params, operator: c.operator, operand } : { fact: c.fact, operator: c.operator, operand };
    nodes.push({ id, kind: "condition", position: { x: 0, y: 0 }, data });
    return id;
  };

  // Trie of chain steps, so rules sharing leading conditions share nodes.
  const trie = new Map<string, string>();
  const ruleActions: { id: string; tie: string }[] = [];
  /** Builds the chain of a path's steps from an entry (sharing nodes with earlier rules); returns its end. */
  const chain = (entry: string, path: Step[]): { parent: string; handle: TEdgeHandle } => {
    let parent = entry;
    let handle: TEdgeHandle = "next";
    for (const step of path) {
      const key = `${parent}|${handle}|${canonicalJson(step.cond)}`;
      let id = trie.get(key);
      if (!id) {
        id = buildTest(step.cond);
        trie.set(key, id);
        connect(parent, id, handle);
      }
      parent = id;
      handle = step.negated ? "false" : "true";
    }
    return { parent, handle };
  };
  const entryOf = (isFallback: boolean) =>
    isFallback
      ? (fallbackId ??= (() => {
          nodes.push({ id: "fallback", kind: "fallback", position: { x: 0, y: 0 }, data: {} });
          return "fallback";
        })())
      : "start";

  // A compiled ruleset's decision tables come back as table nodes (rules after a table find it in the
  // trie: their path step is the table's test).
  const tableOfRule = new Map<number, { table: CompiledTable; id: string }>();
  /** Whether a path can be built: each step is known (an earlier table's test) or shows as test nodes. */
  const buildable = (entry: string, path: Step[]): boolean => {
    let parent = entry;
    let handle: TEdgeHandle = "next";
    for (const step of path) {
      const id = trie.get(`${parent}|${handle}|${canonicalJson(step.cond)}`);
      if (id === undefined) return !path.slice(path.indexOf(step)).some((s) => hasEmptyGroup(s.cond));
      parent = id;
      handle = step.negated ? "false" : "true";
    }
    return true;
  };
  let pending = isCompiled ? tablesInCompiled(input) : [];
  // Tables after tables: rebuild those whose paths are known first; what is left decompiles as plain rules.
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const later: CompiledTable[] = [];
    for (const table of pending) {
      const entryName = table.fallback ? "fallback" : "start";
      if (!table.paths.every((p) => buildable(entryName, p.map(stepOf)))) {
        later.push(table);
        continue;
      }
      progress = true;
      const id = newId();
      const first = read.rules.find((r) => r.index === table.ruleIndices[0]);
      if (first) sources[id] = first.at;
      const entry = entryOf(table.fallback);
      for (const path of table.paths) {
        const { parent, handle } = chain(entry, path.map(stepOf));
        trie.set(`${parent}|${handle}|${canonicalJson(tableTestCondition(table.data))}`, id);
        connect(parent, id, handle);
      }
      nodes.push({ id, kind: "decisionTable", position: { x: 0, y: 0 }, data: table.data });
      for (const i of table.ruleIndices) tableOfRule.set(i, { table, id });
    }
    pending = later;
  }

  for (const { rule, isFallback, conditions } of plain) {
    const fromTable = tableOfRule.get(rule.index);
    if (fromTable) {
      if (fromTable.table.ruleIndices[0] === rule.index) ruleActions.push({ id: fromTable.id, tie: `${isFallback}:${fromTable.table.data.priority}` });
      continue;
    }
    const where = rule.at;
    const type = rule.event.type;
    if (!isActionKind(type)) {
      problems.push(
        problem("invalidNode", `${humanPath(join(where, "event.type"))}: event type "${type}" is not a Switchyard action (${ACTION_KINDS.join(", ")}); this rule is not imported`, {
          field: join(where, "event.type"),
        }),
      );
      continue;
    }
    if (conditions === false) {
      problems.push(
        problem("invalidNode", `${humanPath(join(where, "conditions"))}: the conditions can never be true (json-rules-engine never fires this rule); not imported`, {
          field: join(where, "conditions"),
          severity: "warning",
        }),
      );
      continue;
    }
    // A fallback's own priority lives in the manifest of a compiled ruleset (json-rules-engine runs all fallbacks at 1).
    const priority = isFallback
      ? Math.min(MAX_PRIORITY, Math.max(MIN_PRIORITY, manifestPriority.get(rule.name ?? "") ?? ACTION_PRIORITY_DEFAULT))
      : scale.map(rule.priority);
    const actionData = NODE_KIND_SPECS[type as TActionKind].decompile(rule.event.params, priority);
    if (!actionData.success) {
      for (const issue of actionData.error.issues.slice(0, 5)) {
        const field = join(where, "event.params", ...issue.path.map(String));
        problems.push(problem("invalidNode", `${humanPath(field)}: ${type} ${issue.message}`, { field }));
      }
      continue;
    }
    const entry = entryOf(isFallback);
    const actionId = newId();
    sources[actionId] = where;
    const steps = conditions === true ? [[]] : pathsOf(conditions);
    for (const path of steps) {
      const { parent, handle } = chain(entry, path);
      connect(parent, actionId, handle);
    }
    const label = rule.name !== undefined && !(isCompiled && rule.name.startsWith("rule:")) ? { label: rule.name } : {};
    nodes.push({ id: actionId, kind: type, position: { x: 0, y: 0 }, ...label, data: actionData.data } as unknown as TGraphNode);
    ruleActions.push({ id: actionId, tie: `${isFallback}:${priority}` });
  }
  const graph: TRuleGraph = { schemaVersion: 1, name: options.name ?? "", stage, hitPolicy, nodes, edges };
  layoutGraph(graph);
  keepTieOrder(graph, ruleActions);

  // Validate the graph as the designer and the compiler will, and say where each problem is in the file.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seen = new Set(problems.map((p) => `${p.field}|${p.message}`));
  for (const p of validateGraph(graph, { context: options.context })) {
    if (p.code === "emptyRuleset" && read.rules.length > 0) continue;
    const nodeId = p.nodeIds.find((id) => sources[id] !== undefined);
    let out: TProblem = p;
    if (nodeId !== undefined) {
      const sub = p.nodeIds[0] === nodeId ? sourceField(byId.get(nodeId), p.field) : "";
      const field = join(sources[nodeId]!, sub);
      // Name the user's rules, not the generated node ids, in the text too.
      const text = p.message.replace(/\b(n\d+|start|fallback)\b/g, (id) => (sources[id] !== undefined ? humanPath(sources[id]!) : id));
      const others = p.nodeIds.filter((id) => id !== nodeId && sources[id] !== undefined && !text.includes(humanPath(sources[id]!))).map((id) => humanPath(sources[id]!));
      out = { ...p, field, message: `${humanPath(field)}: ${text}${others.length ? ` (with ${others.join(", ")})` : ""}` };
    }
    const key = `${out.field}|${out.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(out);
    }
  }
  return { ok: true, graph, problems, sources };
}

const join = (base: string, ...more: string[]) => [base, ...more].filter((s) => s !== "").join(".");

/**
 * Rules of equal priority run in input order, but the compiler orders them by canvas position: deal
 * their laid-out positions out again in input order so that recompiling keeps which rule wins.
 */
function keepTieOrder(graph: TRuleGraph, actions: readonly { id: string; tie: string }[]): void {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, TGraphNode[]>();
  for (const a of actions) {
    const n = byId.get(a.id);
    if (!n) continue;
    const list = groups.get(a.tie);
    if (list) list.push(n);
    else groups.set(a.tie, [n]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const positions = list.map((n) => n.position).sort((p, q) => p.y - q.y || p.x - q.x);
    let prevY = Number.NEGATIVE_INFINITY;
    list.forEach((n, i) => {
      // Strictly increasing rows, so node ids never decide the order.
      const y = Math.max(positions[i]!.y, prevY + 1);
      n.position = { x: positions[i]!.x, y };
      prevY = y;
    });
  }
}

/**
 * A tidy left-to-right layout: flow nodes in columns by depth, leaves on successive rows, each
 * parent centred on its children; group members stacked under their group.
 */
export function layoutGraph(graph: TRuleGraph): void {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const flowOut = new Map<string, string[]>();
  const members = new Map<string, string[]>();
  for (const e of graph.edges) {
    const m = e.sourceHandle === "member" ? members : flowOut;
    const l = m.get(e.sourceId) ?? [];
    l.push(e.targetId);
    m.set(e.sourceId, l);
  }
  const placed = new Set<string>();
  let row = 0;
  const memberHeight = (id: string): number => (members.get(id) ?? []).reduce((s, m) => s + 1 + memberHeight(m), 0);
  const placeMembers = (id: string, x: number, y: number): number => {
    let yy = y;
    for (const m of members.get(id) ?? []) {
      const n = byId.get(m);
      if (!n || placed.has(m)) continue;
      placed.add(m);
      yy += ROW * 0.8;
      n.position = { x: x + 40, y: yy };
      yy = placeMembers(m, x + 40, yy);
    }
    return yy;
  };
  const place = (id: string, depth: number): number => {
    const n = byId.get(id);
    if (!n) return row * ROW;
    if (placed.has(id)) return n.position.y;
    placed.add(id);
    const children = (flowOut.get(id) ?? []).filter((c) => !placed.has(c));
    let y: number;
    if (children.length === 0) {
      y = row * ROW;
      row += 1;
    } else {
      const ys = children.map((c) => place(c, depth + 1));
      y = Math.min(...ys);
    }
    n.position = { x: depth * COLUMN, y };
    const extra = memberHeight(id);
    if (extra > 0) {
      placeMembers(id, depth * COLUMN, y);
      row = Math.max(row, Math.ceil((y + extra * ROW * 0.8) / ROW) + 1);
    }
    return y;
  };
  for (const entry of graph.nodes.filter((n) => n.kind === "start" || n.kind === "fallback")) {
    place(entry.id, 0);
    row += 1;
  }
  for (const n of graph.nodes) if (!placed.has(n.id)) place(n.id, 1);
}
