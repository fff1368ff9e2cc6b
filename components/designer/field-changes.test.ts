import { describe, expect, it } from "vitest";
import type { TGraphNode } from "@/rules-schema/graph/graph-schema";
import { type TFieldChange, fieldLabel, fieldText, flattenFields, nodeFieldChanges } from "./field-changes";

const at = { x: 0, y: 0 };
const condition = (value: unknown, extra: Partial<TGraphNode> = {}): TGraphNode =>
  ({ id: "n1", kind: "condition", position: at, data: { fact: "country", operator: "equal", operand: { type: "value", value } }, ...extra }) as TGraphNode;

const cases: [name: string, before: TGraphNode, after: TGraphNode, expected: TFieldChange[]][] = [
  ["a condition's value", condition("US"), condition("CA"), [{ path: "operand.value", before: "US", after: "CA" }]],
  ["a list value counts as one field", condition(["US", "CA"]), condition(["US"]), [{ path: "operand.value", before: ["US", "CA"], after: ["US"] }]],
  ["a label added", condition("US"), condition("US", { label: "US orders" }), [{ path: "label", before: undefined, after: "US orders" }]],
  [
    "operand switched from a value to a fact",
    condition("US"),
    { ...condition("US"), data: { fact: "country", operator: "equal", operand: { type: "fact", fact: "billingCountry" } } } as TGraphNode,
    [
      { path: "operand.type", before: "value", after: "fact" },
      { path: "operand.fact", before: undefined, after: "billingCountry" },
      { path: "operand.value", before: "US", after: undefined },
    ],
  ],
  [
    "an action's priority and reason, and the move",
    { id: "h", kind: "hold", position: { x: 10, y: 20 }, data: { priority: 100, reason: "Check" } },
    { id: "h", kind: "hold", position: { x: 310.4, y: 20 }, data: { priority: 150, reason: "Check address" } },
    [
      { path: "priority", before: 100, after: 150 },
      { path: "reason", before: "Check", after: "Check address" },
      { path: "position", before: "10, 20", after: "310, 20" },
    ],
  ],
  [
    "kind changed",
    { id: "a", kind: "flag", position: at, data: { priority: 100, code: "x" } },
    { id: "a", kind: "addTag", position: at, data: { priority: 100, tag: "x" } },
    [
      { path: "kind", before: "flag", after: "addTag" },
      { path: "tag", before: undefined, after: "x" },
      { path: "code", before: "x", after: undefined },
    ],
  ],
];

describe("nodeFieldChanges", () => {
  it.each(cases)("%s", (_name, before, after, expected) => {
    expect(nodeFieldChanges({ before, after })).toEqual(expected);
  });
});

describe("field labels and values", () => {
  it.each([
    ["label", "Label"],
    ["operand.value", "Operand › value"],
    ["maxWeightGrams", "Max weight grams"],
    ["params.warehouseId", "Params › warehouse"],
    ["warehouseId", "Warehouse"],
    ["originWarehouseIds", "Origin warehouses"],
    ["id", "Id"],
  ])("%s reads as %s", (path, label) => expect(fieldLabel(path)).toBe(label));

  it.each([
    ["US", "US"],
    [150, "150"],
    [true, "true"],
    [["US", "CA"], "US, CA"],
    [[1, 2], "[1,2]"],
    [undefined, "(none)"],
  ])("%j shows as %s", (value, text) => expect(fieldText(value)).toBe(text));
});

describe("flattenFields", () => {
  it.each([
    ["an empty object", {}, []],
    ["a hold", { priority: 100, reason: "Check" }, [{ path: "priority", value: 100 }, { path: "reason", value: "Check" }]],
    [
      "a condition with params and a list",
      { fact: "inStockAt", params: { warehouseId: "wh-la" }, operator: "in", operand: { type: "value", value: ["US", "CA"] } },
      [
        { path: "fact", value: "inStockAt" },
        { path: "params.warehouseId", value: "wh-la" },
        { path: "operator", value: "in" },
        { path: "operand.type", value: "value" },
        { path: "operand.value", value: ["US", "CA"] },
      ],
    ],
  ])("%s", (_name, data, expected) => expect(flattenFields(data)).toEqual(expected));
});

describe("field values as people read them", () => {
  const names = (id: string) => ({ "cmx5hzz4z": "Los Angeles 3PL (LA-3PL)", "cmx5ch1": "USPS Ground Advantage" })[id] ?? id;
  it("names warehouse, channel and store ids, alone or in a list, and leaves other values as they are", () => {
    expect(fieldText("cmx5hzz4z", names)).toBe("Los Angeles 3PL (LA-3PL)");
    expect(fieldText(["cmx5hzz4z", "cmx5ch1"], names)).toBe("Los Angeles 3PL (LA-3PL), USPS Ground Advantage");
    expect(fieldText("Invalid address", names)).toBe("Invalid address");
    expect(fieldText(2000, names)).toBe("2000");
    expect(fieldText(undefined, names)).toBe("(none)");
  });
});

describe("decision table changes", () => {
  const table = (rows: { id: string; cells: Record<string, unknown>; actions: Record<string, Record<string, unknown>> }[]): TGraphNode =>
    ({
      id: "t1",
      kind: "decisionTable",
      position: at,
      data: { hitPolicy: "first", priority: 100, conditions: [{ id: "country", fact: "country", operator: "in" }], actions: [{ id: "tag", kind: "addTag" }], rows },
    }) as TGraphNode;
  it("are listed cell by cell, and a table with thousands of changes lists 200 and counts the rest", () => {
    const before = table([{ id: "r1", cells: { country: ["DE"] }, actions: { tag: { tag: "de" } } }]);
    const after = table([{ id: "r1", cells: { country: ["DE", "AT"] }, actions: { tag: { tag: "de" } } }]);
    expect(nodeFieldChanges({ before, after })).toEqual([{ path: "Row 1 · Destination country is one of", before: "DE", after: "DE, AT" }]);
    const many = table(Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, cells: { country: ["US"] }, actions: { tag: { tag: `t${i}` } } })));
    const changes = nodeFieldChanges({ before: table([]), after: many });
    expect(changes).toHaveLength(201);
    expect(changes[200]!.path).toBe("…and 800 more table changes");
  });
});
