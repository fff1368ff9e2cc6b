/**
 * The durable steps of a simulation, shared by both runners (embedded worker threads, pg-boss):
 * plan the chunks, evaluate and commit one chunk, fail or cancel. Every step is safe to repeat: a
 * chunk's results and its `done` are written in one transaction (a repeated chunk replaces its own
 * rows), the simulation row is locked while a chunk commits, and totals appear only when the last
 * chunk has committed — so a restart resumes, and nothing half-written ever looks complete.
 */
import { Prisma } from "../db/generated/prisma/client";
import { KINDS_NEEDING_BUYER_ORDERS } from "@/rules-schema/actions/decision-slots";
import type { Db } from "../db/create-db";
import type { Tx } from "../services/db-helpers";
import { ZEvaluationContext, type TEvaluationContext } from "@/rules-schema/context/context-schema";
import { mergeSimulationTotals, emptySimulationTotals } from "@/rules-schema/simulate";
import { type TSimulationPlan, type TSimulationTotals, ZSimulationPlan, ZSimulationTotals } from "@/rules-schema/simulate/simulation-schema";
import { ZSimulationSource, type THistorySource, type TSimulationSource } from "../schemas/simulation-schemas";
import { type ChunkInput, type ChunkResult, changedOrderRow } from "./evaluate-chunk";
import type { EvaluatorPool } from "./evaluator-pool";

/**
 * Orders per chunk: small enough for a progress bar and a cheap retry, big enough to amortize a commit.
 * `SIMULATION_CHUNK_SIZE` overrides it (tests use small chunks).
 */
const positiveInt = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function chunkSize(): number {
  return positiveInt(process.env.SIMULATION_CHUNK_SIZE) ?? 5_000;
}

/**
 * Orders in the first chunk: a tenth of a chunk by default, so the run page shows progress from the
 * first orders instead of after a whole chunk (5,000 orders, seconds on a busy machine). With
 * `SIMULATION_CHUNK_SIZE` set and no `SIMULATION_FIRST_CHUNK_SIZE`, chunks are uniform.
 */
export function firstChunkSize(size = chunkSize()): number {
  const first = positiveInt(process.env.SIMULATION_FIRST_CHUNK_SIZE);
  if (first) return Math.min(first, size);
  return positiveInt(process.env.SIMULATION_CHUNK_SIZE) ? size : Math.max(1, Math.ceil(size / 10));
}

/** Where each chunk ends (1-based positions in the orders' order): first, first + size, …, total. */
export function chunkEnds(total: number, size: number, first: number): number[] {
  const ends: number[] = [];
  for (let end = first; end < total; end += size) ends.push(end);
  if (total > 0) ends.push(total);
  return ends;
}
/** A chunk that failed this many times fails the simulation. */
export const MAX_CHUNK_ATTEMPTS = 3;
/** How far around a chunk's orders buyer orders are looked up for merge facts (the fact's hours are at most this). */
const BUYER_WINDOW_MS = 7 * 24 * 3_600_000;

const DAY_MS = 86_400_000;

/** SQL conditions of a history source on the `orders` table (aliased `o`). */
export function historyWhere(organizationId: string, source: THistorySource): Prisma.Sql {
  const from = new Date(`${source.from}T00:00:00.000Z`);
  const to = new Date(new Date(`${source.to}T00:00:00.000Z`).getTime() + DAY_MS);
  const parts: Prisma.Sql[] = [Prisma.sql`o."organizationId" = ${organizationId}`, Prisma.sql`o."placedAt" >= ${from}`, Prisma.sql`o."placedAt" < ${to}`];
  if (source.storeIds.length) parts.push(Prisma.sql`o."storeId" = ANY(${source.storeIds}::text[])`);
  if (source.platforms.length) parts.push(Prisma.sql`o."platform"::text = ANY(${source.platforms}::text[])`);
  if (source.countries.length) parts.push(Prisma.sql`o."country" = ANY(${source.countries}::text[])`);
  return Prisma.join(parts, " AND ");
}

const pad = (n: number) => String(n).padStart(10, "0");

/**
 * Splits the simulation's orders into chunks (once: a second call sees the chunks and does nothing)
 * and marks it running. An empty range completes at once with empty totals.
 */
