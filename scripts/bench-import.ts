/**
 * npm run bench:import [-- --rows N] [--target pglite|postgres|both] [--batch-size N]
 *
 * Writes a Shopify "Export orders" CSV of N rows (default 1,000,000; ~1.3 rows per order) to a temp
 * file, streamed from a generator, then imports it with importOrderFile into
 *   - a fresh PGlite in a temp directory, and
 *   - a fresh PostgreSQL database `switchyard_bench_<random>` on BENCH_DATABASE_URL (default
 *     TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 * Each import runs in its own child process, so its peak RSS is its own. Prints rows/s, orders/s,
 * wall time and peak RSS for each; the last line is ONE JSON object with the figures.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { runJsonChild } from "./lib/run-json-child";
import pg from "pg";
import { type Db, createDb } from "../server/db/create-db";
import { DEFAULT_TEST_DATABASE_URL } from "../server/db/create-test-db";
import { DEFAULT_IMPORT_BATCH_SIZE, importOrderFile } from "../server/services/import-orders-service";
import { SAMPLE_SKUS, generateShopifyCsv } from "../server/testing/import-orders-sample-csv";

type Target = "pglite" | "postgres";
type Figures = {
  rows: number;
  orders: number;
  imported: number;
  skipped: number;
  failed: number;
  status: string;
  wallMs: number;
  rowsPerSec: number;
  ordersPerSec: number;
  peakRssMb: number;
  /** CPU time of this Node process during the import. */
  nodeCpuMs: number;
  /** CPU time of the PostgreSQL server processes of the bench database (local server only), else null. */
  dbCpuMs: number | null;
};

