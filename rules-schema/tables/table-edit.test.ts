import { describe, expect, it } from "vitest";
import { makeContext } from "../testing/factories";
import { addActionColumn, addConditionColumn, cellText, clearBlock, copyBlock, deleteColumn, deleteRows, duplicateRows, insertRows, moveColumn, moveRows, parseTsv, pasteBlock } from "./table-edit";
import { ZDecisionTableData } from "./table-schema";

const context = makeContext({ channels: [{ id: "CH-YUN", name: "YunExpress DE", maxWeightGrams: 30_000 }, { id: "CH-4PX", name: "4PX EU", maxWeightGrams: 30_000 }] });
const base = () =>
  ZDecisionTableData.parse({
    hitPolicy: "first",
    priority: 100,
    conditions: [
      { id: "country", fact: "country", operator: "in" },
      { id: "w", fact: "chargeableWeightGrams", operator: "between", unit: "kg" },
      { id: "bat", fact: "hasBattery", operator: "equal" },
    ],
    actions: [{ id: "ch", kind: "assignChannel" }],
    rows: [{ id: "r1", cells: {}, actions: {} }],
  });

describe("table edits", () => {
  it("pastes a block copied from Excel (CRLF, quoted cells, a trailing newline) and adds the rows it needs", () => {
    const tsv = 'DE, FR\t0–0.5\tno\tYunExpress DE\r\n"US\r\nCA"\t0.5-2 kg\t是\t4PX EU\r\nGB\theavy\t\tnowhere\r\n';
    expect(parseTsv(tsv)).toEqual([
      ["DE, FR", "0–0.5", "no", "YunExpress DE"],
      ["US\r\nCA", "0.5-2 kg", "是", "4PX EU"],
      ["GB", "heavy", "", "nowhere"],
    ]);
    const t = pasteBlock(base(), 0, 0, parseTsv(tsv), context);
    expect(t.rows.map((r) => [r.cells, r.actions])).toEqual([
      [{ country: ["DE", "FR"], w: [0, 500], bat: false }, { ch: { channelId: "CH-YUN" } }],
      [{ country: ["US", "CA"], w: [500, 2000], bat: true }, { ch: { channelId: "CH-4PX" } }],
      [{ country: ["GB"], w: { $text: "heavy" } }, { ch: { $text: "nowhere" } }],
    ]);
    expect(t.rows.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    // What was typed stays visible, and copies back out as text a spreadsheet reads.
    expect(cellText(t, 2, 1, context)).toBe("heavy");
    expect(copyBlock(t, 0, 0, 1, 3, context)).toBe("DE, FR\t0–0.5\tno\tYunExpress DE\nUS, CA\t0.5–2\tyes\t4PX EU");
    expect(pasteBlock(base(), 0, 2, [["yes", "CH-YUN", "extra"]], context).droppedCells).toBe(1);
  });

  it("inserts, duplicates, moves and deletes rows and columns, keeping ids unique and cells with their column", () => {
    let t = pasteBlock(base(), 0, 0, [["DE", "", "", "YunExpress DE"], ["FR", "", "", "4PX EU"]], context);
    t = insertRows(t, 1, 2);
    expect(t.rows.map((r) => r.id)).toEqual(["r1", "r3", "r4", "r2"]);
    t = moveRows(t, 3, 3, -3);
    expect(t.rows.map((r) => r.id)).toEqual(["r2", "r1", "r3", "r4"]);
    t = duplicateRows(t, 0, 0);
    expect(t.rows.map((r) => [r.id, r.cells.country])).toEqual([["r2", ["FR"]], ["r5", ["FR"]], ["r1", ["DE"]], ["r3", undefined], ["r4", undefined]]);
    t = deleteRows(t, 3, 4);
    t = moveColumn(t, 0, 1);
    expect(t.conditions.map((c) => c.id)).toEqual(["w", "country", "bat"]);
    t = deleteColumn(t, 1);
    expect([t.conditions.map((c) => c.id), t.rows.map((r) => r.cells)]).toEqual([["w", "bat"], [{}, {}, {}]]);
    t = addConditionColumn(t, { fact: "totalValue", operator: "greaterThan" });
    t = addActionColumn(t, { kind: "addTag" });
    expect([...t.conditions, ...t.actions].map((c) => c.id)).toEqual(["w", "bat", "c1", "ch", "a1"]);
    t = clearBlock(t, 0, 3, 2, 3);
    expect(t.rows.map((r) => r.actions)).toEqual([{}, {}, {}]);
  });
});
