/** The audit log names what each entry is about (and the ids its changes mention), only ever from the caller's organization. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TRuleGraph, ZRuleGraph } from "@/rules-schema";
import { GraphBuilder, cond } from "@/rules-schema/testing/factories";
import { type TestDb, createTestDb } from "../db/create-test-db";
import { ZAuditListInput } from "../schemas/audit-schemas";
import { type Tenant, callerFor, createTenant } from "../testing/tenant-fixtures";
import { listAuditLog } from "./audit-service";
import type { Scope } from "./scope";

const calendar = { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "09:00", cutoffTime: "18:00" };
const warehouse = (code: string, name: string) => ({ code, name, kind: "own" as const, country: "CN", address: null, calendar });
const sku = (code: string, name: string) => ({ code, name, weightGrams: 180, lengthCm: 12, widthCm: 8, heightCm: 3, hasBattery: false, hasLiquid: false, isHazmat: false, category: "cables" });

function graphFor(code: string): TRuleGraph {
  const b = new GraphBuilder("orderReview", "all");
  const c = b.add("condition", cond("country", "equal", code));
  const f = b.add("flag", { code: `flag-${code.toLowerCase()}` });
  b.link("start", c, "next").link(c, f, "true");
  return ZRuleGraph.parse(b.build());
}

describe.each(["pglite", "postgres"] as const)("listAuditLog names (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let scopeA: Scope;
  let bWarehouse: { id: string };
  const list = (input: Record<string, unknown>) => listAuditLog(t.db, scopeA, ZAuditListInput.parse({ pageSize: 100, ...input }));

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, "names-a");
    b = await createTenant(t.db, "names-b");
    scopeA = { organizationId: a.organizationId, role: "owner", actor: { type: "user", id: a.users.owner.id } };
    const ownerB = await callerFor(t.db, b.users.owner);
    bWarehouse = await ownerB.warehouses.create(warehouse("B-SECRET", "Org B hidden depot"));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("names a published ruleset by its name and stage, and the publish request its diff mentions", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const r = await owner.rulesets.create({ name: "Fraud screen", stage: "orderReview", hitPolicy: "all", graph: graphFor("US") });
    await owner.rulesets.saveVersion({ id: r.id, revision: r.version.revision, graph: graphFor("CA"), note: "v1" });
    const request = await owner.publishing.publish({ rulesetId: r.id, number: 1, overrideReason: "Carrier outage" });

    const page = await list({ entityId: r.id });
    const published = page.items.find((e) => e.action === "ruleset.publish");
    expect(published).toMatchObject({ entityType: "ruleset", entityId: r.id, entityName: "Fraud screen (Order review)", entityDeleted: false });
    expect(published!.names).toEqual({ [request.id]: "Publish of v1" });
    // The diff itself keeps the machine's view: ids and the full content hash.
    expect(published!.diff).toMatchObject({ publishRequestId: [null, request.id], contentHash: [null, expect.stringMatching(/^[0-9a-f]{64}$/) as string] });
    expect(page.items.every((e) => e.entityName === "Fraud screen (Order review)")).toBe(true);
  });

  it("names a warehouse by name and code on its update, and the SKUs, stores and warehouses in pairing and stock changes", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const w = await owner.warehouses.create(warehouse("SZ-1", "Shenzhen main"));
    await owner.warehouses.update({ id: w.id, revision: w.revision, fields: { ...warehouse("SZ-1", "Shenzhen central") } });
    const [update] = (await list({ entityId: w.id, entityType: "warehouse" })).items;
    expect(update).toMatchObject({ action: "warehouse.update", entityName: "Shenzhen central (SZ-1)", entityDeleted: false, diff: { name: ["Shenzhen main", "Shenzhen central"] } });

    const store = await owner.stores.create({ platform: "temu", name: "Temu US", site: "US", externalId: null });
    const cable = await owner.skus.create(sku("CBL-1", "USB-C cable"));
    const pairing = await owner.pairings.create({ storeId: store.id, platformSku: "T-100", skuId: cable.id, quantity: 2 });
    const stock = await owner.inventory.setQuantity({ warehouseId: w.id, skuId: cable.id, quantity: 40, revision: null });

    const [paired] = (await list({ entityId: pairing.id })).items;
    expect(paired).toMatchObject({ entityName: "Temu US: T-100 → CBL-1", names: { [store.id]: "Temu US", [cable.id]: "USB-C cable (CBL-1)" } });
    const [stocked] = (await list({ entityId: stock.id })).items;
    expect(stocked).toMatchObject({ entityName: "CBL-1 in Shenzhen central (SZ-1)", names: { [w.id]: "Shenzhen central (SZ-1)", [cable.id]: "USB-C cable (CBL-1)" } });
  });

  it("falls back to the name the entry recorded for an entity deleted since, else null", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const store = await owner.stores.create({ platform: "shopify", name: "Closed shop", site: "", externalId: null });
    await owner.stores.delete({ id: store.id, revision: store.revision });
    const entries = (await list({ entityId: store.id })).items;
    expect(entries.map((e) => [e.action, e.entityName, e.entityDeleted])).toEqual([
      ["store.delete", "Closed shop", true],
      ["store.create", "Closed shop", true],
    ]);

    const w = await owner.warehouses.create(warehouse("GONE-1", "Old depot"));
    await owner.warehouses.delete({ id: w.id, revision: w.revision });
    expect((await list({ entityId: w.id })).items.map((e) => e.entityName)).toEqual(["Old depot (GONE-1)", "Old depot (GONE-1)"]);

    const designer = await t.db.member.findFirstOrThrow({ where: { organizationId: a.organizationId, userId: a.users.designer.id } });
    await owner.members.remove({ memberId: designer.id });
    const [removed] = (await list({ entityId: designer.id })).items;
    // Gone from the organization: named by the email the entry kept; the user id is no longer resolved.
    expect(removed).toMatchObject({ action: "member.remove", entityName: a.users.designer.email, entityDeleted: true, names: {} });

    await t.db.auditLog.create({
      data: { organizationId: a.organizationId, actorType: "system", action: "channel.update", entityType: "channel", entityId: "channel-long-gone", diff: { active: [true, false] } },
    });
    const [bare] = (await list({ entityId: "channel-long-gone" })).items;
    expect(bare).toMatchObject({ entityName: null, entityDeleted: true, names: {} });
  });

  it("names a simulation after its ruleset and candidate when it has no name of its own", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const r = await owner.rulesets.create({ name: "Stock check", stage: "warehouseMatching", hitPolicy: "first" });
    const sim = await t.db.simulation.create({
      data: {
        organizationId: a.organizationId,
        rulesetId: r.id,
        stage: "warehouseMatching",
        candidateNumber: 1,
        candidateHash: "f".repeat(64),
        candidateLabel: "Draft v1",
        candidateGraph: {},
        baselineLabel: "Nothing published",
        plan: {},
        context: {},
        source: {},
        runner: "embedded",
      },
    });
    await t.db.auditLog.create({
      data: {
        organizationId: a.organizationId,
        actorType: "user",
        actorId: a.users.owner.id,
        action: "simulation.create",
        entityType: "simulation",
        entityId: sim.id,
        diff: { rulesetId: [null, r.id], candidate: [null, "Draft v1"], candidateHash: [null, "f".repeat(64)] },
      },
    });
    const [entry] = (await list({ entityId: sim.id })).items;
    expect(entry).toMatchObject({ entityName: "Simulation of Stock check Draft v1", entityDeleted: false, names: { [r.id]: "Stock check (Warehouse matching)" } });
  });

  it("never resolves another organization's ids, even when they appear in this organization's log", async () => {
    await t.db.auditLog.create({
      data: {
        organizationId: a.organizationId,
        actorType: "system",
        action: "warehouse.update",
        entityType: "warehouse",
        entityId: bWarehouse.id,
        diff: { warehouseId: [null, bWarehouse.id], userId: [null, b.users.owner.id], kind: ["own", "platform"] },
      },
    });
    await t.db.auditLog.create({
      data: { organizationId: a.organizationId, actorType: "system", action: "organization.update", entityType: "organization", entityId: b.organizationId, diff: {} },
    });
    const [planted] = (await list({ entityId: bWarehouse.id })).items;
    expect(planted).toMatchObject({ entityName: null, entityDeleted: true, names: {} });
    const [otherOrg] = (await list({ entityId: b.organizationId })).items;
    expect(otherOrg).toMatchObject({ entityName: null, entityDeleted: false });
    const everything = JSON.stringify((await list({})).items);
    expect(everything).not.toContain("Org B hidden depot");
    expect(everything).not.toContain(b.users.owner.name);
    expect((await list({ search: "hidden depot" })).total).toBe(0);
    expect((await list({ search: "B-SECRET" })).total).toBe(0);
  });

  it("finds entries by the entity's name or code, members by name, and still by action and id", async () => {
    const owner = await callerFor(t.db, a.users.owner);
    const w = await owner.warehouses.create(warehouse("LA-9", "Los Angeles overflow"));
    const byName = await list({ search: "angeles over" });
    expect(byName.items.map((e) => [e.action, e.entityId])).toEqual([["warehouse.create", w.id]]);
    expect((await list({ search: "la-9" })).items.map((e) => e.entityId)).toEqual([w.id]);
    const r = await owner.rulesets.create({ name: "Carrier picker", stage: "logisticsMatching", hitPolicy: "first" });
    expect((await list({ search: "CARRIER PICK" })).items.map((e) => [e.action, e.entityName])).toEqual([["ruleset.create", "Carrier picker (Logistics matching)"]]);
    expect((await list({ search: r.id })).items.map((e) => e.entityId)).toEqual([r.id]);
    const store = await owner.stores.create({ platform: "tiktok", name: "TikTok UK", site: "UK", externalId: null });
    const cable = await owner.skus.create(sku("HDMI-2", "HDMI cable"));
    await owner.pairings.create({ storeId: store.id, platformSku: "TT-555", skuId: cable.id, quantity: 1 });
    expect((await list({ search: "tt-555" })).items.map((e) => e.entityType)).toEqual(["pairing"]);
    expect((await list({ search: "TikTok UK" })).items.map((e) => e.entityType)).toEqual(["pairing", "store"]);
    // LIKE wildcards in the search are plain characters.
    expect((await list({ search: "%" })).items.map((e) => e.entityId)).not.toContain(w.id);

    const viewer = await t.db.member.findFirstOrThrow({ where: { organizationId: a.organizationId, userId: a.users.viewer.id } });
    await owner.members.updateRole({ memberId: viewer.id, role: "analyst" });
    const [roleChange] = (await list({ search: a.users.viewer.name })).items;
    expect(roleChange).toMatchObject({ action: "member.updateRole", entityId: viewer.id, entityName: a.users.viewer.name, diff: { role: ["viewer", "analyst"] } });
    expect((await list({ search: "warehouse.cre" })).items.map((e) => e.action)).toContain("warehouse.create");
  });
});
