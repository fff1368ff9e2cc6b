/**
 * Writes the shadow runs' figures into their simulations: per run and instance one chunk (its totals
 * so far) and the changed orders, then the run's counters; a run that has ended meanwhile takes nothing
 * more (its row is locked while it ends). The SQL runs over any transaction runner, so the same writer
 * works through Prisma on the main thread (PGlite, or a process without the shadow's thread) and over
 * its own `pg` connection inside the shadow's worker thread (PostgreSQL), where no write costs the
 * router's main thread anything. Imports are relative: the worker thread loads this file.
 */
import { createHash } from "node:crypto";
import type { TSimulationTotals } from "../../rules-schema/simulate/simulation-schema";
import type { RunSeed, TakenRun } from "./shadow-core";

/** A statement inside a transaction: positional parameters ($1…), the rows it returned. */
export type SqlQuery = <T = Record<string, unknown>>(sql: string, params: readonly unknown[]) => Promise<T[]>;
/** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
export type SqlTransaction = <T>(fn: (query: SqlQuery) => Promise<T>) => Promise<T>;

/** A run's standing on this instance: its figures as last taken, and what is still to be written. */
export interface RunState {
  simulationId: string;
  chunkIndex: number;
  orders: number;
  totalsJson: string;
  baselineMismatches: number;
  skipped: number;
  /** New totals since the last write. */
  dirty: boolean;
  /** Changed orders taken but not yet written, as JSON arrays. */
  changed: { count: number; json: string }[];
  /** Changed orders taken so far (written or waiting). */
  kept: number;
}

/** What an instance knows of a run after a flush (for diagnostics, and to seed a replaced thread). */
export interface RunFigures {
  simulationId: string;
  totalsJson: string;
  baselineMismatches: number;
  skipped: number;
  kept: number;
}

/** Between two writes of a run's changed orders: 100 orders per write, so up to ~2,000 a second. */
export const PACE_MS = 50;

const INSERT_CHUNK = `
  INSERT INTO "simulation_chunks" ("simulationId", "index", "fromKey", "toKey", "orders", "status", "totals", "skipped", "worker", "startedAt")
  VALUES ($1, $2, 'shadow', $3, $4, 'running', $5::jsonb, $6, $3, now())
  ON CONFLICT ("simulationId", "index") DO UPDATE SET "orders" = EXCLUDED."orders", "totals" = EXCLUDED."totals", "skipped" = EXCLUDED."skipped"`;

const INSERT_CHANGED = `
  INSERT INTO "simulation_orders" ("simulationId", "orderId", "chunkIndex", "externalId", "placedAt", "storeId", "platform", "country", "changes", "baselineWarehouseId", "candidateWarehouseId", "baselineChannelId", "candidateChannelId", "costDelta", "baseline", "candidate")
  SELECT $1, r."orderId", $2, r."externalId", r."placedAt", r."storeId", r."platform", r."country", r."changes", r."baselineWarehouseId", r."candidateWarehouseId", r."baselineChannelId", r."candidateChannelId", r."costDelta", r."baseline", r."candidate"
  FROM jsonb_to_recordset($3::jsonb) AS r("orderId" text, "externalId" text, "placedAt" timestamptz, "storeId" text, "platform" text, "country" text, "changes" text[], "baselineWarehouseId" text, "candidateWarehouseId" text, "baselineChannelId" text, "candidateChannelId" text, "costDelta" float8, "baseline" jsonb, "candidate" jsonb)
  ON CONFLICT ("simulationId", "orderId") DO NOTHING`;

const UPDATE_COUNTERS = `
  UPDATE "simulations" SET
    "done" = (SELECT COALESCE(SUM("orders"), 0) FROM "simulation_chunks" WHERE "simulationId" = $1),
    "total" = (SELECT COALESCE(SUM("orders"), 0) FROM "simulation_chunks" WHERE "simulationId" = $1),
    "changed" = (SELECT COUNT(*) FROM "simulation_orders" WHERE "simulationId" = $1),
    "chunkCount" = (SELECT COUNT(*) FROM "simulation_chunks" WHERE "simulationId" = $1),
    "updatedAt" = now()
  WHERE "id" = $1`;

