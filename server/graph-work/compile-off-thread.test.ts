/**
 * Large graphs compile in a worker thread, small ones inline, with the same result either way; the
 * main thread keeps turning while a large graph compiles; a crashed worker fails one compile and the
 * next one works; and the requests that take a graph (save, test) use it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileGraph } from "@/rules-schema/compile/compile-graph";
import { validateGraph } from "@/rules-schema/graph/analyze-graph";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema/graph/graph-schema";
import { GraphBuilder, cond, ladderGraph, makeContext, makeOrder, staircaseGraph } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { type Tenant, callerFor, createTenant } from "../testing/tenant-fixtures";
import { type CompiledWhere, GraphWorker, INLINE_TESTS_ON_PATHS, compileForServer } from "./compile-off-thread";

const staircase = (n: number): TRuleGraph => ZRuleGraph.parse(staircaseGraph(n));
const ladder = (n: number): TRuleGraph => ZRuleGraph.parse(ladderGraph(n));

const context = makeContext();
/** 120 steps: 7,260 tests on the paths, over the inline limit. */
const LARGE = staircase(120);

describe("compileForServer", () => {
  it("compiles a small graph inline and a large one in the worker, with byte-identical results", async () => {
    expect(120 * 121 / 2).toBeGreaterThan(INLINE_TESTS_ON_PATHS);
    for (const [graph, expected] of [
      [staircase(10), "inline"],
      [LARGE, "worker"],
    ] as const) {
      let where: CompiledWhere | null = null;
      const result = await compileForServer(graph, context, { where: (w) => (where = w) });
      expect(where).toBe(expected);
      const inline = compileGraph(graph, { context });
      expect(result.ok && inline.ok).toBe(true);
      expect(JSON.stringify(result)).toBe(JSON.stringify(inline));
    }
  });

  it("keeps the main thread turning while the worker compiles", async () => {
    let turns = 0;
    let done = false;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const result = await compileForServer(staircase(200), context);
    done = true;
    expect(result.ok).toBe(true);
    // Compiled inline, the compile would finish before the first setImmediate ran.
    expect(turns).toBeGreaterThan(1);
  });

  it("returns a graph's problems without starting the worker, and refuses paths that multiply before compiling", async () => {
    let where: CompiledWhere | null = null;
    const result = await compileForServer(ladder(26), context, { where: (w) => (where = w) });
    expect(where).toBeNull();
    expect(result.ok).toBe(false);
    expect(result.problems.find((p) => p.code === "tooManyPaths")?.message).toMatch(/More than 5,000 paths/);
  });

  it("fails one compile when its worker crashes, and compiles the next one in a new worker", async () => {
    const worker = new GraphWorker();
    try {
      await expect(worker.compile(LARGE, context, "crash")).rejects.toThrow(/graph worker exited with code 3/);
      const next = await worker.compile(LARGE, context);
      expect(next.ok && next.compiled.rules.length).toBe(120);
    } finally {
      await worker.close();
    }
    await expect(worker.compile(LARGE, context)).rejects.toThrow(/closed/);
  });

  it("compiles inline when SWITCHYARD_GRAPH_WORKERS=0", async () => {
    const before = process.env.SWITCHYARD_GRAPH_WORKERS;
    process.env.SWITCHYARD_GRAPH_WORKERS = "0";
    try {
      let where: CompiledWhere | null = null;
      await compileForServer(LARGE, context, { where: (w) => (where = w) });
      expect(where).toBe("inline");
    } finally {
      if (before === undefined) delete process.env.SWITCHYARD_GRAPH_WORKERS;
      else process.env.SWITCHYARD_GRAPH_WORKERS = before;
    }
  });
});

describe("the path budget counts long value lists by their size", () => {
  /** One condition with a long country list, then `rungs` conditions wired both ways: 2^rungs paths all repeating the list. */
  function longListLadder(rungs: number, countries: number): TRuleGraph {
    const b = new GraphBuilder("orderReview", "all");
    const codes = Array.from({ length: countries }, (_v, i) => `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}${i}`);
    const list = b.add("condition", cond("country", "in", codes));
    const ids = Array.from({ length: rungs }, (_v, i) => b.add("condition", cond("totalValue", "greaterThan", i)));
    b.link("start", list, "next").link(list, ids[0]!, "true");
    for (let i = 0; i + 1 < rungs; i++) b.link(ids[i]!, ids[i + 1]!, "true").link(ids[i]!, ids[i + 1]!, "false");
    const flag = b.add("flag", { code: "x" });
    b.link(ids[rungs - 1]!, flag, "true").link(ids[rungs - 1]!, flag, "false");
    return ZRuleGraph.parse(b.build());
  }

  it("accepts 1,024 paths of short tests but refuses the same paths each repeating a 2,000-country list", () => {
    const short = validateGraph(longListLadder(10, 5), { context });
    expect(short.map((p) => p.code)).not.toContain("tooManyPaths");
    const long = validateGraph(longListLadder(10, 2_000), { context });
    expect(long.find((p) => p.code === "tooManyPaths")?.message).toMatch(/more than 50,000 tests in all \(a long value list counts as several\)/);
  });
});

describe("requests that take a graph compile large ones in the worker", () => {
  let t: TestDb;
  let a: Tenant;

  beforeAll(async () => {
    t = await createTestDb("pglite");
    a = await createTenant(t.db, "graph-work-a");
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("saves a large draft with the same compiled rules as compileGraph, and tests it against an order", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const analyst = await callerFor(t.db, a.users.analyst);
    const created = await owner.rulesets.create({ name: "Large", stage: "orderReview", hitPolicy: "all" });
    const saved = await owner.rulesets.saveDraft({ id: created.id, revision: created.version.revision, graph: { ...LARGE, name: "Large" } });
    const row = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: created.id }, orderBy: { number: "desc" } });
    const expected = compileGraph({ ...LARGE, name: "Large" }, { context: makeContext({ warehouses: [], channels: [] }) });
    expect(expected.ok).toBe(true);
    if (!expected.ok) return;
    expect(row.contentHash).toBe(expected.compiled.manifest.contentHash);
    expect(row.ruleCount).toBe(120);
    expect(saved.revision).toBeGreaterThan(created.version.revision);

    // totalValue 50: conditions 0..49 hold, 50 fails → flag f50 only.
    const out = await analyst.rulesets.test({ graph: LARGE, order: makeOrder({ id: "large-1", totalValue: 50 }) });
    expect(out.message).toBeNull();
    expect(out.evaluation?.decision.flags).toEqual(["f50"]);
  });

  it("answers the path explosion from the attack (26 conditions wired both ways) with a problem, not a 47-second wait", async () => {
    const analyst = await callerFor(t.db, a.users.analyst);
    const out = await analyst.rulesets.test({ graph: ladder(26), order: makeOrder({ id: "ladder-1" }) });
    expect(out.evaluation).toBeNull();
    expect(out.problems.map((p) => p.code)).toContain("tooManyPaths");
  });
});
