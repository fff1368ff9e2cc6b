import { getDb } from "../db/get-db";
import { resolveDbConfig } from "../db/resolve-db-config";
import { EvaluatorPool, defaultPoolSize } from "./evaluator-pool";
import { EmbeddedRunner, PgBossRunner, type RunnerKind, type SimulationRunner } from "./simulation-runner";

const globalForRunner = globalThis as typeof globalThis & { __switchyardRunner?: Promise<SimulationRunner> };

/**
 * Which runner this process uses: pg-boss when the database is PostgreSQL (`DATABASE_URL`), embedded
 * worker threads on PGlite. `SIMULATION_RUNNER=embedded` keeps PostgreSQL deployments in-process.
 */
export function simulationRunnerKind(): RunnerKind {
  const forced = process.env.SIMULATION_RUNNER;
  if (forced === "embedded" || forced === "pg-boss") return forced;
  return resolveDbConfig().kind === "postgres" ? "pg-boss" : "embedded";
}

/** The process-wide runner, started (and resuming unfinished work) on first use. */
export function getSimulationRunner(): Promise<SimulationRunner> {
  globalForRunner.__switchyardRunner ??= (async () => {
    const db = await getDb();
    const config = resolveDbConfig();
    const pool = new EvaluatorPool(defaultPoolSize(config.kind !== "postgres"));
    const runner = simulationRunnerKind() === "pg-boss" && config.kind === "postgres" ? new PgBossRunner(db, config.url, { pool }) : new EmbeddedRunner(db, { pool });
    await runner.start();
    return runner;
  })().catch((error: unknown) => {
    globalForRunner.__switchyardRunner = undefined;
    throw error;
  });
  return globalForRunner.__switchyardRunner;
}

const runnersByDb = new WeakMap<object, SimulationRunner>();

/** Uses `runner` for simulations on `db` (tests and the benchmark bring their own database and runner). */
export function registerSimulationRunner(db: object, runner: SimulationRunner): void {
  runnersByDb.set(db, runner);
}

/** The runner for simulations stored in `db`: a registered one, else the process-wide runner. */
export function simulationRunnerFor(db: object): Promise<SimulationRunner> {
  const registered = runnersByDb.get(db);
  return registered ? Promise.resolve(registered) : getSimulationRunner();
}