/** utime + stime of local processes in ms (Linux /proc; clock ticks of 10 ms); null if unreadable. */
async function cpuMsOf(pids: number[]): Promise<number | null> {
  try {
    let ticks = 0;
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

async function backendCpuMs(db: Db): Promise<number | null> {
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) return null;
  const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  return cpuMsOf(rows.map((r) => Number(r.pid)));
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function positiveInt(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

const rows = positiveInt("rows", 1_000_000);
const batchSize = positiveInt("batch-size", DEFAULT_IMPORT_BATCH_SIZE);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;

// ---------------------------------------------------------------------------------------------
// Child: one import into one database
// ---------------------------------------------------------------------------------------------

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function seedStore(db: Db): Promise<{ organizationId: string; storeId: string }> {
  const org = await db.organization.create({ data: { name: "Bench merchant", slug: `bench-${randomBytes(4).toString("hex")}` } });
  const store = await db.store.create({ data: { organizationId: org.id, platform: "shopify", name: "Bench Shopify", site: "US" } });
  for (const [i, s] of SAMPLE_SKUS.entries()) {
    const sku = await db.sku.create({
      data: { organizationId: org.id, code: `WH-${s.sku}`, name: s.name, weightGrams: 100 + 50 * i, lengthCm: 20, widthCm: 15, heightCm: 5 + i, hasBattery: s.sku.startsWith("PWRBANK"), category: "bench" },
    });
    await db.skuPairing.create({ data: { organizationId: org.id, storeId: store.id, platformSku: s.sku, skuId: sku.id } });
  }
  return { organizationId: org.id, storeId: store.id };
}

async function runChild(target: Target, file: string): Promise<void> {
  let db: Db | undefined;
  let cleanup: () => Promise<void> = async () => {};
  try {
    if (target === "pglite") {
      const dir = await mkdtemp(join(tmpdir(), "switchyard-bench-pglite-"));
      cleanup = () => rm(dir, { recursive: true, force: true });
      db = await createDb({ kind: "pglite", dataDir: join(dir, "data") });
    } else {
      const name = `switchyard_bench_${randomBytes(5).toString("hex")}`;
      await adminQuery(`CREATE DATABASE "${name}"`);
      cleanup = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      db = await createDb({ kind: "postgres", url: url.toString() });
    }
    const { organizationId, storeId } = await seedStore(db);
    let nextLog = 0;
    const dbCpu0 = target === "postgres" ? await backendCpuMs(db) : null;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const run = await importOrderFile(
      db,
      { organizationId, role: "owner", actor: { type: "system", id: "bench" } },
      {
        format: "shopify-csv",
        storeId,
        fileName: "bench.csv",
        source: createReadStream(file),
        batchSize,
        onProgress: (p) => {
          if (p.elapsedMs < nextLog) return;
          nextLog = p.elapsedMs + 5_000;
          const s = Math.max(p.elapsedMs / 1000, 0.001);
          process.stderr.write(`  ${target}: ${fmt(p.importedRows + p.skippedRows)} orders · ${fmt(p.importedRows / s)} orders/s · rss ${fmt(process.memoryUsage().rss / 2 ** 20)} MB\n`);
        },
      },
    );
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // PGlite runs inside this process: its CPU time is part of nodeCpuMs.
    const dbCpu1 = target === "postgres" ? await backendCpuMs(db) : null;
    const orders = run.importedRows + run.skippedRows;
    const figures: Figures = {
      rows,
      orders,
      imported: run.importedRows,
      skipped: run.skippedRows,
      failed: run.failedRows,
      status: run.status,
      wallMs: Math.round(wallMs),
      rowsPerSec: Math.round(rows / (wallMs / 1000)),
      ordersPerSec: Math.round(orders / (wallMs / 1000)),
      // ru_maxrss is in kilobytes on Linux.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      dbCpuMs: dbCpu0 === null || dbCpu1 === null ? null : dbCpu1 - dbCpu0,
    };
    const stored = await db.order.count({ where: { organizationId } });
    if (stored !== run.importedRows) throw new Error(`expected ${run.importedRows} orders in the database, found ${stored}`);
    if (run.status !== "completed") throw new Error(`import ${run.status}: ${run.failure?.message ?? ""}`);
    console.log(JSON.stringify(figures));
  } finally {
    await db?.$disconnect();
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Parent: generate the file, run each target in a child process
// ---------------------------------------------------------------------------------------------

function child(target: Target, file: string): Promise<Figures> {
  const args = ["--child", target, "--file", file, "--rows", String(rows), "--batch-size", String(batchSize)];
  return runJsonChild<Figures>(fileURLToPath(import.meta.url), args, `${target} import`);
}

async function main(): Promise<void> {
  const targetOption = option("target") ?? "both";
  if (!["pglite", "postgres", "both"].includes(targetOption)) {
    console.error(`--target must be pglite, postgres or both (got "${targetOption}")`);
    process.exit(2);
  }
  const targets: Target[] = targetOption === "both" ? ["pglite", "postgres"] : [targetOption as Target];
  const dir = await mkdtemp(join(tmpdir(), "switchyard-bench-import-"));
  const file = join(dir, "orders_export.csv");
  try {
    let t0 = performance.now();
    await pipeline(Readable.from(generateShopifyCsv({ rows, seed: 7 })), createWriteStream(file));
    const bytes = (await stat(file)).size;
    console.log(`Generated ${fmt(rows)} Shopify CSV rows (${fmt(bytes / 2 ** 20)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s; batch size ${fmt(batchSize)}.`);
    const results: Partial<Record<Target, Figures>> = {};
    for (const target of targets) {
      t0 = performance.now();
      const f = await child(target, file);
      results[target] = f;
      console.log(
        `${target.padEnd(8)} ${fmt(f.rowsPerSec)} rows/s · ${fmt(f.ordersPerSec)} orders/s · ${fmt(f.orders)} orders in ${(f.wallMs / 1000).toFixed(1)} s · peak RSS ${fmt(f.peakRssMb)} MB` +
          ` · CPU node ${(f.nodeCpuMs / 1000).toFixed(1)} s${f.dbCpuMs !== null && target === "postgres" ? `, postgres ${(f.dbCpuMs / 1000).toFixed(1)} s` : ""}`,
      );
    }
    console.log(JSON.stringify({ bench: "import", node: process.version, cores: availableParallelism(), loadAverage: loadavg().map((x) => Math.round(x * 100) / 100), format: "shopify-csv", rows, fileMb: Math.round(bytes / 2 ** 20), batchSize, ...results }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childTarget = option("child");
if (childTarget === "pglite" || childTarget === "postgres") await runChild(childTarget, option("file")!);
else await main();
