import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import { type TChannelFields, type TChannelListInput, type TChannelOut, ZChannelOut } from "../schemas/channel-schemas";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { type Tx, uniqueViolation } from "./db-helpers";
import { writeAuditLog } from "./write-audit-log";

type Row = Prisma.LogisticsChannelGetPayload<object>;
type WarehouseRef = { id: string; code: string; name: string };

/** `{}` (the column default) means "no rate card". */
const rateCardOf = (json: Prisma.JsonValue) => (json && typeof json === "object" && !Array.isArray(json) && Object.keys(json).length > 0 ? json : null);
const toOut = (row: Row, warehouses: Map<string, WarehouseRef>): TChannelOut =>
  ZChannelOut.parse({
    ...row,
    rateCard: rateCardOf(row.rateCard),
    originWarehouses: row.originWarehouseIds.flatMap((id) => warehouses.get(id) ?? []),
  });
const auditView = (row: Row) => {
  const { id: _id, organizationId: _org, revision: _rev, createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest as Record<string, unknown>;
};
const duplicateCode = (fields: TChannelFields) => new FieldError("code", `A channel with code "${fields.code}" already exists`);
const conflict = (current: TChannelOut) => new ConflictError("Someone else changed this channel since you opened it", current);

async function warehousesOf(db: Db | Tx, scope: Scope, rows: Row[]): Promise<Map<string, WarehouseRef>> {
  const ids = [...new Set(rows.flatMap((r) => r.originWarehouseIds))];
  if (ids.length === 0) return new Map();
  const found = await db.warehouse.findMany({ where: { id: { in: ids }, organizationId: scope.organizationId }, select: { id: true, code: true, name: true } });
  return new Map(found.map((w) => [w.id, w]));
}

async function outputs(db: Db | Tx, scope: Scope, rows: Row[]): Promise<TChannelOut[]> {
  const warehouses = await warehousesOf(db, scope, rows);
  return rows.map((r) => toOut(r, warehouses));
}
const outputOf = async (db: Db | Tx, scope: Scope, row: Row) => (await outputs(db, scope, [row]))[0]!;

/** Origin warehouses must be warehouses of the caller's organization. */
async function checkOrigins(tx: Tx, scope: Scope, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.warehouse.findMany({ where: { id: { in: ids }, organizationId: scope.organizationId }, select: { id: true } });
  const known = new Set(found.map((w) => w.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new FieldError("originWarehouseIds", `Unknown warehouse(s): ${unknown.join(", ")}`);
}

const dataOf = (fields: TChannelFields) => ({ ...fields, rateCard: fields.rateCard ?? {} });

export async function listChannels(db: Db, scope: Scope, input: TChannelListInput) {
  const where: Prisma.LogisticsChannelWhereInput = {
    organizationId: scope.organizationId,
    ...(input.active === undefined ? {} : { active: input.active }),
    ...(input.warehouseId ? { originWarehouseIds: { has: input.warehouseId } } : {}),
    AND: [
      input.country ? { OR: [{ countries: { has: input.country } }, { countries: { isEmpty: true } }] } : {},
      input.search
        ? {
            OR: [
              { code: { contains: input.search, mode: "insensitive" } },
              { name: { contains: input.search, mode: "insensitive" } },
              { carrier: { contains: input.search, mode: "insensitive" } },
              { service: { contains: input.search, mode: "insensitive" } },
            ],
          }
        : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db.logisticsChannel.findMany({ where, orderBy: [{ code: "asc" }, { id: "asc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.logisticsChannel.count({ where }),
  ]);
  return pageOf(await outputs(db, scope, rows), total, input);
}

export async function getChannel(db: Db, scope: Scope, id: string): Promise<TChannelOut> {
  const row = await db.logisticsChannel.findFirst({ where: { id, organizationId: scope.organizationId } });
  if (!row) throw new NotFoundError("Channel", id);
  return outputOf(db, scope, row);
}

export async function createChannel(db: Db, scope: Scope, fields: TChannelFields): Promise<TChannelOut> {
  try {
    return await db.$transaction(async (tx) => {
      await checkOrigins(tx, scope, fields.originWarehouseIds);
      const row = await tx.logisticsChannel.create({ data: { ...dataOf(fields), organizationId: scope.organizationId } });
      await writeAuditLog(tx, scope, { action: "channel.create", entityType: "channel", entityId: row.id, after: auditView(row) });
      return outputOf(tx, scope, row);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateCode(fields);
    throw e;
  }
}

/** Saves only if nobody saved since `revision`; otherwise reports a conflict carrying the stored version. */
export async function updateChannel(db: Db, scope: Scope, id: string, revision: number, fields: TChannelFields): Promise<TChannelOut> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.logisticsChannel.findFirst({ where: { id, organizationId: scope.organizationId } });
      if (!before) throw new NotFoundError("Channel", id);
      if (before.revision !== revision) throw conflict(await outputOf(tx, scope, before));
      await checkOrigins(tx, scope, fields.originWarehouseIds);
      const { count } = await tx.logisticsChannel.updateMany({
        where: { id, organizationId: scope.organizationId, revision },
        data: { ...dataOf(fields), revision: { increment: 1 } },
      });
      if (count === 0) throw conflict(await outputOf(tx, scope, before));
      const after = await tx.logisticsChannel.findUniqueOrThrow({ where: { id } });
      await writeAuditLog(tx, scope, { action: "channel.update", entityType: "channel", entityId: id, before: auditView(before), after: auditView(after) });
      return outputOf(tx, scope, after);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateCode(fields);
    throw e;
  }
}

export async function deleteChannel(db: Db, scope: Scope, id: string, revision: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.logisticsChannel.findFirst({ where: { id, organizationId: scope.organizationId } });
    if (!before) throw new NotFoundError("Channel", id);
    const { count } = await tx.logisticsChannel.deleteMany({ where: { id, organizationId: scope.organizationId, revision } });
    if (count === 0) throw conflict(await outputOf(tx, scope, before));
    await writeAuditLog(tx, scope, { action: "channel.delete", entityType: "channel", entityId: id, before: auditView(before) });
  });
}
