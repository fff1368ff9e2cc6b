import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type TRole } from "../../auth/roles";
import { type TestDb, createTestDb } from "../../db/create-test-db";
import { type Tenant, callerFor, createTenant } from "../../testing/tenant-fixtures";

const calendar = { timeZone: "America/Los_Angeles", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "08:00", cutoffTime: "15:00" };
const fields = (code: string) => ({ code, name: `Warehouse ${code}`, kind: "overseas_3pl" as const, country: "US", address: null, calendar });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

describe.each(["pglite", "postgres"] as const)("warehouse router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let bWarehouse: { id: string; revision: number };

  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createTenant(t.db, "org-a");
    b = await createTenant(t.db, "org-b");
    const ownerB = await callerFor(t.db, b.users.owner);
    bWarehouse = await ownerB.warehouses.create(fields("B-1"));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const canManage: Record<TRole, boolean> = { owner: true, admin: true, designer: false, analyst: false, viewer: false };

  it.each(ROLES)("%s reads its own organization's warehouses and never another's", async (role) => {
    const caller = await callerFor(t.db, a.users[role]);
    const page = await caller.warehouses.list({});
    expect(page.items.map((w) => w.code)).not.toContain("B-1");
    expect(await codeOf(caller.warehouses.get({ id: bWarehouse.id }))).toBe("NOT_FOUND");
  });

  it.each(ROLES)("%s can create, update and delete only if it manages master data; never in another organization", async (role) => {
    const caller = await callerFor(t.db, a.users[role]);
    const expected = canManage[role] ? "OK" : "FORBIDDEN";
    expect(await codeOf(caller.warehouses.create(fields(`A-${role}`)))).toBe(expected);
    // Someone else's warehouse: unknown whatever the role (never revealed, never changed).
    const crossUpdate = await codeOf(caller.warehouses.update({ id: bWarehouse.id, revision: bWarehouse.revision, fields: fields("HACK") }));
    expect(crossUpdate).toBe(canManage[role] ? "NOT_FOUND" : "FORBIDDEN");
    expect(await codeOf(caller.warehouses.delete({ id: bWarehouse.id, revision: bWarehouse.revision }))).toBe(canManage[role] ? "NOT_FOUND" : "FORBIDDEN");
    const stillThere = await (await callerFor(t.db, b.users.viewer)).warehouses.get({ id: bWarehouse.id });
    expect(stillThere.code).toBe("B-1");
  });

  it("refuses anonymous callers", async () => {
    expect(await codeOf((await callerFor(t.db, null)).warehouses.list({}))).toBe("UNAUTHORIZED");
  });

  it("ignores an organization id smuggled into the input", async () => {
    const caller = await callerFor(t.db, a.users.admin);
    const input = { ...fields("SMUGGLE"), organizationId: b.organizationId } as never;
    expect(await codeOf(caller.warehouses.create(input))).toBe("BAD_REQUEST");
  });

  it("reports a conflict with the stored version instead of overwriting", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    const owner = await callerFor(t.db, a.users.owner);
    const w = await admin.warehouses.create(fields("CONFLICT"));
    await owner.warehouses.update({ id: w.id, revision: w.revision, fields: { ...fields("CONFLICT"), name: "Owner's name" } });
    const err = await admin.warehouses.update({ id: w.id, revision: w.revision, fields: { ...fields("CONFLICT"), name: "Admin's name" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("CONFLICT");
    expect((await admin.warehouses.get({ id: w.id })).name).toBe("Owner's name");
  });

  it("returns field-level errors and writes nothing on bad input", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    const before = (await admin.warehouses.list({ pageSize: 100 })).total;
    const bad = { ...fields("BAD"), country: "USA", calendar: { ...calendar, timeZone: "Mars/Olympus" } };
    const err = (await admin.warehouses.create(bad).catch((e: unknown) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    const issues = (err.cause as unknown as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join("."));
    expect(issues).toEqual(expect.arrayContaining(["country", "calendar.timeZone"]));
    expect((await admin.warehouses.list({ pageSize: 100 })).total).toBe(before);
  });

  it("reports a duplicate code on the code field", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    await admin.warehouses.create(fields("DUP"));
    const err = (await admin.warehouses.create(fields("DUP")).catch((e: unknown) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/already exists/);
  });

  it("records every change in the audit log with who and what", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    const w = await admin.warehouses.create(fields("AUDIT"));
    await admin.warehouses.update({ id: w.id, revision: w.revision, fields: { ...fields("AUDIT"), name: "Renamed" } });
    const logs = await t.db.auditLog.findMany({ where: { entityId: w.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.actorId, l.organizationId])).toEqual([
      ["warehouse.create", a.users.admin.id, a.organizationId],
      ["warehouse.update", a.users.admin.id, a.organizationId],
    ]);
    expect(logs[1]!.diff).toEqual({ name: ["Warehouse AUDIT", "Renamed"] });
  });

  it("takes a deleted warehouse out of the channels that shipped from it", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    const w = await admin.warehouses.create(fields("GONE"));
    const keep = await admin.warehouses.create(fields("KEEP"));
    const ch = await t.db.logisticsChannel.create({
      data: { organizationId: a.organizationId, code: "CH-GONE", name: "Channel", carrier: "X", maxWeightGrams: 1000, originWarehouseIds: [w.id, keep.id] },
    });
    await admin.warehouses.delete({ id: w.id, revision: w.revision });
    const after = await t.db.logisticsChannel.findUniqueOrThrow({ where: { id: ch.id } });
    expect(after.originWarehouseIds).toEqual([keep.id]);
    expect(after.revision).toBe(ch.revision + 1);
  });

  it("searches and paginates", async () => {
    const admin = await callerFor(t.db, a.users.admin);
    for (let i = 0; i < 12; i++) await admin.warehouses.create(fields(`PAGE-${String(i).padStart(2, "0")}`));
    const p1 = await admin.warehouses.list({ search: "page-", page: 1, pageSize: 5 });
    const p3 = await admin.warehouses.list({ search: "page-", page: 3, pageSize: 5 });
    expect([p1.total, p1.pageCount, p1.items.length, p3.items.length]).toEqual([12, 3, 5, 2]);
    expect(p1.items[0]!.code).toBe("PAGE-00");
  });
});
