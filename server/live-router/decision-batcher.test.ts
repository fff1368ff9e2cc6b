/** The micro-batcher on a real database: concurrent requests share INSERTs, each waits for its own rows, a failed INSERT fails only its requests. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/create-db";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { DB_KINDS } from "../trpc/routers/router-test-kit";
import { DecisionBatcher, type DecisionRow } from "./decision-batcher";

describe.each(DB_KINDS)("decision batcher (%s)", (kind) => {
  let t: TestDb;
  let organizationId: string;
  beforeAll(async () => {
    t = await createTestDb(kind);
    organizationId = (await t.db.organization.create({ data: { name: "Batch", slug: `batch-${kind}` } })).id;
  });
  afterAll(async () => t?.drop());

  const row = (id: string, orgId = organizationId): DecisionRow => ({ id, organizationId: orgId, orderId: `o-${id}`, versions: [], decision: {} });

  /** The database with its INSERT statements counted (rows per statement), inside transactions too. */
  function counting(): { db: Db; inserts: number[] } {
    const inserts: number[] = [];
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(obj, prop, receiver) {
          const real = Reflect.get(obj, prop, receiver) as unknown;
          if (prop === "$executeRawUnsafe")
            return (sql: string, ...params: unknown[]) => {
              // The decisions travel as one JSON array parameter.
              if (sql.includes('INSERT INTO "routing_decisions"')) inserts.push((JSON.parse(params[0] as string) as unknown[]).length);
              return (real as (...a: unknown[]) => unknown).call(obj, sql, ...params);
            };
          if (prop === "$transaction")
            return (fn: (tx: object) => unknown, options?: unknown) => (real as (f: unknown, o?: unknown) => unknown).call(obj, (tx: object) => fn(wrap(tx)), options);
          return real;
        },
      });
    return { db: wrap(t.db), inserts };
  }

  it("stores 200 concurrent requests' rows in a few multi-row INSERTs, each answered after its row is readable", async () => {
    const { db, inserts } = counting();
    const batcher = new DecisionBatcher(db);
    const ids = Array.from({ length: 200 }, (_, i) => `c${kind}${i}`);
    await Promise.all(
      ids.map(async (id) => {
        await batcher.store([row(id)]);
        expect(await t.db.routingDecision.count({ where: { id } })).toBe(1);
      }),
    );
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(inserts.length).toBeLessThan(20);
  });

  it("fails only the requests whose INSERT failed", async () => {
    const batcher = new DecisionBatcher(t.db);
    await expect(batcher.store([row(`bad${kind}`, "no-such-organization")])).rejects.toThrow();
    await batcher.store([row(`good${kind}`)]);
    expect(await t.db.routingDecision.count({ where: { id: { in: [`bad${kind}`, `good${kind}`] } } })).toBe(1);
  });
});
