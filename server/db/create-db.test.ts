import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZBusinessCalendar } from "@/rules-schema/context/context-schema";
import { ZOrder } from "@/rules-schema/order/order-schema";
import { CALENDAR_LA, makeOrder } from "@/rules-schema/testing/factories";
import { applyMigrations } from "./apply-migrations";
import { createTestDb, type TestDb, type TestDbKind } from "./create-test-db";
import type { Db } from "./create-db";
import { defaultMigrationsDir, readMigrations } from "./read-migrations";

// The same suite runs on embedded PGlite and on the real PostgreSQL server (TEST_DATABASE_URL or
// postgresql://postgres@127.0.0.1:5432/postgres). Each run creates its own PostgreSQL database and drops
// it; an unreachable server fails the run with instructions, it is never skipped.
const KINDS: TestDbKind[] = ["pglite", "postgres"];

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

async function migrationNamesOnDisk(): Promise<string[]> {
  return (await readMigrations()).migrationDirectories.map((dir) => dir.path);
}

/** Prisma's checksum of a migration: the hex SHA-256 of migration.sql. */
function checksumOf(name: string): string {
  const sql = readFileSync(path.join(defaultMigrationsDir(), name, "migration.sql"));
  return createHash("sha256").update(sql).digest("hex");
}

async function newOrganization(db: Db, slug: string) {
  return db.organization.create({ data: { name: `Org ${slug}`, slug, settings: { currency: "USD" } } });
}

