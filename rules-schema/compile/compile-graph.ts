import type { TEvaluationContext } from "../context/context-schema";
import { MATCHED_RULE_COUNT_FACT } from "../facts/fact-catalog";
import { type AnalyzeOptions, type GraphAnalysis, type PathStep, analyzeGraph, canvasOrder } from "../graph/analyze-graph";
import type { TGraphNode, TRuleSourceNode, TTableNode, TTestNode } from "../graph/graph-schema";
import { rowCells, tableRuleEntries } from "../tables/compile-table";
import { cellCondition } from "../tables/table-cells";
import { NODE_KIND_SPECS, kindSpec } from "../graph/node-kinds";
import type { TProblem } from "../graph/problem-schema";
import { canonicalJson, canonicalize, sha256Hex } from "../util/canonical-json";
import {
  COMPILED_FORMAT,
  type TCompiledRuleset,
  type TJreCondition,
  type TJreRule,
  type TJreTopLevelCondition,
  type TManifestCondition,
  type TManifestRule,
} from "./compiled-schema";

export type CompileResult = { ok: true; compiled: TCompiledRuleset; problems: TProblem[] } | { ok: false; problems: TProblem[] };

/** json-rules-engine priority of fallback rules; action nodes are 2 and up, so fallbacks always run last. */
export const FALLBACK_PRIORITY = 1;

/** The condition that lets a fallback rule match only when no other rule matched. */
export const FALLBACK_GATE: TJreCondition = { fact: MATCHED_RULE_COUNT_FACT, operator: "equal", value: 0 };

/**
 * Compiles a rule graph into json-rules-engine rule definitions and a manifest mapping every rule
 * and condition back to its canvas node. Same graph in, byte-identical JSON out.
 */
export function compileGraph(input: unknown, options: AnalyzeOptions & { context?: TEvaluationContext } = {}): CompileResult {
  const { analysis, problems } = analyzeGraph(input, options);
  if (!analysis) return { ok: false, problems };
  return { ok: true, compiled: compileAnalysis(analysis), problems };
}

/** Compiles what `analyzeGraph` accepted (its analysis and problems): `compileGraph` without analysing twice. */
export function compileAnalyzed(analysis: GraphAnalysis, problems: TProblem[]): CompileResult {
  return { ok: true, compiled: compileAnalysis(analysis), problems };
}

function compileAnalysis(a: GraphAnalysis): TCompiledRuleset {
  const actions = [...a.actionPaths.keys()].map((id) => a.nodesById.get(id) as TRuleSourceNode);
  const isFallback = (n: TRuleSourceNode) => a.actionPaths.get(n.id)!.every((p) => p.entry === "fallback");
  const ordered = actions.sort((x, y) => {
    const fx = isFallback(x) ? 1 : 0;
    const fy = isFallback(y) ? 1 : 0;
    return fx - fy || y.data.priority - x.data.priority || canvasOrder(x, y);
  });

  const rules: TJreRule[] = [];
  const manifestRules: TManifestRule[] = [];
  for (const node of ordered) {
    const fallback = isFallback(node);
    if (node.kind === "decisionTable") {
      compileTable(a, node, fallback, rules, manifestRules);
      continue;
    }
    const conds: TManifestCondition[] = [];
    const paths = a.actionPaths.get(node.id)!;
    const seen = new Set<string>();
    const pathNodeIds: string[] = [];
    for (const p of paths)
      for (const s of p.steps)
        if (!seen.has(s.nodeId)) {
          seen.add(s.nodeId);
          pathNodeIds.push(s.nodeId);
        }

    let conditions: TJreTopLevelCondition;
    if (paths.length === 1) {
      conditions = { all: compilePath(a, paths[0]!.steps, "all", conds) };
    } else {
      conditions = { any: paths.map((p, i) => ({ all: compilePath(a, p.steps, `any.${i}.all`, conds, `any.${i}`) })) };
    }
    if (fallback) {
      // Prefix the paths so their manifest entries move under "all.1".
      const moved = conds.map((c) => ({ ...c, path: `all.1.${c.path}` }));
      conds.length = 0;
      conds.push({ path: "all.0", nodeId: null, role: "gate", negated: false }, ...moved);
      conditions = { all: [FALLBACK_GATE, conditions] };
    }
    const name = `rule:${node.id}`;
    rules.push({ name, priority: fallback ? FALLBACK_PRIORITY : node.data.priority, conditions, event: NODE_KIND_SPECS[node.kind].compile(node as never) });
    manifestRules.push({ name, nodeId: node.id, actionKind: node.kind, fallback, priority: node.data.priority, pathNodeIds, conditions: conds });
  }
  const body = canonicalize({ stage: a.graph.stage, hitPolicy: a.graph.hitPolicy, rules });
  return canonicalize({
    format: COMPILED_FORMAT,
    stage: a.graph.stage,
    hitPolicy: a.graph.hitPolicy,
    rules: body.rules,
    manifest: { contentHash: sha256Hex(canonicalJson(body)), rules: manifestRules },
  }) as TCompiledRuleset;
}

