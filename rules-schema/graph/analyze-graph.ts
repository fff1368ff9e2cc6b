import { z } from "zod";
import type { TEvaluationContext } from "../context/context-schema";
import {
  type TGraphEdge,
  type TGraphNode,
  type TConditionData,
  type TStage,
  STAGES,
  type TRuleGraph,
  ZGraphEdge,
  ZGraphNode,
  ZHitPolicy,
  ZStage,
  isActionKind,
  isRuleSourceKind,
  isTestKind,
} from "./graph-schema";
import { NODE_KIND_SPECS, kindAllowedInStage, kindSpec } from "./node-kinds";
import { type TProblem, hasErrors, problem } from "./problem-schema";

export interface PathStep {
  nodeId: string;
  /** Reached through the node's false edge. */
  negated: boolean;
}
export interface ActionPath {
  entry: "start" | "fallback";
  steps: PathStep[];
}

/** A structurally sound graph plus the indexes the compiler needs. */
export interface GraphAnalysis {
  graph: TRuleGraph;
  nodesById: Map<string, TGraphNode>;
  /** Flow edges (next / true / false) by source node. */
  flowOut: Map<string, TGraphEdge[]>;
  /** Members of each group node, in canvas order (top to bottom, left to right). */
  membersOf: Map<string, TGraphNode[]>;
  /** Every path from an entry to each action node and decision table (the nodes rules are compiled for). */
  actionPaths: Map<string, ActionPath[]>;
  /** Tests the compiled rules repeat over all paths, weighted by size (see MAX_PATH_STEPS): the work compiling it takes. */
  testsOnPaths: number;
}

export interface AnalyzeOptions {
  /** Master data to check warehouse / channel references against. */
  context?: TEvaluationContext | undefined;
  /** Upper bound of entry-to-action paths before the graph is refused. */
  maxPaths?: number;
}

/** Deepest nesting of groups (all / any / not / line items) inside one another. */
export const MAX_GROUP_NESTING = 64;
/**
 * Most tests on all entry-to-action paths together (what compiled rules repeat): bounds compile time,
 * the compiled artifact's size (about 7 MB at the limit) and the time to read it back. A test counts
 * once per TEST_WEIGHT_CHARS characters of its settings (a 5,000-country list on many paths is heavy)
 * plus its members'. Measured here (quiet, 2 cores): compiling 50,000 tests takes ~0.4 s.
 */
export const MAX_PATH_STEPS = 50_000;
/** Characters of a test's settings that count as one test towards MAX_PATH_STEPS. */
export const TEST_WEIGHT_CHARS = 200;

const ZGraphHeader = z.object({
  stage: ZStage,
  hitPolicy: ZHitPolicy,
  name: z.string().max(200).default(""),
  schemaVersion: z.literal(1).default(1),
  nodes: z.array(z.unknown()).max(5_000),
  edges: z.array(z.unknown()).max(20_000),
});

