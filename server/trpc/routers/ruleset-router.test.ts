import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TRuleGraph, type TStage, ZRuleGraph, compileGraph } from "@/rules-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { type TestDb } from "../../db/create-test-db";
import type { TStoredDraft } from "../../schemas/ruleset-schemas";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, currentOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase, twoTenants } from "./router-test-kit";

const calendar = { timeZone: "America/Los_Angeles", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "08:00", cutoffTime: "15:00" };

/** start → n1 (country = US) → (true) n2 flag "us": valid in orderReview. */
function validGraph(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  const f = b.add("flag", { code: "us" });
  b.link("start", c, "next").link(c, f, "true");
  return ZRuleGraph.parse(b.build());
}

/** start → n1, plus a flag n2 that nothing leads to (an error: actionUnreachable on n2). */
function brokenGraph(): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", "US"));
  b.add("flag", { code: "lost" });
  b.link("start", c, "next");
  return ZRuleGraph.parse(b.build());
}

/** start → n1 (country = US) → (true) n2 assignWarehouse(warehouseId). */
function warehouseGraph(warehouseId: string): TRuleGraph {
  const b = new GraphBuilder("warehouseMatching", "first");
  const c = b.add("condition", cond("country", "equal", "US"));
  const a = b.add("assignWarehouse", { warehouseId });
  b.link("start", c, "next").link(c, a, "true");
  return ZRuleGraph.parse(b.build());
}

const create = (name: string, stage: TStage = "orderReview") => ({ name, stage, hitPolicy: "all" as const });

