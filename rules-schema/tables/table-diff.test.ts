import { describe, expect, it } from "vitest";
import { moveRows, pasteBlock } from "./table-edit";
import { diffTables } from "./table-diff";
import { ZDecisionTableData } from "./table-schema";

const base = ZDecisionTableData.parse({
  hitPolicy: "first",
  priority: 100,
  conditions: [
    { id: "country", fact: "country", operator: "in" },
    { id: "w", fact: "chargeableWeightGrams", operator: "between", unit: "kg" },
  ],
  actions: [{ id: "tag", kind: "addTag" }],
  rows: ["DE", "FR", "IT", "ES", "PL"].map((c, i) => ({ id: `r${i + 1}`, cells: { country: [c], w: [0, 2000] }, actions: { tag: { tag: c.toLowerCase() } } })),
});

describe("decision table diff", () => {
  it("names each changed cell, added, removed and moved rows (only the row that moved), and settings", () => {
    let next = moveRows(base, 4, 4, -4); // PL to the top
    next = pasteBlock(next, 1, 1, [["0–1"]]);
    next = { ...next, hitPolicy: "all", rows: [...next.rows.filter((r) => r.id !== "r3"), { id: "r9", cells: {}, actions: {} }] };
    next = pasteBlock(next, next.rows.length - 1, 0, [["GB", "0–30", "uk"]]);
    expect(diffTables(base, next)).toEqual([
      { path: "Hit policy", before: "first", after: "all" },
      { path: "Row 3 removed", before: "Destination country is one of: IT · Chargeable weight is between (inclusive) (kg): 0–2 · Add tag: it", after: undefined },
      { path: "Row 5 added", before: undefined, after: "Destination country is one of: GB · Chargeable weight is between (inclusive) (kg): 0–30 · Add tag: uk" },
      { path: "Row 1 moved", before: "row 5", after: "row 1" },
      { path: "Row 2 · Chargeable weight is between (inclusive) (kg)", before: "0–2", after: "0–1" },
    ]);
    expect(diffTables(base, base)).toEqual([]);
  });
});
