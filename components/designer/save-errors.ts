import { fieldLabel } from "./field-changes";

interface GraphLike {
  nodes: readonly { id: string; kind: string; label?: string | undefined }[];
  edges: readonly { id: string }[];
}

/** What the server refused in a save, in words, and the node to show ("graph.nodes.3.data.priority" → that node's Priority). */
export interface SaveProblem {
  text: string;
  nodeId: string | null;
}

/**
 * The first field the server refused when saving a graph, said as a person would: which node (its
 * name on the canvas, else its kind), which field, and why. `kindLabel` names a node kind.
 */
export function saveProblemOf(fieldErrors: Readonly<Record<string, readonly string[]>>, graph: GraphLike, kindLabel: (kind: string) => string): SaveProblem | null {
  const entries = Object.entries(fieldErrors).filter(([, messages]) => messages.length > 0);
  if (entries.length === 0) return null;
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more)` : "";
  for (const [key, messages] of entries) {
    const node = /^graph\.nodes\.(\d+)(?:\.(.+))?$/.exec(key);
    if (node) {
      const n = graph.nodes[Number(node[1])];
      if (!n) continue;
      const field = node[2] ? fieldLabel(node[2].replace(/^data\./, "")) : "";
      return { text: `${n.label || kindLabel(n.kind)}: ${withField(field, messages[0]!)}${more}`, nodeId: n.id };
    }
    const edge = /^graph\.edges\.(\d+)(?:\.(.+))?$/.exec(key);
    if (edge) return { text: `A connection: ${withField(edge[2] ? fieldLabel(edge[2]) : "", messages[0]!)}${more}`, nodeId: null };
  }
  const [key, messages] = entries[0]!;
  return { text: `${withField(key === "_" ? "" : fieldLabel(key.replace(/^graph\./, "")), messages[0]!)}${more}`, nodeId: null };
}

/** "Priority — Must be at least 2", or the message alone when it already names the field. */
function withField(field: string, message: string): string {
  if (!field || message.toLowerCase().startsWith(field.toLowerCase())) return message;
  return `${field} — ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}