export async function prepareSimulation(db: Db, id: string): Promise<"ready" | "completed" | "stopped"> {
  const sim = await db.simulation.findUnique({ where: { id }, select: { status: true, chunkCount: true, organizationId: true, source: true, startedAt: true } });
  if (!sim || sim.status === "completed" || sim.status === "failed" || sim.status === "cancelled") return "stopped";
  if (sim.chunkCount > 0 || (sim.status === "running" && (await db.simulationChunk.count({ where: { simulationId: id } })) > 0)) return "ready";
  const source = ZSimulationSource.parse(sim.source);
  const planStart = performance.now();
  const CHUNK_SIZE = chunkSize();
  const FIRST = firstChunkSize(CHUNK_SIZE);
  const bounds: { key: string; n: number }[] = [];
  let total = 0;
  if (source.kind === "history") {
    // The FIRST-th id, every CHUNK_SIZE-th after it and the last, in id order: chunk i holds the ids after bound i-1 up to bound i.
    const rows = await db.$queryRaw<{ id: string; rn: bigint; n: bigint }[]>(Prisma.sql`
      SELECT id, rn, n FROM (
        SELECT o.id, row_number() OVER (ORDER BY o.id) AS rn, count(*) OVER () AS n
        FROM orders o WHERE ${historyWhere(sim.organizationId, source)}
      ) t WHERE (rn >= ${FIRST} AND (rn - ${FIRST}) % ${CHUNK_SIZE} = 0) OR rn = n ORDER BY rn`);
    total = rows.length ? Number(rows[0]!.n) : 0;
    let prev = 0;
    for (const r of rows) {
      const rn = Number(r.rn);
      bounds.push({ key: r.id, n: rn - prev });
      prev = rn;
    }
  } else {
    total = await db.simulationUploadOrder.count({ where: { simulationId: id } });
    let prev = 0;
    for (const end of chunkEnds(total, CHUNK_SIZE, FIRST)) {
      bounds.push({ key: pad(end), n: end - prev });
      prev = end;
    }
  }
  if (PROFILE) process.stderr.write(`[plan] ${total} orders in ${bounds.length} chunks, ${Math.round(performance.now() - planStart)} ms\n`);
  if (source.kind === "history") await analyzeOrdersIfStale(db, total);
  if (PROFILE) process.stderr.write(`[plan] statistics checked, ${Math.round(performance.now() - planStart)} ms\n`);
  return db.$transaction(async (tx) => {
    const locked = await lockSimulation(tx, id);
    if (locked !== "queued" && locked !== "running") return "stopped";
    if ((await tx.simulationChunk.count({ where: { simulationId: id } })) > 0) return "ready";
    const first = source.kind === "history" ? "" : pad(0);
    await tx.simulationChunk.createMany({
      data: bounds.map((b, index) => ({ simulationId: id, index, fromKey: index === 0 ? first : bounds[index - 1]!.key, toKey: b.key, orders: b.n })),
    });
    const now = new Date();
    if (bounds.length === 0) {
      await tx.simulation.update({
        where: { id },
        data: { status: "completed", total: 0, chunkCount: 0, totals: emptySimulationTotals() as unknown as Prisma.InputJsonValue, startedAt: sim.startedAt ?? now, finishedAt: now },
      });
      return "completed";
    }
    await tx.simulation.update({ where: { id }, data: { status: "running", total, chunkCount: bounds.length, startedAt: sim.startedAt ?? now } });
    return "ready";
  });
}

/**
 * Refreshes the planner's statistics of `orders` when they are missing or clearly stale (fewer rows
 * than this simulation alone reads, or many changes since the last ANALYZE). Without them, after a
 * bulk import, PostgreSQL picks a plan that scans the organization's whole date index for every chunk
 * (measured on 1,000,000 orders: 170 ms a chunk instead of 100). PGlite has no autovacuum at all.
 */
async function analyzeOrdersIfStale(db: Db, ordersToRead: number): Promise<void> {
  const rows = await db.$queryRaw<{ reltuples: number; changed: bigint | null }[]>`
    SELECT c.reltuples::float8 AS reltuples, s.n_mod_since_analyze AS changed
    FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
    WHERE c.relname = 'orders' AND c.relnamespace = current_schema()::regnamespace`;
  const stats = rows[0];
  if (!stats) return;
  const estimated = Number(stats.reltuples);
  const changed = Number(stats.changed ?? 0);
  if (estimated < 0 || estimated < ordersToRead || changed > Math.max(10_000, estimated * 0.2)) await db.$executeRawUnsafe("ANALYZE orders");
}

