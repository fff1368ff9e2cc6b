/**
 * npm run bench:replay [-- --orders N] [--target pglite|postgres|both] [--reseed] [--workers N] [--candidate fallback]
 *
 * Replays the demo merchant's order history against a candidate and a baseline, end to end, as the app
 * does: the simulation is created by the simulation service, its orders are read from the database in
 * chunks (a keyset stream), both sides evaluated with the rules core in worker threads, compared,
 * totalled, and the changed orders stored.
 *   - Data: the demo merchant with N orders (default 1,000,000) over 90 days, seeded once into
 *     .data/bench-replay/pglite (PGlite) and the database `switchyard_bench_replay` on BENCH_DATABASE_URL
 *     (default postgresql://postgres@127.0.0.1:5432/postgres); later runs reuse them (`--reseed` rebuilds).
 *   - Rules: warehouse matching "US orders from Los Angeles" v1 published (baseline) and a v2 draft
 *     (candidate: US, Canada and Mexico from LA; see candidateGraph); the rest of the
 *     pipeline published from templates (unpaired SKUs, invalid addresses, battery channels, merge buyer's
 *     orders within 24 h, deadline priority), so warehouse, channel, cost and deadline are whole-pipeline.
 *   - PGlite runs the embedded runner (worker threads); PostgreSQL runs pg-boss (the same process takes
 *     the chunk jobs here; more instances would share them).
 * Each replay runs in its own child process, so its peak RSS is its own. Prints wall time, orders/s, peak
 * RSS and RSS at each quarter of the run (flat = memory does not grow with the orders); the last line is
 * ONE JSON object with the figures. Target: 1,000,000 orders in at most 60 s on 2 cores.
 */
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runJsonChild } from "./lib/run-json-child";
import { rm } from "node:fs/promises";
import pg from "pg";
import { ZRuleGraph, type TRuleGraph } from "../rules-schema";
import { buildRuleTemplate, type TRuleTemplateId } from "../rules-schema/templates/rule-templates";
import { type Db, createDb } from "../server/db/create-db";
import { DEFAULT_TEST_DATABASE_URL } from "../server/db/create-test-db";
import { DEMO_ORG } from "../server/seed/demo-merchant";
import { seedDemoMerchant } from "../server/seed/seed-demo-merchant";
import { loadEvaluationContext } from "../server/services/load-evaluation-context";
import { createRuleset, saveDraft } from "../server/services/ruleset-service";
import type { Scope } from "../server/services/scope";
import { createSimulation } from "../server/services/simulation-service";
import { EvaluatorPool, defaultPoolSize } from "../server/simulation/evaluator-pool";
import { registerSimulationRunner } from "../server/simulation/get-simulation-runner";
import { EmbeddedRunner, PgBossRunner, type SimulationRunner } from "../server/simulation/simulation-runner";

