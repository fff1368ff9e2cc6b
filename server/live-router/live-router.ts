import pg from "pg";
import type { Db } from "../db/create-db";
import { PUBLISH_CHANNEL, onPublished } from "../publishing/publish-events";
import { type RouterSnapshot, loadPublishSignature, loadRouterSnapshot } from "./load-router-snapshot";

/** The PostgreSQL channel a publish notifies (payload: JSON with at least `organizationId`). */
export { PUBLISH_CHANNEL };

export interface LiveRouterOptions {
  /** Loads an organization's snapshot (default `loadRouterSnapshot`); tests inject failures here. */
  load?: (db: Db, organizationId: string) => Promise<RouterSnapshot>;
  /** The published pointers' signature, checked every `pollMs` (default `loadPublishSignature`). */
  signature?: (db: Db, organizationId: string) => Promise<string>;
  /** Safety-net check of the published pointers (default 1,000 ms; 0 turns the timer off). */
  pollMs?: number;
  /** Master data (warehouses, channels, stock) is reloaded at least this often (default 30 s). */
  contextMaxAgeMs?: number;
  /** PostgreSQL URL to `LISTEN switchyard_publish` on with a dedicated client (null: no LISTEN). */
  listenUrl?: string | null;
  /** Subscribe to in-process publishes (`onPublished`; embedded mode and the publishing instance). Default true. */
  inProcess?: boolean;
}

interface Entry {
  current: RouterSnapshot | null;
  loading: Promise<void> | null;
  /** A refresh was asked for while a load ran: load once more after it. */
  again: boolean;
  checking: boolean;
  lastError: unknown;
  lastFailureAt: number;
}

/** No snapshot could be loaded yet (the database is unreachable before the first load). */
export class RouterUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The routing rules could not be loaded", { cause });
    this.name = "RouterUnavailableError";
  }
}

/**
 * The live router's cache: per organization, the published pipeline and its evaluation context as one
 * immutable snapshot. A request reads `snapshot(org)` once and evaluates that whole snapshot, so every
 * stage's version comes from the same load. A refresh (publish notification, LISTEN, or the 1-second
 * check of the published pointers) builds a new snapshot and swaps the reference; a failed refresh
 * keeps the last good snapshot serving.
 */
export class LiveRouter {
  private readonly entries = new Map<string, Entry>();
  private readonly load: NonNullable<LiveRouterOptions["load"]>;
  private readonly signature: NonNullable<LiveRouterOptions["signature"]>;
  private readonly contextMaxAgeMs: number;
  private readonly timer: NodeJS.Timeout | null;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenReady: Promise<void> | null = null;
  private closed = false;
  private readonly unsubscribe: (() => void) | null;

  constructor(
    private readonly db: Db,
    private readonly options: LiveRouterOptions = {},
  ) {
    this.load = options.load ?? loadRouterSnapshot;
    this.signature = options.signature ?? loadPublishSignature;
    this.contextMaxAgeMs = options.contextMaxAgeMs ?? 30_000;
    const pollMs = options.pollMs ?? 1000;
    this.timer = pollMs > 0 ? setInterval(() => this.checkAll(), pollMs) : null;
    this.timer?.unref();
    if (options.listenUrl) this.listen(options.listenUrl);
    this.unsubscribe = options.inProcess === false ? null : onPublished((event) => this.notify(JSON.stringify({ organizationId: event.organizationId })));
  }

  /** The organization's current snapshot; the first call loads it. Throws RouterUnavailableError when none was ever loaded. */
  async snapshot(organizationId: string): Promise<RouterSnapshot> {
    const entry = this.entry(organizationId);
    if (entry.current) return entry.current;
    // Not loaded yet: wait for a load, but do not hammer a database that just failed.
    if (!entry.loading && Date.now() - entry.lastFailureAt < 250) throw new RouterUnavailableError(entry.lastError);
    await this.refresh(organizationId);
    if (!entry.current) throw new RouterUnavailableError(entry.lastError);
    return entry.current;
  }