const issuePath = (path: readonly PropertyKey[]) => path.map(String).join(".");
export const canvasOrder = (a: TGraphNode, b: TGraphNode) =>
  a.position.y - b.position.y || a.position.x - b.position.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readId(raw: unknown): string | null {
  if (raw !== null && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string") return (raw as { id: string }).id;
  return null;
}


/**
 * Checks a graph (any JSON) and, when it is sound enough to compile, returns its indexes. Never
 * throws: every problem is reported with the ids of the nodes and edges involved.
 */
export function analyzeGraph(input: unknown, options: AnalyzeOptions = {}): { analysis: GraphAnalysis | null; problems: TProblem[] } {
  const problems: TProblem[] = [];
  const header = ZGraphHeader.safeParse(input);
  if (!header.success) {
    for (const issue of header.error.issues.slice(0, 20))
      problems.push(problem("invalidGraph", issue.message, { field: issuePath(issue.path) || undefined }));
    return { analysis: null, problems };
  }
  const { stage, hitPolicy, name } = header.data;

  // Nodes: parse one by one so that one broken node does not hide the others' problems.
  const nodes: TGraphNode[] = [];
  const nodesById = new Map<string, TGraphNode>();
  const brokenIds = new Set<string>();
  header.data.nodes.forEach((raw, i) => {
    const id = readId(raw);
    const parsed = ZGraphNode.safeParse(raw);
    if (id !== null && (nodesById.has(id) || brokenIds.has(id))) {
      problems.push(problem("duplicateId", `Two nodes share the id "${id}" (node #${i + 1})`, { nodeIds: [id], field: "id" }));
      return;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issuePath(issue.path);
      // Relative to the node when it has an id; otherwise located by its index in the list.
      const field = id !== null ? path || undefined : `nodes.${i}${path ? `.${path}` : ""}`;
      const message = issue.message.startsWith(`${path}:`) || !path ? issue.message : `${path}: ${issue.message}`;
      problems.push(problem("invalidNode", message, { nodeIds: id !== null ? [id] : [], field }));
      if (id !== null) brokenIds.add(id);
      return;
    }
    nodes.push(parsed.data);
    nodesById.set(parsed.data.id, parsed.data);
  });

  const edges: TGraphEdge[] = [];
  const edgeIds = new Set<string>();
  const edgeKeys = new Set<string>();
  header.data.edges.forEach((raw, i) => {
    const parsed = ZGraphEdge.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const id = readId(raw);
      const path = issuePath(issue.path);
      const field = id !== null ? path || undefined : `edges.${i}${path ? `.${path}` : ""}`;
      problems.push(problem("invalidEdge", `Edge ${id !== null ? `"${id}"` : `#${i + 1}`}${path ? ` ${path}` : ""}: ${issue.message}`, { edgeIds: id !== null ? [id] : [], field }));
      return;
    }
    const e = parsed.data;
    if (edgeIds.has(e.id)) {
      problems.push(problem("duplicateId", `Two edges share the id "${e.id}"`, { edgeIds: [e.id], field: "id" }));
      return;
    }
    edgeIds.add(e.id);
    const src = nodesById.get(e.sourceId);
    const dst = nodesById.get(e.targetId);
    if (!src || !dst) {
      if (!brokenIds.has(e.sourceId) && !brokenIds.has(e.targetId)) {
        const missing = !src ? e.sourceId : e.targetId;
        problems.push(problem("danglingEdge", `Edge "${e.id}" points to a node that does not exist ("${missing}")`, { edgeIds: [e.id], nodeIds: [src?.id, dst?.id].filter((x): x is string => !!x) }));
      }
      return;
    }
    const spec = NODE_KIND_SPECS[src.kind];
    if (!(spec.outHandles as readonly string[]).includes(e.sourceHandle)) {
      const allowed = spec.outHandles.length ? spec.outHandles.join(", ") : "none";
      problems.push(problem("invalidHandle", `${spec.label} has no "${e.sourceHandle}" output (outputs: ${allowed})`, { edgeIds: [e.id], nodeIds: [src.id] }));
      return;
    }
    if (NODE_KIND_SPECS[dst.kind].category === "entry") {
      problems.push(problem("invalidHandle", `Nothing can lead into ${NODE_KIND_SPECS[dst.kind].label}`, { edgeIds: [e.id], nodeIds: [dst.id] }));
      return;
    }
    if (e.sourceHandle === "member" && !isTestKind(dst.kind)) {
      problems.push(problem("memberMisuse", `Only conditions and groups can be members of ${spec.label}`, { edgeIds: [e.id], nodeIds: [src.id, dst.id] }));
      return;
    }
    const key = `${e.sourceId}|${e.sourceHandle}|${e.targetId}`;
    if (edgeKeys.has(key)) {
      problems.push(problem("duplicateEdge", `Edge "${e.id}" repeats another edge`, { edgeIds: [e.id], nodeIds: [src.id, dst.id], severity: "warning" }));
      return;
    }
    edgeKeys.add(key);
    edges.push(e);
  });

  const starts = nodes.filter((n) => n.kind === "start");
  const fallbacks = nodes.filter((n) => n.kind === "fallback");
  if (starts.length === 0 && !brokenIds.size) problems.push(problem("missingStart", "Add a Start node: rules are evaluated from it"));
  if (starts.length > 1) problems.push(problem("multipleStarts", "A ruleset has exactly one Start node", { nodeIds: starts.map((n) => n.id) }));
  if (fallbacks.length > 1) problems.push(problem("multipleFallbacks", "A ruleset has at most one fallback node", { nodeIds: fallbacks.map((n) => n.id) }));

  const flowOut = new Map<string, TGraphEdge[]>();
  const flowIn = new Map<string, TGraphEdge[]>();
  const memberEdgesOf = new Map<string, TGraphEdge[]>();
  const memberIn = new Map<string, TGraphEdge[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const e of edges) {
    if (e.sourceHandle === "member") {
      push(memberEdgesOf, e.sourceId, e);
      push(memberIn, e.targetId, e);
    } else {
      push(flowOut, e.sourceId, e);
      push(flowIn, e.targetId, e);
    }
  }

  // Members: a member belongs to exactly one group and takes no part in the flow.
  for (const n of nodes) {
    const ins = memberIn.get(n.id) ?? [];
    if (ins.length > 1)
      problems.push(problem("memberMisuse", "A condition can be a member of one group only", { nodeIds: [n.id], edgeIds: ins.map((e) => e.id) }));
    if (ins.length > 0 && ((flowIn.get(n.id)?.length ?? 0) > 0 || (flowOut.get(n.id)?.length ?? 0) > 0))
      problems.push(
        problem("memberMisuse", "A member of a group is evaluated by its group: it cannot also have true/false connections", {
          nodeIds: [n.id],
          edgeIds: [...(flowIn.get(n.id) ?? []), ...(flowOut.get(n.id) ?? [])].map((e) => e.id),
        }),
      );
    const spec = NODE_KIND_SPECS[n.kind];
    const count = memberEdgesOf.get(n.id)?.length ?? 0;
    if (spec.members === "many" && count === 0) problems.push(problem("missingMember", `${spec.label} needs at least one member condition`, { nodeIds: [n.id] }));
    if (spec.members === "one" && count === 0) problems.push(problem("missingMember", `${spec.label} needs exactly one member condition`, { nodeIds: [n.id] }));
    if (spec.members === "one" && count > 1)
      problems.push(problem("tooManyMembers", `${spec.label} takes exactly one member condition (has ${count})`, { nodeIds: [n.id], edgeIds: memberEdgesOf.get(n.id)!.map((e) => e.id) }));
  }
  const membersOf = new Map<string, TGraphNode[]>();
  for (const [groupId, list] of memberEdgesOf)
    membersOf.set(groupId, list.map((e) => nodesById.get(e.targetId)!).sort(canvasOrder));

  // Cycles over all edges.
  const cyclic = findCycles(nodes, edges);
  for (const cycle of cyclic) problems.push(problem("cycle", "These nodes form a loop; rules must flow one way", { nodeIds: cycle }));

  // Scope (inside a line-item quantifier or not), nested quantifiers.
  const lineScope = new Set<string>();
  if (cyclic.length === 0) {
    let tooDeep = false;
    const mark = (id: string, insideQuantifier: string | null, depth: number) => {
      if (depth > MAX_GROUP_NESTING) {
        if (!tooDeep) problems.push(problem("nestingTooDeep", `Groups are nested more than ${MAX_GROUP_NESTING} deep here; flatten them`, { nodeIds: [id] }));
        tooDeep = true;
        return;
      }
      for (const m of membersOf.get(id) ?? []) {
        if (m.kind === "lineQuantifier" && insideQuantifier)
          problems.push(problem("nestedQuantifier", "Line-item quantifiers cannot be nested", { nodeIds: [insideQuantifier, m.id] }));
        if (insideQuantifier) lineScope.add(m.id);
        mark(m.id, insideQuantifier ?? (m.kind === "lineQuantifier" ? m.id : null), depth + 1);
      }
    };
    for (const n of nodes) if (!memberIn.has(n.id)) mark(n.id, n.kind === "lineQuantifier" ? n.id : null, 0);
    if (tooDeep) return { analysis: null, problems };
  }

  // Kind-specific checks.
  for (const n of nodes) {
    problems.push(...kindSpec(n.kind).validate(n as never, { scope: lineScope.has(n.id) ? "line" : "order", context: options.context, hitPolicy }));
    if (!kindAllowedInStage(n.kind, stage))
      problems.push(problem("actionNotInStage", `${NODE_KIND_SPECS[n.kind].label} is not usually part of this stage`, { nodeIds: [n.id], severity: "warning" }));
  }

  if (cyclic.length > 0) return { analysis: null, problems };

  // Reachability from the entries and, backwards, which nodes lead to an action: both linear.
  const reached = new Set<string>();
  const queue = [...starts, ...fallbacks].map((n) => n.id);
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const e of flowOut.get(id) ?? []) queue.push(e.targetId);
  }
  const leadsToAction = new Set<string>();
  const back = nodes.filter((n) => isRuleSourceKind(n.kind)).map((n) => n.id);
  while (back.length) {
    const id = back.pop()!;
    if (leadsToAction.has(id)) continue;
    leadsToAction.add(id);
    for (const e of flowIn.get(id) ?? []) back.push(e.sourceId);
  }

  // Entry-to-action paths, counted without enumerating them (dynamic programming over a topological
  // order): a graph whose branches rejoin can have 2^n paths, refused here in polynomial time.
  const maxPaths = options.maxPaths ?? 5_000;
  const cap = maxPaths + 1;
  const pathsTo = new Map<string, number>();
  /** Sum of the lengths (tests on them) of the paths into each node: the compiled rules' size. */
  const stepsTo = new Map<string, number>();
  const stepCap = MAX_PATH_STEPS + 1;
  // A test's weight: its settings' size plus its members' (members form a forest at most
  // MAX_GROUP_NESTING deep, checked above), computed once per node.
  const weights = new Map<string, number>();
  const weightOf = (id: string): number => {
    const known = weights.get(id);
    if (known !== undefined) return known;
    let w = Math.max(1, Math.ceil(JSON.stringify(nodesById.get(id)!.data ?? {}).length / TEST_WEIGHT_CHARS));
    for (const m of membersOf.get(id) ?? []) w += weightOf(m.id);
    weights.set(id, w);
    return w;
  };
  {
    const indegree = new Map<string, number>();
    for (const id of reached) for (const e of flowOut.get(id) ?? []) indegree.set(e.targetId, (indegree.get(e.targetId) ?? 0) + 1);
    const ready = [...reached].filter((id) => !indegree.get(id));
    for (const id of ready) pathsTo.set(id, 1);
    while (ready.length) {
      const id = ready.pop()!;
      const here = pathsTo.get(id) ?? 0;
      const steps = stepsTo.get(id) ?? 0;
      for (const e of flowOut.get(id) ?? []) {
        if (leadsToAction.has(e.targetId)) {
          pathsTo.set(e.targetId, Math.min(cap, (pathsTo.get(e.targetId) ?? 0) + here));
          const added = steps + (e.sourceHandle === "next" ? 0 : Math.min(stepCap, here * weightOf(id)));
          stepsTo.set(e.targetId, Math.min(stepCap, (stepsTo.get(e.targetId) ?? 0) + added));
        }
        const left = (indegree.get(e.targetId) ?? 0) - 1;
        indegree.set(e.targetId, left);
        if (left === 0) ready.push(e.targetId);
      }
    }
  }
  const actionIds = nodes.filter((n) => isRuleSourceKind(n.kind) && reached.has(n.id)).map((n) => n.id);
  const totalPaths = actionIds.reduce((sum, id) => Math.min(cap, sum + (pathsTo.get(id) ?? 0)), 0);
  // A decision table's rules (one per row and action) each repeat the paths into it, plus its cells.
  const repeats = (id: string) => {
    const n = nodesById.get(id)!;
    if (n.kind !== "decisionTable") return 1;
    return Math.max(1, n.data.rows.reduce((k, r) => k + Object.keys(r.actions).length, 0));
  };
  const sourceSteps = (id: string) => {
    const n = nodesById.get(id)!;
    const own = n.kind === "decisionTable" ? weightOf(id) : 0;
    return Math.min(stepCap, (stepsTo.get(id) ?? 0) * repeats(id) + own);
  };
  const totalSteps = actionIds.reduce((sum, id) => Math.min(stepCap, sum + sourceSteps(id)), 0);
  if (totalPaths > maxPaths || totalSteps > MAX_PATH_STEPS) {
    // Name where the paths multiply: tests whose yes and no outputs both go on towards actions, most paths first.
    const branching = nodes
      .filter((n) => isTestKind(n.kind) && reached.has(n.id))
      .filter((n) => {
        const outs = (flowOut.get(n.id) ?? []).filter((e) => leadsToAction.has(e.targetId)).map((e) => e.sourceHandle);
        return outs.includes("true") && outs.includes("false");
      })
      .sort((a, b) => (pathsTo.get(b.id) ?? 0) - (pathsTo.get(a.id) ?? 0) || canvasOrder(a, b))
      .slice(0, 10)
      .map((n) => n.id);
    const busiest = [...actionIds].sort((a, b) => (pathsTo.get(b) ?? 0) - (pathsTo.get(a) ?? 0)).slice(0, 3);
    problems.push(
      problem(
        "tooManyPaths",
        `${totalPaths > maxPaths ? `More than ${maxPaths.toLocaleString("en-US")} paths lead to actions` : `The paths to actions hold more than ${MAX_PATH_STEPS.toLocaleString("en-US")} tests in all (a long value list counts as several)`}: every path repeats the tests on it, and where both outputs of a condition continue to the same conditions, every such condition doubles the paths. Merge those branches with All/Any groups, or shorten the paths`,
        { nodeIds: [...branching, ...busiest] },
      ),
    );
    return { analysis: null, problems };
  }

  // Every path from an entry to each action (at most maxPaths), depth first in edge order; branches
  // that lead to no action are not followed.
  const actionPaths = new Map<string, ActionPath[]>();
  for (const [entry, list] of [
    ["start", starts],
    ["fallback", fallbacks],
  ] as const) {
    for (const root of list) {
      const stack: { id: string; steps: PathStep[] }[] = [{ id: root.id, steps: [] }];
      while (stack.length) {
        const { id, steps } = stack.pop()!;
        const kind = nodesById.get(id)!.kind;
        if (isRuleSourceKind(kind)) push(actionPaths, id, { entry, steps });
        // A decision table also leads on: its "matched" / "no match" outputs are tests like a condition's.
        if (isActionKind(kind)) continue;
        const outs = (flowOut.get(id) ?? []).filter((e) => leadsToAction.has(e.targetId));
        for (let i = outs.length - 1; i >= 0; i--) {
          const e = outs[i]!;
          stack.push({ id: e.targetId, steps: e.sourceHandle === "next" ? steps : [...steps, { nodeId: id, negated: e.sourceHandle === "false" }] });
        }
      }
    }
  }
  const markMembers = (id: string) => {
    for (const m of membersOf.get(id) ?? []) {
      reached.add(m.id);
      markMembers(m.id);
    }
  };
  for (const id of [...reached]) markMembers(id);

  for (const n of nodes) {
    if (NODE_KIND_SPECS[n.kind].category === "entry") {
      if (!(flowOut.get(n.id)?.length ?? 0))
        problems.push(problem(n.kind === "start" ? "emptyRuleset" : "deadEnd", `${NODE_KIND_SPECS[n.kind].label} leads nowhere`, { nodeIds: [n.id], severity: "warning" }));
      continue;
    }
    if (!reached.has(n.id)) {
      if (isActionKind(n.kind)) problems.push(problem("actionUnreachable", "No path from Start leads to this action; it can never fire", { nodeIds: [n.id] }));
      else if (n.kind === "decisionTable") problems.push(problem("actionUnreachable", "No path from Start leads to this table; its rows can never fire", { nodeIds: [n.id] }));
      else problems.push(problem("unreachable", "Not connected to Start; this node is never evaluated", { nodeIds: [n.id], severity: "warning" }));
      continue;
    }
    if (isTestKind(n.kind) && !memberIn.has(n.id) && !(flowOut.get(n.id)?.length ?? 0))
      problems.push(problem("deadEnd", "Neither output of this condition leads anywhere", { nodeIds: [n.id], severity: "warning" }));
  }
  for (const [id, paths] of actionPaths) {
    if (paths.some((p) => p.entry === "start") && paths.some((p) => p.entry === "fallback"))
      problems.push(problem("mixedEntry", "This action is reached both from Start and from the fallback; use two action nodes", { nodeIds: [id] }));
  }

  if (options.context) problems.push(...channelOriginProblems(nodesById, actionPaths, stage, options.context));

  const graph: TRuleGraph = { schemaVersion: 1, name, stage, hitPolicy, nodes, edges };
  return { analysis: hasErrors(problems) ? null : { graph, nodesById, flowOut, membersOf, actionPaths, testsOnPaths: totalSteps }, problems };
}