async function lockSimulation(tx: Tx, id: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM simulations WHERE id = ${id} FOR UPDATE`;
  return rows[0]?.status ?? null;
}

/** What a worker needs for every chunk of one simulation, read once per runner. */
export interface LoadedSimulation {
  id: string;
  organizationId: string;
  source: TSimulationSource;
  plan: TSimulationPlan;
  context: TEvaluationContext;
  needsBuyers: boolean;
}

export async function loadSimulation(db: Db, id: string): Promise<LoadedSimulation | null> {
  const sim = await db.simulation.findUnique({ where: { id }, select: { id: true, organizationId: true, source: true, plan: true, context: true } });
  if (!sim) return null;
  const text = JSON.stringify(sim.plan);
  return {
    id: sim.id,
    organizationId: sim.organizationId,
    source: ZSimulationSource.parse(sim.source),
    plan: ZSimulationPlan.parse(sim.plan),
    context: ZEvaluationContext.parse(sim.context),
    // Merge facts and actions that need them (the registry's `needs`) read the buyer's other orders; most plans never do.
    needsBuyers: text.includes('"buyerOrdersWithinHours"') || KINDS_NEEDING_BUYER_ORDERS.some((kind) => text.includes(`"${kind}"`)),
  };
}

/**
 * The chunk's orders (id order) and, when the plan needs them, their buyers' orders within a week of
 * them — in ONE query that returns two JSON texts: the database does the joining and serializing, the
 * main thread only passes two strings to a worker thread, which parses them.
 */
export async function loadChunkOrders(db: Db, sim: LoadedSimulation, chunk: { fromKey: string; toKey: string }): Promise<ChunkInput> {
  const rows =
    sim.source.kind === "history"
      ? await db.$queryRaw<{ orders: string; buyers: string | null }[]>(Prisma.sql`
          WITH c AS MATERIALIZED (
            SELECT o.id, o.data, o."buyerId", o."placedAt" FROM orders o
            WHERE ${historyWhere(sim.organizationId, sim.source)} AND o.id > ${chunk.fromKey} AND o.id <= ${chunk.toKey}
          )
          SELECT
            (SELECT coalesce(json_agg(json_build_array(c.id, c.data) ORDER BY c.id), '[]')::text FROM c) AS orders,
            CASE WHEN ${sim.needsBuyers} THEN (
              -- One index probe per buyer (orders by organization, buyer, time): a LATERAL join keeps the
              -- planner from scanning every order of the weeks around the chunk instead.
              -- Each buyer order by the order's own id (data.id, what the facts compare with order.id), not
              -- the row id: with the row id every order counted itself as the buyer's other order.
              SELECT coalesce(json_agg(json_build_array(d."buyerId", b.order_id, to_char(b."placedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))), '[]')::text
              FROM (SELECT DISTINCT c."buyerId" FROM c WHERE c."buyerId" <> '') d
              CROSS JOIN (SELECT min(c."placedAt") AS at, max(c."placedAt") AS until FROM c) c_min
              CROSS JOIN LATERAL (
                SELECT coalesce(b.data->>'id', b.id) AS order_id, b."placedAt" FROM orders b
                WHERE b."organizationId" = ${sim.organizationId} AND b."buyerId" = d."buyerId"
                  AND b."placedAt" >= c_min.at - ${`${BUYER_WINDOW_MS} milliseconds`}::interval
                  AND b."placedAt" <= c_min.until + ${`${BUYER_WINDOW_MS} milliseconds`}::interval
              ) b
            ) END AS buyers`)
      : await db.$queryRaw<{ orders: string; buyers: string | null }[]>(Prisma.sql`
          WITH c AS MATERIALIZED (
            SELECT seq, data FROM simulation_upload_orders
            WHERE "simulationId" = ${sim.id} AND seq > ${Number(chunk.fromKey)} AND seq <= ${Number(chunk.toKey)}
          )
          SELECT
            (SELECT coalesce(json_agg(json_build_array(coalesce(c.data->>'id', 'row-' || c.seq), c.data) ORDER BY c.seq), '[]')::text FROM c) AS orders,
            CASE WHEN ${sim.needsBuyers} THEN (
              SELECT coalesce(json_agg(json_build_array(u.data->>'buyerId', coalesce(u.data->>'id', 'row-' || u.seq), u.data->>'createdAt')), '[]')::text
              FROM simulation_upload_orders u
              WHERE u."simulationId" = ${sim.id}
                AND u.data->>'buyerId' IN (SELECT DISTINCT c.data->>'buyerId' FROM c WHERE coalesce(c.data->>'buyerId', '') <> '')
            ) END AS buyers`);
  return { ordersJson: rows[0]?.orders ?? "[]", buyersJson: rows[0]?.buyers ?? null };
}

const SIM_ORDER_COLUMNS = [
  ["simulationId", "text"],
  ["orderId", "text"],
  ["chunkIndex", "integer"],
  ["externalId", "text"],
  ["placedAt", "timestamptz"],
  ["storeId", "text"],
  ["platform", "text"],
  ["country", "text"],
  ["changes", "text[]"],
  ["baselineWarehouseId", "text"],
  ["candidateWarehouseId", "text"],
  ["baselineChannelId", "text"],
  ["candidateChannelId", "text"],
  ["costDelta", "double precision"],
  ["baseline", "jsonb"],
  ["candidate", "jsonb"],
] as const;
const q = (c: string) => `"${c}"`;
/** `jsonb_to_recordset` cannot read a text[] from a JSON array: `changes` is read as jsonb and converted. */
const INSERT_CHANGED = `INSERT INTO simulation_orders (${SIM_ORDER_COLUMNS.map(([c]) => q(c)).join(", ")})
  SELECT ${SIM_ORDER_COLUMNS.map(([c, t]) => (t === "text[]" ? `ARRAY(SELECT jsonb_array_elements_text(x.${q(c)}))` : `x.${q(c)}`)).join(", ")}
  FROM jsonb_to_recordset($1::jsonb) AS x(${SIM_ORDER_COLUMNS.map(([c, t]) => `${q(c)} ${t === "text[]" ? "jsonb" : t}`).join(", ")})`;

/** Writes a batch of changed orders (one statement, one JSON parameter). */
async function insertChanged(tx: Tx, simulationId: string, chunkIndex: number, result: ChunkResult): Promise<void> {
  const BATCH = 2_000;
  for (let i = 0; i < result.changed.length; i += BATCH) {
    const rows = result.changed.slice(i, i + BATCH).map((c) => ({ simulationId, chunkIndex, ...changedOrderRow(c) }));
    await tx.$executeRawUnsafe(INSERT_CHANGED, JSON.stringify(rows));
  }
}

/**
 * Evaluates one chunk and commits it. Returns "done" (committed now or earlier), or "stopped" when the
 * simulation is no longer running (cancelled or failed meanwhile: the work is thrown away).
 */
export async function runChunk(
  db: Db,
  pool: EvaluatorPool,
  sim: LoadedSimulation,
  index: number,
  worker: string,
  fail?: string,
  dbTurn: DbTurn = (work) => work(),
): Promise<"done" | "stopped"> {
  const t0 = performance.now();
  const read = await dbTurn(async () => {
    const chunk = await db.simulationChunk.findUnique({ where: { simulationId_index: { simulationId: sim.id, index } } });
    if (!chunk || chunk.status === "done") return "done" as const;
    const status = (await db.simulation.findUnique({ where: { id: sim.id }, select: { status: true } }))?.status;
    if (status !== "running") return "stopped" as const;
    await db.simulationChunk.update({
      where: { simulationId_index: { simulationId: sim.id, index } },
      data: { status: "running", attempts: { increment: 1 }, worker, startedAt: new Date() },
    });
    return loadChunkOrders(db, sim, chunk);
  });
  if (read === "done" || read === "stopped") return read;
  const t1 = performance.now();
  const result = await pool.run({ key: sim.id, plan: sim.plan, context: sim.context, input: read }, fail);
  const t2 = performance.now();
  if (PROFILE) process.stderr.write(`[chunk ${index}] read ${Math.round(t1 - t0)} ms, evaluate ${Math.round(t2 - t1)} ms`);
  const committed = await dbTurn(() => db.$transaction(
    async (tx) => {
      if ((await lockSimulation(tx, sim.id)) !== "running") return "stopped" as const;
      const current = await tx.simulationChunk.findUnique({ where: { simulationId_index: { simulationId: sim.id, index } }, select: { status: true } });
      if (current?.status === "done") return "done" as const;
      await tx.simulationOrder.deleteMany({ where: { simulationId: sim.id, chunkIndex: index } });
      await insertChanged(tx, sim.id, index, result);
      await tx.simulationChunk.update({
        where: { simulationId_index: { simulationId: sim.id, index } },
        data: { status: "done", totals: result.totals as unknown as Prisma.InputJsonValue, finishedAt: new Date(), error: null },
      });
      const updated = await tx.simulation.update({
        where: { id: sim.id },
        data: { done: { increment: result.orders }, changed: { increment: result.changed.length }, chunksDone: { increment: 1 } },
        select: { chunksDone: true, chunkCount: true },
      });
      if (updated.chunksDone >= updated.chunkCount) await completeSimulation(tx, sim.id);
      return "done" as const;
    },
    { timeout: 120_000, maxWait: 60_000 },
  ));
  if (PROFILE) process.stderr.write(`, write ${Math.round(performance.now() - t2)} ms (${result.changed.length} changed)\n`);
  return committed;
}

/**
 * Runs a chunk's database work (its read, its commit) when the runner allows: the embedded runner lets
 * one chunk at a time use PGlite's single connection, so a user's request waits behind at most one
 * chunk's read or write, not one per lane.
 */
export type DbTurn = <T>(work: () => Promise<T>) => Promise<T>;

/** `SIMULATION_PROFILE=1` prints each chunk's read / evaluate / write times (the benchmark uses it). */
const PROFILE = process.env.SIMULATION_PROFILE === "1";

/** Adds up the chunks' totals and marks the simulation completed (inside the last chunk's transaction). */
async function completeSimulation(tx: Tx, id: string): Promise<void> {
  const chunks = await tx.simulationChunk.findMany({ where: { simulationId: id }, select: { totals: true }, orderBy: { index: "asc" } });
  let totals: TSimulationTotals = emptySimulationTotals();
  for (const c of chunks) totals = mergeSimulationTotals(totals, ZSimulationTotals.parse(c.totals));
  await tx.simulation.update({ where: { id }, data: { status: "completed", totals: totals as unknown as Prisma.InputJsonValue, finishedAt: new Date() } });
}

/**
 * Records a failed attempt at a chunk. Below MAX_CHUNK_ATTEMPTS the chunk goes back to pending (the
 * caller retries); at the limit the whole simulation fails and its partial results are removed.
 */
export async function recordChunkFailure(db: Db, id: string, index: number, error: unknown): Promise<"retry" | "failed"> {
  const message = error instanceof Error ? error.message : String(error);
  const chunk = await db.simulationChunk.update({
    where: { simulationId_index: { simulationId: id, index } },
    data: { status: "pending", error: message.slice(0, 1000) },
    select: { attempts: true },
  });
  if (chunk.attempts < MAX_CHUNK_ATTEMPTS) return "retry";
  await stopSimulation(db, id, "failed", `Chunk ${index + 1} failed ${chunk.attempts} times: ${message}`.slice(0, 1000));
  return "failed";
}

/**
 * Ends a queued or running simulation as failed or cancelled, in one transaction: partial results are
 * deleted so nothing half-written remains. Returns false when it had already ended.
 */
export async function stopSimulation(db: Db, id: string, status: "failed" | "cancelled", reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const current = await lockSimulation(tx, id);
    if (current !== "queued" && current !== "running") return false;
    await tx.simulationOrder.deleteMany({ where: { simulationId: id } });
    await tx.simulation.update({ where: { id }, data: { status, error: reason, finishedAt: new Date() } });
    return true;
  });
}

/** Chunks not yet committed, in order. */
export async function pendingChunks(db: Db, id: string): Promise<number[]> {
  const rows = await db.simulationChunk.findMany({ where: { simulationId: id, status: { not: "done" } }, select: { index: true }, orderBy: { index: "asc" } });
  return rows.map((r) => r.index);
}
