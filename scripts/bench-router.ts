/**
 * npm run bench:router [-- --seconds 60] [--concurrency 8] [--port 3410] [--shadow-seconds 10] [--rounds 6] [--shadow-rate N] [--loop-log FILE]
 *
 * Load test of the live router over loopback HTTP against the production build (`npm run build` first)
 * served by `next start` on PostgreSQL:
 *   - creates a fresh database `switchyard_bench_router_<random>` on BENCH_DATABASE_URL (default
 *     postgresql://postgres@127.0.0.1:5432/postgres), seeds an organization with two warehouses, a
 *     warehouse-matching ruleset whose v1 is published and whose v2 is saved, a store (the orders' storeId)
 *     and an API key (scope route);
 *   - starts `next start` on that database (rate limit raised out of the way) and sends POST
 *     /api/v1/orders/route from `--concurrency` clients with keep-alive agents for `--seconds`;
 *   - halfway through publishes v2 (one transaction moves the pointer, then pg_notify on switchyard_publish)
 *     and checks that every response carries v1 or v2, and how long until v2 was served;
 *   - at the end counts the decisions stored against the requests answered, then stops the server and drops
 *     the database.
 *   - then measures the cost of a shadow version (the live loop): alternating phases of `--shadow-seconds`
 *     (default 10) without and with v3 in shadow (started and stopped through the shadow service, picked up
 *     by the server through pg_notify), `--rounds` rounds (default 6) after an uncounted warm-up (the first
 *     shadow starts the server's shadow thread), same orders; the shadow's reports must have counted exactly
 *     the requests of their phases. The overhead is also given as the median over the rounds of each
 *     round's difference (with − without): slow stretches of the machine hit both phases of a round alike.
 *     Each round has two kinds of phase:
 *       - closed loop: `--concurrency` clients sending back to back (the server saturated: the shadow's CPU
 *         shows as lost throughput and longer latency);
 *       - open loop: requests sent on a fixed schedule at `--shadow-rate` per second (default: half the
 *         throughput measured above), latency counted from each request's scheduled send time, so waiting
 *         behind the shadow's work is counted. This is the load the "+1 ms p99" promise is about. The
 *         server also reports its event-loop delay every second (SWITCHYARD_LOOP_DELAY_REPORT=1): the
 *         delay main-thread work adds to every request, apart from the database's commit times.
 * Prints requests/s, p50/p99 latency, errors and decisions stored vs answered, and p50/p99 without and with
 * the shadow; the last line is ONE JSON object with the figures.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type TRuleGraph, ZRuleGraph } from "../rules-schema";
import { CALENDAR_LA, CALENDAR_SZ, GraphBuilder, cond, makeLine, makeOrder } from "../rules-schema/testing/factories";
import { createDb } from "../server/db/create-db";
import { DEFAULT_TEST_DATABASE_URL } from "../server/db/create-test-db";
import { createApiKey } from "../server/services/api-key-service";
import { createRuleset, saveVersion } from "../server/services/ruleset-service";
import { startShadow, stopShadow } from "../server/services/shadow-service";
import type { Scope } from "../server/services/scope";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i !== -1 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

const SECONDS = option("seconds", 60);
const CONCURRENCY = option("concurrency", 8);
const PORT = option("port", 3410);
const SHADOW_SECONDS = option("shadow-seconds", 10);
const SHADOW_RATE = option("shadow-rate", 0);
const ROUNDS = option("rounds", 6);
const ASYNC_COMMIT = process.argv.includes("--async-commit");
/** `--loop-log FILE`: writes the server's per-second event-loop delays and the phases' bounds there (JSON lines), and each open-loop request's time and latency to FILE.requests. */
const LOOP_LOG = (() => {
  const i = process.argv.indexOf("--loop-log");
  return i !== -1 ? process.argv[i + 1] : undefined;
})();
const phaseMarks: { phase: string; from: number; to: number }[] = [];
/** With --loop-log: each open-loop request's scheduled time (epoch ms) and latency, written to FILE.requests. */
const latencyLog: { at: number; ms: number }[] = [];
const ROOT = join(fileURLToPath(import.meta.url), "..", "..");

