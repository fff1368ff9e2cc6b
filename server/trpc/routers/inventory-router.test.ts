import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, currentOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

const calendar = { timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "07:00", cutoffTime: "14:00" };
const warehouse = (code: string) => ({ code, name: `Warehouse ${code}`, kind: "overseas_3pl" as const, country: "DE", address: null, calendar });
const sku = (code: string) => ({ code, name: `SKU ${code}`, weightGrams: 100, lengthCm: null, widthCm: null, heightCm: null, hasBattery: false, hasLiquid: false, isHazmat: false, category: "" });

describe.each(DB_KINDS)("inventory router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aWarehouse: { id: string };
  let bWarehouse: { id: string };
  let bSku: { id: string };
  let aRow: { id: string; revision: number };
  let bRow: { id: string; revision: number };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    const ownerB = await callerFor(t.db, b.users.owner);
    aWarehouse = await ownerA.warehouses.create(warehouse("HAM"));
    bWarehouse = await ownerB.warehouses.create(warehouse("HAM"));
    const aSku = await ownerA.skus.create(sku("S-A"));
    bSku = await ownerB.skus.create(sku("S-B"));
    aRow = await ownerA.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: aSku.id, quantity: 2, lowStockThreshold: 10, revision: null });
    bRow = await ownerB.inventory.setQuantity({ warehouseId: bWarehouse.id, skuId: bSku.id, quantity: 1, lowStockThreshold: 50, revision: null });
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A new stock row in A (a new SKU each time). */
  const freshRow = async (code: string, quantity = 5, lowStockThreshold = 0) => {
    const s = await ownerA.skus.create(sku(code));
    return ownerA.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s.id, quantity, lowStockThreshold, revision: null });
  };
  const cases: ProcedureCase[] = [
    {
      name: "inventory.list",
      permission: "read",
      own: async (c) => expect((await c.inventory.list({})).items.map((x) => x.id)).toContain(aRow.id),
      foreign: async (c) => expect((await c.inventory.list({ warehouseId: bWarehouse.id })).items).toEqual([]),
      foreignCode: "OK",
    },
    {
      name: "inventory.lowStock",
      permission: "read",
      own: async (c) => expect((await c.inventory.lowStock({ pageSize: 100 })).items.map((x) => x.id)).toContain(aRow.id),
      foreign: async (c) => {
        expect((await c.inventory.lowStock({ warehouseId: bWarehouse.id })).items).toEqual([]);
        expect((await c.inventory.lowStock({ pageSize: 100 })).items.map((x) => x.id)).not.toContain(bRow.id);
      },
      foreignCode: "OK",
    },
    { name: "inventory.get", permission: "read", own: (c) => c.inventory.get({ id: aRow.id }), foreign: (c) => c.inventory.get({ id: bRow.id }), foreignCode: "NOT_FOUND" },
    {
      name: "inventory.setQuantity",
      permission: "manageMasterData",
      own: async (c, role) => {
        const s = await ownerA.skus.create(sku(`SET-${role}`));
        return c.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s.id, quantity: 3, revision: null });
      },
      // The other organization's warehouse and SKU are unknown here.
      foreign: (c) => c.inventory.setQuantity({ warehouseId: bWarehouse.id, skuId: bSku.id, quantity: 999, revision: bRow.revision }),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "inventory.update",
      permission: "manageMasterData",
      own: async (c, role) => {
        const r = await freshRow(`UPD-${role}`);
        return c.inventory.update({ id: r.id, revision: r.revision, fields: { quantity: 7, lowStockThreshold: 2 } });
      },
      foreign: (c) => c.inventory.update({ id: bRow.id, revision: bRow.revision, fields: { quantity: 999, lowStockThreshold: 0 } }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("lists low stock only (quantity below threshold), largest shortfall first, with filters and pages", async () => {
    const w = await ownerA.warehouses.create(warehouse("LOW"));
    const rows: [string, number, number][] = [
      ["LOW-A", 0, 5], // shortfall 5
      ["LOW-B", 9, 10], // 1
      ["LOW-C", 1, 20], // 19
      ["LOW-D", 10, 10], // not low (equal)
      ["LOW-E", 50, 10], // not low
      ["LOW-F", 3, 8], // 5 (ties with LOW-A: by SKU code)
      ["LOW-G", 0, 12], // 12
    ];
    for (const [code, quantity, lowStockThreshold] of rows) {
      const s = await ownerA.skus.create(sku(code));
      await ownerA.inventory.setQuantity({ warehouseId: w.id, skuId: s.id, quantity, lowStockThreshold, revision: null });
    }
    const all = await ownerA.inventory.lowStock({ warehouseId: w.id, pageSize: 100 });
    expect(all.items.map((r) => [r.sku.code, r.shortfall])).toEqual([
      ["LOW-C", 19],
      ["LOW-G", 12],
      ["LOW-A", 5],
      ["LOW-F", 5],
      ["LOW-B", 1],
    ]);
    expect(all.total).toBe(5);
    const p2 = await ownerA.inventory.lowStock({ warehouseId: w.id, pageSize: 5, page: 1 });
    expect(p2.pageCount).toBe(1);
    const searched = await ownerA.inventory.lowStock({ warehouseId: w.id, search: "low-g" });
    expect(searched.items.map((r) => r.sku.code)).toEqual(["LOW-G"]);
    expect(searched.total).toBe(1);
    // Across warehouses too, and the rows carry their warehouse.
    const everywhere = await ownerA.inventory.lowStock({ pageSize: 100 });
    expect(everywhere.items[0]).toMatchObject({ sku: { code: "LOW-C" }, warehouse: { code: "LOW" }, quantity: 1, lowStockThreshold: 20 });
    expect(everywhere.items.map((r) => r.shortfall)).toEqual([...everywhere.items.map((r) => r.shortfall)].sort((x, y) => y - x));
  });

  it("lists stock with search and warehouse filters", async () => {
    const w = await ownerA.warehouses.create(warehouse("LST"));
    for (const code of ["LST-1", "LST-2", "LST-3"]) {
      const s = await ownerA.skus.create(sku(code));
      await ownerA.inventory.setQuantity({ warehouseId: w.id, skuId: s.id, quantity: 1, revision: null });
    }
    const page = await ownerA.inventory.list({ warehouseId: w.id, pageSize: 5 });
    expect(page.items.map((r) => r.sku.code)).toEqual(["LST-1", "LST-2", "LST-3"]);
    expect((await ownerA.inventory.list({ search: "lst-2" })).items.map((r) => r.sku.code)).toEqual(["LST-2"]);
  });

  it("reports conflicts on stale revisions and on creating a row that exists", async () => {
    const r = await freshRow("REV", 5);
    const s1 = await ownerA.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: (await ownerA.inventory.get({ id: r.id })).skuId, quantity: 6, revision: r.revision });
    expect([s1.quantity, s1.revision]).toEqual([6, 2]);
    const stale = await errorOf(as.admin!.inventory.update({ id: r.id, revision: r.revision, fields: { quantity: 1, lowStockThreshold: 0 } }));
    expect([stale.code, currentOf<{ quantity: number }>(stale).quantity]).toEqual(["CONFLICT", 6]);
    const again = await errorOf(as.admin!.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s1.skuId, quantity: 1, revision: null }));
    expect([again.code, currentOf<{ revision: number }>(again).revision]).toEqual(["CONFLICT", 2]);
    const staleSet = await errorOf(as.admin!.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s1.skuId, quantity: 1, revision: 1 }));
    expect(staleSet.code).toBe("CONFLICT");
    expect((await ownerA.inventory.get({ id: r.id })).quantity).toBe(6);
  });

  it("validates quantities and references", async () => {
    const r = await freshRow("VAL");
    expect(fieldsOf(await errorOf(ownerA.inventory.update({ id: r.id, revision: r.revision, fields: { quantity: -1, lowStockThreshold: 0 } })))).toEqual(["fields.quantity"]);
    expect(fieldsOf(await errorOf(ownerA.inventory.setQuantity({ warehouseId: "nope", skuId: r.skuId, quantity: 1, revision: null })))).toEqual(["warehouseId"]);
    expect(fieldsOf(await errorOf(ownerA.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: bSku.id, quantity: 1, revision: null })))).toEqual(["skuId"]);
  });

  it("records every change in the audit log", async () => {
    const s = await ownerA.skus.create(sku("AUDIT"));
    const r = await as.admin!.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s.id, quantity: 4, revision: null });
    const r2 = await as.admin!.inventory.setQuantity({ warehouseId: aWarehouse.id, skuId: s.id, quantity: 3, revision: r.revision });
    await as.admin!.inventory.update({ id: r.id, revision: r2.revision, fields: { quantity: 3, lowStockThreshold: 6 } });
    const logs = await t.db.auditLog.findMany({ where: { entityId: r.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.entityType, l.actorId, l.diff])).toEqual([
      ["inventory.create", "inventory", a.users.admin.id, { warehouseId: [null, aWarehouse.id], skuId: [null, s.id], quantity: [null, 4], lowStockThreshold: [null, 0] }],
      ["inventory.setQuantity", "inventory", a.users.admin.id, { quantity: [4, 3] }],
      ["inventory.update", "inventory", a.users.admin.id, { lowStockThreshold: [0, 6] }],
    ]);
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
