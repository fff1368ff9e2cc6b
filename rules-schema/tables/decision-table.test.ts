import { describe, expect, it } from "vitest";
import { compileGraph } from "../compile/compile-graph";
import type { TCompiledRuleset } from "../compile/compiled-schema";
import { evaluate, parseCompiledRuleset } from "../evaluate/evaluate";
import { evaluateReference, runJsonRules } from "../evaluate/evaluate-reference";
import { validateGraph } from "../graph/analyze-graph";
import type { THitPolicy } from "../graph/graph-schema";
import { OPERATOR_NAMES } from "../operators/operator-registry";
import { GraphBuilder, makeContext, makeLine, makeOrder } from "../testing/factories";
import type { TOrder } from "../order/order-schema";
import { decompileRules } from "../decompile/decompile-rules";
import { parseConditionCell } from "./table-cells";
import { decompileAsTable, tableFromRules } from "./table-from-rules";
import { ruleSourceNames } from "./compile-table";
import type { TDecisionTableInput, TTableConditionColumn } from "./table-schema";

type OrderOverrides = Parameters<typeof makeOrder>[0];

/**
 * One case per operator: a condition column, the cell as a person types it, an order the cell admits
 * and one it refuses. The table's first row assigns "ch-hit" when its cell matches; the second row
 * (empty cells, "any") assigns "ch-rest".
 */
const CASES: [operator: string, column: Omit<TTableConditionColumn, "id" | "operator">, typed: string, hit: OrderOverrides, miss: OrderOverrides][] = [
  ["equal", { fact: "country" }, "de", { shippingAddress: { country: "DE" } }, { shippingAddress: { country: "FR" } }],
  ["notEqual", { fact: "currency" }, "USD", { currency: "EUR" }, { currency: "USD" }],
  ["in", { fact: "country" }, "DE, FR，GB", { shippingAddress: { country: "GB" } }, { shippingAddress: { country: "US" } }],
  ["notIn", { fact: "country" }, "US; CA", { shippingAddress: { country: "DE" } }, { shippingAddress: { country: "US" } }],
  ["contains", { fact: "tags" }, "vip", { tags: ["vip"] }, { tags: ["gift"] }],
  ["doesNotContain", { fact: "riskFlags" }, "fraud", { riskFlags: [] }, { riskFlags: ["fraud"] }],
  ["lessThan", { fact: "totalValue" }, "20", { totalValue: 10 }, { totalValue: 25 }],
  ["lessThanInclusive", { fact: "totalValue" }, "25", { totalValue: 25 }, { totalValue: 26 }],
  ["greaterThan", { fact: "chargeableWeightGrams", unit: "kg" }, "0.5", { lines: [makeLine({ weightGrams: 600 })] }, { lines: [makeLine({ weightGrams: 500 })] }],
  ["greaterThanInclusive", { fact: "totalQuantity" }, "2", { lines: [makeLine({ quantity: 2 })] }, { lines: [makeLine({ quantity: 1 })] }],
  ["between", { fact: "chargeableWeightGrams", unit: "kg" }, "0.5–2", { lines: [makeLine({ weightGrams: 2000 })] }, { lines: [makeLine({ weightGrams: 2001 })] }],
  ["startsWith", { fact: "postalCode" }, "90", { shippingAddress: { postalCode: "90210" } }, { shippingAddress: { postalCode: "10001" } }],
  ["startsWithAny", { fact: "region" }, "C, N", { shippingAddress: { region: "NY" } }, { shippingAddress: { region: "TX" } }],
  ["anyStartsWith", { fact: "skus" }, "ABC-", { lines: [makeLine({ platformSku: "ABC-1" })] }, { lines: [makeLine({ platformSku: "Z-1" })] }],
  ["containsAny", { fact: "tags" }, "vip, gift", { tags: ["gift"] }, { tags: [] }],
  ["containsAll", { fact: "tags" }, "vip, gift", { tags: ["gift", "vip"] }, { tags: ["vip"] }],
  ["containsNone", { fact: "tags" }, "fraud | blocked", { tags: ["vip"] }, { tags: ["blocked"] }],
  ["textContains", { fact: "buyerMessage" }, "urgent", { buyerMessage: "Please, URGENT" }, { buyerMessage: "no rush" }],
  ["textDoesNotContain", { fact: "sellerNote" }, "hold", { sellerNote: "ok" }, { sellerNote: "please hold" }],
  ["isEmpty", { fact: "buyerMessage" }, "yes", { buyerMessage: "" }, { buyerMessage: "hi" }],
  ["isNotEmpty", { fact: "sellerNote" }, "✓", { sellerNote: "check" }, { sellerNote: "" }],
  ["postalCodeIn", { fact: "postalCode" }, "90*, 10000-10999", { shippingAddress: { postalCode: "10001" } }, { shippingAddress: { postalCode: "60601" } }],
];

