import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, currentOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

const fields = (name: string) => ({ platform: "temu" as const, name, site: "US", externalId: null });

describe.each(DB_KINDS)("store router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aStore: { id: string; revision: number };
  let bStore: { id: string; revision: number };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    aStore = await ownerA.stores.create(fields("A store"));
    bStore = await (await callerFor(t.db, b.users.owner)).stores.create(fields("B store"));
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const fresh = (name: string) => ownerA.stores.create(fields(name));
  const cases: ProcedureCase[] = [
    {
      name: "stores.list",
      permission: "read",
      own: async (c) => expect((await c.stores.list({})).items.map((s) => s.id)).toContain(aStore.id),
      foreign: async (c) => expect((await c.stores.list({ search: "B store" })).items).toEqual([]),
      foreignCode: "OK",
    },
    { name: "stores.get", permission: "read", own: (c) => c.stores.get({ id: aStore.id }), foreign: (c) => c.stores.get({ id: bStore.id }), foreignCode: "NOT_FOUND" },
    {
      name: "stores.create",
      permission: "manageMasterData",
      own: (c, role) => c.stores.create(fields(`A ${role}`)),
      // The organization comes from the session: an organizationId in the input is refused, not obeyed.
      foreign: (c, role) => c.stores.create({ ...fields(`B ${role}`), organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "stores.update",
      permission: "manageMasterData",
      own: async (c, role) => {
        const s = await fresh(`update ${role}`);
        return c.stores.update({ id: s.id, revision: s.revision, fields: fields(`updated ${role}`) });
      },
      foreign: (c) => c.stores.update({ id: bStore.id, revision: bStore.revision, fields: fields("HACK") }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "stores.delete",
      permission: "manageMasterData",
      own: async (c, role) => {
        const s = await fresh(`delete ${role}`);
        return c.stores.delete({ id: s.id, revision: s.revision });
      },
      foreign: (c) => c.stores.delete({ id: bStore.id, revision: bStore.revision }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("reports a conflict with the stored version on a stale revision", async () => {
    const s = await fresh("conflict");
    await ownerA.stores.update({ id: s.id, revision: s.revision, fields: { ...fields("conflict"), site: "EU" } });
    const err = await errorOf(as.admin!.stores.update({ id: s.id, revision: s.revision, fields: { ...fields("conflict"), site: "UK" } }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf<{ site: string; revision: number }>(err)).toMatchObject({ site: "EU", revision: 2 });
    expect((await errorOf(ownerA.stores.delete({ id: s.id, revision: s.revision }))).code).toBe("CONFLICT");
    expect((await ownerA.stores.get({ id: s.id })).site).toBe("EU");
  });

  it("reports a duplicate name on the name field (names are unique per organization only)", async () => {
    const err = await errorOf(ownerA.stores.create(fields("A store")));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["name"]]);
    const other = await fresh("other");
    const err2 = await errorOf(ownerA.stores.update({ id: other.id, revision: other.revision, fields: fields("A store") }));
    expect(fieldsOf(err2)).toEqual(["name"]);
    expect((await ownerA.stores.create(fields("B store"))).name).toBe("B store");
  });

  it("refuses to delete a store that has orders", async () => {
    const s = await fresh("with orders");
    await t.db.order.create({
      data: {
        organizationId: a.organizationId,
        storeId: s.id,
        platform: "temu",
        externalId: "PO-1",
        status: "shipped",
        country: "US",
        placedAt: new Date(),
        totalValue: "12.5",
        currency: "USD",
        data: {},
      },
    });
    const err = await errorOf(ownerA.stores.delete({ id: s.id, revision: s.revision }));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["id"]]);
    expect((await ownerA.stores.get({ id: s.id })).orderCount).toBe(1);
  });

  it("validates input strictly and trims blanks", async () => {
    const err = await errorOf(ownerA.stores.create({ ...fields("bad"), platform: "ebay" } as never));
    expect(fieldsOf(err)).toEqual(["platform"]);
    const s = await ownerA.stores.create({ ...fields("  spaced  "), externalId: "  " });
    expect([s.name, s.externalId]).toEqual(["spaced", null]);
  });

  it("records every change in the audit log", async () => {
    const s = await as.admin!.stores.create(fields("audited"));
    const u = await as.admin!.stores.update({ id: s.id, revision: s.revision, fields: { ...fields("audited"), site: "EU" } });
    await as.admin!.stores.delete({ id: u.id, revision: u.revision });
    const logs = await t.db.auditLog.findMany({ where: { entityId: s.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.actorId, l.organizationId])).toEqual([
      ["store.create", a.users.admin.id, a.organizationId],
      ["store.update", a.users.admin.id, a.organizationId],
      ["store.delete", a.users.admin.id, a.organizationId],
    ]);
    expect(logs[1]!.diff).toEqual({ site: ["US", "EU"] });
  });

  it("searches, filters by platform and paginates", async () => {
    for (let i = 0; i < 7; i++) await ownerA.stores.create({ ...fields(`Paged ${i}`), platform: i < 3 ? "shopify" : "tiktok" });
    const p1 = await ownerA.stores.list({ search: "paged", pageSize: 5 });
    const p2 = await ownerA.stores.list({ search: "paged", pageSize: 5, page: 2 });
    expect([p1.total, p1.pageCount, p1.items.length, p2.items.length]).toEqual([7, 2, 5, 2]);
    expect((await ownerA.stores.list({ platform: "shopify" })).items.map((s) => s.name)).toEqual(["Paged 0", "Paged 1", "Paged 2"]);
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
