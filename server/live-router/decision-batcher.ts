import type { Db } from "../db/create-db";

/** One routing_decisions row; JSON columns as plain values. */
export interface DecisionRow {
  id: string;
  organizationId: string;
  orderId: string;
  externalId?: string;
  apiKeyId?: string | null;
  versions: unknown;
  decision: unknown;
  trace?: unknown;
  createdAt?: Date;
}

const COLUMNS = `"id", "organizationId", "orderId", "externalId", "apiKeyId", "versions", "decision", "trace", "createdAt"`;

/** One multi-row INSERT with bound parameters (Prisma's createMany costs several round trips per call here). */
async function insertRows(db: Db, rows: readonly DecisionRow[]): Promise<void> {
  const params: unknown[] = [];
  const tuples: string[] = [];
  const now = new Date();
  for (const r of rows) {
    const n = params.length;
    params.push(
      r.id,
      r.organizationId,
      r.orderId,
      r.externalId ?? "",
      r.apiKeyId ?? null,
      JSON.stringify(r.versions),
      JSON.stringify(r.decision),
      r.trace === undefined || r.trace === null ? null : JSON.stringify(r.trace),
      (r.createdAt ?? now).toISOString(),
    );
    tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::jsonb, $${n + 7}::jsonb, $${n + 8}::jsonb, $${n + 9}::timestamptz)`);
  }
  await db.$executeRawUnsafe(`INSERT INTO "routing_decisions" (${COLUMNS}) VALUES ${tuples.join(", ")}`, ...params);
}

interface Pending {
  rows: DecisionRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores routing decisions with a micro-batcher: the rows of requests that arrive while an insert is
 * running (or in the same tick) go into the next multi-row INSERT together. `store` resolves only
 * after the INSERT holding its rows committed, so a request is answered only once its decision is
 * stored; a failed INSERT rejects every request in it (none is answered as stored when it is not).
 */
export class DecisionBatcher {
  private queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly maxRows = 1000,
  ) {}

  store(rows: DecisionRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.rows.length <= this.maxRows)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.rows.length;
    }
    try {
      await insertRows(this.db, batch.flatMap((p) => p.rows));
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
