import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALENDAR_LA, GraphBuilder, cond, makeOrder } from "@/rules-schema/testing/factories";
import { ZTestSuite } from "@/rules-schema/suites/suite-schema";
import type { TestDb } from "../../db/create-test-db";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, errorOf, expectedOutcome, fieldsOf, matrix, runCase, twoTenants } from "./router-test-kit";

/** Order review: US orders are held for an address check. */
function usHoldGraph() {
  const b = new GraphBuilder("orderReview", "all");
  const us = b.add("condition", cond("country", "equal", "US"));
  b.link("start", us, "next");
  b.link(us, b.add("hold", { reason: "Check US address", priority: 100 }), "true");
  return b.build();
}
const usOrder = makeOrder({ shippingAddress: { country: "US" } });
const deOrder = makeOrder({ shippingAddress: { country: "DE" } });

describe.each(DB_KINDS)("test suite router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let rulesetA: string;
  let rulesetB: string;
  let caseB: string;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    rulesetA = (await ownerA.rulesets.create({ name: "US review", stage: "orderReview", hitPolicy: "all", graph: usHoldGraph() } as never)).id;
    const ownerB = await callerFor(t.db, b.users.owner);
    rulesetB = (await ownerB.rulesets.create({ name: "B review", stage: "orderReview", hitPolicy: "all", graph: usHoldGraph() } as never)).id;
    caseB = (await ownerB.testSuites.add({ rulesetId: rulesetB, name: "B case", order: usOrder, expect: { holds: ["Check US address"] } })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const add = (c: Caller, name: string) => c.testSuites.add({ rulesetId: rulesetA, name, order: deOrder, expect: { holds: [] } });
  const cases: ProcedureCase[] = [
    { name: "testSuites.list", permission: "read", own: (c) => c.testSuites.list({ rulesetId: rulesetA }), foreign: (c) => c.testSuites.list({ rulesetId: rulesetB }), foreignCode: "NOT_FOUND" },
    { name: "testSuites.export", permission: "read", own: (c) => c.testSuites.export({ rulesetId: rulesetA }), foreign: (c) => c.testSuites.export({ rulesetId: rulesetB }), foreignCode: "NOT_FOUND" },
    {
      name: "testSuites.add",
      permission: "editRules",
      own: (c, role) => add(c, `added by ${role}`),
      foreign: (c) => c.testSuites.add({ rulesetId: rulesetB, name: "HACK", order: usOrder, expect: { holds: [] } }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "testSuites.remove",
      permission: "editRules",
      own: async (c, role) => c.testSuites.remove({ rulesetId: rulesetA, id: (await add(ownerA, `to remove ${role}`)).id }),
      foreign: (c) => c.testSuites.remove({ rulesetId: rulesetB, id: caseB }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "testSuites.run",
      permission: "simulate",
      own: (c) => c.testSuites.run({ rulesetId: rulesetA, versionNumber: 1 }),
      foreign: (c) => c.testSuites.run({ rulesetId: rulesetB, versionNumber: 1 }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("runs the suite against the canvas or a version: passing and failing cases with the fields that differ, and coverage", async () => {
    const suite = {
      format: "switchyard.suite/v1" as const,
      name: "US review",
      cases: [
        { id: "us", name: "US held", source: "manual" as const, order: usOrder, expect: { holds: ["Check US address"], decided: true } },
        { id: "de", name: "DE not held", source: "manual" as const, order: deOrder, expect: { holds: [] } },
      ],
    };
    const stored = await as.designer!.testSuites.import({ rulesetId: rulesetA, suite });
    expect(stored.map((c) => c.key)).toEqual(["us", "de"]);
    const pass = await as.analyst!.testSuites.run({ rulesetId: rulesetA, versionNumber: 1 });
    expect([pass.run?.passed, pass.run?.failed, pass.run?.notExercised]).toEqual([2, 0, []]);
    // The canvas as it is (unsaved): the hold now only for Canada, so the US case fails and says why.
    const edited = usHoldGraph() as { nodes: { kind: string; data: { operand?: { value: unknown } } }[] };
    edited.nodes.find((n) => n.kind === "condition")!.data.operand!.value = "CA";
    const fail = await as.analyst!.testSuites.run({ rulesetId: rulesetA, graph: edited as never });
    expect(fail.run?.cases.map((c) => [c.key, c.passed, c.diffs.map((d) => [d.field, d.expected, d.actual])])).toEqual([
      ["us", false, [["decided", true, false], ["holds", ["Check US address"], []]]],
      ["de", true, []],
    ]);
    expect(fail.run?.notExercised).toHaveLength(1);
    // The suite exports as a suite file the CLI reads.
    expect(ZTestSuite.parse(await as.viewer!.testSuites.export({ rulesetId: rulesetA })).cases.map((c) => c.id)).toEqual(["us", "de"]);
  });

  it("refuses a second case with the same id, and a case without expectations, naming the field", async () => {
    await ownerA.testSuites.add({ rulesetId: rulesetA, key: "dup", name: "one", order: usOrder, expect: { decided: true } });
    const dup = await errorOf(ownerA.testSuites.add({ rulesetId: rulesetA, key: "dup", name: "two", order: usOrder, expect: { decided: true } }));
    expect([dup.code, fieldsOf(dup)]).toEqual(["BAD_REQUEST", ["key"]]);
    const empty = await errorOf(ownerA.testSuites.add({ rulesetId: rulesetA, name: "nothing", order: usOrder, expect: {} }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(fieldsOf(empty)).toEqual(["expect"]);
  });
  it("gives concurrent additions without an id each their own key", async () => {
    const r = await ownerA.rulesets.create({ name: `concurrent ${Date.now()}`, stage: "orderReview", hitPolicy: "all", graph: usHoldGraph() as never });
    const added = await Promise.all(Array.from({ length: 4 }, (_v, i) => ownerA.testSuites.add({ rulesetId: r.id, name: `case ${i}`, order: usOrder, expect: { decided: true } })));
    expect(new Set(added.map((c) => c.key)).size).toBe(4);
  });

  it("fails a stored case that no longer reads on its own, saying why, and runs the others", async () => {
    const r = await ownerA.rulesets.create({ name: `stale ${Date.now()}`, stage: "orderReview", hitPolicy: "all", graph: usHoldGraph() as never });
    await ownerA.testSuites.add({ rulesetId: r.id, key: "good", name: "good", order: usOrder, expect: { holds: ["Check US address"] } });
    const bad = await ownerA.testSuites.add({ rulesetId: r.id, key: "stale", name: "stale", order: usOrder, expect: { holds: ["Check US address"] } });
    // As if the order model had changed since the case was saved.
    await t.db.rulesetTestCase.update({ where: { id: bad.id }, data: { order: { ...usOrder, lines: [] } } });
    const out = await as.analyst!.testSuites.run({ rulesetId: r.id, graph: usHoldGraph() as never });
    expect(out.run?.cases.map((c) => [c.key, c.passed, c.error ?? null])).toEqual([
      ["good", true, null],
      ["stale", false, expect.stringContaining("the stored case no longer reads: order.lines")],
    ]);
    expect([out.run?.total, out.run?.passed, out.run?.failed]).toEqual([2, 1, 1]);
  });
  it("keeps a case's warehouse for later stages: the run evaluates it as from there; another organization's warehouse is refused", async () => {
    const mk = (o: string, code: string) => t.db.warehouse.create({ data: { organizationId: o, code, name: code, kind: "own", country: "US", calendar: CALENDAR_LA } });
    const la = await mk(a.organizationId, `LA-${Date.now()}`);
    const other = await mk(b.organizationId, `NJ-${Date.now()}`);
    const g = new GraphBuilder("logisticsMatching", "first");
    const c = g.add("condition", cond("assignedWarehouse", "equal", la.id));
    g.link("start", c, "next").link(c, g.add("flag", { code: "from-la" }), "true").link(c, g.add("flag", { code: "elsewhere" }), "false");
    const graph = g.build();
    const r = await ownerA.rulesets.create({ name: `pinned ${Date.now()}`, stage: "logisticsMatching", hitPolicy: "first", graph: graph as never });
    const pinned = await ownerA.testSuites.add({ rulesetId: r.id, name: "from LA", order: usOrder, assignedWarehouseId: la.id, expect: { flags: ["from-la"] } });
    expect(pinned.assignedWarehouseId).toBe(la.id);
    const out = await as.analyst!.testSuites.run({ rulesetId: r.id, graph: graph as never });
    expect(out.run?.cases.map((x) => [x.key, x.passed])).toEqual([[pinned.key, true]]);
    expect((await ownerA.testSuites.export({ rulesetId: r.id })).cases[0]!.assignedWarehouseId).toBe(la.id);
    const e = await errorOf(ownerA.testSuites.add({ rulesetId: r.id, name: "foreign", order: usOrder, assignedWarehouseId: other.id, expect: { decided: true } }));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", ["assignedWarehouseId"]]);
  });
});
