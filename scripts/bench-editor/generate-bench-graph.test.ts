import { describe, expect, it } from "vitest";
import { compileGraph } from "../../rules-schema/compile/compile-graph";
import { validateGraph } from "../../rules-schema/graph/analyze-graph";
import { generateBenchGraph } from "./generate-bench-graph";

const WAREHOUSES = ["wh-sz", "wh-la", "wh-de"];

describe("generateBenchGraph", () => {
  it.each([8, 9, 10, 11, 12, 57, 100, 999, 1_000, 1_001, 2_500])("makes exactly %i nodes that validate without any problem and compile", (count) => {
    const graph = generateBenchGraph(count, WAREHOUSES);
    expect(graph.nodes).toHaveLength(count);
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(count);
    expect(validateGraph(graph)).toEqual([]);
    expect(compileGraph(graph).ok).toBe(true);
  });

  it("uses every kind of test block, real warehouse ids and distinct positions", () => {
    const graph = generateBenchGraph(1_000, WAREHOUSES);
    const kinds = new Set(graph.nodes.map((n) => n.kind));
    for (const k of ["start", "fallback", "condition", "all", "any", "not", "lineQuantifier", "assignWarehouse", "hold"]) expect(kinds).toContain(k);
    expect(new Set(graph.edges.map((e) => e.sourceHandle))).toEqual(new Set(["next", "true", "false", "member"]));
    const used = graph.nodes.flatMap((n) => (n.kind === "assignWarehouse" ? [n.data.warehouseId] : []));
    expect(new Set(used)).toEqual(new Set(WAREHOUSES));
    expect(new Set(graph.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(1_000);
  });

  it.each([[0], [7], [1.5]])("refuses %s nodes", (count) => {
    expect(() => generateBenchGraph(count, WAREHOUSES)).toThrow(/nodeCount/);
  });
});
