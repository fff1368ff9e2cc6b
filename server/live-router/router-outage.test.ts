/**
 * The live router through a bad day, on PostgreSQL behind a TCP proxy we control: the database
 * answering, refusing connections, hanging (accepting and never answering), and back; a poison row in
 * the spool; a restart in the middle. Every answered decision must end up stored, or in the dead-letter
 * file with the reason — none lost — and no request may hang on the database.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZRuleGraph } from "@/rules-schema";
import { CALENDAR_LA, GraphBuilder, cond, makeLine, makeOrder } from "@/rules-schema/testing/factories";
import { type ProxyMode, type TcpProxy, startTcpProxy } from "../testing/tcp-proxy";
import { createTenant } from "../testing/tenant-fixtures";
import { callersOf } from "../trpc/routers/router-test-kit";
import { type Db, createDb } from "../db/create-db";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { createApiKey } from "../services/api-key-service";
import { handleRouteOrder } from "../http/routing-http";
import type { Scope } from "../services/scope";
import { type ApiDeps, createApiDeps } from "./api-deps";
import { DbHealth } from "./db-health";
import { type DecisionRow, DecisionBatcher } from "./decision-batcher";
import { DecisionSpool, readDeadLetters } from "./decision-spool";
import { TokenBuckets } from "./token-bucket";

type Mode = ProxyMode;

describe("the live router through an outage (postgres)", () => {
  let t: TestDb;
  let proxy: TcpProxy;
  let viaProxy: Db;
  let key: string;
  let storeId: string;
  let organizationId: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    t = await createTestDb("postgres");
    const tenant = await createTenant(t.db, "outage");
    organizationId = tenant.organizationId;
    const owner = (await callersOf(t.db, tenant)).owner;
    const la = (await owner.warehouses.create({ code: "LA", name: "Los Angeles", kind: "overseas_3pl", country: "US", address: null, calendar: CALENDAR_LA })).id;
    storeId = (await owner.stores.create({ platform: "other", name: "Outage store" })).id;
    const b = new GraphBuilder("warehouseMatching", "first");
    const us = b.add("condition", cond("country", "equal", "US"));
    b.link("start", us, "next").link(us, b.add("assignWarehouse", { warehouseId: la }), "true");
    const ws = await owner.rulesets.create({ name: "Warehouses", stage: "warehouseMatching", hitPolicy: "first", graph: ZRuleGraph.parse(b.build()) });
    const v1 = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: ws.id, number: 1 } });
    await t.db.rulesetVersion.update({ where: { id: v1.id }, data: { status: "published", publishedAt: new Date() } });
    await t.db.ruleset.update({ where: { id: ws.id }, data: { publishedVersionId: v1.id } });
    const scope: Scope = { organizationId, role: "owner", actor: { type: "user", id: tenant.users.owner.id } };
    key = (await createApiKey(t.db, scope, { name: "outage", scopes: ["route"], expiresAt: null })).key;

    const target = new URL(t.url!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(t.url!);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    viaProxy = await createDb({ kind: "postgres", url: url.toString(), timeouts: { connectMs: 300, queryMs: 2_000, transactionMs: 2_000 } }, { migrate: false });
  });
  afterAll(async () => {
    await viaProxy?.$disconnect().catch(() => undefined);
    await proxy?.close();
    await t?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const spoolDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "switchyard-outage-"));
    dirs.push(d);
    return d;
  };
  const deps = (dir: string): ApiDeps =>
    createApiDeps(viaProxy, {
      router: { pollMs: 0 },
      keyCacheMs: 60_000,
      limiter: new TokenBuckets(100_000, 100_000),
      spool: new DecisionSpool(dir, "outage-node"),
      health: new DbHealth(viaProxy, 1_000, 100),
    });
  const orderBody = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...makeOrder({ id, externalId: id, storeId, buyerId: "", shippingAddress: { country: "US", postalCode: "10001" }, lines: [makeLine({ warehouseSku: "W-1" })] }), ...extra });
  const send = (d: ApiDeps, body: string) =>
    handleRouteOrder(d, new Request("http://x/api/v1/orders/route", { method: "POST", body, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }));

  it("answers through refused and hanging phases, refuses poison, and after a restart every answered decision is stored", async () => {
    const dir = spoolDir();
    let d = deps(dir);
    const answered: string[] = [];
    const timings: Record<Mode, number[]> = { forward: [], refuse: [], hang: [] };
    let poisonRefused = 0;
    const phase = async (mode: Mode, n: number) => {
      proxy.set(mode);
      const results = await Promise.all(
        Array.from({ length: n }, async (_v, i) => {
          const poison = i % 10 === 3;
          const started = performance.now();
          const res = await send(d, orderBody(`${mode}-${i}`, poison ? { buyerMessage: "bad\u0000byte" } : {}));
          timings[mode].push(performance.now() - started);
          return { res, poison };
        }),
      );
      for (const { res, poison } of results) {
        if (poison) {
          expect(res.status).toBe(422);
          poisonRefused++;
          continue;
        }
        expect(res.status, await res.clone().text()).toBe(200);
        answered.push(((await res.json()) as { decisionId: string }).decisionId);
      }
    };
    await phase("forward", 1); // loads the snapshot and verifies the key
    await phase("forward", 40);
    await phase("refuse", 40);
    await phase("hang", 40);
    // A restart while decisions are still in the spool: a new process (same spool) takes over.
    d.health.close();
    await d.router.close();
    proxy.set("forward");
    d = deps(dir);
    await expect.poll(async () => d.batcher.drainSpool().then(() => t.db.routingDecision.count({ where: { id: { in: answered } } })), { timeout: 30_000, interval: 200 }).toBe(answered.length);
    expect(poisonRefused).toBe(12);
    expect(await readDeadLetters(dir)).toEqual([]);
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!.toFixed(1);
    console.log(`outage: ${answered.length} answered, all stored; median ms forward ${median(timings.forward)}, refused ${median(timings.refuse)}, hanging ${median(timings.hang)}`);
    d.health.close();
    await d.router.close();
  }, 120_000);

  it("quarantines a spooled row the database refuses, and stores the rows behind it", async () => {
    const dir = spoolDir();
    proxy.set("forward");
    const row = (id: string, decision: unknown = { ok: true }): DecisionRow => ({ id, organizationId, orderId: `o-${id}`, versions: [], decision, createdAt: new Date() });
    // A file left by a process that died: good, poison (PostgreSQL's jsonb refuses \u0000), good, and a torn line.
    const lines = [row("dl-1"), row("dl-poison", { note: "nul\u0000here" }), row("dl-2")].map((r) => JSON.stringify(r));
    writeFileSync(path.join(dir, "outage-node.ndjson"), `${lines.join("\n")}\n{"torn":\n`);
    const batcher = new DecisionBatcher(t.db, 1000, new DecisionSpool(dir, "outage-node"), new DbHealth(t.db, 2_000));
    expect(await batcher.drainSpool()).toBe(2);
    expect(await t.db.routingDecision.count({ where: { id: { in: ["dl-1", "dl-2"] } } })).toBe(2);
    const dead = await readDeadLetters(dir);
    expect(dead.map((x) => x.id)).toEqual(expect.arrayContaining(["dl-poison"]));
    expect(dead.find((x) => x.id === "dl-poison"), JSON.stringify(dead)).toMatchObject({ organizationId, reason: expect.stringMatching(/\\u0000|unicode|null|invalid/i) });
    expect(dead.some((x) => /unreadable spool line/.test(x.reason))).toBe(true);
    // Draining again moves nothing and dead-letters nothing twice.
    expect(await batcher.drainSpool()).toBe(0);
    expect((await readDeadLetters(dir)).filter((x) => x.id === "dl-poison")).toHaveLength(1);
  });
});