/** Column types the operators above do not already cover: booleans, fact parameters, a reference. */
const EXTRA_CASES: typeof CASES = [
  ["equal", { fact: "hasBattery" }, "是", { lines: [makeLine({ hasBattery: true })] }, { lines: [makeLine({ hasBattery: false })] }],
  ["equal", { fact: "inStockAt", params: { warehouseId: "wh-sz" } }, "yes", { lines: [makeLine({ warehouseSku: "W-1", quantity: 1 })] }, { lines: [makeLine({ warehouseSku: "W-1", quantity: 9 })] }],
  ["in", { fact: "platform" }, "TikTok, temu", { platform: "tiktok" }, { platform: "amazon" }],
  ["greaterThan", { fact: "hoursToDeadline", unit: "d" }, "1", { shipByDeadline: "2026-11-23T08:00:00Z" }, { shipByDeadline: "2026-11-21T08:00:00Z" }],
];

const context = makeContext({
  warehouses: [{ id: "wh-sz", name: "Shenzhen", country: "CN", calendar: { timeZone: "Asia/Shanghai" } }],
  inventory: { "wh-sz": { "W-1": 3 } },
  channels: ["ch-hit", "ch-rest", "yun-de", "4px-eu", "x"].map((id) => ({ id, name: id.toUpperCase(), maxWeightGrams: 30_000 })),
});

function tableGraph(column: TTableConditionColumn, cell: unknown, tableHit: THitPolicy, rulesetHit: THitPolicy) {
  const g = new GraphBuilder("logisticsMatching", rulesetHit);
  const start = "start";
  const table: TDecisionTableInput = {
    hitPolicy: tableHit,
    priority: 100,
    conditions: [column],
    actions: [{ id: "channel", kind: "assignChannel" }],
    rows: [
      { id: "r1", cells: { [column.id]: cell }, actions: { channel: { channelId: "ch-hit" } } },
      { id: "r2", cells: {}, actions: { channel: { channelId: "ch-rest" } } },
    ],
  };
  const t = g.add("decisionTable", table as unknown as Record<string, unknown>);
  g.link(start, t, "next");
  return g.build();
}

function compileOk(graph: unknown): TCompiledRuleset {
  const r = compileGraph(graph, { context });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.compiled;
}

async function channelsOf(compiled: TCompiledRuleset, order: TOrder) {
  const fast = evaluate(compiled, order, context).decision.channelId;
  const reference = (await evaluateReference(compiled, order, context)).decision.channelId;
  // The rules on their own, in plain json-rules-engine: the first event (highest priority, then rule order) is the first row that matched.
  const plain = (await runJsonRules(compiled.rules, order, context))[0]?.params?.channelId ?? null;
  return { fast, reference, plain };
}

describe("decision table → compile → json-rules-engine, every operator and column type", () => {
  for (const [operator, col, typed, hit, miss] of [...CASES, ...EXTRA_CASES]) {
    const column: TTableConditionColumn = { id: "c", operator, ...col };
    it(`${operator} on ${col.fact}${col.params ? " (with parameters)" : ""}: "${typed}"`, async () => {
      const cell = parseConditionCell(column, typed, context);
      expect(cell.ok, JSON.stringify(cell)).toBe(true);
      const value = (cell as { value: unknown }).value;
      for (const [tableHit, rulesetHit] of [["first", "all"], ["first", "first"], ["all", "first"]] as const) {
        const graph = tableGraph(column, value, tableHit, rulesetHit);
        expect(validateGraph(graph, { context }).filter((p) => p.severity === "error")).toEqual([]);
        const compiled = compileOk(graph);
        expect(parseCompiledRuleset(JSON.parse(JSON.stringify(compiled))).ok).toBe(true);
        expect(await channelsOf(compiled, makeOrder(hit))).toEqual({ fast: "ch-hit", reference: "ch-hit", plain: "ch-hit" });
        expect(await channelsOf(compiled, makeOrder(miss))).toEqual({ fast: "ch-rest", reference: "ch-rest", plain: "ch-rest" });
      }
    });
  }

  it("covers every operator of the registry", () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(OPERATOR_NAMES));
  });
});

