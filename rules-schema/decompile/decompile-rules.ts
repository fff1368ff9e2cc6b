import { z } from "zod";
import { FALLBACK_GATE, FALLBACK_PRIORITY } from "../compile/compile-graph";
import { type TJreCondition, type TJreRule, ZJreRule, ZJreRuleList } from "../compile/compiled-schema";
import { LINES_FACT } from "../facts/fact-catalog";
import {
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

export interface DecompileOptions {
  stage?: TStage;
  /** Plain json-rules-engine fires every matching rule, hence `all` by default. */
  hitPolicy?: THitPolicy;
  name?: string;
}

export type DecompileResult = { ok: true; graph: TRuleGraph; problems: TProblem[] } | { ok: false; problems: TProblem[] };

const QUANTIFIERS: Record<string, "any" | "all" | "none"> = { someLine: "any", everyLine: "all", noLine: "none" };
const COLUMN = 300;
const ROW = 120;

interface Step {
  cond: TJreCondition;
  negated: boolean;
}

const isGate = (c: TJreCondition) => canonicalJson(c) === canonicalJson(FALLBACK_GATE);

/** Splits a rule's top-level condition into alternative paths of steps. */
function pathsOf(top: TJreCondition): Step[][] {
  const stepOf = (c: TJreCondition): Step => ("not" in c && Object.keys(c).every((k) => k === "not" || k === "name" || k === "priority") ? { cond: c.not, negated: true } : { cond: c, negated: false });
  if ("all" in top) return [top.all.map(stepOf)];
  if ("any" in top && top.any.length > 0 && top.any.every((c) => "all" in c)) return top.any.map((c) => (c as { all: TJreCondition[] }).all.map(stepOf));
  return [[stepOf(top)]];
}

/**
 * Turns json-rules-engine rule JSON (nested all/any/not, fact comparison, params, custom operators,
 * priorities, event params) into a laid-out rule graph. Accepts a rule, an array of rules, `{ rules }`,
 * or a compiled Switchyard ruleset (whose stage and hit policy are kept).
 */
export function decompileRules(input: unknown, options: DecompileOptions = {}): DecompileResult {
  let stage = options.stage ?? "orderReview";
  let hitPolicy = options.hitPolicy ?? "all";
  let source = input;
  const manifestPriority = new Map<string, number>();
  if (input !== null && typeof input === "object" && !Array.isArray(input) && "format" in input && "rules" in input) {
    const meta = z.object({ stage: ZStage, hitPolicy: ZHitPolicy }).safeParse(input);
    if (meta.success) {
      stage = options.stage ?? meta.data.stage;
      hitPolicy = options.hitPolicy ?? meta.data.hitPolicy;
    }
    source = (input as { rules: unknown }).rules;
    const manifest = z
      .object({ manifest: z.object({ rules: z.array(z.object({ name: z.string(), priority: z.number().int() }).loose()) }).loose() })
      .loose()
      .safeParse(input);
    if (manifest.success) for (const r of manifest.data.manifest.rules) manifestPriority.set(r.name, r.priority);
  }
  const parsed = ZJreRuleList.safeParse(source);
  if (!parsed.success) {
    // Re-parse with the shape the input looks like, so the problems point at fields, not at the union.
    const specific = Array.isArray(source)
      ? z.array(ZJreRule).safeParse(source)
      : source !== null && typeof source === "object" && "rules" in source
        ? z.object({ rules: z.array(ZJreRule) }).safeParse(source)
        : source !== null && typeof source === "object" && ("conditions" in source || "event" in source)
          ? ZJreRule.safeParse(source)
          : null;
    if (!specific || specific.success)
      return { ok: false, problems: [problem("invalidGraph", "Expected a json-rules-engine rule, an array of rules, or { \"rules\": [...] }", { field: "$" })] };
    return {
      ok: false,
      problems: specific.error.issues.slice(0, 20).map((i) => problem("invalidGraph", i.message, { field: i.path.map(String).join(".") || "$" })),
    };
  }
  const rules: TJreRule[] = Array.isArray(parsed.data) ? parsed.data : "rules" in parsed.data ? parsed.data.rules : [parsed.data as TJreRule];
  const problems: TProblem[] = [];

  const nodes: TGraphNode[] = [];
  const edges: TGraphEdge[] = [];
  let nextNode = 1;
  let nextEdge = 1;
  const newId = () => `n${nextNode++}`;
  const connect = (sourceId: string, targetId: string, sourceHandle: TEdgeHandle) => {
    edges.push({ id: `e${nextEdge++}`, sourceId, targetId, sourceHandle });
  };
  nodes.push({ id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} });
  let fallbackId: string | null = null;

  // Keep relative priorities; shift up by one if any rule uses json-rules-engine's default priority 1.
  const plain = rules.map((r) => {
    const c = r.conditions;
    const isFallback = r.priority === FALLBACK_PRIORITY && "all" in c && c.all.length === 2 && isGate(c.all[0]!);
    return { rule: r, isFallback, conditions: isFallback ? (c as { all: TJreCondition[] }).all[1]! : c };
  });
  const shift = plain.some((p) => !p.isFallback && (p.rule.priority ?? 1) < 2) ? 1 : 0;

  /** Builds a test node (and its member subtree) for a condition. Returns its id, or null on a problem. */
  const buildTest = (c: TJreCondition, where: string): string | null => {
    const id = newId();
    if ("all" in c || "any" in c) {
      const kind = "all" in c ? "all" : "any";
      const members = "all" in c ? c.all : (c as { any: TJreCondition[] }).any;
      nodes.push({ id, kind, position: { x: 0, y: 0 }, data: {} });
      for (const [i, m] of members.entries()) {
        const mid = buildTest(m, `${where}.${kind}.${i}`);
        if (mid === null) return null;
        connect(id, mid, "member");
      }
      return id;
    }
    if ("not" in c) {
      nodes.push({ id, kind: "not", position: { x: 0, y: 0 }, data: {} });
      const mid = buildTest(c.not, `${where}.not`);
      if (mid === null) return null;
      connect(id, mid, "member");
      return id;
    }
    if (c.path !== undefined) {
      problems.push(problem("invalidNode", `Fact "${c.fact}" is read with path "${c.path}"; Switchyard facts are plain values, pick the fact directly`, { field: `${where}.path` }));
      return null;
    }
    const quantifier = QUANTIFIERS[c.operator];
    if (c.fact === LINES_FACT && quantifier) {
      nodes.push({ id, kind: "lineQuantifier", position: { x: 0, y: 0 }, data: { quantifier } });
      const sub = c.value as TJreCondition;
      const members = sub !== null && typeof sub === "object" && "all" in sub ? sub.all : [sub];
      for (const [i, m] of members.entries()) {
        const mid = buildTest(m, `${where}.value.${i}`);
        if (mid === null) return null;
        connect(id, mid, "member");
      }
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
  for (const [ri, { rule, isFallback, conditions }] of plain.entries()) {
    const where = `rules.${ri}`;
    const type = rule.event.type;
    if (!isActionKind(type)) {
      problems.push(problem("invalidNode", `Event type "${type}" is not a Switchyard action (${Object.keys(NODE_KIND_SPECS).filter(isActionKind).join(", ")})`, { field: `${where}.event.type` }));
      continue;
    }
    // A fallback's own priority lives in the manifest of a compiled ruleset (json-rules-engine runs all fallbacks at 1).
    let priority = isFallback ? (manifestPriority.get(rule.name ?? "") ?? ACTION_PRIORITY_DEFAULT) : (rule.priority ?? 1) + shift;
    if (priority > 10_000) {
      problems.push(problem("invalidNode", `Priority ${priority} is above 10000; clamped`, { field: `${where}.priority`, severity: "warning" }));
      priority = 10_000;
    }
    const actionData = NODE_KIND_SPECS[type as TActionKind].decompile(rule.event.params ?? {}, priority);
    if (!actionData.success) {
      const issue = actionData.error.issues[0]!;
      problems.push(problem("invalidNode", `${type}: ${issue.path.map(String).join(".")} ${issue.message}`.trim(), { field: `${where}.event.params.${issue.path.map(String).join(".")}` }));
      continue;
    }
    const entry = isFallback
      ? (fallbackId ??= (() => {
          nodes.push({ id: "fallback", kind: "fallback", position: { x: 0, y: 0 }, data: {} });
          return "fallback";
        })())
      : "start";
    const actionId = newId();
    const before = { nodes: nodes.length, edges: edges.length, problems: problems.length };
    let failed = false;
    for (const steps of pathsOf(conditions)) {
      let parent = entry;
      let handle: TEdgeHandle = "next";
      for (const [si, step] of steps.entries()) {
        const key = `${parent}|${handle}|${canonicalJson(step.cond)}`;
        let id = trie.get(key);
        if (!id) {
          const built = buildTest(step.cond, `${where}.conditions.${si}`);
          if (built === null) {
            failed = true;
            break;
          }
          id = built;
          trie.set(key, id);
          connect(parent, id, handle);
        }
        parent = id;
        handle = step.negated ? "false" : "true";
      }
      if (failed) break;
      connect(parent, actionId, handle);
    }
    if (failed) {
      // Drop what this rule added so the graph holds only whole rules.
      nodes.length = before.nodes;
      edges.length = before.edges;
      for (const [k, v] of trie) if (!nodes.some((n) => n.id === v)) trie.delete(k);
      continue;
    }
    nodes.push({ id: actionId, kind: type, position: { x: 0, y: 0 }, data: actionData.data } as unknown as TGraphNode);
    ruleActions.push({ id: actionId, tie: `${isFallback}:${priority}` });
  }
  const graph: TRuleGraph = { schemaVersion: 1, name: options.name ?? "", stage, hitPolicy, nodes, edges };
  layoutGraph(graph);
  keepTieOrder(graph, ruleActions);
  return { ok: true, graph, problems };
}

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
