/**
 * CSV and .xlsx export/import of decision tables loses nothing: any table (settings, hit policy, column
 * definitions with labels, units and parameters, row ids, descriptions, every cell — typed values,
 * odd values the grid cannot show as text, cells that do not read) comes back equal, through the
 * sheet, through CSV text and through a real .xlsx file.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeContext } from "../testing/factories";
import { unreadCell } from "./table-cells";
import { csvToSheet, sheetToCsv, sheetToTable, tableToSheet } from "./table-sheet";
import { type TDecisionTableData, ZDecisionTableData } from "./table-schema";
import { sheetToXlsx, xlsxToSheet } from "./table-xlsx";

const context = makeContext({
  warehouses: [{ id: "wh-sz", name: "Shenzhen 深圳", country: "CN", calendar: { timeZone: "Asia/Shanghai" } }],
  channels: [
    { id: "CH-YUN", name: "YunExpress DE", maxWeightGrams: 30_000 },
    { id: "ch-4px", name: "4PX, Europe \"fast\"", maxWeightGrams: 30_000 },
  ],
});

/** Column kinds with texts a person would type into them. */
const COLUMNS = [
  { fact: "country", operator: "in", typed: ["DE, FR", "us", "GB；IT、ES"] },
  { fact: "chargeableWeightGrams", operator: "between", unit: "kg", typed: ["0.5–2", "0 - 0.25 kg", "1..30"] },
  { fact: "chargeableWeightGrams", operator: "lessThanInclusive", unit: "g", typed: ["500", "2 kg"] },
  { fact: "hasBattery", operator: "equal", typed: ["yes", "否", "true"] },
  { fact: "totalValue", operator: "greaterThan", typed: ["19.99", "100"] },
  { fact: "postalCode", operator: "postalCodeIn", typed: ["90*, 10000-10999", "SW1*"] },
  { fact: "buyerMessage", operator: "textContains", typed: ["urgent", "加急"] },
  { fact: "tags", operator: "containsAny", typed: ["vip, gift", "批发"] },
  { fact: "inStockAt", operator: "equal", params: { warehouseId: "wh-sz" }, typed: ["yes", "no"] },
  { fact: "buyerMessage", operator: "isEmpty", typed: ["yes"] },
  { fact: "platform", operator: "in", typed: ["tiktok, temu", "amazon"] },
] as const;
const ACTIONS = [
  { kind: "assignChannel", typed: ["YunExpress DE", "ch-4px"] },
  { kind: "addTag", typed: ["light", "轻小件"] },
  { kind: "hold", typed: ['{"reason": "Battery, check MSDS"}'] },
  { kind: "pushToWarehouse", typed: ["yes"] },
] as const;

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const hostileText = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('a,b;c\td\ne "q"', "json:1", "  padded  ", "=SUM(A1)", "深圳 → 美国", "\u0000x"));
const oddValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText.map((t) => unreadCell(t)));

const arbTable: fc.Arbitrary<TDecisionTableData> = fc
  .record({
    hitPolicy: fc.constantFrom("first", "all"),
    priority: fc.integer({ min: 2, max: 10_000 }),
    conds: fc.uniqueArray(fc.nat({ max: COLUMNS.length - 1 }), { minLength: 0, maxLength: 6 }),
    acts: fc.uniqueArray(fc.nat({ max: ACTIONS.length - 1 }), { minLength: 0, maxLength: 3 }),
    labels: fc.array(fc.option(hostileText.filter((s) => s.length <= 200), { nil: undefined }), { minLength: 9, maxLength: 9 }),
    rowIds: fc.uniqueArray(id, { maxLength: 12 }),
    seed: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), oddValue, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })), { minLength: 200, maxLength: 200 }),
    descriptions: fc.array(fc.option(hostileText.map((s) => s.trim()).filter((s) => s !== "" && !s.includes("\u0000")), { nil: undefined }), { minLength: 12, maxLength: 12 }),
  })
  .map(({ hitPolicy, priority, conds, acts, labels, rowIds, seed, descriptions }) => {
    let k = 0;
    const next = () => seed[k++ % seed.length]!;
    const conditions = conds.map((i, j) => {
      const c = COLUMNS[i]!;
      return { id: `c${j}`, fact: c.fact, operator: c.operator, ...("unit" in c ? { unit: c.unit } : {}), ...("params" in c ? { params: c.params } : {}), ...(labels[j] !== undefined ? { label: labels[j] } : {}) };
    });
    const actions = acts.map((i, j) => ({ id: `a${j}`, kind: ACTIONS[i]!.kind, ...(labels[6 + j] !== undefined ? { label: labels[6 + j] } : {}) }));
    const rows = rowIds.map((rowId, r) => {
      const cells: Record<string, unknown> = {};
      conds.forEach((i, j) => {
        const [a, b, typedOrOdd, odd] = next();
        if (a % 3 === 0) return; // empty: any
        if (typedOrOdd) {
          const typed = COLUMNS[i]!.typed;
          cells[`c${j}`] = { typed: typed[b % typed.length] };
        } else cells[`c${j}`] = odd;
      });
      const acts_: Record<string, Record<string, unknown>> = {};
      acts.forEach((i, j) => {
        const [a, b, typedOrOdd, , dict] = next();
        if (a % 4 === 0) return;
        if (typedOrOdd) acts_[`a${j}`] = { typed: ACTIONS[i]!.typed[b % ACTIONS[i]!.typed.length] } as never;
        else acts_[`a${j}`] = dict;
      });
      return { id: rowId, cells, actions: acts_, ...(descriptions[r] !== undefined ? { description: descriptions[r] } : {}) };
    });
    return { hitPolicy, priority, conditions, actions, rows } as unknown as TDecisionTableData;
  })
  // JSON has no -0 (a file cannot hold one either).
  .map((t) => typeCells(JSON.parse(JSON.stringify(t)) as TDecisionTableData));