describe("decision table semantics", () => {
  const weight: TTableConditionColumn = { id: "w", fact: "chargeableWeightGrams", operator: "between", unit: "kg" };
  const country: TTableConditionColumn = { id: "country", fact: "country", operator: "in" };
  const matrix = (hitPolicy: THitPolicy, rulesetHit: THitPolicy = "all") => {
    const g = new GraphBuilder("logisticsMatching", rulesetHit);
    const start = "start";
    const t = g.add("decisionTable", {
      hitPolicy,
      priority: 50,
      conditions: [country, weight],
      actions: [
        { id: "channel", kind: "assignChannel" },
        { id: "tag", kind: "addTag" },
      ],
      rows: [
        { id: "de-light", cells: { country: ["DE"], w: [0, 500] }, actions: { channel: { channelId: "yun-de" }, tag: { tag: "light" } } },
        { id: "eu", cells: { country: ["DE", "FR"] }, actions: { channel: { channelId: "4px-eu" }, tag: { tag: "eu" } } },
        { id: "any", cells: {}, actions: { tag: { tag: "any" } } },
      ],
    });
    g.link(start, t, "next");
    const after = g.add("addTag", { tag: "from-table", priority: 10 });
    g.link(t, after, "true");
    const none = g.add("hold", { reason: "No row matched", priority: 10 });
    g.link(t, none, "false");
    return g.build();
  };
  const de = makeOrder({ shippingAddress: { country: "DE" }, lines: [makeLine({ weightGrams: 300 })] });
  const fr = makeOrder({ shippingAddress: { country: "FR" }, lines: [makeLine({ weightGrams: 3000 })] });

  it("first-hit: only the first matching row acts (even under a ruleset that fires every rule); matched rows continue to the table's outputs", async () => {
    const compiled = compileOk(matrix("first"));
    expect(compiled.rules.map((r) => r.name)).toEqual([
      "rule:n1:de-light:channel",
      "rule:n1:de-light:tag",
      "rule:n1:eu:channel",
      "rule:n1:eu:tag",
      "rule:n1:any:tag",
      expect.stringMatching(/^rule:n\d$/),
      expect.stringMatching(/^rule:n\d$/),
    ]);
    for (const ev of [evaluate(compiled, de, context), await evaluateReference(compiled, de, context)]) {
      expect(ev.decision.channelId).toBe("yun-de");
      expect(ev.decision.tags).toEqual(["light", "from-table"]);
      expect(ev.decision.holds).toEqual([]);
      expect(ev.matchedRules).toContain("rule:n1:eu:channel");
    }
    expect(evaluate(compiled, fr, context).decision.tags).toEqual(["eu", "from-table"]);
    const nowhere = evaluate(compiled, makeOrder({ shippingAddress: { country: "US" } }), context).decision;
    expect([nowhere.tags, nowhere.holds.map((h) => h.reason)]).toEqual([["any", "from-table"], []]);
  });

  it("all-hit: every matching row acts; the higher row's channel counts and the overlap is a conflict (same priority)", () => {
    const compiled = compileOk(matrix("all"));
    const d = evaluate(compiled, de, context).decision;
    expect(d.tags).toEqual(["light", "eu", "any", "from-table"]);
    expect(d.channelId).toBe("yun-de");
    expect(d.conflicts.map((c) => c.ruleNames)).toEqual([["rule:n1:de-light:channel", "rule:n1:eu:channel"]]);
  });

  it("warns about the overlap under all-hit and about hidden rows under first-hit", () => {
    const all = validateGraph(matrix("all"), { context });
    expect(all.filter((p) => p.code === "overlappingRows").map((p) => p.message)).toEqual([
      'Row 1 and Row 2 can match the same order and set different values for channel: such orders get a conflict. Narrow one of them, or use hit policy "first"',
    ]);
    const g = matrix("first") as { nodes: { kind: string; data: { rows: unknown[] } }[] };
    const table = g.nodes.find((n) => n.kind === "decisionTable")!;
    table.data.rows.splice(2, 0, { id: "de-heavy", cells: { country: ["DE"], w: [1000, 2000] }, actions: { tag: { tag: "x" } } });
    const first = validateGraph(g, { context });
    expect(first.filter((p) => p.code === "shadowedRow").map((p) => [p.message, p.field])).toEqual([
      ["Row 3 can never match: Row 2 comes first and matches every order it matches", "data.rows.2"],
    ]);
  });

  it("reports cells of the wrong type at the cell, and empty tables", () => {
    const g = new GraphBuilder("logisticsMatching", "first");
    const start = "start";
    const t = g.add("decisionTable", {
      priority: 50,
      conditions: [country, weight],
      actions: [{ id: "channel", kind: "assignChannel" }],
      rows: [
        { id: "a", cells: { country: ["XX"], w: [2, 1] }, actions: { channel: { channelId: "" } } },
        { id: "b", cells: { w: "heavy" }, actions: {} },
      ],
    });
    g.link(start, t, "next");
    const problems = validateGraph(g.build(), { context });
    expect(problems.map((p) => [p.code, p.field])).toEqual(
      expect.arrayContaining([
        ["invalidValue", "data.rows.0.cells.country"],
        ["invalidValue", "data.rows.0.cells.w"],
        ["invalidValue", "data.rows.0.actions.channel"],
        ["invalidValue", "data.rows.1.cells.w"],
        ["rowWithoutAction", "data.rows.1.actions"],
      ]),
    );
    expect(problems.find((p) => p.field === "data.rows.0.cells.country")!.message).toContain('Row 1, Destination country: "XX" is not an ISO 3166 country code');

    const empty = new GraphBuilder("logisticsMatching", "first");
    const s = "start";
    const e = empty.add("decisionTable", { priority: 50, conditions: [country], actions: [{ id: "channel", kind: "assignChannel" }], rows: [] });
    empty.link(s, e, "next");
    expect(validateGraph(empty.build()).map((p) => p.code)).toContain("emptyTable");
  });

  it("traces the row that matched and, for rows that did not, the first failing cell with actual vs expected", () => {
    const compiled = compileOk(matrix("first"));
    const trace = evaluate(compiled, fr, context, { trace: true }).trace!;
    const row = (id: string) => trace.rules.find((r) => r.table?.rowId === id && r.table.column === "channel")!;
    expect(row("de-light").matched).toBe(false);
    expect(row("de-light").table!.firstFailedColumn).toBe("country");
    const cell = row("de-light").conditions.find((c) => c.column === "country")!;
    expect([cell.actual, cell.expected, cell.result]).toEqual(["FR", ["DE"], false]);
    expect(row("eu").matched && row("eu").fired).toBe(true);
  });

  it("names its compiled rules for the screens (simulation hits, version lists): one per row and action cell", () => {
    const g = matrix("first") as { nodes: { id: string; kind: string; data: unknown }[] };
    const compiled = compileOk(g);
    const names = ruleSourceNames(g.nodes);
    expect(names.map((n) => n.name).sort()).toEqual(compiled.rules.map((r) => r.name).sort());
    expect(names.filter((n) => n.row !== null).map((n) => [n.name, n.row])).toEqual([
      ["rule:n1:de-light:channel", 0],
      ["rule:n1:de-light:tag", 0],
      ["rule:n1:eu:channel", 1],
      ["rule:n1:eu:tag", 1],
      ["rule:n1:any:tag", 2],
    ]);
  });

  it("compiles the same table to byte-identical output, and under the fallback too", () => {
    const a = compileOk(matrix("first"));
    const b = compileOk(JSON.parse(JSON.stringify(matrix("first"))));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const g = new GraphBuilder("logisticsMatching", "first");
    const fb = g.add("fallback");
    const t = g.add("decisionTable", { priority: 50, conditions: [country], actions: [{ id: "c", kind: "assignChannel" }], rows: [{ id: "r", cells: { country: ["DE"] }, actions: { c: { channelId: "x" } } }] });
    g.link(fb, t, "next");
    const compiled = compileOk(g.build());
    expect(compiled.rules[0]!.conditions).toEqual({ all: [{ fact: "matchedRuleCount", operator: "equal", value: 0 }, { all: [{ fact: "country", operator: "in", value: ["DE"] }] }] });
    expect(evaluate(compiled, de, context).decision.channelId).toBe("x");
  });

  it("decompiles a compiled table back into the same table node: same data, byte-identical recompile, same decisions", () => {
    for (const policy of ["first", "all"] as const) {
      // Without the catch-all row (with it the table always matches, and reading the file folds its "matched" test to true).
      const graph = matrix(policy) as { nodes: { kind: string; data: { rows: { id: string }[] } }[] };
      const tableData = graph.nodes.find((n) => n.kind === "decisionTable")!.data;
      tableData.rows = tableData.rows.filter((r) => r.id !== "any");
      const compiled = compileOk(graph);
      const back = decompileRules(JSON.parse(JSON.stringify(compiled)), { context });
      if (!back.ok) throw new Error(JSON.stringify(back.problems));
      const tables = back.graph.nodes.filter((n) => n.kind === "decisionTable");
      expect(tables).toHaveLength(1);
      const data = tables[0]!.data as { rows: { id: string }[]; hitPolicy: string; conditions: { id: string }[] };
      expect([data.hitPolicy, data.rows.map((r) => r.id), data.conditions.map((c) => c.id)]).toEqual([policy, ["de-light", "eu"], ["country", "w"]]);
      // What follows the table (its "matched" / "no match" outputs) hangs off the table again.
      expect(back.graph.edges.filter((e) => e.sourceId === tables[0]!.id).map((e) => e.sourceHandle).sort()).toEqual(["false", "true"]);
      const again = compileOk(back.graph);
      expect(JSON.stringify(again.rules.map((r) => [r.conditions, r.event, r.priority]))).toBe(JSON.stringify(compiled.rules.map((r) => [r.conditions, r.event, r.priority])));
      for (const order of [de, fr, makeOrder({ shippingAddress: { country: "US" } })])
        expect(evaluate(again, order, context).decision.tags).toEqual(evaluate(compiled, order, context).decision.tags);
    }
  });

  it("rows without actions take no part: the table's 'matched' output ignores them, and a table whose rows set nothing is an error", () => {
    const g = new GraphBuilder("logisticsMatching", "all");
    const t = g.add("decisionTable", {
      priority: 50,
      conditions: [country],
      actions: [{ id: "channel", kind: "assignChannel" }],
      rows: [
        { id: "de", cells: { country: ["DE"] }, actions: {} },
        { id: "fr", cells: { country: ["FR"] }, actions: { channel: { channelId: "x" } } },
      ],
    });
    g.link("start", t, "next");
    const tag = g.add("addTag", { tag: "matched", priority: 10 });
    g.link(t, tag, "true");
    const compiled = compileOk(g.build());
    expect(evaluate(compiled, de, context).decision.tags).toEqual([]);
    expect(evaluate(compiled, fr, context).decision.tags).toEqual(["matched"]);
    const data = (g.build() as { nodes: { kind: string; data: { rows: { actions: object }[] } }[] }).nodes.find((n) => n.kind === "decisionTable")!.data;
    data.rows[1]!.actions = {};
    const bare = g.build() as { nodes: { kind: string; data: unknown }[] };
    bare.nodes.find((n) => n.kind === "decisionTable")!.data = data;
    expect(validateGraph(bare, { context }).filter((p) => p.code === "emptyTable").map((p) => p.severity)).toEqual(["error"]);
  });
});

