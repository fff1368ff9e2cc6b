import type { Db } from "../db/create-db";
import { getDb } from "../db/get-db";
import { onApiKeyRevoked } from "../services/api-key-events";
import { DbHealth } from "./db-health";
import { DecisionBatcher } from "./decision-batcher";
import { DecisionSpool, defaultSpoolDir } from "./decision-spool";
import { LiveRouter, type LiveRouterOptions } from "./live-router";
import { RequestMetrics } from "./request-metrics";
import { ShadowEvaluator } from "./shadow-evaluator";
import { TokenBuckets, tokenBucketsFromEnv } from "./token-bucket";

/** What the v1 API handlers work with: the database, the live router, the decision batcher and the rate limiter. */
export interface ApiDeps {
  db: Db;
  router: LiveRouter;
  batcher: DecisionBatcher;
  limiter: TokenBuckets;
  /** Latency and error counts of the routing endpoints (rule telemetry). */
  metrics: RequestMetrics;
  /** Evaluates versions in shadow after the answers went out. */
  shadow: ShadowEvaluator;
  /** Short timeouts on the request path and a down flag, so an unreachable or hanging database costs no waiting. */
  health: DbHealth;
  /** How long a verified API key is trusted before it is looked up again (default 1,000 ms; 0: every request). */
  keyCacheMs: number;
  /** SHA-256 of a presented key → its verification and when it was made. */
  keyCache: Map<string, { at: number; value: import("../services/api-key-service").VerifiedApiKey | null }>;
  /**
   * `${organizationId}\u0000${storeId}` → the store, when it was last found. Trusted for `keyCacheMs`; older
   * entries still serve while the database cannot be read. Unknown stores are never cached.
   */
  storeCache: Map<string, { at: number; value: { id: string; name: string; platform: import("../../rules-schema/order/order-schema").TPlatform } }>;
}

export interface ApiDepsOptions {
  router?: LiveRouterOptions;
  limiter?: TokenBuckets;
  keyCacheMs?: number;
  /** Where decisions go while the database is unreachable; null: nowhere (the request fails). Default `.data/router-spool`. */
  spool?: DecisionSpool | null;
  health?: DbHealth;
  /** How often request figures and shadow results are written (default 5,000 ms; 0: only on `flush()`). */
  metricsFlushMs?: number;
  /** Evaluate shadows in a worker thread (default) or inline between requests. */
  shadowThread?: boolean;
  /** The PostgreSQL URL `db` is on: the shadow's worker thread writes its figures over a connection of its own. Null (PGlite): the main thread writes them. */
  shadowDatabaseUrl?: string | null;
  /** Shadow orders waiting at most before new ones are skipped (default 20,000). */
  shadowMaxQueue?: number;
}

export function createApiDeps(db: Db, options: ApiDepsOptions = {}): ApiDeps {
  const health = options.health ?? new DbHealth(db);
  const keyCache: ApiDeps["keyCache"] = new Map();
  // A key revoked in this process stops working at once; other instances re-check within keyCacheMs (1 s).
  onApiKeyRevoked((hashedKey) => keyCache.delete(hashedKey));
  return {
    db,
    router: new LiveRouter(db, options.router),
    batcher: new DecisionBatcher(db, 1000, options.spool === undefined ? new DecisionSpool(defaultSpoolDir()) : options.spool, health),
    limiter: options.limiter ?? tokenBucketsFromEnv(),
    metrics: new RequestMetrics(db, options.metricsFlushMs ?? 5_000),
    shadow: new ShadowEvaluator(db, options.metricsFlushMs ?? 5_000, undefined, { thread: options.shadowThread, databaseUrl: options.shadowDatabaseUrl ?? null, maxQueue: options.shadowMaxQueue }),
    health,
    keyCacheMs: options.keyCacheMs ?? 1000,
    keyCache,
    storeCache: new Map(),
  };
}

// One set per process, kept on globalThis so that dev-mode module reloading does not start a second router.
const globalForApi = globalThis as typeof globalThis & { __switchyardApiDeps?: Promise<ApiDeps> };

/**
 * The process-wide API dependencies over `getDb()`. The router refreshes on in-process publishes
 * (`onPublished`), on PostgreSQL also on `LISTEN switchyard_publish`, and checks the published pointers every second.
 */
export function getApiDeps(): Promise<ApiDeps> {
  globalForApi.__switchyardApiDeps ??= getDb()
    .then((db) => {
      const url = process.env.DATABASE_URL?.trim();
      const postgresUrl = url && /^postgres(ql)?:/.test(url) ? url : null;
      const maxQueue = Number(process.env.SHADOW_MAX_QUEUE);
      return createApiDeps(db, { router: { listenUrl: postgresUrl }, shadowDatabaseUrl: postgresUrl, shadowMaxQueue: Number.isInteger(maxQueue) && maxQueue > 0 ? maxQueue : undefined });
    })
    .catch((error: unknown) => {
      globalForApi.__switchyardApiDeps = undefined;
      throw error;
    });
  return globalForApi.__switchyardApiDeps;
}