type Target = "pglite" | "postgres";
interface Figures {
  target: Target;
  orders: number;
  changed: number;
  chunks: number;
  wallMs: number;
  ordersPerSec: number;
  peakRssMb: number;
  rssAtQuartersMb: number[];
  workers: number;
  status: string;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const flag = (name: string) => process.argv.includes(`--${name}`);
function positiveInt(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

const ORDERS = positiveInt("orders", 1_000_000);
const ANCHOR = new Date("2026-11-01T00:00:00Z");
const FROM = "2026-08-03";
const TO = "2026-10-31";
const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;
const PG_NAME = "switchyard_bench_replay";
const PGLITE_DIR = join(process.cwd(), ".data", "bench-replay", "pglite");
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const log = (m: string) => console.error(`[bench:replay] ${m}`);

function pgUrl(): string {
  const url = new URL(adminUrl);
  url.pathname = `/${PG_NAME}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding (once per target; reused while the order count matches)
// ---------------------------------------------------------------------------------------------

const BENCH_RULESET = "Bench: warehouses";

async function openTarget(target: Target, fresh: boolean): Promise<Db> {
  if (target === "pglite") {
    if (fresh) await rm(PGLITE_DIR, { recursive: true, force: true });
    return createDb({ kind: "pglite", dataDir: PGLITE_DIR });
  }
  if (fresh) await adminQuery(`DROP DATABASE IF EXISTS "${PG_NAME}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${PG_NAME}"`).catch((e: Error) => {
    if (!/already exists/.test(e.message)) throw e;
  });
  return createDb({ kind: "postgres", url: pgUrl() });
}

async function isSeeded(db: Db): Promise<{ organizationId: string } | null> {
  const org = await db.organization.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  if (!org) return null;
  const [orders, ruleset] = await Promise.all([
    db.order.count({ where: { organizationId: org.id } }),
    // The candidate draft (v2) is written last: its presence marks a complete seed.
    db.ruleset.findFirst({ where: { organizationId: org.id, name: BENCH_RULESET, versions: { some: { number: 2 } } } }),
  ]);
  return orders === ORDERS && ruleset ? { organizationId: org.id } : null;
}

/**
 * The candidate, a typical rule change: Canada and Mexico also ship from Los Angeles when in stock there.
 * `--candidate fallback` also sends every other order to the main warehouse (most orders change: a
 * stress case for writing results).
 */
function candidateGraph(graph: TRuleGraph, mainWarehouseId: string): TRuleGraph {
  const nodes = graph.nodes.map((n) =>
    n.id === "to-us" && n.kind === "condition" ? { ...n, data: { ...n.data, operator: "in", operand: { type: "value" as const, value: ["US", "CA", "MX"] } } } : n,
  );
  if (option("candidate") !== "fallback") return ZRuleGraph.parse({ ...graph, nodes });
  const x = Math.max(...graph.nodes.map((n) => n.position.x));
  nodes.push({ id: "bench-fallback", kind: "fallback", position: { x, y: 400 }, data: {} } as never);
  nodes.push({ id: "bench-main", kind: "assignWarehouse", position: { x: x + 250, y: 400 }, data: { warehouseId: mainWarehouseId, priority: 100 } } as never);
  return ZRuleGraph.parse({ ...graph, nodes, edges: [...graph.edges, { id: "bench-e", sourceId: "bench-fallback", targetId: "bench-main", sourceHandle: "next" }] });
}

async function seed(db: Db): Promise<string> {
  log(`Seeding the demo merchant with ${fmt(ORDERS)} orders (once; reused by later runs)…`);
  const t0 = performance.now();
  const result = await seedDemoMerchant(db, { anchor: ANCHOR, orderCount: ORDERS, log: (m) => log(m) });
  log(`Seeded ${result.status} in ${fmt(performance.now() - t0)} ms.`);
  const organizationId = result.organizationId;
  const scope: Scope = { organizationId, role: "owner", actor: { type: "system", id: "bench" } };
  const context = await loadEvaluationContext(db, scope);
  const publish = async (rulesetId: string) => {
    const v = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId }, orderBy: { number: "desc" } });
    await db.rulesetVersion.update({ where: { id: v.id }, data: { status: "published", publishedAt: new Date() } });
    await db.ruleset.update({ where: { id: rulesetId }, data: { publishedVersionId: v.id } });
  };
  const fromTemplate = async (id: TRuleTemplateId, name: string) => {
    const built = buildRuleTemplate(id, context, name);
    if (!built.ok) throw new Error(`template ${id}: ${built.reason}`);
    const r = await createRuleset(db, scope, { name, stage: built.graph.stage, hitPolicy: built.graph.hitPolicy, description: "", graph: built.graph });
    return r;
  };
  for (const [id, name] of [
    ["hold-unpaired-skus", "Bench: unpaired SKUs"],
    ["hold-invalid-addresses", "Bench: invalid addresses"],
    ["battery-approved-channels", "Bench: battery channels"],
    ["merge-buyer-orders", "Bench: merge buyer's orders"],
    ["deadline-priority", "Bench: deadline priority"],
  ] as const)
    await publish((await fromTemplate(id, name)).id);
  const main = await fromTemplate("us-orders-from-los-angeles", BENCH_RULESET);
  await publish(main.id);
  const own = context.warehouses.find((w) => w.kind === "own") ?? context.warehouses[0]!;
  await saveDraft(db, scope, { id: main.id, revision: main.version.revision, graph: candidateGraph(main.version.graph, own.id) });
  return organizationId;
}

// ---------------------------------------------------------------------------------------------
// Child: one replay on one target
// ---------------------------------------------------------------------------------------------

async function runChild(target: Target): Promise<void> {
  let db = await openTarget(target, false);
  let seeded = flag("reseed") ? null : await isSeeded(db);
  if (!seeded) {
    await db.$disconnect();
    db = await openTarget(target, true);
    await seed(db);
    seeded = await isSeeded(db);
    if (!seeded) throw new Error("seeding did not produce the expected data");
  } else log(`${target}: reusing ${fmt(ORDERS)} seeded orders.`);
  const { organizationId } = seeded;
  const scope: Scope = { organizationId, role: "owner", actor: { type: "system", id: "bench" } };
  const ruleset = await db.ruleset.findFirstOrThrow({ where: { organizationId, name: BENCH_RULESET } });
  const workers = option("workers") === undefined ? undefined : positiveInt("workers", 1);
  const pool = new EvaluatorPool(workers ?? defaultPoolSize(target === "pglite"));
  const runner: SimulationRunner = target === "pglite" ? new EmbeddedRunner(db, { pool }) : new PgBossRunner(db, pgUrl(), { pool });
  await runner.start();
  registerSimulationRunner(db, runner);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const quarters: number[] = [];
  log(`${target}: replaying ${fmt(ORDERS)} orders (${FROM} … ${TO}) with ${pool.size} worker thread(s), runner ${runner.kind}…`);
  const t0 = performance.now();
  const created = await createSimulation(db, scope, {
    rulesetId: ruleset.id,
    name: "bench:replay",
    candidate: { kind: "draft" },
    baseline: { kind: "published" },
    includeDrafts: [],
    source: { kind: "history", from: FROM, to: TO, storeIds: [], platforms: [], countries: [] },
  });
  let row = await db.simulation.findUniqueOrThrow({ where: { id: created.id } });
  let lastLog = 0;
  while (row.status === "queued" || row.status === "running") {
    await new Promise((r) => setTimeout(r, 200));
    row = await db.simulation.findUniqueOrThrow({ where: { id: created.id } });
    const rss = process.memoryUsage().rss;
    while (row.total > 0 && quarters.length < 4 && row.done >= (row.total * (quarters.length + 1)) / 4) quarters.push(mb(rss));
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      log(`  ${fmt(row.done)} / ${fmt(row.total)} orders, ${fmt(row.changed)} changed, ${((performance.now() - t0) / 1000).toFixed(1)} s, RSS ${mb(rss)} MB`);
    }
  }
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  await runner.stop();
  if (row.status !== "completed") throw new Error(`the simulation ended ${row.status}: ${row.error}`);
  const figures: Figures = {
    target,
    orders: row.done,
    changed: row.changed,
    chunks: row.chunkCount,
    wallMs: Math.round(wallMs),
    ordersPerSec: Math.round(row.done / (wallMs / 1000)),
    peakRssMb: mb(peak),
    rssAtQuartersMb: quarters,
    workers: pool.size,
    status: row.status,
  };
  // Keep the bench database small between runs: the simulation's stored results go.
  await db.simulation.delete({ where: { id: created.id } });
  await db.$disconnect();
  console.log(JSON.stringify(figures));
}

function spawnChild(target: Target): Promise<Figures> {
  return runJsonChild<Figures>(fileURLToPath(import.meta.url), ["--child", target, ...process.argv.slice(2)], `${target} replay`);
}

async function main(): Promise<void> {
  const child = option("child");
  if (child === "pglite" || child === "postgres") return runChild(child);
  const targetOption = option("target") ?? "both";
  if (!["pglite", "postgres", "both"].includes(targetOption)) {
    console.error(`--target must be pglite, postgres or both (got "${targetOption}")`);
    process.exit(2);
  }
  const targets: Target[] = targetOption === "both" ? ["pglite", "postgres"] : [targetOption as Target];
  const results: Figures[] = [];
  for (const target of targets) results.push(await spawnChild(target));
  console.log("");
  console.log(`Replay benchmark — ${fmt(ORDERS)} orders, candidate and baseline, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}`);
  for (const r of results)
    console.log(
      `  ${r.target.padEnd(9)} ${fmt(r.wallMs).padStart(7)} ms  ${fmt(r.ordersPerSec).padStart(8)} orders/s  peak RSS ${r.peakRssMb} MB  RSS at 25/50/75/100%: ${r.rssAtQuartersMb.join(" / ")} MB  ` +
        `${fmt(r.changed)} changed, ${r.chunks} chunks, ${r.workers} worker thread(s)  ${r.wallMs <= 60_000 ? "ok (target <= 60 s)" : "MISSED (target <= 60 s)"}`,
    );
  const by = Object.fromEntries(results.map((r) => [r.target, r]));
  console.log(JSON.stringify({ orders: ORDERS, cores: availableParallelism(), targetMs: 60_000, ...by, pass: results.every((r) => r.wallMs <= 60_000) }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