describe.each(DB_KINDS)("ruleset router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aRuleset: { id: string; revision: number };
  let bRuleset: { id: string; revision: number };
  let bWarehouseId: string;
  let aWarehouseId: string;
  let snapshotB: () => Promise<unknown>;
  let bBefore: unknown;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    const ownerB = await callerFor(t.db, b.users.owner);
    aWarehouseId = (await ownerA.warehouses.create({ code: "LA", name: "Los Angeles", kind: "own", country: "US", address: null, calendar })).id;
    bWarehouseId = (await ownerB.warehouses.create({ code: "NJ", name: "New Jersey", kind: "own", country: "US", address: null, calendar })).id;
    const ra = await ownerA.rulesets.create({ ...create("A rules"), graph: validGraph() });
    aRuleset = { id: ra.id, revision: ra.version.revision };
    const rb = await ownerB.rulesets.create({ ...create("B rules"), graph: validGraph() });
    bRuleset = { id: rb.id, revision: rb.version.revision };
    await ownerB.rulesets.saveDraft({ id: rb.id, revision: rb.version.revision, graph: brokenGraph() });
    bRuleset.revision += 1;
    await ownerA.rulesets.saveDraft({ id: ra.id, revision: ra.version.revision, graph: { ...validGraph(), hitPolicy: "first" } });
    aRuleset.revision += 1;
    snapshotB = async () => {
      const where = { organizationId: b.organizationId };
      return {
        rulesets: await t.db.ruleset.findMany({ where, orderBy: { id: "asc" } }),
        versions: await t.db.rulesetVersion.findMany({ where, orderBy: { id: "asc" } }),
        audit: await t.db.auditLog.findMany({ where, orderBy: { id: "asc" } }),
      };
    };
    bBefore = await snapshotB();
  });
  afterAll(async () => {
    await t?.drop();
  });

  const fresh = async (name: string, stage: TStage = "orderReview") => {
    const r = await ownerA.rulesets.create(create(name, stage));
    return { id: r.id, revision: r.version.revision };
  };

  const cases: ProcedureCase[] = [
    {
      name: "rulesets.list",
      permission: "read",
      own: async (c) => expect((await c.rulesets.list({})).items.map((r) => r.id)).toContain(aRuleset.id),
      foreign: async (c) => expect((await c.rulesets.list({ search: "B rules" })).items).toEqual([]),
      foreignCode: "OK",
    },
    { name: "rulesets.get", permission: "read", own: (c) => c.rulesets.get({ id: aRuleset.id }), foreign: (c) => c.rulesets.get({ id: bRuleset.id }), foreignCode: "NOT_FOUND" },
    {
      name: "rulesets.create",
      permission: "editRules",
      own: (c, role) => c.rulesets.create(create(`A ${role}`)),
      // The organization comes from the session: an organizationId in the input is refused, not obeyed.
      foreign: (c, role) => c.rulesets.create({ ...create(`B ${role}`), organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "rulesets.saveDraft",
      permission: "editRules",
      own: async (c, role) => {
        const r = await fresh(`save ${role}`);
        return c.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() });
      },
      foreign: (c) => c.rulesets.saveDraft({ id: bRuleset.id, revision: bRuleset.revision, graph: validGraph() }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "rulesets.saveVersion",
      permission: "editRules",
      own: async (c, role) => {
        const r = await fresh(`freeze ${role}`);
        return c.rulesets.saveVersion({ id: r.id, revision: r.revision, graph: validGraph(), note: "first cut" });
      },
      foreign: (c) => c.rulesets.saveVersion({ id: bRuleset.id, revision: bRuleset.revision, graph: validGraph(), note: "theirs" }),
      foreignCode: "NOT_FOUND",
    },
    { name: "rulesets.versions", permission: "read", own: (c) => c.rulesets.versions({ id: aRuleset.id }), foreign: (c) => c.rulesets.versions({ id: bRuleset.id }), foreignCode: "NOT_FOUND" },
    {
      name: "rulesets.version",
      permission: "read",
      own: (c) => c.rulesets.version({ id: aRuleset.id, number: 1 }),
      foreign: (c) => c.rulesets.version({ id: bRuleset.id, number: 1 }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "rulesets.diff",
      permission: "read",
      own: (c) => c.rulesets.diff({ id: aRuleset.id, from: 1, to: 1 }),
      foreign: (c) => c.rulesets.diff({ id: bRuleset.id, from: 1, to: 1 }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "rulesets.delete",
      permission: "editRules",
      own: async (c, role) => {
        const r = await fresh(`delete ${role}`);
        return c.rulesets.delete({ id: r.id, revision: r.revision });
      },
      foreign: (c) => c.rulesets.delete({ id: bRuleset.id }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("creates version 1 as a draft with a Start-only graph, and reports duplicate names on the name field", async () => {
    const r = await as.designer!.rulesets.create({ ...create("Starter", "logisticsMatching"), description: "  first  " });
    expect([r.description, r.version.number, r.version.status, r.version.revision, r.publishedVersionNumber]).toEqual(["first", 1, "draft", 1, null]);
    expect(r.version.graph).toMatchObject({ name: "Starter", stage: "logisticsMatching", hitPolicy: "all", edges: [] });
    expect(r.version.graph.nodes.map((n) => n.kind)).toEqual(["start"]);
    expect(r.version.savedBy).toEqual({ id: a.users.designer.id, name: a.users.designer.name });
    expect(r.problems.map((p) => [p.code, p.severity])).toEqual([["emptyRuleset", "warning"]]);
    const dup = await errorOf(ownerA.rulesets.create(create("Starter")));
    expect([dup.code, fieldsOf(dup)]).toEqual(["BAD_REQUEST", ["name"]]);
    // Names are unique per organization only.
    expect((await ownerA.rulesets.create(create("B rules"))).name).toBe("B rules");
    const mismatch = await errorOf(ownerA.rulesets.create({ ...create("Mismatch", "skuPairing"), graph: validGraph() }));
    expect(fieldsOf(mismatch)).toEqual(["graph.stage"]);
  });

  it("refuses a stale revision with a CONFLICT carrying the stored draft, who saved it and when", async () => {
    const r = await fresh("conflict");
    const designer = as.designer!;
    const saved = await designer.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() });
    expect(saved.revision).toBe(r.revision + 1);
    const err = await errorOf(as.admin!.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: brokenGraph() }));
    expect(err.code).toBe("CONFLICT");
    const current = currentOf<TStoredDraft>(err);
    expect(current).toMatchObject({ versionNumber: 1, status: "draft", revision: saved.revision, savedBy: { id: a.users.designer.id, name: a.users.designer.name } });
    expect(current.graph.nodes.map((n) => n.id)).toEqual(validGraph().nodes.map((n) => n.id));
    expect(current.savedAt).toBeInstanceOf(Date);
    const stored = await ownerA.rulesets.get({ id: r.id });
    expect([stored.version.revision, stored.version.contentHash]).toEqual([saved.revision, saved.contentHash]);
    // A stale delete conflicts too.
    expect((await errorOf(ownerA.rulesets.delete({ id: r.id, revision: r.revision }))).code).toBe("CONFLICT");
  });

  it("saves a draft with errors, without a compiled artifact, and reports its problems with node ids", async () => {
    const r = await fresh("broken");
    const out = await as.designer!.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: brokenGraph() });
    expect(out.contentHash).toBeNull();
    expect(out.problems).toContainEqual(expect.objectContaining({ code: "actionUnreachable", severity: "error", nodeIds: ["n2"] }));
    const row = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: r.id } });
    expect([row.compiled, row.contentHash, row.revision]).toEqual([null, null, out.revision]);
    const got = await as.viewer!.rulesets.get({ id: r.id });
    expect(got.problems).toContainEqual(expect.objectContaining({ code: "actionUnreachable", nodeIds: ["n2"] }));
    expect([got.version.ruleCount, got.version.nodeCount]).toEqual([null, brokenGraph().nodes.length]);
  });

  it("stores compiled + contentHash for a valid draft; the hash is stable for the same graph", async () => {
    const r = await fresh("valid");
    const first = await ownerA.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() });
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.problems.filter((p) => p.severity === "error")).toEqual([]);
    const direct = compileGraph(validGraph());
    expect(direct.ok && direct.compiled.manifest.contentHash).toBe(first.contentHash);
    const again = await ownerA.rulesets.saveDraft({ id: r.id, revision: first.revision, graph: validGraph() });
    // Moving nodes on the canvas does not change what the rules do.
    const moved = validGraph();
    moved.nodes[1]!.position = { x: 999, y: 999 };
    const third = await ownerA.rulesets.saveDraft({ id: r.id, revision: again.revision, graph: moved });
    expect([again.contentHash, third.contentHash]).toEqual([first.contentHash, first.contentHash]);
    const row = await t.db.rulesetVersion.findFirstOrThrow({ where: { rulesetId: r.id } });
    expect([row.contentHash, (row.compiled as { manifest: { contentHash: string } }).manifest.contentHash]).toEqual([first.contentHash, first.contentHash]);
    const v = await as.viewer!.rulesets.version({ id: r.id, number: 1 });
    const compiledRules = (row.compiled as { rules: unknown[] }).rules.length;
    expect([v.contentHash, v.ruleCount, v.nodeCount]).toEqual([first.contentHash, compiledRules, moved.nodes.length]);
    // The artifact stays on the server: the designer compiles its own canvas.
    expect(v).not.toHaveProperty("compiled");
    expect((await as.viewer!.rulesets.versions({ id: r.id }))[0]).toMatchObject({ number: 1, ruleCount: compiledRules, nodeCount: moved.nodes.length });
  });

  it("validates warehouse references against the organization's own master data only", async () => {
    const r = await fresh("warehouses", "warehouseMatching");
    const own = await ownerA.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: warehouseGraph(aWarehouseId) });
    expect(own.problems.map((p) => p.code)).not.toContain("unknownWarehouse");
    expect(own.contentHash).not.toBeNull();
    const foreign = await ownerA.rulesets.saveDraft({ id: r.id, revision: own.revision, graph: warehouseGraph(bWarehouseId) });
    expect(foreign.problems).toContainEqual(expect.objectContaining({ code: "unknownWarehouse", nodeIds: ["n2"], field: "data.warehouseId" }));
    expect(foreign.contentHash).toBeNull();
    const stageMismatch = await errorOf(ownerA.rulesets.saveDraft({ id: r.id, revision: foreign.revision, graph: validGraph() }));
    expect([stageMismatch.code, fieldsOf(stageMismatch)]).toEqual(["BAD_REQUEST", ["graph.stage"]]);
    const unparsable = await errorOf(ownerA.rulesets.saveDraft({ id: r.id, revision: foreign.revision, graph: { ...validGraph(), nodes: [{ id: "x", kind: "teleport" }] } as never }));
    expect(unparsable.code).toBe("BAD_REQUEST");
  });

  it("saving after a published version starts version n+1 and leaves the published one untouched", async () => {
    const r = await fresh("published");
    const v1 = await ownerA.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() });
    await t.db.rulesetVersion.updateMany({ where: { rulesetId: r.id, number: 1 }, data: { status: "published", publishedAt: new Date(), publishedById: a.users.admin.id } });
    const listed = (await ownerA.rulesets.list({ search: "published" })).items[0]!;
    expect([listed.status, listed.publishedVersionNumber, listed.latestVersionNumber]).toEqual(["published", 1, 1]);

    // A stale revision while the newest version is published conflicts instead of starting version 2.
    const staleOnPublished = await errorOf(ownerA.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() }));
    expect([staleOnPublished.code, currentOf<TStoredDraft>(staleOnPublished)]).toEqual(["CONFLICT", expect.objectContaining({ versionNumber: 1, status: "published", revision: v1.revision })]);

    const edited = validGraph();
    edited.nodes.push({ id: "n3", kind: "hold", position: { x: 1, y: 1 }, data: { priority: 100, reason: "Check address" } });
    edited.edges.push({ id: "e3", sourceId: "n1", targetId: "n3", sourceHandle: "false" });
    const v2 = await as.designer!.rulesets.saveDraft({ id: r.id, revision: v1.revision, graph: edited });
    expect([v2.versionNumber, v2.newVersion, v2.revision > v1.revision]).toEqual([2, true, true]);
    // A client still holding version 1's revision conflicts instead of starting version 3.
    const stale = await errorOf(ownerA.rulesets.saveDraft({ id: r.id, revision: v1.revision, graph: validGraph() }));
    expect([stale.code, currentOf<TStoredDraft>(stale).versionNumber]).toEqual(["CONFLICT", 2]);
    const v2b = await as.designer!.rulesets.saveDraft({ id: r.id, revision: v2.revision, graph: edited });
    expect([v2b.versionNumber, v2b.newVersion]).toEqual([2, false]);

    const versions = await as.viewer!.rulesets.versions({ id: r.id });
    expect(versions.map((v) => [v.number, v.status, v.createdBy?.id])).toEqual([
      [2, "draft", a.users.designer.id],
      [1, "published", a.users.owner.id],
    ]);
    expect(versions[1]).toMatchObject({ contentHash: v1.contentHash, publishedBy: { id: a.users.admin.id, name: a.users.admin.name } });
    expect(versions[1]!.publishedAt).toBeInstanceOf(Date);
    const old = await as.viewer!.rulesets.version({ id: r.id, number: 1 });
    expect(old.graph.nodes.map((n) => n.id)).toEqual(["start", "n1", "n2"]);
    const got = await as.viewer!.rulesets.get({ id: r.id });
    expect([got.version.number, got.version.status, got.publishedVersionNumber]).toEqual([2, "draft", 1]);

    const diff = await as.viewer!.rulesets.diff({ id: r.id, from: 1, to: 2 });
    expect([diff.diff.nodes.added.map((n) => n.id), diff.diff.edges.added.map((e) => e.id), diff.diff.nodes.removed, diff.diff.identical]).toEqual([["n3"], ["e3"], [], false]);
    expect((await errorOf(as.viewer!.rulesets.diff({ id: r.id, from: 1, to: 9 }))).code).toBe("NOT_FOUND");
    expect((await errorOf(as.viewer!.rulesets.version({ id: r.id, number: 9 }))).code).toBe("NOT_FOUND");

    // Once published, a ruleset can no longer be deleted.
    const del = await errorOf(ownerA.rulesets.delete({ id: r.id }));
    expect([del.code, fieldsOf(del)]).toEqual(["BAD_REQUEST", ["id"]]);
  });

  it("saves a version: frozen as validated with its note; the next edit starts a new draft; a graph with errors is refused", async () => {
    const r = await fresh("checkpoints");
    const refused = await errorOf(ownerA.rulesets.saveVersion({ id: r.id, revision: r.revision, graph: brokenGraph(), note: "broken" }));
    expect([refused.code, fieldsOf(refused), refused.message]).toEqual(["BAD_REQUEST", ["graph"], expect.stringContaining("1 error")]);
    // Nothing was written by the refused call.
    expect((await ownerA.rulesets.get({ id: r.id })).version).toMatchObject({ number: 1, status: "draft", revision: r.revision });

    const v1 = await ownerA.rulesets.saveVersion({ id: r.id, revision: r.revision, graph: validGraph(), note: "  US flag  " });
    expect([v1.versionNumber, v1.newVersion, v1.contentHash]).toEqual([1, false, expect.any(String)]);
    const edited = { ...validGraph(), hitPolicy: "first" as const };
    const next = await ownerA.rulesets.saveDraft({ id: r.id, revision: v1.revision, graph: edited });
    expect([next.versionNumber, next.newVersion]).toEqual([2, true]);
    const versions = await ownerA.rulesets.versions({ id: r.id });
    expect(versions.map((v) => [v.number, v.status, v.note])).toEqual([
      [2, "draft", ""],
      [1, "validated", "US flag"],
    ]);
    // The frozen version did not change with the edit, and the two can be compared.
    expect((await ownerA.rulesets.version({ id: r.id, number: 1 })).graph.hitPolicy).toBe("all");
    const diff = await ownerA.rulesets.diff({ id: r.id, from: 1, to: 2 });
    expect(diff.diff.settings).toEqual([{ field: "hitPolicy", from: "all", to: "first" }]);
    const audit = await t.db.auditLog.findFirst({ where: { organizationId: a.organizationId, entityId: r.id, action: "ruleset.saveVersion" } });
    expect(audit?.diff).toMatchObject({ status: [null, "validated"], note: [null, "US flag"] });
  });

  it("lists per stage with status, published number, last editor and last change; filters and searches", async () => {
    const r = await fresh("Listing review", "orderReview");
    await fresh("Listing logistics", "logisticsMatching");
    await as.designer!.rulesets.saveDraft({ id: r.id, revision: r.revision, graph: validGraph() });
    const all = await as.viewer!.rulesets.list({ search: "listing" });
    expect(all.items.map((i) => [i.name, i.stage])).toEqual([
      ["Listing review", "orderReview"],
      ["Listing logistics", "logisticsMatching"],
    ]);
    expect(all.items[0]).toMatchObject({ status: "draft", latestVersionNumber: 1, publishedVersionNumber: null, lastEditor: { id: a.users.designer.id, name: a.users.designer.name } });
    expect(all.items[1]!.lastEditor).toEqual({ id: a.users.owner.id, name: a.users.owner.name });
    expect(all.items[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(all.items[1]!.updatedAt.getTime() - 1000);
    const logistics = await as.viewer!.rulesets.list({ stage: "logisticsMatching", search: "listing" });
    expect(logistics.items.map((i) => i.name)).toEqual(["Listing logistics"]);
    const paged = await as.viewer!.rulesets.list({ pageSize: 5, page: 1 });
    expect([paged.items.length, paged.pageCount >= 2]).toEqual([5, true]);
  });

  it("records create, saveDraft (with node/edge counts) and delete in the audit log", async () => {
    const r = await as.admin!.rulesets.create(create("audited"));
    await as.admin!.rulesets.saveDraft({ id: r.id, revision: r.version.revision, graph: validGraph() });
    await as.admin!.rulesets.delete({ id: r.id });
    const logs = await t.db.auditLog.findMany({ where: { entityId: r.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(logs.map((l) => [l.action, l.actorId, l.organizationId])).toEqual([
      ["ruleset.create", a.users.admin.id, a.organizationId],
      ["ruleset.saveDraft", a.users.admin.id, a.organizationId],
      ["ruleset.delete", a.users.admin.id, a.organizationId],
    ]);
    expect(logs[1]!.diff).toMatchObject({ nodes: [1, 3], edges: [0, 2], changes: [null, expect.objectContaining({ nodesAdded: 2, edgesAdded: 2 })] });
    expect((await errorOf(as.admin!.rulesets.get({ id: r.id }))).code).toBe("NOT_FOUND");
    expect(await t.db.rulesetVersion.count({ where: { rulesetId: r.id } })).toBe(0);
  });

  it("refuses anonymous callers", async () => {
    expect((await errorOf((await callerFor(t.db, null)).rulesets.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("left the other organization's rulesets untouched", async () => {
    expect(await snapshotB()).toEqual(bBefore);
  });
});