/**
 * A decision table's rules, in row order at the table's priority: each row's cells added to the
 * paths into the table — `{all: [...path tests, ...cells]}`, or `{all: [{any: paths}, ...cells]}`
 * when several paths lead in.
 */
function compileTable(a: GraphAnalysis, node: TTableNode, fallback: boolean, rules: TJreRule[], manifestRules: TManifestRule[]): void {
  const table = node.data;
  const paths = a.actionPaths.get(node.id)!;
  const pathConds: TManifestCondition[] = [];
  const pathNodeIds: string[] = [];
  const seen = new Set<string>();
  for (const p of paths)
    for (const s of p.steps)
      if (!seen.has(s.nodeId)) {
        seen.add(s.nodeId);
        pathNodeIds.push(s.nodeId);
      }
  let lead: TJreCondition[];
  if (paths.length === 1) lead = compilePath(a, paths[0]!.steps, "all", pathConds);
  else {
    pathConds.push({ path: "all.0", nodeId: null, role: "path", negated: false });
    lead = [{ any: paths.map((p, i) => ({ all: compilePath(a, p.steps, `all.0.any.${i}.all`, pathConds, `all.0.any.${i}`) })) }];
  }
  for (const entry of tableRuleEntries(node.id, table)) {
    const cells = rowCells(table, entry.row);
    const conds: TManifestCondition[] = [
      ...pathConds,
      ...cells.map((c, k) => ({ path: `all.${lead.length + k}`, nodeId: node.id, role: "cell" as const, negated: false, column: c.column.id })),
    ];
    let conditions: TJreTopLevelCondition = { all: [...lead, ...cells.map((c) => cellCondition(c.column, c.value))] };
    let manifestConds = conds;
    if (fallback) {
      manifestConds = [{ path: "all.0", nodeId: null, role: "gate", negated: false }, ...conds.map((c) => ({ ...c, path: `all.1.${c.path}` }))];
      conditions = { all: [FALLBACK_GATE, conditions] };
    }
    rules.push({ name: entry.name, priority: fallback ? FALLBACK_PRIORITY : table.priority, conditions, event: entry.event });
    manifestRules.push({
      name: entry.name,
      nodeId: node.id,
      actionKind: entry.column.kind,
      fallback,
      priority: table.priority,
      pathNodeIds,
      conditions: manifestConds,
      table: { rowId: entry.row.id, row: entry.rowIndex, column: entry.column.id, hitPolicy: table.hitPolicy },
    });
  }
}

function compilePath(a: GraphAnalysis, steps: PathStep[], prefix: string, out: TManifestCondition[], wrapperPath?: string): TJreCondition[] {
  if (wrapperPath) out.push({ path: wrapperPath, nodeId: null, role: "path", negated: false });
  return steps.map((s, i) => {
    const node = a.nodesById.get(s.nodeId) as TTestNode;
    const here = `${prefix}.${i}`;
    if (!s.negated) return compileTest(a, node, here, out);
    out.push({ path: here, nodeId: node.id, role: "negation", negated: true });
    return { not: compileTest(a, node, `${here}.not`, out) };
  });
}

function roleOf(n: TGraphNode): TManifestCondition["role"] {
  if (n.kind === "condition") return "condition";
  if (n.kind === "lineQuantifier") return "quantifier";
  return "group";
}

function compileTest(a: GraphAnalysis, node: TTestNode, path: string, out: TManifestCondition[]): TJreCondition {
  out.push({ path, nodeId: node.id, role: roleOf(node), negated: false });
  const members = a.membersOf.get(node.id) ?? [];
  const memberPrefix =
    node.kind === "all" ? `${path}.all` : node.kind === "any" ? `${path}.any` : node.kind === "not" ? `${path}.not` : `${path}.value.all`;
  const compiled = members.map((m, i) =>
    compileTest(a, m as TTestNode, node.kind === "not" ? memberPrefix : `${memberPrefix}.${i}`, out),
  );
  return kindSpec(node.kind).compile(node as never, compiled);
}