/** Warehouse matching: v1 sends US to LA, the rest to SZ; v2 also sends CA to LA; v3 (the shadow) also MX and GB. */
function warehouseGraph(la: string, sz: string, v2: boolean, v3 = false): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const us = b.add("condition", cond("country", "in", v3 ? ["US", "CA", "MX", "GB"] : v2 ? ["US", "CA"] : ["US"]));
  const toLa = b.add("assignWarehouse", { warehouseId: la, priority: 300 });
  const fallback = b.add("fallback");
  const toSz = b.add("assignWarehouse", { warehouseId: sz });
  b.link("start", us, "next").link(us, toLa, "true").link(fallback, toSz, "next");
  return ZRuleGraph.parse(b.build());
}

const COUNTRIES = ["US", "CA", "DE", "GB", "MX"];

async function seed(url: string) {
  const db = await createDb({ kind: "postgres", url });
  const org = await db.organization.create({ data: { name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` } });
  const user = await db.user.create({ data: { email: `owner@${org.slug}.test`, name: "Bench owner", emailVerified: true } });
  await db.member.create({ data: { organizationId: org.id, userId: user.id, role: "owner" } });
  const scope: Scope = { organizationId: org.id, role: "owner", actor: { type: "user", id: user.id } };
  const wh = (code: string, country: string, calendar: object) =>
    db.warehouse.create({ data: { organizationId: org.id, code, name: code, kind: "own", country, calendar } });
  const la = (await wh("LA", "US", CALENDAR_LA)).id;
  const sz = (await wh("SZ", "CN", CALENDAR_SZ)).id;
  const ruleset = await createRuleset(db, scope, { name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", description: "", graph: warehouseGraph(la, sz, false) });
  const v1 = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: ruleset.id, number: 1 } });
  await db.rulesetVersion.update({ where: { id: v1.id }, data: { status: "published", publishedAt: new Date() } });
  await db.ruleset.update({ where: { id: ruleset.id }, data: { publishedVersionId: v1.id } });
  const saved = await saveVersion(db, scope, { id: ruleset.id, revision: ruleset.version.revision, graph: warehouseGraph(la, sz, true), note: "CA from LA" });
  const v2 = await db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: ruleset.id, number: 2 } });
  if (v2.compiled === null) throw new Error("v2 did not compile");
  // v3: what the shadow phases evaluate.
  await saveVersion(db, scope, { id: ruleset.id, revision: saved.revision, graph: warehouseGraph(la, sz, true, true), note: "MX and GB from LA too" });
  const { key } = await createApiKey(db, scope, { name: "bench", scopes: ["route"], expiresAt: null });
  // Routed orders must name a store of the organization.
  const store = await db.store.create({ data: { organizationId: org.id, name: "Bench store", platform: "shopify" } });
  await db.$disconnect();
  return { organizationId: org.id, rulesetId: ruleset.id, v2Id: v2.id, key, storeId: store.id, scope };
}

async function admin(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

function startServer(databaseUrl: string): ChildProcess {
  // The production server as `npm start` runs it (server/http/serve.ts: Next.js plus the node:http routing path).
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["server/http/serve.ts", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, RATE_LIMIT_PER_SECOND: "1000000", NODE_ENV: "production", SWITCHYARD_LOOP_DELAY_REPORT: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[next] ${d.toString()}`));
  let rest = "";
  child.stdout?.on("data", (d: Buffer) => {
    const lines = (rest + d.toString()).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("loop-delay ")) loopDelays.push(JSON.parse(line.slice("loop-delay ".length)) as LoopDelay);
  });
  return child;
}

/** The server's event-loop delay, one entry per second (serve.ts with SWITCHYARD_LOOP_DELAY_REPORT=1). */
interface LoopDelay {
  at: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}
