import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { createStore } from "../../services/store-service";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

describe.each(DB_KINDS)("audit router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aStore: { id: string };
  let bStore: { id: string };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    aStore = await as.admin!.stores.create({ platform: "temu", name: "A store", site: "US", externalId: null });
    bStore = await (await callerFor(t.db, b.users.owner)).stores.create({ platform: "temu", name: "B store", site: "US", externalId: null });
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const cases: ProcedureCase[] = [
    {
      name: "audit.list",
      permission: "manageMasterData",
      own: async (c) => expect((await c.audit.list({ entityType: "store" })).items.map((e) => e.entityId)).toContain(aStore.id),
      foreign: async (c) => {
        expect((await c.audit.list({ entityId: bStore.id })).items).toEqual([]);
        expect((await c.audit.list({ actorId: b.users.owner.id })).items).toEqual([]);
        expect((await c.audit.list({ pageSize: 100 })).items.map((e) => e.entityId)).not.toContain(bStore.id);
      },
      foreignCode: "OK",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("shows who did what, with names of users and API keys", async () => {
    const [entry] = (await ownerA.audit.list({ entityId: aStore.id })).items;
    expect(entry).toMatchObject({ actorType: "user", actorId: a.users.admin.id, actorName: a.users.admin.name, action: "store.create", entityType: "store" });
    expect(entry!.diff).toMatchObject({ name: [null, "A store"] });
    const { apiKey } = await ownerA.apiKeys.create({ name: "Importer key", scopes: ["import"] });
    const viaKey = await createStore(t.db, { organizationId: a.organizationId, role: "admin", actor: { type: "apiKey", id: apiKey.id } }, { platform: "shopify", name: "Via key", site: "", externalId: null });
    const [keyEntry] = (await ownerA.audit.list({ entityId: viaKey.id })).items;
    expect(keyEntry).toMatchObject({ actorType: "apiKey", actorId: apiKey.id, actorName: "Importer key" });
  });

  it("filters by entity type, actor and date range, newest first, paginated", async () => {
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 12; i++) {
      await t.db.auditLog.create({
        data: {
          organizationId: a.organizationId,
          actorType: "user",
          actorId: i % 2 === 0 ? a.users.owner.id : a.users.admin.id,
          action: "gadget.update",
          entityType: "gadget",
          entityId: `g-${i}`,
          diff: {},
          createdAt: new Date(base + i * 3_600_000),
        },
      });
    }
    const all = await ownerA.audit.list({ entityType: "gadget", pageSize: 5 });
    expect([all.total, all.pageCount]).toEqual([12, 3]);
    expect(all.items.map((e) => e.entityId)).toEqual(["g-11", "g-10", "g-9", "g-8", "g-7"]);
    const last = await ownerA.audit.list({ entityType: "gadget", pageSize: 5, page: 3 });
    expect(last.items.map((e) => e.entityId)).toEqual(["g-1", "g-0"]);
    const byOwner = await ownerA.audit.list({ entityType: "gadget", actorId: a.users.owner.id, pageSize: 100 });
    expect(byOwner.items.map((e) => e.entityId)).toEqual(["g-10", "g-8", "g-6", "g-4", "g-2", "g-0"]);
    const window = await ownerA.audit.list({ entityType: "gadget", from: new Date(base + 3 * 3_600_000), to: new Date(base + 6 * 3_600_000) });
    expect(window.items.map((e) => e.entityId)).toEqual(["g-5", "g-4", "g-3"]);
    expect((await ownerA.audit.list({ search: "gadget.upd" })).total).toBe(12);
    const badRange = await errorOf(ownerA.audit.list({ from: new Date(base), to: new Date(base) }));
    expect([badRange.code, fieldsOf(badRange)]).toEqual(["BAD_REQUEST", ["to"]]);
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
