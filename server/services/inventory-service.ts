import type { Db } from "../db/create-db";
import { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import {
  type TInventoryFields,
  type TInventoryListInput,
  type TInventoryOut,
  type TInventorySetQuantity,
  type TLowStockInput,
  ZInventoryOut,
} from "../schemas/inventory-schemas";
import { type Tx, likePattern, uniqueViolation } from "./db-helpers";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

const withRefs = {
  warehouse: { select: { id: true, code: true, name: true } },
  sku: { select: { id: true, code: true, name: true } },
} as const;
type Row = Prisma.InventoryGetPayload<{ include: typeof withRefs }>;
const toOut = (row: Row): TInventoryOut => ZInventoryOut.parse({ ...row, shortfall: Math.max(0, row.lowStockThreshold - row.quantity) });
const auditView = (row: Prisma.InventoryGetPayload<object>) => ({ warehouseId: row.warehouseId, skuId: row.skuId, quantity: row.quantity, lowStockThreshold: row.lowStockThreshold });
const conflict = (current: TInventoryOut | null) => new ConflictError("Someone else changed this stock since you opened it", current);

function searchWhere(search: string): Prisma.InventoryWhereInput {
  if (!search) return {};
  return {
    OR: [
      { sku: { code: { contains: search, mode: "insensitive" } } },
      { sku: { name: { contains: search, mode: "insensitive" } } },
      { warehouse: { code: { contains: search, mode: "insensitive" } } },
    ],
  };
}

export async function listInventory(db: Db, scope: Scope, input: TInventoryListInput) {
  const where: Prisma.InventoryWhereInput = {
    organizationId: scope.organizationId,
    ...(input.warehouseId ? { warehouseId: input.warehouseId } : {}),
    ...(input.skuId ? { skuId: input.skuId } : {}),
    ...searchWhere(input.search),
  };
  const [rows, total] = await Promise.all([
    db.inventory.findMany({
      where,
      include: withRefs,
      orderBy: [{ sku: { code: "asc" } }, { warehouse: { code: "asc" } }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    db.inventory.count({ where }),
  ]);
  return pageOf(rows.map(toOut), total, input);
}

/** Stock rows below their threshold, the largest shortfall (threshold − quantity) first. */
export async function listLowStock(db: Db, scope: Scope, input: TLowStockInput) {
  const where: Prisma.InventoryWhereInput = {
    organizationId: scope.organizationId,
    quantity: { lt: db.inventory.fields.lowStockThreshold },
    ...(input.warehouseId ? { warehouseId: input.warehouseId } : {}),
    ...searchWhere(input.search),
  };
  // Prisma cannot order by an expression: page the ids in SQL, then load the rows.
  const conditions = [Prisma.sql`i."organizationId" = ${scope.organizationId}`, Prisma.sql`i.quantity < i."lowStockThreshold"`];
  if (input.warehouseId) conditions.push(Prisma.sql`i."warehouseId" = ${input.warehouseId}`);
  if (input.search) {
    const p = likePattern(input.search);
    conditions.push(Prisma.sql`(s.code ILIKE ${p} OR s.name ILIKE ${p} OR w.code ILIKE ${p})`);
  }
  const [ids, total] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT i.id FROM inventory i
      JOIN skus s ON s.id = i."skuId"
      JOIN warehouses w ON w.id = i."warehouseId"
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY (i."lowStockThreshold" - i.quantity) DESC, s.code ASC, w.code ASC, i.id ASC
      LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`,
    db.inventory.count({ where }),
  ]);
  const rows = await db.inventory.findMany({ where: { id: { in: ids.map((r) => r.id) }, organizationId: scope.organizationId }, include: withRefs });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return pageOf(
    ids.flatMap((r) => byId.get(r.id) ?? []).map(toOut),
    total,
    input,
  );
}

export async function getInventory(db: Db, scope: Scope, id: string): Promise<TInventoryOut> {
  const row = await db.inventory.findFirst({ where: { id, organizationId: scope.organizationId }, include: withRefs });
  if (!row) throw new NotFoundError("Inventory", id);
  return toOut(row);
}

async function checkRefs(tx: Tx, scope: Scope, warehouseId: string, skuId: string): Promise<void> {
  const [warehouse, sku] = await Promise.all([
    tx.warehouse.findFirst({ where: { id: warehouseId, organizationId: scope.organizationId }, select: { id: true } }),
    tx.sku.findFirst({ where: { id: skuId, organizationId: scope.organizationId }, select: { id: true } }),
  ]);
  if (!warehouse) throw new FieldError("warehouseId", "Unknown warehouse");
  if (!sku) throw new FieldError("skuId", "Unknown SKU");
}

/** Sets a SKU's stock in a warehouse, creating the stock row when `revision` is null. */
export async function setInventoryQuantity(db: Db, scope: Scope, input: TInventorySetQuantity): Promise<TInventoryOut> {
  const key = { warehouseId: input.warehouseId, skuId: input.skuId, organizationId: scope.organizationId };
  try {
    return await db.$transaction(async (tx) => {
      await checkRefs(tx, scope, input.warehouseId, input.skuId);
      const before = await tx.inventory.findFirst({ where: key, include: withRefs });
      if (input.revision === null) {
        if (before) throw conflict(toOut(before));
        const row = await tx.inventory.create({
          data: { ...key, quantity: input.quantity, lowStockThreshold: input.lowStockThreshold ?? 0 },
          include: withRefs,
        });
        await writeAuditLog(tx, scope, { action: "inventory.create", entityType: "inventory", entityId: row.id, after: auditView(row) });
        return toOut(row);
      }
      if (!before) throw conflict(null);
      const data = { quantity: input.quantity, ...(input.lowStockThreshold === undefined ? {} : { lowStockThreshold: input.lowStockThreshold }) };
      return await applyUpdate(tx, scope, before, input.revision, data, "inventory.setQuantity");
    });
  } catch (e) {
    if (uniqueViolation(e)) {
      const current = await db.inventory.findFirst({ where: key, include: withRefs });
      throw conflict(current ? toOut(current) : null);
    }
    throw e;
  }
}

/** Saves only if nobody saved since `revision`; otherwise reports a conflict carrying the stored version. */
export async function updateInventory(db: Db, scope: Scope, id: string, revision: number, fields: TInventoryFields): Promise<TInventoryOut> {
  return db.$transaction(async (tx) => {
    const before = await tx.inventory.findFirst({ where: { id, organizationId: scope.organizationId }, include: withRefs });
    if (!before) throw new NotFoundError("Inventory", id);
    return applyUpdate(tx, scope, before, revision, fields, "inventory.update");
  });
}

async function applyUpdate(tx: Tx, scope: Scope, before: Row, revision: number, data: Partial<TInventoryFields>, action: string): Promise<TInventoryOut> {
  const { count } = await tx.inventory.updateMany({ where: { id: before.id, organizationId: scope.organizationId, revision }, data: { ...data, revision: { increment: 1 } } });
  if (count === 0) throw conflict(toOut(before));
  const after = await tx.inventory.findUniqueOrThrow({ where: { id: before.id }, include: withRefs });
  await writeAuditLog(tx, scope, { action, entityType: "inventory", entityId: before.id, before: auditView(before), after: auditView(after) });
  return toOut(after);
}