/** Replaces `{typed}` placeholders by what the grid stores for that text. */
function typeCells(t: TDecisionTableData): TDecisionTableData {
  const sheet = tableToSheet({ ...t, rows: [] }, context);
  void sheet;
  const parsedRows = t.rows.map((r) => {
    const cells: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.cells)) {
      const typed = (v as { typed?: string })?.typed;
      cells[k] = typed === undefined || Object.keys(v as object).length !== 1 ? v : readTyped(t, "condition", k, typed);
    }
    const actions: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(r.actions)) {
      const typed = (v as { typed?: string }).typed;
      actions[k] = (typed === undefined || Object.keys(v).length !== 1 ? v : readTyped(t, "action", k, typed)) as Record<string, unknown>;
    }
    return { ...r, cells, actions };
  });
  return ZDecisionTableData.parse({ ...t, rows: parsedRows });
}

function readTyped(t: TDecisionTableData, side: "condition" | "action", columnId: string, typed: string): unknown {
  // Through the same reader the grid uses: a one-row sheet with that text.
  const single = { ...t, rows: [{ id: "x", cells: {}, actions: {} }] };
  const sheet = tableToSheet(single, context);
  const col = side === "condition" ? t.conditions.findIndex((c) => c.id === columnId) : t.conditions.length + t.actions.findIndex((c) => c.id === columnId);
  sheet[3]![col + 1] = typed;
  const back = sheetToTable(sheet, context);
  if (!back.ok) throw new Error(back.message);
  const row = back.table.rows[0]!;
  return side === "condition" ? row.cells[columnId] : row.actions[columnId];
}

describe("decision table ⇄ CSV / xlsx", () => {
  it("round-trips any table through the sheet and through CSV text", () => {
    let cells = 0;
    let typedText = 0;
    fc.assert(
      fc.property(arbTable, (table) => {
        for (const r of table.rows) {
          cells += Object.keys(r.cells).length + Object.keys(r.actions).length;
          typedText += Object.values(r.cells).filter((v) => Array.isArray(v) || typeof v === "number" || typeof v === "boolean").length;
        }
        const sheet = tableToSheet(table, context);
        const viaSheet = sheetToTable(sheet, context);
        expect(viaSheet).toEqual({ ok: true, table, warnings: [] });
        const csv = sheetToCsv(sheet);
        expect(csv.startsWith("\uFEFF")).toBe(true);
        expect(sheetToTable(csvToSheet(csv), context)).toEqual({ ok: true, table, warnings: [] });
        // As a European Excel saves it: ";" between cells.
        const semicolons = csvToSheet(csv).map((r) => r.map((c) => (/[";\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(";")).join("\r\n");
        expect(sheetToTable(csvToSheet(semicolons), context)).toEqual({ ok: true, table, warnings: [] });
      }),
      { seed: 14_014, numRuns: 300 },
    );
    // Not vacuous: plenty of cells, many of them values typed as a person would.
    expect(cells).toBeGreaterThan(2000);
    expect(typedText).toBeGreaterThan(300);
  });

  it("round-trips any table through a real .xlsx file", async () => {
    await fc.assert(
      fc.asyncProperty(arbTable, async (table) => {
        const blob = await sheetToXlsx(tableToSheet(table, context), "Channels / 渠道 [EU]");
        const back = sheetToTable(await xlsxToSheet(blob), context);
        expect(back).toEqual({ ok: true, table, warnings: [] });
      }),
      { seed: 14_015, numRuns: 40 },
    );
  });

  it("reads rows added in a spreadsheet (no id, numbers Excel typed as numbers) and says what it could not read", () => {
    const table = ZDecisionTableData.parse({
      hitPolicy: "first",
      priority: 100,
      conditions: [{ id: "w", fact: "chargeableWeightGrams", operator: "lessThanInclusive", unit: "kg" }],
      actions: [{ id: "ch", kind: "assignChannel" }],
      rows: [{ id: "r1", cells: { w: 500 }, actions: { ch: { channelId: "CH-YUN" } } }],
    });
    const sheet: unknown[][] = tableToSheet(table, context);
    sheet.push(["", 2, "YunExpress DE"], ["r1", "heavy", "nowhere"]);
    const back = sheetToTable(sheet, context);
    if (!back.ok) throw new Error(back.message);
    expect(back.table.rows.map((r) => [r.id, r.cells, r.actions])).toEqual([
      ["r1", { w: 500 }, { ch: { channelId: "CH-YUN" } }],
      ["r2", { w: 2000 }, { ch: { channelId: "CH-YUN" } }],
      ["r3", { w: { $text: "heavy" } }, { ch: { $text: "nowhere" } }],
    ]);
    expect(back.warnings).toEqual(['Sheet row 6: row id "r1" is used twice; the row gets a new one']);
    expect(sheetToTable([["id", "country"]], context)).toMatchObject({ ok: false, message: expect.stringContaining("not an exported decision table") });
  });
});
