import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import { type TSkuFields, type TSkuListInput, type TSkuOut, ZSkuOut } from "../schemas/sku-schemas";
import { uniqueViolation } from "./db-helpers";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

const withCounts = { _count: { select: { pairings: true } } } as const;
type Row = Prisma.SkuGetPayload<{ include: typeof withCounts }>;
const toOut = (row: Row): TSkuOut => ZSkuOut.parse({ ...row, pairingCount: row._count.pairings });
const auditView = (row: Prisma.SkuGetPayload<object>) => ({
  code: row.code,
  name: row.name,
  weightGrams: row.weightGrams,
  lengthCm: row.lengthCm,
  widthCm: row.widthCm,
  heightCm: row.heightCm,
  hasBattery: row.hasBattery,
  hasLiquid: row.hasLiquid,
  isHazmat: row.isHazmat,
  category: row.category,
  hsCode: row.hsCode,
});
const duplicateCode = (fields: TSkuFields) => new FieldError("code", `A SKU with code "${fields.code}" already exists`);
const conflict = (current: TSkuOut) => new ConflictError("Someone else changed this SKU since you opened it", current);

export async function listSkus(db: Db, scope: Scope, input: TSkuListInput) {
  const where: Prisma.SkuWhereInput = {
    organizationId: scope.organizationId,
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.search
      ? {
          OR: [
            { code: { contains: input.search, mode: "insensitive" } },
            { name: { contains: input.search, mode: "insensitive" } },
            { category: { contains: input.search, mode: "insensitive" } },
            { hsCode: { startsWith: input.search.replace(/[\s.]/g, "") } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.sku.findMany({ where, include: withCounts, orderBy: [{ code: "asc" }, { id: "asc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.sku.count({ where }),
  ]);
  return pageOf(rows.map(toOut), total, input);
}

export async function getSku(db: Db, scope: Scope, id: string): Promise<TSkuOut> {
  const row = await db.sku.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
  if (!row) throw new NotFoundError("SKU", id);
  return toOut(row);
}

export async function createSku(db: Db, scope: Scope, fields: TSkuFields): Promise<TSkuOut> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.sku.create({ data: { ...fields, organizationId: scope.organizationId }, include: withCounts });
      await writeAuditLog(tx, scope, { action: "sku.create", entityType: "sku", entityId: row.id, after: auditView(row) });
      return toOut(row);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateCode(fields);
    throw e;
  }
}

/** Saves only if nobody saved since `revision`; otherwise reports a conflict carrying the stored version. */
export async function updateSku(db: Db, scope: Scope, id: string, revision: number, fields: TSkuFields): Promise<TSkuOut> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.sku.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
      if (!before) throw new NotFoundError("SKU", id);
      const { count } = await tx.sku.updateMany({ where: { id, organizationId: scope.organizationId, revision }, data: { ...fields, revision: { increment: 1 } } });
      if (count === 0) throw conflict(toOut(before));
      const after = await tx.sku.findUniqueOrThrow({ where: { id }, include: withCounts });
      await writeAuditLog(tx, scope, { action: "sku.update", entityType: "sku", entityId: id, before: auditView(before), after: auditView(after) });
      return toOut(after);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateCode(fields);
    throw e;
  }
}

/** Refused while the SKU is paired to platform SKUs or in stock anywhere; empty stock rows go with it. */
export async function deleteSku(db: Db, scope: Scope, id: string, revision: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.sku.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
    if (!before) throw new NotFoundError("SKU", id);
    if (before.revision !== revision) throw conflict(toOut(before));
    if (before._count.pairings > 0) throw new FieldError("id", `The SKU is paired to ${before._count.pairings} platform SKU(s); remove the pairings first`);
    const stock = await tx.inventory.count({ where: { skuId: id, organizationId: scope.organizationId, quantity: { gt: 0 } } });
    if (stock > 0) throw new FieldError("id", `The SKU is in stock in ${stock} warehouse(s); zero the stock first`);
    await tx.inventory.deleteMany({ where: { skuId: id, organizationId: scope.organizationId } });
    const { count } = await tx.sku.deleteMany({ where: { id, organizationId: scope.organizationId, revision } });
    if (count === 0) throw conflict(toOut(before));
    await writeAuditLog(tx, scope, { action: "sku.delete", entityType: "sku", entityId: id, before: auditView(before) });
  });
}
