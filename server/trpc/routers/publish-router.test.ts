import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema";
import { GraphBuilder, cond, makeOrder } from "@/rules-schema/testing/factories";
import type { TRole } from "../../auth/roles";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { PUBLISH_CHANNEL, type TPublishedEvent, onPublished } from "../../publishing/publish-events";
import { publishVersion } from "../../services/publish-service";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, callersOf, codeOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase } from "./router-test-kit";

/** start → condition (country = code) → (true) flag: a valid order-review graph, different per code. */
function graphFor(code: string): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", code));
  const f = b.add("flag", { code: `flag-${code.toLowerCase()}` });
  b.link("start", c, "next").link(c, f, "true");
  return ZRuleGraph.parse(b.build());
}

describe.each(DB_KINDS)("publishing router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<TRole, Caller>;
  let ownerA: Caller;
  let adminA: Caller;
  let ownerB: Caller;
  let bRuleset: string;
  let bRequest: string;
  let seq = 0;

  /** A ruleset whose versions 1..n are validated (each saved as a version), in organization A unless `caller` says otherwise. */
  async function rulesetWith(versions: number, caller: Caller = ownerA) {
    const name = `rules ${++seq}`;
    const r = await caller.rulesets.create({ name, stage: "orderReview", hitPolicy: "all", graph: graphFor("US") });
    let revision = r.version.revision;
    for (let n = 1; n <= versions; n++) {
      const saved = await caller.rulesets.saveVersion({ id: r.id, revision, graph: graphFor(["US", "CA", "MX", "DE", "FR"][n - 1]!), note: `v${n}` });
      revision = saved.revision;
    }
    return { id: r.id, revision };
  }

  /** A completed simulation of version `number` against `baseline` (null: nothing published), as the simulator leaves it. */
  async function simulate(rulesetId: string, number: number, baseline: number | null) {
    const version = await t.db.rulesetVersion.findUniqueOrThrow({ where: { rulesetId_number: { rulesetId, number } } });
    const base = baseline === null ? null : await t.db.rulesetVersion.findUniqueOrThrow({ where: { rulesetId_number: { rulesetId, number: baseline } } });
    const row = await t.db.simulation.create({
      data: {
        organizationId: version.organizationId,
        rulesetId,
        stage: "orderReview",
        candidateNumber: number,
        candidateHash: version.contentHash!,
        candidateLabel: `v${number}`,
        candidateGraph: version.graph as object,
        baselineNumber: base?.number ?? null,
        baselineHash: base?.contentHash ?? null,
        baselineLabel: base ? `v${base.number}` : "Nothing published",
        plan: {},
        context: {},
        source: {},
        runner: "embedded",
        status: "completed",
        finishedAt: new Date(),
      },
    });
    return row.id;
  }

  /** Publishes version `number` now (with a qualifying simulation). */
  async function publishNow(caller: Caller, rulesetId: string, number: number) {
    const live = await t.db.ruleset.findUniqueOrThrow({ where: { id: rulesetId }, include: { publishedVersion: true } });
    await simulate(rulesetId, number, live.publishedVersion?.number ?? null);
    return caller.publishing.publish({ rulesetId, number });
  }

  const setApproval = (organizationId: string, on: boolean) => t.db.organization.update({ where: { id: organizationId }, data: { settings: { requirePublishApproval: on } } });
  const scopeOf = (role: TRole) => ({ organizationId: a.organizationId, role, actor: { type: "user" as const, id: a.users[role].id } });

  /** A pending publish request in organization A, asked for by the member with role `by`. */
  async function pendingRequest(by: TRole) {
    const r = await rulesetWith(1);
    await simulate(r.id, 1, null);
    await setApproval(a.organizationId, true);
    try {
      return (await publishVersion(t.db, scopeOf(by), { rulesetId: r.id, number: 1, note: "" })).id;
    } finally {
      await setApproval(a.organizationId, false);
    }
  }

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, "org-a");
    b = await createTenant(t.db, "org-b");
    as = await callersOf(t.db, a);
    ownerA = as.owner;
    adminA = as.admin;
    ownerB = await callerFor(t.db, b.users.owner);
    bRuleset = (await rulesetWith(1, ownerB)).id;
    await setApproval(b.organizationId, true);
    await simulate(bRuleset, 1, null);
    bRequest = (await ownerB.publishing.publish({ rulesetId: bRuleset, number: 1 })).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const bUnchanged = async () => {
    const where = { organizationId: b.organizationId };
    return {
      rulesets: await t.db.ruleset.findMany({ where, orderBy: { id: "asc" } }),
      versions: await t.db.rulesetVersion.findMany({ where, orderBy: { id: "asc" }, omit: { compiled: true } }),
      requests: await t.db.publishRequest.findMany({ where, orderBy: { id: "asc" } }),
    };
  };

  const cases: ProcedureCase[] = [
    {
      name: "publishing.status",
      permission: "read",
      own: async (c) => expect((await c.publishing.status({ rulesetId: (await rulesetWith(1)).id })).blockers.map((x) => x.field)).toEqual(["simulation"]),
      foreign: (c) => c.publishing.status({ rulesetId: bRuleset }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "publishing.requests",
      permission: "read",
      own: (c) => c.publishing.requests({}),
      foreign: async (c) => expect((await c.publishing.requests({ pageSize: 100 })).items.map((r) => r.id)).not.toContain(bRequest),
      foreignCode: "OK",
    },
    { name: "publishing.history", permission: "read", own: async (c) => c.publishing.history({ rulesetId: (await rulesetWith(1)).id }), foreign: (c) => c.publishing.history({ rulesetId: bRuleset }), foreignCode: "NOT_FOUND" },
    {
      name: "publishing.publish",
      permission: "publish",
      own: async (c) => {
        const r = await rulesetWith(1);
        await simulate(r.id, 1, null);
        return c.publishing.publish({ rulesetId: r.id, number: 1 });
      },
      foreign: (c) => c.publishing.publish({ rulesetId: bRuleset, number: 1, overrideReason: "hotfix" }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "publishing.rollback",
      permission: "publish",
      own: async (c) => {
        const r = await rulesetWith(2);
        await publishNow(ownerA, r.id, 1);
        await publishNow(ownerA, r.id, 2);
        return c.publishing.rollback({ rulesetId: r.id, number: 1, reason: "v2 misroutes" });
      },
      foreign: (c) => c.publishing.rollback({ rulesetId: bRuleset, number: 1, reason: "x" }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "publishing.approve",
      permission: "publish",
      own: async (c, role) => c.publishing.approve({ id: await pendingRequest(role === "owner" ? "admin" : "owner"), note: "" }),
      foreign: (c) => c.publishing.approve({ id: bRequest, note: "" }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "publishing.reject",
      permission: "publish",
      own: async (c, role) => c.publishing.reject({ id: await pendingRequest(role === "owner" ? "admin" : "owner"), note: "not yet" }),
      foreign: (c) => c.publishing.reject({ id: bRequest, note: "no" }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "publishing.cancel",
      permission: "publish",
      own: async (c, role) => c.publishing.cancel({ id: await pendingRequest(role) }),
      foreign: (c) => c.publishing.cancel({ id: bRequest }),
      foreignCode: "NOT_FOUND",
    },
    { name: "settings.get", permission: "read", own: (c) => c.settings.get(), foreign: async (c) => expect(await c.settings.get()).toEqual({ requirePublishApproval: false, decisionRetentionDays: 90 }), foreignCode: "OK" },
    {
      name: "settings.update",
      permission: "manageMembers",
      own: (c) => c.settings.update({ requirePublishApproval: false }),
      foreign: (c) => c.settings.update({ requirePublishApproval: true, organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed roles act on their own organization only", async (_name, role, c) => {
    const caller = as[role];
    const outcome = await runCase(caller, role, c);
    expect(outcome).toEqual(expectedOutcome(role, c));
  });

  it("leaves the other organization's rulesets, versions and requests untouched", async () => {
    const before = await bUnchanged();
    await codeOf(ownerA.publishing.approve({ id: bRequest, note: "" }));
    await codeOf(ownerA.publishing.rollback({ rulesetId: bRuleset, number: 1, reason: "x" }));
    expect(await bUnchanged()).toEqual(before);
  });

  it("refuses a draft, a Start-only version and an already live one, each on its field", async () => {
    const draft = await ownerA.rulesets.create({ name: `draft ${++seq}`, stage: "orderReview", hitPolicy: "all", graph: graphFor("US") });
    const e1 = await errorOf(ownerA.publishing.publish({ rulesetId: draft.id, number: 1, overrideReason: "go" }));
    expect([e1.code, fieldsOf(e1), e1.message]).toEqual(["BAD_REQUEST", ["number"], "v1 is a draft; save it as a version first"]);

    const empty = await ownerA.rulesets.create({ name: `empty ${++seq}`, stage: "orderReview", hitPolicy: "all" });
    const start = await ownerA.rulesets.version({ id: empty.id, number: 1 });
    await ownerA.rulesets.saveVersion({ id: empty.id, revision: empty.version.revision, graph: start.graph, note: "nothing yet" });
    const e2 = await errorOf(ownerA.publishing.publish({ rulesetId: empty.id, number: 1, overrideReason: "go" }));
    expect([fieldsOf(e2), e2.message]).toEqual([["number"], "v1 has no rules: add at least one rule after Start"]);

    const r = await rulesetWith(1);
    await publishNow(ownerA, r.id, 1);
    const e3 = await errorOf(publishNow(ownerA, r.id, 1));
    expect(e3.message).toBe("v1 is already live");
  });

  it("requires a completed simulation of exactly this version against the live one, unless an admin overrides with an audited reason", async () => {
    const r = await rulesetWith(2);
    const e = await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 1 }));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", ["simulation"]]);
    expect(e.message).toContain('Run a simulation of v1 against "Nothing published"');

    // A simulation of another version, or a failed one, does not count.
    await simulate(r.id, 2, null);
    const failed = await simulate(r.id, 1, null);
    await t.db.simulation.update({ where: { id: failed }, data: { status: "failed" } });
    expect(fieldsOf(await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 1 })))).toEqual(["simulation"]);

    const overridden = await adminA.publishing.publish({ rulesetId: r.id, number: 1, overrideReason: "Carrier outage, rules needed now" });
    expect(overridden).toMatchObject({ status: "approved", overrideReason: "Carrier outage, rules needed now", simulationId: null, versionNumber: 1 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { entityId: r.id, action: "ruleset.publish" } });
    expect(audit).toMatchObject({ actorId: a.users.admin.id, diff: { liveVersion: [null, 1], overrideReason: [null, "Carrier outage, rules needed now"] } });

    // v2 was simulated against nothing; now v1 is live, so that simulation no longer qualifies.
    const status = await ownerA.publishing.status({ rulesetId: r.id, number: 2 });
    expect(status).toMatchObject({ live: { number: 1 }, simulationId: null, blockers: [{ field: "simulation", message: expect.stringContaining("against the live v1") as string, overridable: true }] });
    const sim = await simulate(r.id, 2, 1);
    expect(await ownerA.publishing.status({ rulesetId: r.id, number: 2 })).toMatchObject({ simulationId: sim, blockers: [] });
    expect(await ownerA.publishing.publish({ rulesetId: r.id, number: 2, overrideReason: "unused", note: "ship CA" })).toMatchObject({ simulationId: sim, overrideReason: null, note: "ship CA" });
  });

  it("refuses to publish while a test case fails on exactly that version; an admin publishes anyway only with a reason, audited; approval runs the suite again", async () => {
    const r = await rulesetWith(2); // v1 flags US orders, v2 flags CA orders
    const usCase = await ownerA.testSuites.add({ rulesetId: r.id, name: "US order is flagged", order: makeOrder({ shippingAddress: { country: "US" } }), expect: { flags: ["flag-us"] } });
    expect(await ownerA.publishing.status({ rulesetId: r.id, number: 1 })).toMatchObject({ suite: { total: 1, passed: 1, failed: [] } });
    await publishNow(ownerA, r.id, 1);

    await simulate(r.id, 2, 1);
    const status = await ownerA.publishing.status({ rulesetId: r.id, number: 2 });
    expect(status.suite).toMatchObject({ total: 1, passed: 0, failed: [{ key: usCase.key, name: "US order is flagged", diff: "Flags expected flag-us, got none" }] });
    expect(status.blockers).toEqual([{ field: "suite", message: expect.stringContaining("1 of 1 test case fails on v2") as string, overridable: true, overrideField: "suiteOverrideReason" }]);
    const e = await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 2 }));
    expect([e.code, fieldsOf(e)]).toEqual(["BAD_REQUEST", ["suite"]]);
    expect(e.message).toContain(`${usCase.key} (“US order is flagged”)`);
    // The simulation override does not stand in for the suite's.
    expect(fieldsOf(await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 2, overrideReason: "go" })))).toEqual(["suite"]);
    expect(fieldsOf(await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 2, suiteOverrideReason: "  " })))).toEqual(["suiteOverrideReason"]);
    expect((await ownerA.publishing.status({ rulesetId: r.id })).live?.number).toBe(1);

    const forced = await adminA.publishing.publish({ rulesetId: r.id, number: 2, suiteOverrideReason: "CA launch today; US case updated tomorrow" });
    expect(forced).toMatchObject({ status: "approved", suiteOverrideReason: "CA launch today; US case updated tomorrow", suiteResult: { total: 1, passed: 0 } });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { entityId: r.id, action: "ruleset.publish" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ actorId: a.users.admin.id, diff: { liveVersion: [1, 2], suiteOverrideReason: [null, "CA launch today; US case updated tomorrow"] } });

    // With approval: the request passed, then a failing case was added; approving re-runs the suite and refuses.
    await setApproval(a.organizationId, true);
    try {
      const r2 = await rulesetWith(1);
      await simulate(r2.id, 1, null);
      const req = await ownerA.publishing.publish({ rulesetId: r2.id, number: 1 });
      expect(req).toMatchObject({ status: "pending", suiteResult: { total: 0, passed: 0, failed: [] } });
      await ownerA.testSuites.add({ rulesetId: r2.id, name: "DE is flagged", order: makeOrder({ shippingAddress: { country: "DE" } }), expect: { flags: ["flag-de"] } });
      const refused = await errorOf(adminA.publishing.approve({ id: req.id, note: "" }));
      expect([refused.code, fieldsOf(refused)]).toEqual(["BAD_REQUEST", ["suite"]]);
      expect((await ownerA.publishing.status({ rulesetId: r2.id })).live).toBeNull();
    } finally {
      await setApproval(a.organizationId, false);
    }
  });

  it("moves the live pointer, archives the version it replaces and keeps published versions immutable", async () => {
    const r = await rulesetWith(2);
    await publishNow(ownerA, r.id, 1);
    await publishNow(adminA, r.id, 2);
    const versions = await ownerA.rulesets.versions({ id: r.id });
    expect(versions.map((v) => [v.number, v.status, v.publishedAt !== null])).toEqual([
      [2, "published", true],
      [1, "archived", true],
    ]);
    expect(versions[0]!.publishedBy?.id).toBe(a.users.admin.id);
    const ruleset = await t.db.ruleset.findUniqueOrThrow({ where: { id: r.id } });
    expect(ruleset.revision).toBe(3);
    expect((await ownerA.rulesets.get({ id: r.id })).publishedVersionNumber).toBe(2);

    // Editing after a publish starts v3; v2 keeps its graph and hash.
    const before = await ownerA.rulesets.version({ id: r.id, number: 2 });
    const saved = await ownerA.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: graphFor("JP") });
    expect([saved.versionNumber, saved.newVersion]).toEqual([3, true]);
    const after = await ownerA.rulesets.version({ id: r.id, number: 2 });
    expect([after.graph, after.contentHash, after.status]).toEqual([before.graph, before.contentHash, "published"]);
  });

  it("rolls back to an earlier published version in one call, audited with the reason, without a simulation", async () => {
    const r = await rulesetWith(3);
    await publishNow(ownerA, r.id, 1);
    await publishNow(ownerA, r.id, 2);
    const e = await errorOf(ownerA.publishing.rollback({ rulesetId: r.id, number: 3, reason: "try" }));
    expect([fieldsOf(e), e.message]).toEqual([["number"], "v3 was never published; publish it instead"]);
    expect(fieldsOf(await errorOf(ownerA.publishing.rollback({ rulesetId: r.id, number: 2, reason: "try" })))).toEqual(["number"]);
    expect(await codeOf(ownerA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "  " }))).toBe("BAD_REQUEST");

    const done = await adminA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "v2 sends EU orders to LA" });
    expect(done).toMatchObject({ kind: "rollback", status: "approved", note: "v2 sends EU orders to LA" });
    expect((await ownerA.publishing.status({ rulesetId: r.id })).live?.number).toBe(1);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { entityId: r.id, action: "ruleset.rollback" } });
    expect(audit.diff).toMatchObject({ liveVersion: [2, 1], reason: [null, "v2 sends EU orders to LA"] });
    expect((await ownerA.publishing.history({ rulesetId: r.id })).map((h) => [h.kind, h.versionNumber, h.status])).toEqual([
      ["rollback", 1, "approved"],
      ["publish", 2, "approved"],
      ["publish", 1, "approved"],
    ]);
  });

  it("lets exactly one of two concurrent publishes win; the other gets CONFLICT", async () => {
    const r = await rulesetWith(2);
    await simulate(r.id, 1, null);
    await simulate(r.id, 2, null);
    const { revision } = await ownerA.publishing.status({ rulesetId: r.id });
    const codes = await Promise.all([
      codeOf(ownerA.publishing.publish({ rulesetId: r.id, number: 1, expectedRevision: revision })),
      codeOf(adminA.publishing.publish({ rulesetId: r.id, number: 2, expectedRevision: revision })),
    ]);
    expect(codes.sort()).toEqual(["CONFLICT", "OK"]);
    const ruleset = await t.db.ruleset.findUniqueOrThrow({ where: { id: r.id } });
    expect(ruleset.revision).toBe(revision + 1);
    expect(await t.db.publishRequest.count({ where: { rulesetId: r.id, status: "approved" } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { entityId: r.id, action: "ruleset.publish" } })).toBe(1);
  });

  it("tells in-process listeners, and PostgreSQL listeners, after a publish commits", async () => {
    const seen: TPublishedEvent[] = [];
    const off = onPublished((e) => seen.push(e));
    let listener: pg.Client | null = null;
    const notified: string[] = [];
    if (t.url) {
      listener = new pg.Client({ connectionString: t.url });
      await listener.connect();
      listener.on("notification", (n) => notified.push(n.payload ?? ""));
      await listener.query(`LISTEN ${PUBLISH_CHANNEL}`);
    }
    try {
      const r = await rulesetWith(1);
      await codeOf(ownerA.publishing.publish({ rulesetId: r.id, number: 1 })); // refused: no simulation, no event
      await publishNow(ownerA, r.id, 1);
      expect(seen).toEqual([{ organizationId: a.organizationId, rulesetId: r.id, versionNumber: 1 }]);
      if (listener) {
        await expect.poll(() => notified.length).toBe(1);
        expect(JSON.parse(notified[0]!)).toEqual({ organizationId: a.organizationId, rulesetId: r.id, versionNumber: 1 });
      }
    } finally {
      off();
      await listener?.end();
    }
  });

  it("with approval required: pending until a second admin approves; self-approval refused; reject needs a note; the requester cancels", async () => {
    await ownerA.settings.update({ requirePublishApproval: true });
    try {
      expect(await ownerA.settings.get()).toEqual({ requirePublishApproval: true, decisionRetentionDays: 90 });
      const r = await rulesetWith(2);
      await simulate(r.id, 1, null);
      const req = await ownerA.publishing.publish({ rulesetId: r.id, number: 1, note: "first rules" });
      expect(req).toMatchObject({ status: "pending", requestedBy: { id: a.users.owner.id } });
      expect((await ownerA.publishing.status({ rulesetId: r.id })).live).toBeNull();
      expect(fieldsOf(await errorOf(ownerA.publishing.publish({ rulesetId: r.id, number: 1 })))).toEqual(["number"]);

      const self = await errorOf(ownerA.publishing.approve({ id: req.id, note: "" }));
      expect([self.code, self.message]).toEqual(["FORBIDDEN", "A second admin must approve your own request"]);
      expect(await codeOf(adminA.publishing.reject({ id: req.id, note: "" }))).toBe("BAD_REQUEST");
      expect(await codeOf(adminA.publishing.cancel({ id: req.id }))).toBe("FORBIDDEN");

      const approved = await adminA.publishing.approve({ id: req.id, note: "looks right" });
      expect(approved).toMatchObject({ status: "approved", decidedBy: { id: a.users.admin.id }, decisionNote: "looks right" });
      expect((await ownerA.publishing.status({ rulesetId: r.id })).live?.number).toBe(1);
      expect(await codeOf(as.owner.publishing.approve({ id: req.id, note: "" }))).toBe("BAD_REQUEST");

      // A rollback request is rejected; another is cancelled by its requester; a third is superseded by a publish.
      await publishNow(adminA, r.id, 2).then((p) => adminA.publishing.cancel({ id: p.id }));
      await setApproval(a.organizationId, false);
      await publishNow(ownerA, r.id, 2);
      await ownerA.settings.update({ requirePublishApproval: true });
      const rb = await ownerA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "v2 too strict" });
      expect(await adminA.publishing.reject({ id: rb.id, note: "v2 is fine" })).toMatchObject({ status: "rejected", decisionNote: "v2 is fine" });
      const rb2 = await ownerA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "really" });
      expect(await ownerA.publishing.cancel({ id: rb2.id })).toMatchObject({ status: "cancelled" });
      expect((await ownerA.publishing.status({ rulesetId: r.id })).live?.number).toBe(2);

      const rb3 = await ownerA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "again" });
      const pendingB = await adminA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "twin" }).catch((e: Error) => e);
      expect(pendingB).toBeInstanceOf(Error);
      await setApproval(a.organizationId, false);
      await adminA.publishing.rollback({ rulesetId: r.id, number: 1, reason: "urgent" });
      expect((await ownerA.publishing.requests({ status: "superseded" })).items.map((x) => x.id)).toContain(rb3.id);
      expect((await ownerA.publishing.requests({ status: "pending" })).items.filter((x) => x.rulesetId === r.id)).toEqual([]);
    } finally {
      await setApproval(a.organizationId, false);
    }
  });
});
