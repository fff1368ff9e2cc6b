import { describe, expect, it } from "vitest";
import { saveProblemOf } from "./save-errors";

const graph = {
  nodes: [
    { id: "start", kind: "start" },
    { id: "n1", kind: "hold", label: "Wait for the address" },
    { id: "n2", kind: "condition" },
  ],
  edges: [{ id: "e1" }],
};
const kindLabel = (k: string) => ({ hold: "Hold", condition: "Condition", start: "Start" })[k] ?? k;

describe("what a refused save says", () => {
  it.each<[string, Record<string, string[]>, ReturnType<typeof saveProblemOf>]>([
    ["names the node and says the schema's own message", { "graph.nodes.1.data.priority": ["Priority must be between 2 and 10,000"] }, { text: "Wait for the address: Priority must be between 2 and 10,000", nodeId: "n1" }],
    ["names the field when the message does not", { "graph.nodes.2.data.operand.value": ["Enter a number"] }, { text: "Condition: Operand › value — enter a number", nodeId: "n2" }],
    ["counts the other refused fields", { "graph.nodes.2.data.fact": ["Required"], "graph.nodes.1.data.reason": ["Required"] }, { text: "Condition: Fact — required (and 1 more)", nodeId: "n2" }],
    ["a connection", { "graph.edges.0.sourceHandle": ["Choose one of: next, true, false, member"] }, { text: "A connection: Source handle — choose one of: next, true, false, member", nodeId: null }],
    ["anything else by its field", { "graph.name": ["At most 200 characters"] }, { text: "Name — at most 200 characters", nodeId: null }],
  ])("%s", (_what, fieldErrors, expected) => {
    expect(saveProblemOf(fieldErrors, graph, kindLabel)).toEqual(expected);
  });

  it("says nothing when no field was refused", () => {
    expect(saveProblemOf({}, graph, kindLabel)).toBeNull();
  });
});