const loopDelays: LoopDelay[] = [];
/** The per-second p99s of the event-loop delay reported entirely within [from, to] (epoch ms). */
const loopDelayP99s = (from: number, to: number) => loopDelays.filter((d) => d.at - 1000 >= from && d.at <= to).map((d) => d.p99Ms);
/** The longest single event-loop delay reported within [from, to]. */
const loopDelayMax = (from: number, to: number) => Math.max(0, ...loopDelays.filter((d) => d.at - 1000 >= from && d.at <= to).map((d) => d.maxMs));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return m === null ? null : Math.round(m * 100) / 100;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(method: string, path: string, key: string | null, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    const req = http.request({ host: "127.0.0.1", port: PORT, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function waitReady(child: ChildProcess) {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await request("GET", "/api/v1/openapi.json", null)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not answer within 60 s");
}

/** The other endpoints over real HTTP once: a batch (the `route:batch` path), a decision by id and by order, a 401. */
async function smokeTest(key: string, bodies: string[]) {
  const batch = await request("POST", "/api/v1/orders/route:batch", key, `{"orders":[${bodies.slice(0, 10).join(",")}]}`);
  const results = batch.status === 200 ? (JSON.parse(batch.text) as { results: { decisionId: string; orderId: string }[] }).results : [];
  if (results.length !== 10) throw new Error(`route:batch answered ${batch.status}: ${batch.text.slice(0, 300)}`);
  const one = await request("GET", `/api/v1/decisions/${results[0]!.decisionId}`, key);
  if (one.status !== 200) throw new Error(`GET /api/v1/decisions/{id} answered ${one.status}`);
  const byOrder = await request("GET", `/api/v1/orders/${encodeURIComponent(results[0]!.orderId)}/decisions`, key);
  if (byOrder.status !== 200 || (JSON.parse(byOrder.text) as { decisions: unknown[] }).decisions.length === 0) throw new Error(`GET /api/v1/orders/{orderId}/decisions answered ${byOrder.status}`);
  const anonymous = await request("POST", "/api/v1/orders/route", null, bodies[0]);
  if (anonymous.status !== 401) throw new Error(`no key answered ${anonymous.status}`);
  console.log("smoke test: route:batch, decisions by id and by order, 401 without a key: ok");
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first");
  const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;
  const name = `switchyard_bench_router_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  // --async-commit: commits do not wait for their WAL flush (not how the router runs; it removes the disk's
  // flush times from the latencies, to see effects smaller than their spread, such as the shadow's).
  if (ASYNC_COMMIT) await admin(adminUrl, `ALTER DATABASE "${name}" SET synchronous_commit = off`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let child: ChildProcess | null = null;
  try {
    const seeded = await seed(databaseUrl);
    child = startServer(databaseUrl);
    await waitReady(child);
    const bodies = Array.from({ length: 500 }, (_, i) =>
      JSON.stringify(
        makeOrder({
          id: `bench-${i}`,
          storeId: seeded.storeId,
          externalId: `#${i}`,
          buyerId: "",
          shippingAddress: { country: COUNTRIES[i % COUNTRIES.length]!, postalCode: "10001" },
          lines: [makeLine({ quantity: 1 + (i % 3), weightGrams: 200 + (i % 7) * 100 })],
        }),
      ),
    );
    // Warm-up: compile the route, load the snapshot, fill the key cache.
    for (let i = 0; i < 200; i++) await request("POST", "/api/v1/orders/route", seeded.key, bodies[i % bodies.length]);
    await smokeTest(seeded.key, bodies);
    await admin(databaseUrl, "DELETE FROM routing_decisions");

    const latencies: number[] = [];
    let answered = 0;
    let errors = 0;
    let wrongVersion = 0;
    let v1 = 0;
    let v2 = 0;
    let publishedAt = 0;
    let firstV2At = 0;
    let v1AfterOneSecond = 0;
    const firstErrors: string[] = [];
    const started = performance.now();
    const endAt = started + SECONDS * 1000;
    let n = 0;
    const publishTimer = setTimeout(
      () => {
        void (async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query("BEGIN");
          await client.query(`UPDATE ruleset_versions SET status = 'published', "publishedAt" = now() WHERE id = $1`, [seeded.v2Id]);
          await client.query(`UPDATE rulesets SET "publishedVersionId" = $1, "updatedAt" = now() WHERE id = $2`, [seeded.v2Id, seeded.rulesetId]);
          await client.query("SELECT pg_notify('switchyard_publish', $1)", [JSON.stringify({ organizationId: seeded.organizationId, rulesetId: seeded.rulesetId, versionNumber: 2 })]);
          await client.query("COMMIT");
          publishedAt = performance.now();
          await client.end();
        })().catch((e: unknown) => console.error("publish failed:", e));
      },
      (SECONDS * 1000) / 2,
    );
    const worker = async () => {
      while (performance.now() < endAt) {
        const body = bodies[n++ % bodies.length]!;
        const t0 = performance.now();
        try {
          const res = await request("POST", "/api/v1/orders/route", seeded.key, body);
          const t1 = performance.now();
          latencies.push(t1 - t0);
          if (res.status !== 200) {
            errors++;
            if (firstErrors.length < 5) firstErrors.push(`${res.status} ${res.text.slice(0, 200)}`);
            continue;
          }
          answered++;
          const version = (JSON.parse(res.text) as { stages: { version: number }[] }).stages[0]?.version;
          if (version === 1) {
            v1++;
            if (publishedAt && t0 - publishedAt > 1000) v1AfterOneSecond++;
          } else if (version === 2) {
            v2++;
            if (!firstV2At) firstV2At = t1;
          } else wrongVersion++;
        } catch (e) {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(String(e));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearTimeout(publishTimer);
    const elapsed = (performance.now() - started) / 1000;
    const stored = Number((await admin(databaseUrl, "SELECT count(*)::int AS n FROM routing_decisions")).rows[0].n);
    const sorted = Float64Array.from(latencies).sort();
    const figures = {
      seconds: Math.round(elapsed * 10) / 10,
      concurrency: CONCURRENCY,
      requests: latencies.length,
      requestsPerSec: Math.round(latencies.length / elapsed),
      p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
      p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
      errors,
      answered,
      decisionsStored: stored,
      decisionsLost: answered - stored,
      v1Responses: v1,
      v2Responses: v2,
      otherVersionResponses: wrongVersion,
      publishVisibleAfterMs: publishedAt && firstV2At ? Math.round(firstV2At - publishedAt) : null,
      v1ResponsesOverOneSecondAfterPublish: v1AfterOneSecond,
    };
    console.log(`requests/s ${figures.requestsPerSec}  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  errors ${errors}`);
    console.log(`decisions stored ${stored} of ${answered} answered (lost ${figures.decisionsLost})`);
    console.log(`versions: v1 ${v1}, v2 ${v2}, other ${wrongVersion}; v2 served ${figures.publishVisibleAfterMs ?? "never"} ms after the publish`);
    if (firstErrors.length) console.log(`first errors:\n  ${firstErrors.join("\n  ")}`);

    // The shadow's cost: alternating phases without and with v3 in shadow.
    const phase = async (): Promise<{ latencies: number[]; errors: number; answered: number }> => {
      const out = { latencies: [] as number[], errors: 0, answered: 0 };
      const until = performance.now() + SHADOW_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < until) {
            const t0 = performance.now();
            try {
              const res = await request("POST", "/api/v1/orders/route", seeded.key, bodies[n++ % bodies.length]!);
              out.latencies.push(performance.now() - t0);
              if (res.status === 200) out.answered++;
              else out.errors++;
            } catch {
              out.errors++;
            }
          }
        }),
      );
      return out;
    };
    // Open loop: one request every 1/rate s on a fixed schedule, each timed from when it was due.
    const rate = SHADOW_RATE || Math.max(50, Math.round(figures.requestsPerSec / 2));
    const openPhase = async (): Promise<{ latencies: number[]; errors: number; answered: number }> => {
      const out = { latencies: [] as number[], errors: 0, answered: 0 };
      const total = Math.round(rate * SHADOW_SECONDS);
      const start = performance.now() + 2;
      const inFlight: Promise<void>[] = [];
      let next = 0;
      while (next < total) {
        const now = performance.now();
        for (; next < total && start + (next * 1000) / rate <= now; next++) {
          const due = start + (next * 1000) / rate;
          inFlight.push(
            request("POST", "/api/v1/orders/route", seeded.key, bodies[n++ % bodies.length]!).then(
              (res) => {
                out.latencies.push(performance.now() - due);
                if (LOOP_LOG) latencyLog.push({ at: Math.round(performance.timeOrigin + due), ms: Math.round((performance.now() - due) * 100) / 100 });
                if (res.status === 200) out.answered++;
                else out.errors++;
              },
              () => {
                out.errors++;
              },
            ),
          );
        }
        if (next < total) await new Promise((r) => setTimeout(r, Math.max(0, start + (next * 1000) / rate - performance.now())));
      }
      await Promise.all(inFlight);
      return out;
    };
    const shadowDb = await createDb({ kind: "postgres", url: databaseUrl }, { migrate: false });
    const plain: number[] = [];
    const shadowed: number[] = [];
    const openPlain: number[] = [];
    const openShadowed: number[] = [];
    const loopPlain: number[] = [];
    const loopShadowed: number[] = [];
    /** Per round: open-loop p99 without and with the shadow, and the median of each second's event-loop p99. */
    const rounds: { p99Without: number; p99With: number; loopWithout: number; loopWith: number; closedP99Without: number; closedP99With: number }[] = [];
    let loopMaxPlain = 0;
    let loopMaxShadowed = 0;
    let shadowErrors = 0;
    let shadowAnswered = 0;
    let shadowCounted = 0;
    let warmUpMs = 0;
    const p99 = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 99);
    try {
      // Warm-up (not counted): the first shadow of the process starts its worker thread, which loads and
      // compiles its sources once; every later shadow finds it running.
      {
        const run = await startShadow(shadowDb, seeded.scope, { rulesetId: seeded.rulesetId, number: 3, sampleRate: 1 });
        await new Promise((r) => setTimeout(r, 300));
        const t0 = performance.now();
        const until = t0 + 3_000;
        while (performance.now() < until) await request("POST", "/api/v1/orders/route", seeded.key, bodies[n++ % bodies.length]!);
        warmUpMs = Math.round(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 6_000));
        await stopShadow(shadowDb, seeded.scope, run.id);
      }
      for (let round = 0; round < ROUNDS; round++) {
        // Open loop first in each half: a closed-loop phase leaves the shadow a backlog to work off.
        let t = Date.now();
        const oa = await openPhase();
        const lp = loopDelayP99s(t, Date.now());
        loopPlain.push(...lp);
        phaseMarks.push({ phase: `open, no shadow, round ${round + 1}`, from: t, to: Date.now() });
        loopMaxPlain = Math.max(loopMaxPlain, loopDelayMax(t, Date.now()));
        openPlain.push(...oa.latencies);
        const a = await phase();
        plain.push(...a.latencies);
        shadowErrors += a.errors + oa.errors;
        phaseMarks.push({ phase: `shadow started, round ${round + 1}`, from: Date.now(), to: Date.now() });
        const run = await startShadow(shadowDb, seeded.scope, { rulesetId: seeded.rulesetId, number: 3, sampleRate: 1 });
        // The server hears pg_notify within milliseconds; give it a moment so the phase is all in shadow.
        await new Promise((r) => setTimeout(r, 300));
        t = Date.now();
        const ob = await openPhase();
        const ls = loopDelayP99s(t, Date.now());
        loopShadowed.push(...ls);
        phaseMarks.push({ phase: `open, shadow, round ${round + 1}`, from: t, to: Date.now() });
        loopMaxShadowed = Math.max(loopMaxShadowed, loopDelayMax(t, Date.now()));
        openShadowed.push(...ob.latencies);
        const b = await phase();
        shadowed.push(...b.latencies);
        shadowErrors += b.errors + ob.errors;
        shadowAnswered += b.answered + ob.answered;
        rounds.push({ p99Without: p99(oa.latencies), p99With: p99(ob.latencies), loopWithout: median(lp) ?? 0, loopWith: median(ls) ?? 0, closedP99Without: p99(a.latencies), closedP99With: p99(b.latencies) });
        // Its instance writes every 5 s: wait for the last write before stopping.
        await new Promise((r) => setTimeout(r, 6_000));
        const ended = await stopShadow(shadowDb, seeded.scope, run.id);
        shadowCounted += ended.done;
      }
    } finally {
      await shadowDb.$disconnect();
    }
    const ms = (xs: number[], p: number) => Math.round(percentile(Float64Array.from(xs).sort(), p) * 100) / 100;
    const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
    /** The median of the rounds' paired differences (with − without): each round's noise is shared by its two phases. */
    const pairedMedian = (f: (r: (typeof rounds)[number]) => number) => r2(median(rounds.map(f)));
    const shadow = {
      shadowPhaseSeconds: SHADOW_SECONDS,
      shadowRounds: ROUNDS,
      shadowWarmUpMs: warmUpMs,
      withoutShadowP50Ms: ms(plain, 50),
      withoutShadowP99Ms: ms(plain, 99),
      withShadowP50Ms: ms(shadowed, 50),
      withShadowP99Ms: ms(shadowed, 99),
      shadowP99OverheadMs: Math.round((ms(shadowed, 99) - ms(plain, 99)) * 100) / 100,
      shadowP99OverheadPairedMedianMs: pairedMedian((r) => r.closedP99With - r.closedP99Without),
      withoutShadowRequestsPerSec: Math.round(plain.length / (ROUNDS * SHADOW_SECONDS)),
      withShadowRequestsPerSec: Math.round(shadowed.length / (ROUNDS * SHADOW_SECONDS)),
      openLoopRatePerSec: rate,
      openLoopWithoutShadowP50Ms: ms(openPlain, 50),
      openLoopWithoutShadowP99Ms: ms(openPlain, 99),
      openLoopWithShadowP50Ms: ms(openShadowed, 50),
      openLoopWithShadowP99Ms: ms(openShadowed, 99),
      openLoopShadowP99OverheadMs: Math.round((ms(openShadowed, 99) - ms(openPlain, 99)) * 100) / 100,
      openLoopShadowP99OverheadPairedMedianMs: pairedMedian((r) => r.p99With - r.p99Without),
      openLoopShadowP99OverheadPerRoundMs: rounds.map((r) => r2(r.p99With - r.p99Without)),
      // The server's event-loop delay in the open-loop phases: median over their seconds of each second's p99.
      openLoopEventLoopDelayP99WithoutShadowMs: median(loopPlain),
      openLoopEventLoopDelayP99WithShadowMs: median(loopShadowed),
      openLoopEventLoopDelayP99OverheadPairedMedianMs: pairedMedian((r) => r.loopWith - r.loopWithout),
      openLoopEventLoopDelayMaxWithoutShadowMs: loopMaxPlain,
      openLoopEventLoopDelayMaxWithShadowMs: loopMaxShadowed,
      openLoopEventLoopSeconds: loopPlain.length + loopShadowed.length,
      shadowPhaseErrors: shadowErrors,
      shadowEvaluated: shadowCounted,
      shadowPhaseAnswered: shadowAnswered,
    };
    console.log(`shadow: ${ROUNDS} rounds of ${SHADOW_SECONDS} s phases without and with v3 in shadow (after a ${warmUpMs} ms warm-up that starts the shadow's thread)`);
    console.log(`closed loop (${CONCURRENCY} clients, saturated):`);
    console.log(`  without shadow: p50 ${shadow.withoutShadowP50Ms} ms  p99 ${shadow.withoutShadowP99Ms} ms  ${shadow.withoutShadowRequestsPerSec} req/s`);
    console.log(`  with v3 in shadow: p50 ${shadow.withShadowP50Ms} ms  p99 ${shadow.withShadowP99Ms} ms  ${shadow.withShadowRequestsPerSec} req/s  (p99 +${shadow.shadowP99OverheadMs} ms; median of the rounds' differences ${shadow.shadowP99OverheadPairedMedianMs} ms)`);
    console.log(`open loop (${rate} req/s on a schedule, latency from the scheduled send):`);
    console.log(`  without shadow: p50 ${shadow.openLoopWithoutShadowP50Ms} ms  p99 ${shadow.openLoopWithoutShadowP99Ms} ms`);
    console.log(`  with v3 in shadow: p50 ${shadow.openLoopWithShadowP50Ms} ms  p99 ${shadow.openLoopWithShadowP99Ms} ms  (p99 +${shadow.openLoopShadowP99OverheadMs} ms)`);
    console.log(`  p99 with − without, per round: ${shadow.openLoopShadowP99OverheadPerRoundMs.join(", ")} ms; median ${shadow.openLoopShadowP99OverheadPairedMedianMs} ms`);
    console.log(`  the server's event-loop delay (median of each second's p99): ${shadow.openLoopEventLoopDelayP99WithoutShadowMs} ms without, ${shadow.openLoopEventLoopDelayP99WithShadowMs} ms with the shadow (median of the rounds' differences ${shadow.openLoopEventLoopDelayP99OverheadPairedMedianMs} ms); longest single delay ${loopMaxPlain} ms without, ${loopMaxShadowed} ms with`);
    console.log(`shadow evaluated ${shadowCounted} of ${shadowAnswered} answered in its phases`);
    if (LOOP_LOG) writeFileSync(LOOP_LOG, [...phaseMarks, ...loopDelays].map((x) => JSON.stringify(x)).join("\n") + "\n");
    if (LOOP_LOG) writeFileSync(`${LOOP_LOG}.requests`, latencyLog.map((x) => JSON.stringify(x)).join("\n") + "\n");
    console.log(JSON.stringify({ ...figures, ...shadow }));
  } finally {
    agent.destroy();
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
    }
    await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