describe.each(KINDS)("database on %s", (kind) => {
  describe("migrations", () => {
    let empty: TestDb;
    beforeAll(async () => {
      empty = await createTestDb(kind, { migrate: false });
    });
    afterAll(async () => {
      await empty?.drop();
    });

    it("apply from empty, record every migration in _prisma_migrations, and a second apply does nothing", async () => {
      const onDisk = await migrationNamesOnDisk();
      expect(onDisk.length).toBeGreaterThan(0);

      expect(await applyMigrations(empty.adapterFactory())).toEqual(onDisk);
      expect(await applyMigrations(empty.adapterFactory())).toEqual([]);

      const rows = await empty.db.$queryRaw<MigrationRow[]>`
        SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
        FROM _prisma_migrations ORDER BY migration_name`;
      expect(rows.map((row) => row.migration_name)).toEqual(onDisk);
      for (const row of rows) {
        // The same checksum `prisma migrate deploy` computes, so either tool can apply later migrations.
        expect(row.checksum).toBe(checksumOf(row.migration_name));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
    });
  });

  describe("data", () => {
    let testDb: TestDb;
    let db: Db;
    beforeAll(async () => {
      testDb = await createTestDb(kind);
      db = testDb.db;
    });
    afterAll(async () => {
      await testDb?.drop();
    });

    it("was migrated by createTestDb: a further apply does nothing", async () => {
      expect(await applyMigrations(testDb.adapterFactory())).toEqual([]);
      const [{ count }] = await db.$queryRaw<[{ count: bigint }]>`SELECT count(*) AS count FROM _prisma_migrations`;
      expect(Number(count)).toBe((await migrationNamesOnDisk()).length);
    });

    it("creates and reads an organization", async () => {
      const created = await newOrganization(db, "acme");
      const read = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
      expect(read).toMatchObject({ id: created.id, name: "Org acme", settings: { currency: "USD" }, metadata: null });
      expect(read.createdAt).toBeInstanceOf(Date);
    });

    it("stores a warehouse with its business calendar", async () => {
      const org = await newOrganization(db, "calendar-org");
      const calendar = ZBusinessCalendar.parse(CALENDAR_LA);
      await db.warehouse.create({
        data: { organizationId: org.id, code: "LAX1", name: "Los Angeles", kind: "overseas_3pl", country: "US", calendar },
      });
      const read = await db.warehouse.findUniqueOrThrow({
        where: { organizationId_code: { organizationId: org.id, code: "LAX1" } },
      });
      expect(read.kind).toBe("overseas_3pl");
      expect(read.revision).toBe(1);
      expect(ZBusinessCalendar.parse(read.calendar)).toEqual(calendar);
    });

    it("stores an order with its full JSON data and rejects a duplicate (storeId, externalId)", async () => {
      const org = await newOrganization(db, "orders-org");
      const store = await db.store.create({ data: { organizationId: org.id, platform: "temu", name: "Temu US", site: "US" } });
      const order = makeOrder({ externalId: "PO-1001", platform: "temu", storeId: store.id, totalValue: 123.45 });
      const row = {
        organizationId: org.id,
        storeId: store.id,
        platform: order.platform,
        externalId: order.externalId,
        status: order.status,
        country: order.shippingAddress.country,
        placedAt: new Date(order.createdAt),
        paidAt: order.paidAt ? new Date(order.paidAt) : null,
        shipByDeadline: order.shipByDeadline ? new Date(order.shipByDeadline) : null,
        totalValue: order.totalValue,
        currency: order.currency,
        buyerId: order.buyerId,
        data: order,
      };
      await db.order.create({ data: row });

      const read = await db.order.findUniqueOrThrow({
        where: { storeId_externalId: { storeId: store.id, externalId: "PO-1001" } },
      });
      expect(ZOrder.parse(read.data)).toEqual(order);
      expect(read.placedAt.toISOString()).toBe(new Date(order.createdAt).toISOString());
      expect(read.totalValue.toString()).toBe("123.45");

      await expect(db.order.create({ data: row })).rejects.toMatchObject({ code: "P2002" });
      expect(await db.order.count({ where: { storeId: store.id } })).toBe(1);
    });

    it("writes nothing from a transaction that fails half-way on a constraint", async () => {
      const failing = db.$transaction(async (tx) => {
        const org = await newOrganization(tx as Db, "tx-org");
        await tx.store.create({ data: { organizationId: org.id, platform: "shopify", name: "Main" } });
        await tx.store.create({ data: { organizationId: org.id, platform: "amazon", name: "Main" } }); // same name
      });
      await expect(failing).rejects.toMatchObject({ code: "P2002" });
      expect(await db.organization.findUnique({ where: { slug: "tx-org" } })).toBeNull();
      expect(await db.store.count({ where: { organization: { slug: "tx-org" } } })).toBe(0);
    });

    it("writes nothing from a transaction that throws half-way", async () => {
      const failing = db.$transaction(async (tx) => {
        await newOrganization(tx as Db, "tx-throw-org");
        throw new Error("import aborted");
      });
      await expect(failing).rejects.toThrow("import aborted");
      expect(await db.organization.findUnique({ where: { slug: "tx-throw-org" } })).toBeNull();
    });

    it("uses revision for optimistic concurrency", async () => {
      const org = await newOrganization(db, "revision-org");
      const sku = await db.sku.create({ data: { organizationId: org.id, code: "SKU-1", name: "Mug", weightGrams: 350 } });
      const bump = { name: "Mug v2", revision: { increment: 1 } };
      expect((await db.sku.updateMany({ where: { id: sku.id, revision: 1 }, data: bump })).count).toBe(1);
      // A second writer still holding revision 1 loses.
      expect((await db.sku.updateMany({ where: { id: sku.id, revision: 1 }, data: bump })).count).toBe(0);
      expect((await db.sku.findUniqueOrThrow({ where: { id: sku.id } })).revision).toBe(2);
    });

    it("publishes only a version of the same ruleset, and deleting the organization removes everything", async () => {
      const org = await newOrganization(db, "rules-org");
      const [a, b] = await Promise.all(
        ["A", "B"].map((name) => db.ruleset.create({ data: { organizationId: org.id, name, stage: "warehouseMatching" } })),
      );
      const graph = { nodes: [], edges: [] };
      const versionA = await db.rulesetVersion.create({ data: { rulesetId: a!.id, organizationId: org.id, number: 1, graph } });
      await expect(
        db.ruleset.update({ where: { id: b!.id }, data: { publishedVersionId: versionA.id } }),
      ).rejects.toMatchObject({ code: "P2003" });
      await db.ruleset.update({ where: { id: a!.id }, data: { publishedVersionId: versionA.id } });
      // A published version cannot be deleted on its own…
      await expect(db.rulesetVersion.delete({ where: { id: versionA.id } })).rejects.toMatchObject({ code: "P2003" });
      // …but the organization goes with everything it owns.
      await db.organization.delete({ where: { id: org.id } });
      expect(await db.ruleset.count({ where: { organizationId: org.id } })).toBe(0);
      expect(await db.rulesetVersion.count({ where: { organizationId: org.id } })).toBe(0);
    });
  });
});
