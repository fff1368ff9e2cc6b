/** The `skus` and `pairings` routers (warehouse SKUs and the platform SKUs paired to them). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, currentOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

const sku = (code: string) => ({
  code,
  name: `SKU ${code}`,
  weightGrams: 180,
  lengthCm: 12,
  widthCm: 8,
  heightCm: 3,
  hasBattery: false,
  hasLiquid: false,
  isHazmat: false,
  category: "cables",
});
const calendar = { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "09:00", cutoffTime: "18:00" };

describe.each(DB_KINDS)("sku and pairing routers (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aStore: { id: string };
  let bStore: { id: string };
  let aSku: { id: string; revision: number };
  let bSku: { id: string; revision: number };
  let aPairing: { id: string; updatedAt: Date };
  let bPairing: { id: string; updatedAt: Date };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    const ownerB = await callerFor(t.db, b.users.owner);
    aStore = await ownerA.stores.create({ platform: "temu", name: "A temu", site: "US", externalId: null });
    bStore = await ownerB.stores.create({ platform: "temu", name: "B temu", site: "US", externalId: null });
    aSku = await ownerA.skus.create(sku("CBL-1"));
    bSku = await ownerB.skus.create(sku("CBL-1"));
    aPairing = await ownerA.pairings.create({ storeId: aStore.id, platformSku: "T-1", skuId: aSku.id, quantity: 1 });
    bPairing = await ownerB.pairings.create({ storeId: bStore.id, platformSku: "T-1", skuId: bSku.id, quantity: 1 });
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const freshSku = (code: string) => ownerA.skus.create(sku(code));
  const freshPairing = (platformSku: string) => ownerA.pairings.create({ storeId: aStore.id, platformSku, skuId: aSku.id, quantity: 1 });
  const cases: ProcedureCase[] = [
    {
      name: "skus.list",
      permission: "read",
      own: async (c) => expect((await c.skus.list({})).items.map((x) => x.id)).toContain(aSku.id),
      foreign: async (c) => expect((await c.skus.list({ pageSize: 100 })).items.map((x) => x.id)).not.toContain(bSku.id),
      foreignCode: "OK",
    },
    { name: "skus.get", permission: "read", own: (c) => c.skus.get({ id: aSku.id }), foreign: (c) => c.skus.get({ id: bSku.id }), foreignCode: "NOT_FOUND" },
    {
      name: "skus.create",
      permission: "manageMasterData",
      own: (c, role) => c.skus.create(sku(`A-${role}`)),
      foreign: (c, role) => c.skus.create({ ...sku(`B-${role}`), organizationId: b.organizationId } as never),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "skus.update",
      permission: "manageMasterData",
      own: async (c, role) => {
        const s = await freshSku(`U-${role}`);
        return c.skus.update({ id: s.id, revision: s.revision, fields: { ...sku(`U-${role}`), weightGrams: 200 } });
      },
      foreign: (c) => c.skus.update({ id: bSku.id, revision: bSku.revision, fields: sku("HACK") }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "skus.delete",
      permission: "manageMasterData",
      own: async (c, role) => {
        const s = await freshSku(`D-${role}`);
        return c.skus.delete({ id: s.id, revision: s.revision });
      },
      foreign: (c) => c.skus.delete({ id: bSku.id, revision: bSku.revision }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "pairings.list",
      permission: "read",
      own: async (c) => expect((await c.pairings.list({ storeId: aStore.id })).items.map((x) => x.id)).toContain(aPairing.id),
      // Even filtering by the other organization's store gives nothing.
      foreign: async (c) => expect((await c.pairings.list({ storeId: bStore.id })).items).toEqual([]),
      foreignCode: "OK",
    },
    { name: "pairings.get", permission: "read", own: (c) => c.pairings.get({ id: aPairing.id }), foreign: (c) => c.pairings.get({ id: bPairing.id }), foreignCode: "NOT_FOUND" },
    {
      name: "pairings.create",
      permission: "manageMasterData",
      own: (c, role) => c.pairings.create({ storeId: aStore.id, platformSku: `C-${role}`, skuId: aSku.id, quantity: 2 }),
      // Pairing into the other organization's store, or to its SKU, is refused.
      foreign: async (c, role) => {
        const intoB = await errorOf(c.pairings.create({ storeId: bStore.id, platformSku: `X-${role}`, skuId: aSku.id, quantity: 1 }));
        if (intoB.code === "BAD_REQUEST") expect(fieldsOf(intoB)).toEqual(["storeId"]);
        const toB = await errorOf(c.pairings.create({ storeId: aStore.id, platformSku: `Y-${role}`, skuId: bSku.id, quantity: 1 }));
        expect(toB.code).toBe(intoB.code);
        throw intoB;
      },
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "pairings.update",
      permission: "manageMasterData",
      own: async (c, role) => {
        const p = await freshPairing(`U-${role}`);
        return c.pairings.update({ id: p.id, updatedAt: p.updatedAt, fields: { storeId: aStore.id, platformSku: `U-${role}`, skuId: aSku.id, quantity: 3 } });
      },
      foreign: (c) => c.pairings.update({ id: bPairing.id, updatedAt: bPairing.updatedAt, fields: { storeId: aStore.id, platformSku: "HACK", skuId: aSku.id, quantity: 1 } }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "pairings.delete",
      permission: "manageMasterData",
      own: async (c, role) => {
        const p = await freshPairing(`D-${role}`);
        return c.pairings.delete({ id: p.id, updatedAt: p.updatedAt });
      },
      foreign: (c) => c.pairings.delete({ id: bPairing.id, updatedAt: bPairing.updatedAt }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("reports duplicate SKU codes on the code field and conflicts on stale revisions", async () => {
    expect(fieldsOf(await errorOf(ownerA.skus.create(sku("CBL-1"))))).toEqual(["code"]);
    const s = await freshSku("REV");
    await ownerA.skus.update({ id: s.id, revision: s.revision, fields: { ...sku("REV"), name: "Owner's" } });
    const err = await errorOf(as.admin!.skus.update({ id: s.id, revision: s.revision, fields: { ...sku("REV"), name: "Admin's" } }));
    expect([err.code, currentOf<{ name: string }>(err).name]).toEqual(["CONFLICT", "Owner's"]);
  });

  it("keeps an HS code as digits, finds SKUs by it, and refuses one that is not 6 to 10 digits on the hsCode field", async () => {
    const s = await ownerA.skus.create({ ...sku("HS-1"), hsCode: " 8517.62.00 " });
    expect(s.hsCode).toBe("85176200");
    expect((await ownerA.skus.list({ search: "8517.62" })).items.map((x) => x.code)).toEqual(["HS-1"]);
    expect((await ownerA.skus.create({ ...sku("HS-2"), hsCode: "" })).hsCode).toBeNull();
    expect((await ownerA.skus.create(sku("HS-3"))).hsCode).toBeNull();
    const err = await errorOf(ownerA.skus.create({ ...sku("HS-4"), hsCode: "85-17" }));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["hsCode"]]);
    expect(err.message).toMatch(/6 to 10 digits/);
    const cleared = await ownerA.skus.update({ id: s.id, revision: s.revision, fields: { ...sku("HS-1"), hsCode: null } });
    expect(cleared.hsCode).toBeNull();
  });

  it("refuses to delete a SKU that is paired or in stock", async () => {
    const paired = await ownerA.skus.get({ id: aSku.id });
    expect(fieldsOf(await errorOf(ownerA.skus.delete({ id: paired.id, revision: paired.revision })))).toEqual(["id"]);
    const stocked = await freshSku("STOCKED");
    const w = await ownerA.warehouses.create({ code: "SKU-WH", name: "W", kind: "own", country: "CN", address: null, calendar });
    const row = await ownerA.inventory.setQuantity({ warehouseId: w.id, skuId: stocked.id, quantity: 5, revision: null });
    expect(fieldsOf(await errorOf(ownerA.skus.delete({ id: stocked.id, revision: stocked.revision })))).toEqual(["id"]);
    await ownerA.inventory.setQuantity({ warehouseId: w.id, skuId: stocked.id, quantity: 0, revision: row.revision });
    await ownerA.skus.delete({ id: stocked.id, revision: stocked.revision });
    expect(await t.db.inventory.count({ where: { skuId: stocked.id } })).toBe(0);
  });

  it("reports a platform SKU already paired in the store on platformSku; the same one may be paired in another store", async () => {
    const err = await errorOf(ownerA.pairings.create({ storeId: aStore.id, platformSku: "T-1", skuId: aSku.id, quantity: 1 }));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["platformSku"]]);
    const other = await ownerA.stores.create({ platform: "shopify", name: "A shopify", site: "", externalId: null });
    const p = await ownerA.pairings.create({ storeId: other.id, platformSku: "T-1", skuId: aSku.id, quantity: 1 });
    expect(p.store).toMatchObject({ id: other.id, name: "A shopify", platform: "shopify" });
    const p2 = await freshPairing("RENAME");
    expect(fieldsOf(await errorOf(ownerA.pairings.update({ id: p2.id, updatedAt: p2.updatedAt, fields: { storeId: aStore.id, platformSku: "T-1", skuId: aSku.id, quantity: 1 } })))).toEqual([
      "platformSku",
    ]);
  });

  it("uses updatedAt as the pairing's concurrency token", async () => {
    const p = await freshPairing("STALE");
    const saved = await ownerA.pairings.update({ id: p.id, updatedAt: p.updatedAt, fields: { storeId: aStore.id, platformSku: "STALE", skuId: aSku.id, quantity: 4 } });
    expect(saved.updatedAt.getTime()).toBeGreaterThan(p.updatedAt.getTime());
    const err = await errorOf(as.admin!.pairings.update({ id: p.id, updatedAt: p.updatedAt, fields: { storeId: aStore.id, platformSku: "STALE", skuId: aSku.id, quantity: 9 } }));
    expect([err.code, currentOf<{ quantity: number }>(err).quantity]).toEqual(["CONFLICT", 4]);
    expect((await errorOf(ownerA.pairings.delete({ id: p.id, updatedAt: p.updatedAt }))).code).toBe("CONFLICT");
  });

  it("filters pairings by store and SKU and searches platform and warehouse SKUs", async () => {
    const store = await ownerA.stores.create({ platform: "aliexpress", name: "A ali", site: "", externalId: null });
    const s2 = await freshSku("FILTER-2");
    await ownerA.pairings.create({ storeId: store.id, platformSku: "ALI-1", skuId: aSku.id, quantity: 1 });
    await ownerA.pairings.create({ storeId: store.id, platformSku: "ALI-2", skuId: s2.id, quantity: 2 });
    expect((await ownerA.pairings.list({ storeId: store.id })).items.map((p) => p.platformSku)).toEqual(["ALI-1", "ALI-2"]);
    expect((await ownerA.pairings.list({ storeId: store.id, skuId: s2.id })).items.map((p) => p.platformSku)).toEqual(["ALI-2"]);
    expect((await ownerA.pairings.list({ search: "filter-2" })).items.map((p) => p.platformSku)).toEqual(["ALI-2"]);
    expect((await ownerA.skus.get({ id: s2.id })).pairingCount).toBe(1);
  });

  it("records every change in the audit log", async () => {
    const s = await as.admin!.skus.create(sku("AUDIT"));
    const p = await as.admin!.pairings.create({ storeId: aStore.id, platformSku: "AUDIT", skuId: s.id, quantity: 1 });
    await as.admin!.pairings.update({ id: p.id, updatedAt: p.updatedAt, fields: { storeId: aStore.id, platformSku: "AUDIT", skuId: s.id, quantity: 2 } });
    await as.admin!.pairings.delete({ id: p.id, updatedAt: (await ownerA.pairings.get({ id: p.id })).updatedAt });
    const logs = await t.db.auditLog.findMany({ where: { entityId: { in: [s.id, p.id] } }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.actorId, l.organizationId])).toEqual([
      ["sku.create", a.users.admin.id, a.organizationId],
      ["pairing.create", a.users.admin.id, a.organizationId],
      ["pairing.update", a.users.admin.id, a.organizationId],
      ["pairing.delete", a.users.admin.id, a.organizationId],
    ]);
    expect(logs[2]!.diff).toEqual({ quantity: [1, 2] });
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
