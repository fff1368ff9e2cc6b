import { z } from "zod";
import { canonicalJson } from "../util/canonical-json";
import { type TGraphEdge, type TGraphNode, type TRuleGraph, ZGraphEdge, ZGraphNode, ZHitPolicy, ZPosition, ZStage } from "./graph-schema";

/** What differs in a changed node; `position` is listed too when the node also moved. */
export const NODE_CHANGE_FIELDS = ["kind", "data", "label", "position"] as const;

export const ZNodeChange = z.object({
  id: z.string(),
  fields: z.array(z.enum(NODE_CHANGE_FIELDS)),
  before: ZGraphNode,
  after: ZGraphNode,
});
export type TNodeChange = z.infer<typeof ZNodeChange>;

export const ZNodeMove = z.object({ id: z.string(), from: ZPosition, to: ZPosition });
export type TNodeMove = z.infer<typeof ZNodeMove>;

export const ZSettingChange = z.discriminatedUnion("field", [
  z.object({ field: z.literal("name"), from: z.string(), to: z.string() }),
  z.object({ field: z.literal("stage"), from: ZStage, to: ZStage }),
  z.object({ field: z.literal("hitPolicy"), from: ZHitPolicy, to: ZHitPolicy }),
]);
export type TSettingChange = z.infer<typeof ZSettingChange>;

export const ZGraphDiff = z.object({
  nodes: z.object({
    added: z.array(ZGraphNode),
    removed: z.array(ZGraphNode),
    /** Same id, different kind, data or label. */
    changed: z.array(ZNodeChange),
    /** Same id, only the canvas position differs. */
    moved: z.array(ZNodeMove),
  }),
  /** Edges by id; an id whose endpoints or handle changed counts as removed and added. */
  edges: z.object({ added: z.array(ZGraphEdge), removed: z.array(ZGraphEdge) }),
  settings: z.array(ZSettingChange),
  /** Nothing differs at all (not even positions). */
  identical: z.boolean(),
});
export type TGraphDiff = z.infer<typeof ZGraphDiff>;

type DiffableGraph = Pick<TRuleGraph, "nodes" | "edges"> & Partial<Pick<TRuleGraph, "name" | "stage" | "hitPolicy">>;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const samePosition = (a: TGraphNode, b: TGraphNode) => a.position.x === b.position.x && a.position.y === b.position.y;
const sameEdge = (a: TGraphEdge, b: TGraphEdge) => a.sourceId === b.sourceId && a.targetId === b.targetId && a.sourceHandle === b.sourceHandle;

/**
 * Structural difference between two parsed graphs, by node and edge id. Pure and framework-free:
 * the server uses it for version diffs and audit entries, the browser for "compare versions".
 * Results keep the order of the graph they come from (added/changed/moved: `to`; removed: `from`).
 */
export function diffGraphs(from: DiffableGraph, to: DiffableGraph): TGraphDiff {
  const fromNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const toNodes = new Map(to.nodes.map((n) => [n.id, n]));
  const added: TGraphNode[] = [];
  const changed: TNodeChange[] = [];
  const moved: TNodeMove[] = [];
  for (const after of to.nodes) {
    const before = fromNodes.get(after.id);
    if (!before) {
      added.push(after);
      continue;
    }
    const fields: TNodeChange["fields"] = [];
    if (before.kind !== after.kind) fields.push("kind");
    if (!same(before.data, after.data)) fields.push("data");
    if ((before.label ?? "") !== (after.label ?? "")) fields.push("label");
    const movedToo = !samePosition(before, after);
    if (fields.length > 0) changed.push({ id: after.id, fields: movedToo ? [...fields, "position"] : fields, before, after });
    else if (movedToo) moved.push({ id: after.id, from: before.position, to: after.position });
  }
  const removed = from.nodes.filter((n) => !toNodes.has(n.id));

  const fromEdges = new Map(from.edges.map((e) => [e.id, e]));
  const toEdges = new Map(to.edges.map((e) => [e.id, e]));
  const edgesAdded = to.edges.filter((e) => {
    const before = fromEdges.get(e.id);
    return !before || !sameEdge(before, e);
  });
  const edgesRemoved = from.edges.filter((e) => {
    const after = toEdges.get(e.id);
    return !after || !sameEdge(e, after);
  });

  const settings: TSettingChange[] = [];
  if ((from.name ?? "") !== (to.name ?? "")) settings.push({ field: "name", from: from.name ?? "", to: to.name ?? "" });
  if (from.stage && to.stage && from.stage !== to.stage) settings.push({ field: "stage", from: from.stage, to: to.stage });
  if (from.hitPolicy && to.hitPolicy && from.hitPolicy !== to.hitPolicy) settings.push({ field: "hitPolicy", from: from.hitPolicy, to: to.hitPolicy });

  const identical = [added, removed, changed, moved, edgesAdded, edgesRemoved, settings].every((list) => list.length === 0);
  return { nodes: { added, removed, changed, moved }, edges: { added: edgesAdded, removed: edgesRemoved }, settings, identical };
}

/** Counts for a one-line summary ("+2 nodes, −1 edge, 3 changed…"), e.g. in audit entries. */
export function diffSummary(d: TGraphDiff) {
  return {
    nodesAdded: d.nodes.added.length,
    nodesRemoved: d.nodes.removed.length,
    nodesChanged: d.nodes.changed.length,
    nodesMoved: d.nodes.moved.length,
    edgesAdded: d.edges.added.length,
    edgesRemoved: d.edges.removed.length,
    settingsChanged: d.settings.length,
  };
}
