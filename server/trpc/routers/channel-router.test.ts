import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb } from "../../db/create-test-db";
import { type Tenant, callerFor } from "../../testing/tenant-fixtures";
import { type Caller, DB_KINDS, type ProcedureCase, currentOf, errorOf, expectedOutcome, fieldsOf, matrix, runCase, snapshotOrg, twoTenants } from "./router-test-kit";

const calendar = { timeZone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], holidays: [], workdayStart: "09:00", cutoffTime: "18:00" };
const warehouse = (code: string) => ({ code, name: `Warehouse ${code}`, kind: "own" as const, country: "CN", address: null, calendar });
const rateCard = {
  currency: "USD",
  roundUpGrams: 10,
  zones: [{ code: "US", countries: ["US"], postalPrefixes: [] }],
  bands: [{ zone: "US", upToGrams: 2000, fixed: 3.2, perKg: 10.5 }],
};
const fields = (code: string, originWarehouseIds: string[] = []) => ({
  code,
  name: `Channel ${code}`,
  carrier: "YunExpress",
  service: "Global Direct",
  originWarehouseIds,
  maxWeightGrams: 30000,
  maxLengthCm: 120,
  maxGirthCm: 270,
  countries: ["US", "CA"],
  batteryAllowed: false,
  liquidAllowed: false,
  hazmatAllowed: false,
  rateCard,
  transitDaysMin: 7,
  transitDaysMax: 12,
  currency: "USD",
  active: true,
});

