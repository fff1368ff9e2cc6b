/**
 * npm run bench:live [-- --decisions 1000000] [--days 30]
 *
 * The Live section's reads over many stored decisions on PostgreSQL (BENCH_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres; a fresh database, dropped at the end):
 *   - writes `--decisions` synthetic decisions spread over `--days` days through the router's own write path
 *     (`insertRows`: explorer columns and rollups in the same statement), 10 stores, 12 countries, 5 hold
 *     reasons, 3 stage versions, ~40 rules; reports the write rate;
 *   - then times, 7 runs each (median and worst): the explorer's first page, a filtered page (status + store +
 *     country), a rule filter (GIN), an order-number search, the 50th page by keyset, the holds queue of the
 *     last 24 h, rule telemetry over 24 h (hourly) and 30 days (daily), and drift.
 * Prints a table; the last line is ONE JSON object with the figures.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../server/db/create-db";
import { DEFAULT_TEST_DATABASE_URL } from "../server/db/create-test-db";
import { insertRows, type DecisionRow } from "../server/services/decision-store";
import { holdsQueue, listDecisions } from "../server/services/live-decision-service";
import { liveDrift } from "../server/services/live-drift-service";
import { liveTelemetry } from "../server/services/live-telemetry-service";
import type { Scope } from "../server/services/scope";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i !== -1 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

const DECISIONS = option("decisions", 1_000_000);
const DAYS = option("days", 30);
const COUNTRIES = ["US", "DE", "GB", "FR", "CA", "AU", "JP", "MX", "NL", "ES", "IT", "BR"];
const HOLDS = ["Address failed validation", "Unpaired SKU", "High value — check", "No channel fits", "Buyer asked to cancel"];
const PLATFORMS = ["tiktok", "temu", "amazon", "shopify", "aliexpress"];

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A small deterministic generator (xorshift), so runs are comparable. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

async function time<T>(runs: number, f: () => Promise<T>): Promise<{ medianMs: number; worstMs: number; last: T }> {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]! * 10) / 10, worstMs: Math.round(ms.at(-1)! * 10) / 10, last };
}

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;
  const name = `switchyard_bench_live_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let db: Db | null = null;
  try {
    db = await createDb({ kind: "postgres", url: url.toString() });
    const org = await db.organization.create({ data: { name: "Bench", slug: `bench-live-${randomBytes(3).toString("hex")}` } });
    const scope: Scope = { organizationId: org.id, role: "owner", actor: { type: "system", id: "bench" } };
    const stores = await Promise.all(Array.from({ length: 10 }, (_, i) => db!.store.create({ data: { organizationId: org.id, name: `Store ${i}`, platform: "tiktok" } })));
    const warehouses = await Promise.all(
      ["SZ", "LA", "HAM"].map((code) => db!.warehouse.create({ data: { organizationId: org.id, code, name: code, country: "CN", calendar: { timeZone: "UTC", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "09:00", cutoffTime: "17:00" } } })),
    );
    const channels = ["YUN", "UPS", "DHL", "USPS"];
    const versions = [
      { stage: "orderReview", rulesetId: "rs-review", rulesetName: "Address check", version: 3, contentHash: "a".repeat(64), rules: ["Hold invalid address", "Hold high value"] },
      { stage: "warehouseMatching", rulesetId: "rs-wh", rulesetName: "Warehouses", version: 7, contentHash: "b".repeat(64), rules: Array.from({ length: 20 }, (_, i) => `Route ${i}`) },
      { stage: "logisticsMatching", rulesetId: "rs-ch", rulesetName: "Channels", version: 4, contentHash: "c".repeat(64), rules: Array.from({ length: 18 }, (_, i) => `Channel ${i}`) },
    ];
    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const end = Date.now();
    const start = end - DAYS * 86_400_000;
    const BATCH = 1000;
    const writeStarted = performance.now();
    let externalSample = "";
    for (let done = 0; done < DECISIONS; done += BATCH) {
      const rows: DecisionRow[] = [];
      for (let i = 0; i < Math.min(BATCH, DECISIONS - done); i++) {
        const n = done + i;
        const at = new Date(start + Math.floor(((n + random()) / DECISIONS) * (end - start)));
        const held = random() < 0.08;
        const intercepted = !held && random() < 0.01;
        const warehouseId = held || intercepted ? null : pick(warehouses).id;
        const stages = versions.map((v) => ({ stage: v.stage, rulesetId: v.rulesetId, rulesetName: v.rulesetName, version: v.version, contentHash: v.contentHash, decision: { firedRules: [pick(v.rules)] } }));
        const externalId = `#${(1_000_000 + n).toString(36)}`;
        if (n === Math.floor(DECISIONS / 2)) externalSample = externalId;
        const order = {
          storeId: pick(stores).id,
          platform: pick(PLATFORMS),
          buyerId: `buyer-${Math.floor(random() * 200_000)}`,
          createdAt: new Date(at.getTime() - 600_000).toISOString(),
          shipByDeadline: new Date(at.getTime() + (random() * 72 - 6) * 3_600_000).toISOString(),
          shippingAddress: { country: pick(COUNTRIES) },
        };
        rows.push({
          id: randomUUID(),
          organizationId: org.id,
          orderId: `o-${n}`,
          externalId,
          apiKeyId: null,
          versions: versions.map(({ rules: _r, ...v }) => v),
          decision: {
            decision: {
              warehouseId,
              channelId: warehouseId ? pick(channels) : null,
              holds: held ? [{ reason: pick(HOLDS), ruleName: "Hold" }] : [],
              intercept: intercepted ? { reason: "Buyer asked to cancel", ruleName: "Intercept" } : null,
              merge: null,
              split: null,
            },
            stages,
            notices: [],
          },
          createdAt: at,
          // The explorer reads the order's fields from here (`input.order`); the bench keeps the rest out to save disk.
          input: { order: order as never, buyerOpenOrders: null, inventory: {} },
          decideUs: Math.round(20 + random() * 400),
          deadlineRisk: pick(["ok", "ok", "ok", "late", "noDeadline"]),
        });
      }
      await insertRows(db, rows);
      if ((done / BATCH) % 100 === 0) process.stdout.write(`\rwritten ${done.toLocaleString()} of ${DECISIONS.toLocaleString()}`);
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    process.stdout.write("\n");
    await admin(url.toString(), "VACUUM ANALYZE");
    const now = new Date(end + 1000);
    const day = new Date(end - 86_400_000).toISOString();
    const store = stores[3]!.id;
    const RUNS = 7;
    const results: Record<string, { medianMs: number; worstMs: number }> = {};
    const run = async (label: string, f: () => Promise<unknown>) => {
      const r = await time(RUNS, f);
      results[label] = { medianMs: r.medianMs, worstMs: r.worstMs };
      console.log(`${label.padEnd(34)} median ${String(r.medianMs).padStart(7)} ms   worst ${String(r.worstMs).padStart(7)} ms`);
      return r.last;
    };
    await run("explorer: first page", () => listDecisions(db!, scope, { limit: 50 }));
    await run("explorer: held + store + country", () => listDecisions(db!, scope, { limit: 50, statuses: ["held"], storeIds: [store], countries: ["DE"] }));
    await run("explorer: one rule (GIN)", () => listDecisions(db!, scope, { limit: 50, ruleKey: "rs-review@3/Hold high value" }));
    await run("explorer: order number", () => listDecisions(db!, scope, { limit: 50, search: externalSample }));
    // Page 50 by keyset: the cursor of page 49 (what "Load more" sends).
    let cursor: string | undefined;
    for (let p = 0; p < 49; p++) cursor = (await listDecisions(db, scope, { limit: 50, cursor })).nextCursor ?? undefined;
    await run("explorer: page 50 by keyset", () => listDecisions(db!, scope, { limit: 50, cursor }));
    await run("holds queue: last 24 h", () => holdsQueue(db!, scope, { from: day }, now));
    await run("telemetry: 24 h hourly", () => liveTelemetry(db!, scope, { granularity: "hour", from: day }, now));
    await run("telemetry: 30 days daily", () => liveTelemetry(db!, scope, { granularity: "day", from: new Date(end - 30 * 86_400_000).toISOString() }, now));
    await run("drift", () => liveDrift(db!, scope));
    const figures = { decisions: DECISIONS, days: DAYS, writeDecisionsPerSec: Math.round(DECISIONS / writeSeconds), ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k.replace(/[^a-z0-9]+/gi, "_"), v])) };
    console.log(`write: ${figures.writeDecisionsPerSec.toLocaleString()} decisions/s with their rollups`);
    console.log(JSON.stringify(figures));
  } finally {
    await db?.$disconnect();
    await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
