/**
 * Simulations end to end on a real database: created through the router, run by the embedded runner
 * (and by pg-boss on PostgreSQL), checked against evaluating the same orders directly and through
 * json-rules-engine; restart mid-run, cancel, a failing and a crashing worker, an empty range.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateReference, type TOrder, type TRuleGraph, ZRuleGraph } from "@/rules-schema";
import { createSimulator } from "@/rules-schema/simulate";
import { ZSimulationPlan } from "@/rules-schema/simulate/simulation-schema";
import { CALENDAR_LA, CALENDAR_SZ, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { handleChangesCsv, handleSimulationUpload } from "../http/simulation-http";
import { loadEvaluationContext } from "../services/load-evaluation-context";
import { insertOrderRows } from "../services/order-row";
import type { Scope } from "../services/scope";
import { type Tenant, callerFor, createTenant } from "../testing/tenant-fixtures";
import { createContextForUser } from "../trpc/context";
import { type Caller, DB_KINDS, callersOf, errorOf } from "../trpc/routers/router-test-kit";
import { EvaluatorPool } from "./evaluator-pool";
import { registerSimulationRunner } from "./get-simulation-runner";
import { EmbeddedRunner, PgBossRunner, type SimulationRunner } from "./simulation-runner";
import { loadChunkOrders, loadSimulation, pendingChunks, prepareSimulation, runChunk } from "./simulation-steps";

const ORDERS = 64;
const CHUNK = 10;

/** Warehouse matching: v1 sends US to LA, everything else to SZ; v2 also sends CA and MX to LA and holds heavy orders. */
function warehouseGraph(la: string, sz: string, v2: boolean): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const us = b.add("condition", cond("country", "in", v2 ? ["US", "CA", "MX"] : ["US"]));
  const toLa = b.add("assignWarehouse", { warehouseId: la, priority: 300 });
  const fallback = b.add("fallback");
  const toSz = b.add("assignWarehouse", { warehouseId: sz });
  b.link("start", us, "next").link(us, toLa, "true");
  b.link(fallback, toSz, "next");
  if (v2) {
    const heavy = b.add("condition", cond("totalWeightGrams", "greaterThan", 5000));
    const hold = b.add("hold", { reason: "heavy" });
    b.link("start", heavy, "next").link(heavy, hold, "true");
  }
  return ZRuleGraph.parse(b.build());
}

/** Logistics matching: US → USPS, else China Post. */
function channelGraph(usps: string, post: string): TRuleGraph {
  const b = new GraphBuilder("logisticsMatching", "first");
  const us = b.add("condition", cond("country", "equal", "US"));
  const toUsps = b.add("assignChannel", { channelId: usps, priority: 200 });
  const fallback = b.add("fallback");
  const toPost = b.add("assignChannel", { channelId: post });
  b.link("start", us, "next").link(us, toUsps, "true").link(fallback, toPost, "next");
  return ZRuleGraph.parse(b.build());
}

const COUNTRIES = ["US", "CA", "MX", "DE", "GB"] as const;
function historyOrders(storeId: string): TOrder[] {
  return Array.from({ length: ORDERS }, (_, i) =>
    makeOrder({
      id: `o${i}`,
      externalId: `#${1000 + i}`,
      storeId,
      buyerId: `buyer-${i % 9}`,
      createdAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), 8 + (i % 10))).toISOString(),
      paidAt: null,
      shipByDeadline: new Date(Date.UTC(2026, 9, 2 + (i % 28), 8)).toISOString(),
      shippingAddress: { country: COUNTRIES[i % COUNTRIES.length]!, postalCode: "10001" },
      lines: [makeLine({ warehouseSku: "W-1", quantity: 1 + (i % 4), weightGrams: i % 7 === 0 ? 2500 : 400 })],
    }),
  );
}

const RATES = (currency: string, countries: string[]) => ({
  currency,
  roundUpGrams: 10,
  zones: [{ code: "Z1", countries, postalPrefixes: [] }],
  bands: [
    { zone: "Z1", upToGrams: 2000, fixed: 5, perKg: 1 },
    { zone: "Z1", upToGrams: 30000, fixed: 9, perKg: 2 },
  ],
});