  /** The snapshot now served, if any (no loading). */
  peek(organizationId: string): RouterSnapshot | null {
    return this.entries.get(organizationId)?.current ?? null;
  }

  /** Reloads an organization's snapshot now; resolves when the reload finished (successfully or not). */
  refresh(organizationId: string): Promise<void> {
    const entry = this.entry(organizationId);
    if (entry.loading) {
      entry.again = true;
      return entry.loading;
    }
    const run = async (): Promise<void> => {
      do {
        entry.again = false;
        try {
          entry.current = await this.load(this.db, organizationId);
          entry.lastError = null;
        } catch (error) {
          entry.lastError = error;
          entry.lastFailureAt = Date.now();
          if (entry.current) console.error(`live router: refresh of ${organizationId} failed; still serving the snapshot of ${entry.current.loadedAt.toISOString()}`, error);
          entry.again = false;
        }
      } while (entry.again && !this.closed);
    };
    entry.loading = run().finally(() => {
      entry.loading = null;
    });
    return entry.loading;
  }

  /** Reloads every organization already served (a publish notification without an organization). */
  refreshAll(): Promise<void> {
    return Promise.all([...this.entries.keys()].map((id) => this.refresh(id))).then(() => undefined);
  }

  /** One round of the safety-net check: reload organizations whose published pointers changed or whose master data is old. */
  async checkAll(): Promise<void> {
    await Promise.all([...this.entries.entries()].map(([id, entry]) => this.check(id, entry)));
  }

  private async check(organizationId: string, entry: Entry): Promise<void> {
    if (entry.checking || entry.loading || !entry.current) return;
    entry.checking = true;
    try {
      const stale = Date.now() - entry.current.loadedAt.getTime() >= this.contextMaxAgeMs;
      if (stale || (await this.signature(this.db, organizationId)) !== entry.current.signature) await this.refresh(organizationId);
    } catch (error) {
      entry.lastError = error;
    } finally {
      entry.checking = false;
    }
  }

  private entry(organizationId: string): Entry {
    let entry = this.entries.get(organizationId);
    if (!entry) {
      entry = { current: null, loading: null, again: false, checking: false, lastError: null, lastFailureAt: 0 };
      this.entries.set(organizationId, entry);
    }
    return entry;
  }

  /** Handles a publish notification's payload: `{ organizationId }` refreshes that organization, anything else all. */
  notify(payload: string | undefined): void {
    let organizationId: unknown;
    try {
      organizationId = payload ? (JSON.parse(payload) as { organizationId?: unknown }).organizationId : undefined;
    } catch {
      organizationId = undefined;
    }
    if (typeof organizationId === "string") {
      if (this.entries.has(organizationId)) void this.refresh(organizationId);
    } else void this.refreshAll();
  }

  private listen(url: string): void {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const retry = () => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners();
      client.on("error", () => undefined);
      void client.end().catch(() => undefined);
      if (this.closed || this.listenRetry) return;
      this.listenRetry = setTimeout(() => {
        this.listenRetry = null;
        // Publishes missed while disconnected are caught by the pointer check; reload anyway.
        void this.refreshAll();
        this.listen(url);
      }, 1000);
      this.listenRetry.unref();
    };
    client.on("notification", (msg) => {
      if (msg.channel === PUBLISH_CHANNEL) this.notify(msg.payload);
    });
    client.on("error", retry);
    client.on("end", retry);
    this.listener = client;
    const ready = client
      .connect()
      .then(() => client.query(`LISTEN ${PUBLISH_CHANNEL}`))
      .then(() => undefined);
    this.listenReady = ready.catch(() => undefined);
    ready.catch(retry);
  }

  /** Resolves once the LISTEN client listens (at once without one): publishes after that are heard. */
  whenListening(): Promise<void> {
    return this.listenReady ?? Promise.resolve();
  }

  /** Stops the timer and the LISTEN client. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const client = this.listener;
    this.listener = null;
    if (client) {
      client.removeAllListeners();
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