/** Validation alone: the typed problem list (errors and warnings), never throws. */
export function validateGraph(input: unknown, options: AnalyzeOptions = {}): TProblem[] {
  return analyzeGraph(input, options).problems;
}

function findCycles(nodes: TGraphNode[], edges: TGraphEdge[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const l = out.get(e.sourceId);
    if (l) l.push(e.targetId);
    else out.set(e.sourceId, [e.targetId]);
  }
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    // Iterative DFS keeping the current stack, to report the nodes of each loop.
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    state.set(root.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top.id) ?? [];
      if (top.next < targets.length) {
        const t = targets[top.next++]!;
        const s = state.get(t);
        if (s === undefined) {
          state.set(t, 1);
          stack.push({ id: t, next: 0 });
        } else if (s === 1 && cycles.length < 20) {
          const from = stack.findIndex((f) => f.id === t);
          cycles.push(stack.slice(from).map((f) => f.id));
        }
      } else {
        state.set(top.id, 2);
        stack.pop();
      }
    }
  }
  return cycles;
}



/** Warehouses a value test of "Assigned warehouse" lets through on a path: `keep` them, or all but `drop`. */
function assignedWarehouseTest(data: TConditionData, negated: boolean): { keep: string[] } | { drop: string[] } | null {
  if (data.fact !== "assignedWarehouse" || data.operand.type !== "value") return null;
  const v = data.operand.value;
  const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : null;
  if (list === null) return null;
  const positive = data.operator === "equal" || data.operator === "in";
  const negative = data.operator === "notEqual" || data.operator === "notIn";
  if (!positive && !negative) return null;
  return positive !== negated ? { keep: list } : { drop: list };
}