describe.each(DB_KINDS)("channel router (%s)", (kind) => {
  let t: TestDb;
  let a: Tenant;
  let b: Tenant;
  let as: Record<string, Caller>;
  let ownerA: Caller;
  let aWarehouse: { id: string };
  let bWarehouse: { id: string };
  let aChannel: { id: string; revision: number };
  let bChannel: { id: string; revision: number };
  let bBefore: Awaited<ReturnType<typeof snapshotOrg>>;

  beforeAll(async () => {
    ({ t, a, b, as, ownerA } = await twoTenants(kind));
    const ownerB = await callerFor(t.db, b.users.owner);
    aWarehouse = await ownerA.warehouses.create(warehouse("SZ"));
    bWarehouse = await ownerB.warehouses.create(warehouse("SZ"));
    aChannel = await ownerA.channels.create(fields("A-1", [aWarehouse.id]));
    bChannel = await ownerB.channels.create(fields("B-1", [bWarehouse.id]));
    bBefore = await snapshotOrg(t.db, b.organizationId);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const fresh = (code: string) => ownerA.channels.create(fields(code, [aWarehouse.id]));
  const cases: ProcedureCase[] = [
    {
      name: "channels.list",
      permission: "read",
      own: async (c) => expect((await c.channels.list({})).items.map((x) => x.id)).toContain(aChannel.id),
      foreign: async (c) => expect((await c.channels.list({ search: "B-1" })).items).toEqual([]),
      foreignCode: "OK",
    },
    { name: "channels.get", permission: "read", own: (c) => c.channels.get({ id: aChannel.id }), foreign: (c) => c.channels.get({ id: bChannel.id }), foreignCode: "NOT_FOUND" },
    {
      name: "channels.create",
      permission: "manageMasterData",
      own: (c, role) => c.channels.create(fields(`A-${role}`, [aWarehouse.id])),
      // Shipping from the other organization's warehouse is refused.
      foreign: (c, role) => c.channels.create(fields(`X-${role}`, [bWarehouse.id])),
      foreignCode: "BAD_REQUEST",
    },
    {
      name: "channels.update",
      permission: "manageMasterData",
      own: async (c, role) => {
        const ch = await fresh(`U-${role}`);
        return c.channels.update({ id: ch.id, revision: ch.revision, fields: { ...fields(`U-${role}`), active: false } });
      },
      foreign: (c) => c.channels.update({ id: bChannel.id, revision: bChannel.revision, fields: fields("HACK") }),
      foreignCode: "NOT_FOUND",
    },
    {
      name: "channels.delete",
      permission: "manageMasterData",
      own: async (c, role) => {
        const ch = await fresh(`D-${role}`);
        return c.channels.delete({ id: ch.id, revision: ch.revision });
      },
      foreign: (c) => c.channels.delete({ id: bChannel.id, revision: bChannel.revision }),
      foreignCode: "NOT_FOUND",
    },
  ];

  it.each(matrix(cases))("%s as %s: allowed only with its permission, never on another organization", async (_name, role, c) => {
    expect(await runCase(as[role]!, role, c)).toEqual(expectedOutcome(role, c));
  });

  it("stores and returns the full channel, rate card included", async () => {
    const ch = await ownerA.channels.get({ id: aChannel.id });
    expect(ch).toMatchObject({ ...fields("A-1", [aWarehouse.id]), rateCard, originWarehouses: [{ id: aWarehouse.id, code: "SZ" }] });
    const none = await ownerA.channels.create({ ...fields("NO-CARD"), rateCard: null, transitDaysMin: null, transitDaysMax: null });
    expect([none.rateCard, none.transitDaysMin]).toEqual([null, null]);
  });

  it("refuses origin warehouses of another organization (or unknown ones) on originWarehouseIds", async () => {
    for (const ids of [[bWarehouse.id], [aWarehouse.id, bWarehouse.id], ["no-such-warehouse"]]) {
      const err = await errorOf(ownerA.channels.create(fields("FOREIGN", ids)));
      expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["originWarehouseIds"]]);
    }
    const err = await errorOf(ownerA.channels.update({ id: aChannel.id, revision: aChannel.revision, fields: fields("A-1", [bWarehouse.id]) }));
    expect(fieldsOf(err)).toEqual(["originWarehouseIds"]);
    expect((await ownerA.channels.list({ search: "FOREIGN" })).total).toBe(0);
  });

  it("validates the rate card with ZRateCard and the other fields strictly", async () => {
    const bad: [Record<string, unknown>, string | string[]][] = [
      [{ rateCard: { ...rateCard, bands: [{ zone: "EU", upToGrams: 100, fixed: 1 }] } }, "rateCard.bands"],
      [{ rateCard: { ...rateCard, zones: [] } }, ["rateCard.zones", "rateCard.bands"]],
      [{ rateCard: { ...rateCard, currency: "EUR" } }, "rateCard.currency"],
      [{ transitDaysMin: 9, transitDaysMax: 3 }, "transitDaysMin"],
      [{ transitDaysMin: 3, transitDaysMax: null }, "transitDaysMax"],
      [{ countries: ["USA"] }, "countries.0"],
      [{ countries: ["US", "US"] }, "countries"],
      [{ maxWeightGrams: 0 }, "maxWeightGrams"],
      [{ currency: "usd" }, "currency"],
    ];
    for (const [patch, field] of bad) {
      const err = await errorOf(ownerA.channels.create({ ...fields("BAD"), ...patch } as never));
      expect([err.code, fieldsOf(err)], JSON.stringify(patch)).toEqual(["BAD_REQUEST", [field].flat()]);
    }
    expect((await ownerA.channels.list({ search: "BAD" })).total).toBe(0);
  });

  it("reports a duplicate code on the code field", async () => {
    const err = await errorOf(ownerA.channels.create(fields("A-1")));
    expect([err.code, fieldsOf(err)]).toEqual(["BAD_REQUEST", ["code"]]);
  });

  it("reports a conflict with the stored version on a stale revision", async () => {
    const ch = await fresh("CONFLICT");
    await ownerA.channels.update({ id: ch.id, revision: ch.revision, fields: { ...fields("CONFLICT"), name: "Owner's" } });
    const err = await errorOf(as.admin!.channels.update({ id: ch.id, revision: ch.revision, fields: { ...fields("CONFLICT"), name: "Admin's" } }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf<{ name: string }>(err).name).toBe("Owner's");
    expect((await errorOf(ownerA.channels.delete({ id: ch.id, revision: ch.revision }))).code).toBe("CONFLICT");
  });

  it("filters by active, origin warehouse and destination", async () => {
    const other = await ownerA.warehouses.create(warehouse("LA"));
    await ownerA.channels.create({ ...fields("F-LA", [other.id]), countries: [] });
    await ownerA.channels.create({ ...fields("F-OFF", [other.id]), active: false, countries: ["DE"] });
    expect((await ownerA.channels.list({ warehouseId: other.id })).items.map((c) => c.code)).toEqual(["F-LA", "F-OFF"]);
    expect((await ownerA.channels.list({ warehouseId: other.id, active: true })).items.map((c) => c.code)).toEqual(["F-LA"]);
    expect((await ownerA.channels.list({ warehouseId: other.id, country: "DE" })).items.map((c) => c.code)).toEqual(["F-LA", "F-OFF"]);
    expect((await ownerA.channels.list({ warehouseId: other.id, country: "FR" })).items.map((c) => c.code)).toEqual(["F-LA"]);
  });

  it("records every change in the audit log", async () => {
    const ch = await as.admin!.channels.create(fields("AUDIT"));
    await as.admin!.channels.update({ id: ch.id, revision: ch.revision, fields: { ...fields("AUDIT"), maxWeightGrams: 2000 } });
    const logs = await t.db.auditLog.findMany({ where: { entityId: ch.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((l) => [l.action, l.entityType, l.actorId])).toEqual([
      ["channel.create", "channel", a.users.admin.id],
      ["channel.update", "channel", a.users.admin.id],
    ]);
    expect(logs[1]!.diff).toEqual({ maxWeightGrams: [30000, 2000] });
  });

  it("left the other organization's data untouched", async () => {
    expect(await snapshotOrg(t.db, b.organizationId)).toEqual(bBefore);
  });
});