export class ShadowWriter {
  private readonly states = new Map<string, RunState>();

  constructor(
    private readonly transaction: SqlTransaction,
    /** This process: its chunk in each shadow run. */
    private readonly instanceId: string,
    /** Called with a run found ended (the evaluation forgets it). */
    private readonly onEnded: (simulationId: string) => void = () => {},
  ) {}

  /** Adds what was taken from the evaluation: each run's latest figures and its new changed orders. */
  absorb(taken: readonly TakenRun[]): void {
    for (const r of taken) {
      let s = this.states.get(r.simulationId);
      if (!s) {
        // A chunk index per (run, instance) that no other instance picks: a hash of both (collisions are ~1 in 2^31).
        const chunkIndex = createHash("sha1").update(`${r.simulationId}\u0000${this.instanceId}`).digest().readUInt32BE(0) & 0x7fff_ffff;
        this.states.set(r.simulationId, (s = { simulationId: r.simulationId, chunkIndex, orders: 0, totalsJson: "", baselineMismatches: 0, skipped: 0, dirty: false, changed: [], kept: 0 }));
      }
      s.orders = r.orders;
      s.totalsJson = r.totalsJson;
      s.baselineMismatches = r.baselineMismatches;
      s.skipped = r.skipped;
      s.dirty = true;
      s.changed.push(...r.changed);
      for (const c of r.changed) s.kept += c.count;
    }
  }

  /**
   * Writes every run with something new: its totals once, then its changed orders a write at a time,
   * `PACE_MS` apart (see CHANGED_PER_WRITE: the shadow's WAL is spread out, so no commit of the
   * router's waits behind much of it).
   */
  async writeAll(): Promise<void> {
    for (const s of [...this.states.values()]) {
      if (!s.dirty && s.changed.length === 0) continue;
      while ((await this.writeOne(s)) && s.changed.length > 0) await new Promise((r) => setTimeout(r, PACE_MS));
    }
  }

  /** One write of a run: its totals and one JSON array of changed orders. False when nothing more should be written now. */
  private async writeOne(s: RunState): Promise<boolean> {
    const changed = s.changed.shift() ?? null;
    s.dirty = false;
    try {
      const ended = await this.transaction(async (query) => {
        // Running figures, rewritten every few seconds: this commit need not wait for its WAL flush, so it
        // does not queue the router's own commits (the decisions) behind a disk flush of its own.
        await query("SET LOCAL synchronous_commit TO OFF", []);
        const rows = await query<{ status: string }>(`SELECT "status" FROM "simulations" WHERE "id" = $1 FOR UPDATE`, [s.simulationId]);
        if (rows[0]?.status !== "running") return true;
        await query(INSERT_CHUNK, [s.simulationId, s.chunkIndex, this.instanceId, s.orders, s.totalsJson, s.skipped]);
        if (changed) await query(INSERT_CHANGED, [s.simulationId, s.chunkIndex, changed.json]);
        await query(UPDATE_COUNTERS, [s.simulationId]);
        return false;
      });
      if (ended) {
        this.states.delete(s.simulationId);
        this.onEnded(s.simulationId);
        return false;
      }
      return true;
    } catch (error) {
      // Not written (the database is unreachable): the totals are cumulative, the changed orders go back.
      s.dirty = true;
      if (changed) s.changed.unshift(changed);
      console.error(`shadow ${s.simulationId}: writing its results failed:`, (error as Error)?.message ?? error);
      return false;
    }
  }

  /** Each run's figures as last taken. */
  figures(): RunFigures[] {
    return [...this.states.values()].map((s) => ({ simulationId: s.simulationId, totalsJson: s.totalsJson, baselineMismatches: s.baselineMismatches, skipped: s.skipped, kept: s.kept }));
  }
}

/** A replaced thread's starting point for each run: the figures last known. */
export function seedsOf(figures: readonly RunFigures[]): RunSeed[] {
  return figures.filter((f) => f.totalsJson !== "").map((f) => ({ simulationId: f.simulationId, totals: JSON.parse(f.totalsJson) as TSimulationTotals, baselineMismatches: f.baselineMismatches, skipped: f.skipped, kept: f.kept }));
}