describe("plain json-rules-engine rules as a table (the import offer)", () => {
  const de = makeOrder({ shippingAddress: { country: "DE" }, lines: [makeLine({ weightGrams: 300 })] });
  const fr = makeOrder({ shippingAddress: { country: "FR" }, lines: [makeLine({ weightGrams: 3000 })] });
  // Rules as the json-rules-engine README writes them: `all` of fact comparisons, an event with params.
  const file = [
    { name: "DE light", priority: 10, conditions: { all: [{ fact: "country", operator: "in", value: ["DE", "AT"] }, { fact: "chargeableWeightGrams", operator: "lessThanInclusive", value: 2000 }] }, event: { type: "assignChannel", params: { channelId: "yun-de" } } },
    { name: "EU", priority: 10, conditions: { all: [{ fact: "country", operator: "in", value: ["DE", "FR", "AT"] }] }, event: { type: "assignChannel", params: { channelId: "4px-eu" } } },
    { name: "battery", priority: 10, conditions: { any: [{ fact: "hasBattery", operator: "equal", value: true }] }, event: { type: "hold", params: { reason: "Battery" } } },
  ];

  it("offers one row per rule when the rules share facts and one priority, and the table decides as the rules did", async () => {
    const read = decompileRules(file, { stage: "logisticsMatching", context });
    expect(read.ok).toBe(true);
    const offer = tableFromRules(
      file.slice(0, 2).map((r) => ({ ...r, conditions: r.conditions })),
      "all",
    );
    if (!offer.ok) throw new Error(offer.reason);
    expect(offer.table.conditions.map((c) => [c.fact, c.operator])).toEqual([
      ["country", "in"],
      ["chargeableWeightGrams", "lessThanInclusive"],
    ]);
    expect(offer.table.rows.map((r) => [r.description, r.cells, r.actions])).toEqual([
      ["DE light", { c1: ["DE", "AT"], c2: 2000 }, { a1: { channelId: "yun-de" } }],
      ["EU", { c1: ["DE", "FR", "AT"] }, { a1: { channelId: "4px-eu" } }],
    ]);
    expect(offer.table.hitPolicy).toBe("all");
    const g = new GraphBuilder("logisticsMatching", "all");
    const t = g.add("decisionTable", offer.table as unknown as Record<string, unknown>);
    g.link("start", t, "next");
    const fromTable = compileOk(g.build());
    const fromRules = compileOk(read.ok ? read.graph : null);
    for (const order of [de, fr, makeOrder({ shippingAddress: { country: "AT" }, lines: [makeLine({ weightGrams: 5000 })] })])
      expect(evaluate(fromTable, order, context).decision.channelId).toBe(evaluate(fromRules, order, context).decision.channelId);
  });

  it("under hit policy first, rows come in priority order; it declines rules of different priorities under all, and nested conditions", () => {
    const ranked = [
      { ...file[1]!, priority: 5 },
      { ...file[0]!, priority: 20 },
    ];
    const first = tableFromRules(ranked, "first");
    expect(first.ok && first.table.rows.map((r) => r.description)).toEqual(["DE light", "EU"]);
    expect(tableFromRules(ranked, "all")).toMatchObject({ ok: false, reason: expect.stringContaining("different priorities") });
    const nested = [file[0]!, { ...file[1]!, conditions: { all: [{ not: { fact: "country", operator: "equal", value: "US" } }] } }];
    expect(tableFromRules(nested as never, "all")).toMatchObject({ ok: false, reason: expect.stringContaining("not a list of fact comparisons") });
  });

  it("turns a whole json-rules-engine file into one table graph for the import dialog, or says why not", () => {
    const asTable = decompileAsTable({ rules: file.slice(0, 2) }, { stage: "logisticsMatching", hitPolicy: "all", context });
    if (!asTable.ok) throw new Error(asTable.reason);
    expect([asTable.rows, asTable.columns, asTable.graph.nodes.map((n) => n.kind)]).toEqual([2, 3, ["start", "decisionTable"]]);
    expect(validateGraph(asTable.graph, { context }).filter((p) => p.severity === "error")).toEqual([]);
    expect(decompileAsTable(file, { stage: "logisticsMatching", hitPolicy: "all", context })).toMatchObject({ ok: true });
    expect(decompileAsTable([file[0]], { stage: "logisticsMatching", hitPolicy: "all" })).toEqual({ ok: false, reason: "a table needs at least two rules" });
  });
});