/**
 * Channel assignments in stages after warehouse matching whose channel does not collect from every
 * warehouse that can reach them. On each path to the action, the warehouses that can arrive are all
 * of the organization's, narrowed by tests of "Assigned warehouse" on the path; a path that tests
 * "Fits channel limits" of the same channel (which includes its origin) is safe. An error when no
 * arriving warehouse can use the channel, a warning when some cannot (those orders get no channel).
 */
function channelOriginProblems(nodesById: Map<string, TGraphNode>, actionPaths: Map<string, ActionPath[]>, stage: TStage, context: TEvaluationContext): TProblem[] {
  if (STAGES.indexOf(stage) <= STAGES.indexOf("warehouseMatching")) return [];
  const out: TProblem[] = [];
  const warehouseName = (id: string) => context.warehouses.find((w) => w.id === id)?.name || id;
  for (const [id, paths] of actionPaths) {
    const node = nodesById.get(id)!;
    if (node.kind !== "assignChannel") continue;
    const channel = context.channels.find((c) => c.id === node.data.channelId);
    if (!channel || channel.originWarehouseIds.length === 0) continue;
    const arriving = new Set<string>();
    for (const path of paths) {
      let allowed = new Set(context.warehouses.map((w) => w.id));
      let checked = false;
      for (const step of path.steps) {
        const n = nodesById.get(step.nodeId)!;
        if (n.kind !== "condition") continue;
        const d = n.data;
        if (d.fact === "fitsChannel" && d.params?.channelId === channel.id && d.operator === "equal" && d.operand.type === "value" && (d.operand.value === true) !== step.negated) checked = true;
        const t = assignedWarehouseTest(d, step.negated);
        if (t && "keep" in t) allowed = new Set(t.keep.filter((w) => allowed.has(w)));
        else if (t) for (const w of t.drop) allowed.delete(w);
      }
      if (!checked) for (const w of allowed) arriving.add(w);
    }
    const cannot = [...arriving].filter((w) => !channel.originWarehouseIds.includes(w));
    if (cannot.length === 0) continue;
    const origins = channel.originWarehouseIds.map(warehouseName).join(", ");
    const name = channel.name || channel.id;
    const none = cannot.length === arriving.size;
    out.push(
      problem(
        "channelOrigin",
        none
          ? `No warehouse that reaches this action ships with ${name}: it collects only from ${origins}`
          : `Orders from ${cannot.map(warehouseName).join(", ")} can reach ${name}, which collects only from ${origins}: they would get no channel. Test “Fits channel limits” or “Assigned warehouse” before it`,
        { nodeIds: [id], field: "data.channelId", severity: none ? "error" : "warning" },
      ),
    );
  }
  return out;
}
