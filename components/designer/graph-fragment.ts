import { z } from "zod";
import { type TGraphEdge, type TGraphNode, ZGraphEdge, ZGraphNode } from "@/rules-schema/graph/graph-schema";

/** What copy puts on the clipboard: some nodes and the edges between them. */
export const ZGraphFragment = z.object({
  format: z.literal("switchyard.fragment/v1"),
  nodes: z.array(ZGraphNode).max(5_000),
  edges: z.array(ZGraphEdge).max(20_000),
});
export type TGraphFragment = z.infer<typeof ZGraphFragment>;

/** The selected nodes and the edges that run between two of them (Start is never copied). */
export function copyFragment(graph: { nodes: readonly TGraphNode[]; edges: readonly TGraphEdge[] }, selectedIds: ReadonlySet<string>): TGraphFragment {
  const nodes = graph.nodes.filter((n) => selectedIds.has(n.id) && n.kind !== "start");
  const kept = new Set(nodes.map((n) => n.id));
  return { format: "switchyard.fragment/v1", nodes, edges: graph.edges.filter((e) => kept.has(e.sourceId) && kept.has(e.targetId)) };
}

/**
 * The fragment ready to add to a graph: fresh ids (so pasting twice gives two copies), moved by
 * `offset`, its internal edges rewired. A Fallback is dropped when the graph already has one.
 */
export function pasteFragment(
  fragment: TGraphFragment,
  target: { nodes: readonly Pick<TGraphNode, "id" | "kind">[] },
  offset: { x: number; y: number },
  newId: (prefix: string) => string,
): { nodes: TGraphNode[]; edges: TGraphEdge[] } {
  const taken = new Set(target.nodes.map((n) => n.id));
  const hasFallback = target.nodes.some((n) => n.kind === "fallback");
  const ids = new Map<string, string>();
  const fresh = (prefix: string) => {
    let id = newId(prefix);
    while (taken.has(id)) id = newId(prefix);
    taken.add(id);
    return id;
  };
  const nodes: TGraphNode[] = [];
  for (const n of fragment.nodes) {
    if (n.kind === "start" || (n.kind === "fallback" && hasFallback)) continue;
    const id = fresh(n.kind);
    ids.set(n.id, id);
    nodes.push({ ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } } as TGraphNode);
  }
  const edges = fragment.edges.flatMap((e) => {
    const s = ids.get(e.sourceId);
    const t = ids.get(e.targetId);
    return s && t ? [{ ...e, id: fresh("e"), sourceId: s, targetId: t }] : [];
  });
  return { nodes, edges };
}

/** Reads a fragment back from clipboard text; null when the text is something else. */
export function parseFragment(text: string | null): TGraphFragment | null {
  if (!text) return null;
  try {
    const parsed = ZGraphFragment.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