describe.each(DB_KINDS)("simulations (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let foreign: Caller;
  let scopeA: Scope;
  let la: string;
  let sz: string;
  let rulesetId: string;
  let bRulesetId: string;
  let runner: EmbeddedRunner;
  const previousChunk = process.env.SIMULATION_CHUNK_SIZE;

  beforeAll(async () => {
    process.env.SIMULATION_CHUNK_SIZE = String(CHUNK);
    t = await createTestDb(kind);
    a = await createTenant(t.db, `sim-a-${kind}`);
    b = await createTenant(t.db, `sim-b-${kind}`);
    as = await callersOf(t.db, a);
    foreign = await callerFor(t.db, b.users.owner);
    scopeA = { organizationId: a.organizationId, role: "owner", actor: { type: "system", id: "test" } };
    runner = new EmbeddedRunner(t.db, { pool: new EvaluatorPool(0) });
    registerSimulationRunner(t.db, runner);
    const owner = as.owner!;
    la = (await owner.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    sz = (await owner.warehouses.create({ code: "SZ", name: "Shenzhen", kind: "own", country: "CN", address: null, calendar: CALENDAR_SZ })).id;
    const channel = (code: string, name: string, countries: string[], currency: string) =>
      owner.channels.create({
        code,
        name,
        carrier: name,
        service: "",
        originWarehouseIds: [],
        maxWeightGrams: 30000,
        maxLengthCm: null,
        maxGirthCm: null,
        countries,
        batteryAllowed: true,
        liquidAllowed: false,
        hazmatAllowed: false,
        rateCard: RATES(currency, countries.length ? countries : [...COUNTRIES]),
        transitDaysMin: null,
        transitDaysMax: null,
        currency,
        active: true,
      } as never);
    const usps = (await channel("USPS", "USPS Ground", ["US"], "USD")).id;
    const post = (await channel("POST", "China Post", [], "USD")).id;
    const store = (await owner.stores.create({ platform: "shopify", name: "A Shopify" })).id;
    await insertOrderRows(t.db, a.organizationId, historyOrders(store));

    // The warehouse ruleset: v1 published (set directly: publishing is not part of the simulator), v2 the draft.
    const ws = await owner.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph: warehouseGraph(la, sz, false) });
    rulesetId = ws.id;
    const publish = async (id: string) => {
      const v = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: id, number: 1 } });
      await t.db.rulesetVersion.update({ where: { id: v.id }, data: { status: "published", publishedAt: new Date() } });
      await t.db.ruleset.update({ where: { id }, data: { publishedVersionId: v.id } });
    };
    await publish(ws.id);
    await owner.rulesets.saveDraft({ id: ws.id, revision: ws.version.revision, graph: warehouseGraph(la, sz, true) });
    const cs = await owner.rulesets.create({ name: "Channels", stage: "logisticsMatching", hitPolicy: "first", graph: channelGraph(usps, post) });
    await publish(cs.id);

    const bOwner = foreign;
    bRulesetId = (await bOwner.rulesets.create({ name: "B", stage: "orderReview", hitPolicy: "all" })).id;
  });
  afterAll(async () => {
    process.env.SIMULATION_CHUNK_SIZE = previousChunk;
    await runner?.stop();
    await t?.drop();
  });

  const HISTORY = { kind: "history" as const, from: "2026-10-01", to: "2026-10-31", storeIds: [], platforms: [], countries: [] };
  const start = async (c: Caller = as.analyst!, source = HISTORY) => c.simulations.create({ rulesetId, candidate: { kind: "draft" }, baseline: { kind: "published" }, source, name: "" });
  const finish = async (id: string) => {
    await runner.settled(id);
    return as.viewer!.simulations.get({ id });
  };

  /** What the simulation should find: the same plan evaluated directly, order by order. */
  async function expected(simulationId: string) {
    const row = await t.db.simulation.findUniqueOrThrow({ where: { id: simulationId } });
    const plan = ZSimulationPlan.parse(row.plan);
    const context = await loadEvaluationContext(t.db, scopeA);
    const orders = await t.db.order.findMany({ where: { organizationId: a.organizationId }, select: { id: true, data: true } });
    const sim = createSimulator(plan);
    const changed = new Map<string, string[]>();
    for (const o of orders) {
      const cmp = sim.compare(o.data as unknown as TOrder, context);
      if (cmp.changes.length) changed.set(o.id, cmp.changes);
    }
    return { plan, context, orders, changed };
  }

  it("replays the history against draft and published, and finds exactly the orders that change", async () => {
    const created = await start();
    expect(created).toMatchObject({ status: expect.stringMatching(/queued|running|completed/), candidate: { label: "Draft v2" }, baseline: { label: "v1 (published)" }, runner: "embedded" });
    const done = await finish(created.id);
    expect([done.status, done.total, done.done]).toEqual(["completed", ORDERS, ORDERS]);
    const want = await expected(created.id);
    expect(done.changed).toBe(want.changed.size);
    expect(done.totals!.orders).toBe(ORDERS);
    expect(done.totals!.changed).toBe(want.changed.size);
    // CA and MX move from Shenzhen to Los Angeles; heavy orders are held.
    const ca = ORDERS / COUNTRIES.length;
    expect(done.totals!.candidate.byWarehouse[la]! - done.totals!.baseline.byWarehouse[la]!).toBeGreaterThanOrEqual(Math.floor(ca) * 2);
    expect(done.totals!.candidate.byHoldReason.heavy).toBeGreaterThan(0);
    expect(done.totals!.baseline.byHoldReason.heavy ?? 0).toBe(0);
    expect(done.totals!.candidate.priced).toBe(ORDERS);
    expect(done.names.warehouses[la]).toBe("Los Angeles");

    const page = await as.viewer!.simulations.changes({ id: created.id, pageSize: 200 });
    expect(page.total).toBe(want.changed.size);
    expect(new Map(page.items.map((i) => [i.orderId, i.changes]))).toEqual(want.changed);
    const moved = await as.viewer!.simulations.changes({ id: created.id, change: "warehouse", warehouseId: la, sort: "externalId", dir: "desc", pageSize: 5 });
    expect(moved.items.every((i) => i.changes.includes("warehouse") && i.candidate.warehouseId === la)).toBe(true);
    expect(moved.items.map((i) => i.externalId)).toEqual([...moved.items.map((i) => i.externalId)].sort().reverse());
  });

  it("decides every changed order as json-rules-engine does", async () => {
    const sim = (await as.analyst!.simulations.list({ rulesetId })).items.find((s) => s.status === "completed")!;
    const want = await expected(sim.id);
    const page = await as.viewer!.simulations.changes({ id: sim.id, pageSize: 200 });
    const byId = new Map(want.orders.map((o) => [o.id, o.data as unknown as TOrder]));
    for (const item of page.items) {
      const ref = await evaluateReference(want.plan.candidate, byId.get(item.orderId)!, want.context);
      expect([item.orderId, item.candidate.warehouseId, item.candidate.holds]).toEqual([item.orderId, ref.decision.warehouseId, ref.decision.holds.map((h) => h.reason)]);
    }
  });

  it("opens one order's trace on the candidate's graph as simulated", async () => {
    const sim = (await as.analyst!.simulations.list({ rulesetId })).items.find((s) => s.status === "completed")!;
    const [first] = (await as.viewer!.simulations.changes({ id: sim.id, change: "warehouse", pageSize: 5 })).items;
    const trace = await as.viewer!.simulations.orderTrace({ id: sim.id, orderId: first!.orderId });
    expect(trace.graph.nodes.length).toBe(warehouseGraph(la, sz, true).nodes.length);
    expect(trace.comparison.changes).toEqual(first!.changes);
    expect(trace.evaluation.decision.warehouseId).toBe(first!.candidate.warehouseId);
    expect(trace.summary.nodeResults.some((n) => n.result === true)).toBe(true);
  });

  it("exports the changed orders as CSV with the same filters", async () => {
    const sim = (await as.analyst!.simulations.list({ rulesetId })).items.find((s) => s.status === "completed")!;
    const ctx = await createContextForUser(t.db, a.users.viewer);
    const res = await handleChangesCsv(ctx, new Request(`http://x/api/simulations/${sim.id}/changes.csv?change=holds`), sim.id);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^order_id,platform_order_id,placed_at,/);
    const holds = await as.viewer!.simulations.changes({ id: sim.id, change: "holds", pageSize: 200 });
    expect(lines.length - 1).toBe(holds.total);
    expect(lines.slice(1).every((l) => l.includes(",heavy,") || l.includes(";heavy") || l.includes("heavy"))).toBe(true);
    // The rules that decided are named by their action nodes, not by compiled ids.
    expect(lines.slice(1).some((l) => l.includes("rule:"))).toBe(false);
    const other = await handleChangesCsv(await createContextForUser(t.db, b.users.owner), new Request(`http://x/api/simulations/${sim.id}/changes.csv`), sim.id);
    expect(other.status).toBe(404);
  });

  it("simulates an uploaded order file without adding its orders to the history", async () => {
    const store = (await t.db.store.findFirstOrThrow({ where: { organizationId: a.organizationId } })).id;
    const historyBefore = await t.db.order.count({ where: { organizationId: a.organizationId } });
    const upload = (lines: string[], meta: Record<string, unknown> = {}) => {
      const form = new FormData();
      form.set("meta", JSON.stringify({ rulesetId, candidate: { kind: "draft" }, baseline: { kind: "published" }, format: "native", storeId: store, ...meta }));
      form.set("file", new File([lines.join("\n")], "orders.ndjson", { type: "application/x-ndjson" }));
      return new Request("http://x/api/simulations/upload", { method: "POST", body: form });
    };
    const ctx = await createContextForUser(t.db, a.users.analyst);
    const orders = historyOrders(store).slice(0, 12).map((o) => JSON.stringify({ ...o, id: `up-${o.id}`, externalId: `U${o.externalId}` }));

    const bad = await handleSimulationUpload(ctx, upload([...orders.slice(0, 3), '{"id":"broken","lines":[]}']));
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: string; field: string; rows: { row: number }[] };
    expect([badBody.field, [...new Set(badBody.rows.map((r) => r.row))], badBody.error]).toEqual(["file", [4], "1 row of the file could not be read; fix it and upload again"]);
    const noStore = await handleSimulationUpload(ctx, upload(orders, { storeId: "nope" }));
    expect([noStore.status, ((await noStore.json()) as { field: string }).field]).toEqual([400, "storeId"]);
    const viewer = await handleSimulationUpload(await createContextForUser(t.db, a.users.viewer), upload(orders));
    expect(viewer.status).toBe(403);

    const res = await handleSimulationUpload(ctx, upload(orders));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; source: { kind: string; orders: number; fileName: string } };
    expect(created.source).toEqual({ kind: "upload", fileName: "orders.ndjson", format: "native", orders: 12 });
    const done = await finish(created.id);
    expect([done.status, done.total, done.totals?.orders]).toEqual(["completed", 12, 12]);
    const page = await as.viewer!.simulations.changes({ id: created.id, pageSize: 50 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.orderId.startsWith(`${store}:U#`))).toBe(true);
    const trace = await as.viewer!.simulations.orderTrace({ id: created.id, orderId: page.items[0]!.orderId });
    expect(trace.order.id).toBe(page.items[0]!.orderId);
    expect(await t.db.order.count({ where: { organizationId: a.organizationId } })).toBe(historyBefore);
  });

  it("refuses a chunked upload past the limit while it arrives (413), without reading the rest", async () => {
    const ctx = await createContextForUser(t.db, a.users.analyst);
    let pulled = 0;
    const chunk = new Uint8Array(1 << 20).fill(120);
    const head = new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="big.ndjson"\r\n\r\n');
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 400 << 20) return controller.close(); // a 400 MB upload
        const next = pulled === 0 ? head : chunk;
        pulled += next.byteLength;
        controller.enqueue(next);
      },
    });
    const res = await handleSimulationUpload(
      ctx,
      new Request("http://x/api/simulations/upload", { method: "POST", body, headers: { "content-type": "multipart/form-data; boundary=b" }, duplex: "half" } as RequestInit),
    );
    expect(res.status).toBe(413);
    // It stopped reading soon after the 50 MB limit, not at the end of the 400 MB.
    expect(pulled).toBeLessThan(60 << 20);
  });

  it("completes an empty order range at once with empty totals", async () => {
    const created = await start(as.analyst!, { ...HISTORY, from: "2001-01-01", to: "2001-01-31" });
    const done = await finish(created.id);
    expect([done.status, done.total, done.totals?.orders, done.totals?.changed]).toEqual(["completed", 0, 0, 0]);
    expect((await as.viewer!.simulations.changes({ id: created.id })).total).toBe(0);
  });

  it("answers before the run starts, and a small first chunk shows progress from the first orders", async () => {
    const reference = await finish((await start()).id);
    process.env.SIMULATION_FIRST_CHUNK_SIZE = "3";
    try {
      const created = await start();
      // The reply is read before the runner touches the simulation: queued, nothing counted or split yet.
      expect([created.status, created.done, created.total]).toEqual(["queued", 0, 0]);
      expect(await t.db.simulationChunk.count({ where: { simulationId: created.id } })).toBe(0);
      const done = await finish(created.id);
      const chunks = await t.db.simulationChunk.findMany({ where: { simulationId: created.id }, orderBy: { index: "asc" }, select: { orders: true } });
      // 3, then chunks of 10, then the rest: 64 = 3 + 6 × 10 + 1.
      expect(chunks.map((c) => c.orders)).toEqual([3, 10, 10, 10, 10, 10, 10, 1]);
      expect([done.status, done.done, done.changed]).toEqual(["completed", ORDERS, reference.changed]);
      expect(done.totals).toEqual(reference.totals);
    } finally {
      delete process.env.SIMULATION_FIRST_CHUNK_SIZE;
    }
  });

  it("resumes after a restart mid-run and ends with the same results as an uninterrupted run", async () => {
    const reference = await finish((await start()).id);
    // A second simulation, run by hand up to a crash: three chunks committed, the fourth left "running".
    const paused = { kind: "embedded" as const, start: async () => {}, enqueue: async () => {}, stop: async () => {} } satisfies SimulationRunner;
    registerSimulationRunner(t.db, paused);
    const created = await start();
    registerSimulationRunner(t.db, runner);
    expect(await prepareSimulation(t.db, created.id)).toBe("ready");
    const sim = (await loadSimulation(t.db, created.id))!;
    const pool = new EvaluatorPool(0);
    for (const index of [0, 1, 2]) expect(await runChunk(t.db, pool, sim, index, "crashed")).toBe("done");
    await t.db.simulationChunk.update({ where: { simulationId_index: { simulationId: created.id, index: 3 } }, data: { status: "running", attempts: 1 } });
    const midway = await as.viewer!.simulations.get({ id: created.id });
    expect([midway.status, midway.done, midway.totals]).toEqual(["running", 3 * CHUNK, null]);
    expect((await as.viewer!.simulations.changes({ id: created.id })).total).toBe(0);

    const restarted = new EmbeddedRunner(t.db, { pool: new EvaluatorPool(0) });
    await restarted.start();
    await restarted.settled(created.id);
    await restarted.stop();
    const done = await as.viewer!.simulations.get({ id: created.id });
    expect([done.status, done.done, done.changed]).toEqual(["completed", ORDERS, reference.changed]);
    expect(done.totals).toEqual(reference.totals);
  });

  it("says which other stages ran, and runs another ruleset's draft instead of its live version when asked", async () => {
    const channels = await t.db.ruleset.findFirstOrThrow({ where: { organizationId: a.organizationId, name: "Channels" }, select: { id: true } });
    const live = await finish((await start()).id);
    expect(live.pipeline.map((e) => [e.stage, e.rulesetName, e.label, e.source])).toEqual([
      ["orderReview", null, "No rules live", "missing"],
      ["skuPairing", null, "No rules live", "missing"],
      ["logisticsMatching", "Channels", "v1 (live)", "published"],
      ["autoProcessing", null, "No rules live", "missing"],
    ]);

    // Draft v2 of Channels sends every order by China Post: included, it runs on both sides.
    const post = (await t.db.logisticsChannel.findFirstOrThrow({ where: { organizationId: a.organizationId, code: "POST" } })).id;
    const usps = (await t.db.logisticsChannel.findFirstOrThrow({ where: { organizationId: a.organizationId, code: "USPS" } })).id;
    const current = await as.owner!.rulesets.get({ id: channels.id });
    await as.owner!.rulesets.saveDraft({ id: channels.id, revision: current.version.revision, graph: channelGraph(post, post) });
    const defaults = await as.analyst!.simulations.defaults({ rulesetId });
    expect(defaults.pipeline.find((s) => s.stage === "logisticsMatching")!.rulesets).toEqual([{ id: channels.id, name: "Channels", published: 1, draft: { number: 2, status: "draft", compiles: true } }]);
    const withDraft = await finish(
      (await as.analyst!.simulations.create({ rulesetId, candidate: { kind: "draft" }, baseline: { kind: "published" }, includeDrafts: [channels.id], source: HISTORY, name: "" })).id,
    );
    expect(withDraft.pipeline.find((e) => e.stage === "logisticsMatching")).toMatchObject({ rulesetName: "Channels", label: "Draft v2 (included)", source: "draft" });
    for (const side of [withDraft.totals!.candidate, withDraft.totals!.baseline]) {
      expect(side.byChannel[usps] ?? 0).toBe(0);
      expect(side.byChannel[post]).toBeGreaterThan(0);
    }
    expect(live.totals!.candidate.byChannel[usps]).toBeGreaterThan(0);

    // Refused: the simulated ruleset itself, an unknown id, another organization's ruleset, a draft with errors.
    const refuse = async (includeDrafts: string[]) =>
      (await errorOf(as.analyst!.simulations.create({ rulesetId, candidate: { kind: "draft" }, baseline: { kind: "published" }, includeDrafts, source: HISTORY, name: "" }))).message;
    expect(await refuse([rulesetId])).toMatch(/the one simulated/);
    expect(await refuse(["no-such-ruleset"])).toMatch(/No ruleset no-such-ruleset/);
    expect(await refuse([bRulesetId])).toMatch(new RegExp(`No ruleset ${bRulesetId}`));
    const sibling = await as.owner!.rulesets.create({ name: "Warehouses B", stage: "warehouseMatching", hitPolicy: "first", graph: warehouseGraph(la, sz, false) });
    expect(await refuse([sibling.id])).toMatch(/“Warehouses B” is in the simulated stage/);
    // Nor is it listed as running: the simulated stage is the candidate's and the baseline's alone.
    expect((await as.analyst!.simulations.defaults({ rulesetId })).pipeline.map((s) => s.stage)).not.toContain("warehouseMatching");
    await as.owner!.rulesets.delete({ id: sibling.id, revision: sibling.version.revision });
    const broken = ZRuleGraph.parse({ ...channelGraph(post, post), nodes: channelGraph(post, post).nodes.map((n) => (n.kind === "assignChannel" ? { ...n, data: { ...n.data, channelId: "gone" } } : n)) });
    const again = await as.owner!.rulesets.get({ id: channels.id });
    await as.owner!.rulesets.saveDraft({ id: channels.id, revision: again.version.revision, graph: broken });
    expect(await refuse([channels.id])).toMatch(/The draft of “Channels” has \d+ errors?/);
    // Put the draft back as it was, for the tests that follow.
    const last = await as.owner!.rulesets.get({ id: channels.id });
    await as.owner!.rulesets.saveDraft({ id: channels.id, revision: last.version.revision, graph: channelGraph(usps, post) });
  });

  it("looks up a buyer's other orders by the orders' own ids, so no order counts itself as another", async () => {
    const created = await finish((await start()).id);
    const sim = { ...(await loadSimulation(t.db, created.id))!, needsBuyers: true };
    const input = await loadChunkOrders(t.db, sim, { fromKey: "", toKey: "~" });
    const orders = JSON.parse(input.ordersJson) as [string, TOrder][];
    const buyers = JSON.parse(input.buyersJson!) as [string, string, string][];
    expect(orders).toHaveLength(ORDERS);
    // Row ids are generated (cuid); the buyer entries carry the orders' ids (o0 … o63), as order.id does.
    expect(orders.every(([rowId, o]) => rowId !== o.id)).toBe(true);
    const orderIds = new Set(orders.map(([, o]) => o.id));
    expect(buyers.length).toBeGreaterThan(0);
    expect(buyers.every(([, id]) => orderIds.has(id))).toBe(true);
    // Each order finds itself among its buyer's orders (and the merge fact skips it by that id).
    for (const [, o] of orders) expect(buyers.some(([b, id]) => b === o.buyerId && id === o.id)).toBe(true);
  });

  it("cancels: the run stops, nothing of it is kept, and it cannot be cancelled twice", async () => {
    const paused = { kind: "embedded" as const, start: async () => {}, enqueue: async () => {}, stop: async () => {} } satisfies SimulationRunner;
    registerSimulationRunner(t.db, paused);
    const created = await start();
    registerSimulationRunner(t.db, runner);
    await prepareSimulation(t.db, created.id);
    const sim = (await loadSimulation(t.db, created.id))!;
    const pool = new EvaluatorPool(0);
    await runChunk(t.db, pool, sim, 0, "test");
    expect((await as.viewer!.simulations.cancel({ id: created.id }).catch((e: Error) => e.message))).toMatch(/FORBIDDEN|may not/i);
    const cancelled = await as.analyst!.simulations.cancel({ id: created.id });
    expect([cancelled.status, cancelled.error]).toEqual(["cancelled", `Cancelled by ${a.users.analyst.name}`]);
    // A worker that finishes a chunk after the cancel throws its work away.
    expect(await runChunk(t.db, pool, sim, 1, "test")).toBe("stopped");
    expect(await t.db.simulationOrder.count({ where: { simulationId: created.id } })).toBe(0);
    expect((await as.viewer!.simulations.get({ id: created.id })).totals).toBeNull();
    expect((await errorOf(as.analyst!.simulations.cancel({ id: created.id }))).message).toMatch(/already been cancelled/);
  });

  it("retries a chunk whose worker thread crashed, and fails the simulation when a chunk keeps failing", async () => {
    const crashes = new Set<number>();
    const flaky = new EmbeddedRunner(t.db, {
      pool: new EvaluatorPool(1),
      failChunk: (_id, index) => {
        if (index === 1 && !crashes.has(index)) {
          crashes.add(index);
          return "crash";
        }
        return undefined;
      },
    });
    registerSimulationRunner(t.db, flaky);
    const recovered = await start();
    await flaky.settled(recovered.id);
    const ok = await as.viewer!.simulations.get({ id: recovered.id });
    expect([ok.status, ok.done]).toEqual(["completed", ORDERS]);
    expect((await t.db.simulationChunk.findUniqueOrThrow({ where: { simulationId_index: { simulationId: recovered.id, index: 1 } } })).attempts).toBe(2);
    await flaky.stop();

    const broken = new EmbeddedRunner(t.db, { pool: new EvaluatorPool(0), failChunk: (_id, index) => (index === 2 ? "the rate card service is down" : undefined) });
    registerSimulationRunner(t.db, broken);
    const failing = await start();
    await broken.settled(failing.id);
    registerSimulationRunner(t.db, runner);
    const failed = await as.viewer!.simulations.get({ id: failing.id });
    expect([failed.status, failed.totals]).toEqual(["failed", null]);
    expect(failed.error).toBe("Chunk 3 failed 3 times: the rate card service is down");
    expect(await t.db.simulationOrder.count({ where: { simulationId: failing.id } })).toBe(0);
    expect(await pendingChunks(t.db, failing.id)).toContain(2);
    await broken.stop();
  }, 60_000);

  it("keeps simulations to their organization and roles", async () => {
    const sim = (await as.analyst!.simulations.list({ rulesetId })).items[0]!;
    expect((await errorOf(foreign.simulations.get({ id: sim.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(foreign.simulations.changes({ id: sim.id }))).code).toBe("NOT_FOUND");
    expect((await errorOf(foreign.simulations.orderTrace({ id: sim.id, orderId: "o1" }))).code).toBe("NOT_FOUND");
    expect((await errorOf(foreign.simulations.cancel({ id: sim.id }))).code).toBe("NOT_FOUND");
    expect((await foreign.simulations.list({})).items.map((s) => s.id)).not.toContain(sim.id);
    expect((await errorOf(foreign.simulations.create({ rulesetId, source: HISTORY } as never))).code).toBe("NOT_FOUND");
    expect((await errorOf(as.viewer!.simulations.create({ rulesetId, source: HISTORY } as never))).code).toBe("FORBIDDEN");
    expect((await errorOf(as.analyst!.simulations.create({ rulesetId: bRulesetId, source: HISTORY } as never))).code).toBe("NOT_FOUND");
  });

  it("refuses bad input with field paths and writes nothing", async () => {
    const before = await t.db.simulation.count();
    const bad = await errorOf(as.analyst!.simulations.create({ rulesetId, source: { ...HISTORY, from: "2026-10-31", to: "2026-10-01" } } as never));
    expect(bad.code).toBe("BAD_REQUEST");
    const missing = await errorOf(as.analyst!.simulations.create({ rulesetId, candidate: { kind: "version", number: 99 }, source: HISTORY } as never));
    expect(missing.message).toMatch(/Version 99 does not exist/);
    expect(await t.db.simulation.count()).toBe(before);
  });

  it.each([
    ["2026-99-99", /is not a real calendar date/],
    ["2026-02-30", /is not a real calendar date/],
    ["0000-01-01", /between 2000-01-01 and 2099-12-31/],
    ["9999-12-31", /between 2000-01-01 and 2099-12-31/],
  ])("refuses the impossible date %s with a 4xx naming the field, and queues nothing", async (day, message) => {
    const before = await t.db.simulation.count();
    const e = await errorOf(as.analyst!.simulations.create({ rulesetId, source: { ...HISTORY, from: day, to: "2026-10-01" } } as never));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/from/);
    expect(await t.db.simulation.count()).toBe(before);
  });

  /** Polls a simulation until it ends (no fixed sleep: the poll stops as soon as it is done). */
  const untilEnded = (id: string, timeout: number) =>
    expect.poll(async () => (await as.viewer!.simulations.get({ id })).status, { timeout, interval: 200 }).toMatch(/^(completed|failed|cancelled)$/);

  it.runIf(kind === "postgres")("marks a simulation failed, with the reason, when preparing it fails on every attempt (pg-boss)", async () => {
    const boss = new PgBossRunner(t.db, t.url!, { pool: new EvaluatorPool(0), failPlan: () => "the orders could not be counted" });
    await boss.start();
    registerSimulationRunner(t.db, boss);
    try {
      const created = await start();
      await untilEnded(created.id, 60_000);
      const got = await as.viewer!.simulations.get({ id: created.id });
      expect(got.status).toBe("failed");
      expect(got.error).toMatch(/Preparing the simulation failed 3 times: the orders could not be counted/);
    } finally {
      registerSimulationRunner(t.db, runner);
      await boss.stop();
    }
  }, 90_000);

  it.runIf(kind === "postgres")("resumes a chunk held by an instance that died (kill -9) on another instance once its job expires", async () => {
    // Instance one takes chunks and never finishes them (its process is gone); two picks them up after expiry.
    class DeadPool extends EvaluatorPool {
      override run(): ReturnType<EvaluatorPool["run"]> {
        return new Promise(() => undefined);
      }
    }
    const short = { expireInSeconds: 2, maintenanceIntervalSeconds: 1 };
    const one = new PgBossRunner(t.db, t.url!, { pool: new DeadPool(0), concurrency: 4, ...short });
    await one.start();
    registerSimulationRunner(t.db, one);
    let two: PgBossRunner | null = null;
    try {
      const created = await start();
      // Wait until instance one holds chunks, then "kill" it: its workers stop, its jobs stay active.
      await expect.poll(async () => t.db.simulationChunk.count({ where: { simulationId: created.id, status: "running" } }), { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
      await one.stop();
      two = new PgBossRunner(t.db, t.url!, { pool: new EvaluatorPool(0), concurrency: 2, ...short });
      await two.start();
      await untilEnded(created.id, 60_000);
      const got = await as.viewer!.simulations.get({ id: created.id });
      const want = await expected(created.id);
      expect([got.status, got.done, got.changed]).toEqual(["completed", ORDERS, want.changed.size]);
    } finally {
      registerSimulationRunner(t.db, runner);
      await two?.stop();
    }
  }, 120_000);

  it.runIf(kind === "postgres")("shares one simulation's chunks between two app instances through pg-boss", async () => {
    // Chunks that take a while, so that both instances' pollers find work before the queue is empty.
    class SlowPool extends EvaluatorPool {
      override async run(...args: Parameters<EvaluatorPool["run"]>) {
        await new Promise((r) => setTimeout(r, 400));
        return super.run(...args);
      }
    }
    const one = new PgBossRunner(t.db, t.url!, { pool: new SlowPool(0), concurrency: 2 });
    const two = new PgBossRunner(t.db, t.url!, { pool: new SlowPool(0), concurrency: 2 });
    await one.start();
    await two.start();
    registerSimulationRunner(t.db, one);
    try {
      const created = await start();
      expect(created.runner).toBe("pg-boss");
      await untilEnded(created.id, 300_000);
      const got = await as.viewer!.simulations.get({ id: created.id });
      const want = await expected(created.id);
      expect([got.status, got.done, got.changed, got.totals?.orders]).toEqual(["completed", ORDERS, want.changed.size, ORDERS]);
      const page = await as.viewer!.simulations.changes({ id: created.id, pageSize: 200 });
      expect(new Map(page.items.map((i) => [i.orderId, i.changes]))).toEqual(want.changed);
      // Each instance names itself on the chunks it committed: both took a share of this one simulation.
      const workers = await t.db.simulationChunk.groupBy({ by: ["worker"], where: { simulationId: created.id }, _count: true });
      expect(workers.length).toBe(2);
    } finally {
      registerSimulationRunner(t.db, runner);
      await one.stop();
      await two.stop();
    }
  }, 360_000);
});
