import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { type TListInput, pageOf } from "../schemas/common-schemas";
import { type TWarehouseFields, type TWarehouseOut, ZWarehouseOut } from "../schemas/warehouse-schemas";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

type Row = Prisma.WarehouseGetPayload<object>;
const toOut = (row: Row): TWarehouseOut => ZWarehouseOut.parse({ ...row, address: row.address ?? null });
const auditView = (row: Row) => ({ code: row.code, name: row.name, kind: row.kind, country: row.country, address: row.address, calendar: row.calendar });

function uniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

export async function listWarehouses(db: Db, scope: Scope, input: TListInput) {
  const where: Prisma.WarehouseWhereInput = {
    organizationId: scope.organizationId,
    ...(input.search
      ? { OR: [{ code: { contains: input.search, mode: "insensitive" } }, { name: { contains: input.search, mode: "insensitive" } }, { country: { equals: input.search.toUpperCase() } }] }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.warehouse.findMany({ where, orderBy: { code: "asc" }, skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.warehouse.count({ where }),
  ]);
  return pageOf(rows.map(toOut), total, input);
}

export async function getWarehouse(db: Db, scope: Scope, id: string): Promise<TWarehouseOut> {
  const row = await db.warehouse.findFirst({ where: { id, organizationId: scope.organizationId } });
  if (!row) throw new NotFoundError("Warehouse", id);
  return toOut(row);
}

export async function createWarehouse(db: Db, scope: Scope, fields: TWarehouseFields): Promise<TWarehouseOut> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.warehouse.create({ data: { ...fields, address: fields.address ?? Prisma.DbNull, organizationId: scope.organizationId } });
      await writeAuditLog(tx, scope, { action: "warehouse.create", entityType: "warehouse", entityId: row.id, after: auditView(row) });
      return toOut(row);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new FieldError("code", `A warehouse with code "${fields.code}" already exists`);
    throw e;
  }
}

/** Saves only if nobody saved since `revision`; otherwise reports a conflict carrying the stored version. */
export async function updateWarehouse(db: Db, scope: Scope, id: string, revision: number, fields: TWarehouseFields): Promise<TWarehouseOut> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.warehouse.findFirst({ where: { id, organizationId: scope.organizationId } });
      if (!before) throw new NotFoundError("Warehouse", id);
      const { count } = await tx.warehouse.updateMany({
        where: { id, organizationId: scope.organizationId, revision },
        data: { ...fields, address: fields.address ?? Prisma.DbNull, revision: { increment: 1 } },
      });
      if (count === 0) throw new ConflictError("Someone else changed this warehouse since you opened it", toOut(before));
      const after = await tx.warehouse.findUniqueOrThrow({ where: { id } });
      await writeAuditLog(tx, scope, { action: "warehouse.update", entityType: "warehouse", entityId: id, before: auditView(before), after: auditView(after) });
      return toOut(after);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new FieldError("code", `A warehouse with code "${fields.code}" already exists`);
    throw e;
  }
}

export async function deleteWarehouse(db: Db, scope: Scope, id: string, revision: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.warehouse.findFirst({ where: { id, organizationId: scope.organizationId } });
    if (!before) throw new NotFoundError("Warehouse", id);
    if (before.revision !== revision) throw new ConflictError("Someone else changed this warehouse since you opened it", toOut(before));
    const stock = await tx.inventory.count({ where: { warehouseId: id, quantity: { gt: 0 } } });
    if (stock > 0) throw new FieldError("id", `The warehouse still holds stock on ${stock} SKU(s); move or zero it first`);
    await tx.inventory.deleteMany({ where: { warehouseId: id } });
    // Channels keep their origin warehouses as an id array (no foreign key): take this one out.
    const channels = await tx.logisticsChannel.findMany({ where: { organizationId: scope.organizationId, originWarehouseIds: { has: id } } });
    for (const ch of channels) {
      const originWarehouseIds = ch.originWarehouseIds.filter((w) => w !== id);
      await tx.logisticsChannel.update({ where: { id: ch.id }, data: { originWarehouseIds, revision: { increment: 1 } } });
      await writeAuditLog(tx, scope, {
        action: "channel.update",
        entityType: "channel",
        entityId: ch.id,
        before: { originWarehouseIds: ch.originWarehouseIds },
        after: { originWarehouseIds },
      });
    }
    await tx.warehouse.delete({ where: { id } });
    await writeAuditLog(tx, scope, { action: "warehouse.delete", entityType: "warehouse", entityId: id, before: auditView(before) });
  });
}
