import type { Db } from "../db/create-db";
import { getDb } from "../db/get-db";
import { DecisionBatcher } from "./decision-batcher";
import { DecisionSpool, defaultSpoolDir } from "./decision-spool";
import { LiveRouter, type LiveRouterOptions } from "./live-router";
import { TokenBuckets, tokenBucketsFromEnv } from "./token-bucket";

/** What the v1 API handlers work with: the database, the live router, the decision batcher and the rate limiter. */
export interface ApiDeps {
  db: Db;
  router: LiveRouter;
  batcher: DecisionBatcher;
  limiter: TokenBuckets;
  /** How long a verified API key is trusted before it is looked up again (default 1,000 ms; 0: every request). */
  keyCacheMs: number;
  /** SHA-256 of a presented key → its verification and when it was made. */
  keyCache: Map<string, { at: number; value: import("../services/api-key-service").VerifiedApiKey | null }>;
}

export interface ApiDepsOptions {
  router?: LiveRouterOptions;
  limiter?: TokenBuckets;
  keyCacheMs?: number;
  /** Where decisions go while the database is unreachable; null: nowhere (the request fails). Default `.data/router-spool`. */
  spool?: DecisionSpool | null;
}

export function createApiDeps(db: Db, options: ApiDepsOptions = {}): ApiDeps {
  return {
    db,
    router: new LiveRouter(db, options.router),
    batcher: new DecisionBatcher(db, 1000, options.spool === undefined ? new DecisionSpool(defaultSpoolDir()) : options.spool),
    limiter: options.limiter ?? tokenBucketsFromEnv(),
    keyCacheMs: options.keyCacheMs ?? 1000,
    keyCache: new Map(),
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
      return createApiDeps(db, { router: { listenUrl: url && /^postgres(ql)?:/.test(url) ? url : null } });
    })
    .catch((error: unknown) => {
      globalForApi.__switchyardApiDeps = undefined;
      throw error;
    });
  return globalForApi.__switchyardApiDeps;
}
