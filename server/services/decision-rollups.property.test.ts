/**
 * Property: after any mix of live writes, spool drains that repeat rows, backfills of rows stored
 * without facets and purges, the rollup tables equal a recount of every decision ever stored (the
 * purge removes decisions, never counts), and the holds queue (`held_orders`) holds exactly the orders
 * whose latest stored decision holds or intercepts them, decisions arriving in any order. Writers of
 * the same orders at once end the same way. On PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { DB_KINDS } from "../trpc/routers/router-test-kit";
import { DecisionRollups, decisionFacets, waitReasonsOf } from "./decision-facets";
import { insertRows, type DecisionRow } from "./decision-store";
import { backfillAllDecisionFacets, purgeDecisions } from "./decision-upkeep-service";

const BASE = Date.UTC(2026, 11, 1, 0, 0, 0);
const HOLDS = ["address check", "high value", "地址待核实"];
const RULES = ["Route US", "Route/EU @ 2kg", "Hold", "兜底"];

const arbDecision = fc.record({
  warehouseId: fc.constantFrom(null, "wh-a", "wh-b"),
  channelId: fc.constantFrom(null, "ch-1", "ch-2"),
  holds: fc.subarray(HOLDS, { maxLength: 2 }),
  intercept: fc.boolean(),
  merge: fc.boolean(),
  split: fc.boolean(),
  fired: fc.array(fc.tuple(fc.constantFrom("rs-1", "rs-2"), fc.constantFrom(1, 2), fc.subarray(RULES, { maxLength: 3 })), { maxLength: 3 }),
  minutes: fc.integer({ min: 0, max: 6 * 60 }),
  decideUs: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  country: fc.constantFrom("US", "DE", "CN"),
  deadline: fc.constantFrom(null, "ok", "late", "noDeadline"),
  order: fc.constantFrom("o1", "o2", "o3"),
});
type ArbDecision = typeof arbDecision extends fc.Arbitrary<infer T> ? T : never;

const arbOp = fc.oneof(
  fc.record({ op: fc.constant("live" as const), rows: fc.array(arbDecision, { minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant("drain" as const), repeat: fc.integer({ min: 0, max: 6 }), rows: fc.array(arbDecision, { maxLength: 6 }) }),
  fc.record({ op: fc.constant("old" as const), rows: fc.array(arbDecision, { minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constant("purge" as const), keepHours: fc.integer({ min: 0, max: 8 }) }),
);

function rowOf(organizationId: string, d: ArbDecision): DecisionRow {
  const decision = {
    decision: {
      warehouseId: d.warehouseId,
      channelId: d.channelId,
      holds: d.holds.map((reason) => ({ reason, ruleName: "r" })),
      intercept: d.intercept ? { reason: "cancelled", ruleName: "r" } : null,
      merge: d.merge ? { withinHours: 24, ruleName: "r" } : null,
      split: d.split ? { strategy: "maxWeight", maxWeightGrams: 2000, channelId: null, ruleName: "r" } : null,
    },
    stages: d.fired.map(([rulesetId, version, firedRules]) => ({ rulesetId, version, decision: { firedRules } })),
    notices: [],
  };
  const order = { storeId: "s", platform: "tiktok", buyerId: "b", createdAt: new Date(BASE).toISOString(), shipByDeadline: null, shippingAddress: { country: d.country } };
  return { id: randomUUID(), organizationId, orderId: d.order, externalId: `#${d.order}`, versions: [], decision, createdAt: new Date(BASE + d.minutes * 60_000), decideUs: d.decideUs, deadlineRisk: d.deadline, input: { order: order as never, buyerOpenOrders: null, inventory: {} } };
}

describe.each(DB_KINDS)("rollups after a mixed workload (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => t?.drop());

  it("equal a recount of every decision ever stored", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 1, maxLength: 8 }), async (ops) => {
        const org = await t.db.organization.create({ data: { name: "P", slug: `p-${kind}-${run++}-${randomUUID().slice(0, 8)}`, settings: { decisionRetentionDays: 1 } } });
        const stored = new Map<string, DecisionRow>();
        const unfaceted = new Set<string>();
        let purgedBefore = -Infinity;
        for (const op of ops) {
          if (op.op === "live") {
            const rows = op.rows.map((d) => rowOf(org.id, d));
            await insertRows(t.db, rows);
            for (const r of rows) stored.set(r.id, r);
          } else if (op.op === "drain") {
            // A drain may carry rows already stored (written before a crash) next to new ones.
            const again = [...stored.values()].filter((r) => !unfaceted.has(r.id)).slice(0, op.repeat);
            const rows = [...again, ...op.rows.map((d) => rowOf(org.id, d))];
            await insertRows(t.db, rows, true);
            // Rows older than what a purge already deleted are not stored again.
            for (const r of rows) if (!stored.has(r.id) && r.createdAt!.getTime() >= purgedBefore) stored.set(r.id, r);
          } else if (op.op === "old") {
            // Rows written before the explorer columns: no facets, counted by the backfill.
            for (const d of op.rows) {
              const r = rowOf(org.id, d);
              await t.db.$executeRaw`INSERT INTO "routing_decisions" ("id", "organizationId", "orderId", "versions", "decision", "createdAt", "decideUs", "deadlineRisk", "input") VALUES (${r.id}, ${org.id}, ${r.orderId}, '[]'::jsonb, ${JSON.stringify(r.decision)}::jsonb, ${r.createdAt}, ${r.decideUs}, ${r.deadlineRisk ?? null}, ${JSON.stringify(r.input)}::jsonb)`;
              stored.set(r.id, r);
              unfaceted.add(r.id);
            }
            await backfillAllDecisionFacets(t.db, 4);
          } else {
            const now = BASE + 86_400_000 + op.keepHours * 3_600_000;
            await purgeDecisions(t.db, new Date(now), 3, org.id);
            purgedBefore = Math.max(purgedBefore, now - 86_400_000);
            // Releases stay in the holds queue for an hour only.
            expect(await t.db.heldOrder.count({ where: { organizationId: org.id, waiting: false, createdAt: { lt: new Date(now - 3_600_000) } } })).toBe(0);
          }
        }
        const recount = new DecisionRollups();
        for (const r of stored.values()) recount.add(org.id, r.createdAt!.getTime(), decisionFacets(r.decision, r.input!.order), r.decideUs ?? null, r.deadlineRisk ?? null);
        const want = recount.rows();
        const [hits, outcomes, metrics] = await Promise.all([
          t.db.decisionRuleHit.findMany({ where: { organizationId: org.id } }),
          t.db.decisionOutcomeRollup.findMany({ where: { organizationId: org.id } }),
          t.db.routerMetricRollup.findMany({ where: { organizationId: org.id } }),
        ]);
        const key = (x: object) => JSON.stringify(x);
        const sort = (xs: object[]) => xs.map(key).sort();
        expect(sort(hits.map((h) => ({ organizationId: h.organizationId, rulesetId: h.rulesetId, version: h.version, ruleName: h.ruleName, hour: h.hour.toISOString(), hits: h.hits, lastAt: h.lastAt.toISOString() })))).toEqual(sort(want.hits));
        expect(sort(outcomes.map((o) => ({ organizationId: o.organizationId, versionKey: o.versionKey, dimension: o.dimension, value: o.value, hour: o.hour.toISOString(), count: o.count })))).toEqual(sort(want.outcomes));
        // Per-rule totals: the hour rows added up per rule.
        const totals = await t.db.decisionRuleTotal.findMany({ where: { organizationId: org.id } });
        const wantTotals = new Map<string, { hits: number; lastAt: string }>();
        for (const h of want.hits) {
          const k = `${h.rulesetId}@${h.version}/${h.ruleName}`;
          const cur = wantTotals.get(k);
          wantTotals.set(k, { hits: (cur?.hits ?? 0) + h.hits, lastAt: cur && cur.lastAt > h.lastAt ? cur.lastAt : h.lastAt });
        }
        expect(new Map(totals.map((x) => [`${x.rulesetId}@${x.version}/${x.ruleName}`, { hits: x.hits, lastAt: x.lastAt.toISOString() }]))).toEqual(wantTotals);
        expect(sort(metrics.map((m) => ({ organizationId: m.organizationId, metric: m.metric, hour: m.hour.toISOString(), bucket: m.bucket, count: m.count })))).toEqual(sort(want.metrics));
        expect(await heldOrdersOf(t, org.id)).toEqual(await expectedHeldOrders(t, org.id));
      }),
      { numRuns: 25 },
    );
  });

  it("keeps the holds queue right when two writers store decisions of the same orders at once", async () => {
    const org = await t.db.organization.create({ data: { name: "C", slug: `c-${kind}-${randomUUID().slice(0, 8)}` } });
    const hold = { warehouseId: null, channelId: null, holds: ["high value"], intercept: false, merge: false, split: false, fired: [], decideUs: null, country: "US", deadline: null } as const;
    const route = { ...hold, warehouseId: "wh-a", holds: [] } as const;
    for (let round = 0; round < 12; round++) {
      // Each order gets a hold and a later release, written by two writers at once in either order.
      const a: DecisionRow[] = [];
      const b: DecisionRow[] = [];
      for (let i = 0; i < 20; i++) {
        const order = `r${round}-${i}`;
        const first = rowOf(org.id, { ...hold, holds: [...hold.holds], fired: [], minutes: round * 10, order } as never);
        const later = rowOf(org.id, { ...route, holds: [], fired: [], minutes: round * 10 + 1, order } as never);
        // Half the orders: the first writer has the hold, the second the release; the other half the other way round.
        (i % 2 ? a : b).push(first);
        (i % 2 ? b : a).push(later);
      }
      await Promise.all([insertRows(t.db, a), insertRows(t.db, b)]);
    }
    const queue = await heldOrdersOf(t, org.id);
    expect(queue).toEqual(await expectedHeldOrders(t, org.id));
    // Every order was released after its hold.
    expect(queue).toEqual([]);
  });
});

/** The holds queue's rows of an organization, sorted. */
async function heldOrdersOf(t: TestDb, organizationId: string) {
  const rows = await t.db.heldOrder.findMany({ where: { organizationId, waiting: true }, orderBy: { orderId: "asc" } });
  return rows.map((r) => ({ orderId: r.orderId, decisionId: r.decisionId, status: r.status, reasons: r.reasons, externalId: r.externalId }));
}

/** What the queue should hold: each order whose latest stored decision (by time, then id) holds or intercepts it. */
async function expectedHeldOrders(t: TestDb, organizationId: string) {
  const rows = await t.db.routingDecision.findMany({ where: { organizationId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, orderId: true, externalId: true, decision: true } });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.orderId)) latest.set(r.orderId, r);
  return [...latest.values()]
    .map((r) => ({ orderId: r.orderId, decisionId: r.id, status: decisionFacets(r.decision, null).status as string, reasons: waitReasonsOf(r.decision), externalId: r.externalId }))
    .filter((r) => r.status === "held" || r.status === "intercepted")
    .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
}
