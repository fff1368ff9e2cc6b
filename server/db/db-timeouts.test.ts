/**
 * A database that hangs — accepts connections and never answers, or stalls in the middle of a query —
 * fails fast with an error instead of holding the caller forever.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./create-db";
import { DEFAULT_TEST_DATABASE_URL } from "./create-test-db";
import { resolveDbConfig, resolveDbTimeouts } from "./resolve-db-config";
import { type TcpProxy, startTcpProxy } from "../testing/tcp-proxy";

describe("database timeouts", () => {
  it("reads the timeouts from the environment, with defaults, and refuses nonsense", () => {
    expect(resolveDbTimeouts({})).toEqual({ connectMs: 5_000, queryMs: 60_000, transactionMs: 30_000 });
    expect(resolveDbTimeouts({ SWITCHYARD_DB_QUERY_TIMEOUT_MS: "1500" }).queryMs).toBe(1_500);
    expect(() => resolveDbTimeouts({ SWITCHYARD_DB_CONNECT_TIMEOUT_MS: "soon" })).toThrow(/SWITCHYARD_DB_CONNECT_TIMEOUT_MS/);
    expect(resolveDbConfig({ DATABASE_URL: "postgresql://x@h/db" })).toMatchObject({ kind: "postgres", timeouts: { connectMs: 5_000 } });
  });

  // A server that accepts connections and never sends a byte.
  let hole: TcpProxy;
  beforeAll(async () => {
    hole = await startTcpProxy({ host: "127.0.0.1", port: 9 }, "hang");
  });
  afterAll(async () => {
    await hole?.close();
  });

  it("gives up connecting to a server that accepts the connection and never answers", async () => {
    const db = await createDb({ kind: "postgres", url: `postgresql://postgres@127.0.0.1:${hole.port}/postgres`, timeouts: { connectMs: 300, queryMs: 1_000, transactionMs: 1_000 } }, { migrate: false }).catch(
      (e: unknown) => e,
    );
    // Either $connect or the first query fails; neither may hang.
    if (db instanceof Error) expect(db.message).toMatch(/timeout|timed out|terminated|connect/i);
    else await expect((db as Awaited<ReturnType<typeof createDb>>).$queryRaw`SELECT 1`).rejects.toThrow();
  });

  it("gives up on a query when the server stalls in the middle of the connection", async () => {
    const target = new URL(process.env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(target);
    url.port = String(proxy.port);
    url.hostname = "127.0.0.1";
    const db = await createDb({ kind: "postgres", url: url.toString(), timeouts: { connectMs: 2_000, queryMs: 500, transactionMs: 1_000 } }, { migrate: false });
    try {
      expect(await db.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
      proxy.set("hang", { cut: false }); // the open connection stalls mid-conversation
      await expect(db.$queryRaw`SELECT 2`).rejects.toThrow();
    } finally {
      await db.$disconnect().catch(() => undefined);
      await proxy.close();
    }
  });
});
