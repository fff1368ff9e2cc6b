import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import { type TPairingFields, type TPairingListInput, type TPairingOut, ZPairingOut } from "../schemas/sku-schemas";
import { type Tx, uniqueViolation } from "./db-helpers";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

const withRefs = {
  store: { select: { id: true, name: true, platform: true } },
  sku: { select: { id: true, code: true, name: true } },
} as const;
type Row = Prisma.SkuPairingGetPayload<{ include: typeof withRefs }>;
const toOut = (row: Row): TPairingOut => ZPairingOut.parse(row);
const auditView = (row: Prisma.SkuPairingGetPayload<object>) => ({ storeId: row.storeId, platformSku: row.platformSku, skuId: row.skuId, quantity: row.quantity });
const duplicate = (fields: TPairingFields) => new FieldError("platformSku", `Platform SKU "${fields.platformSku}" is already paired in this store`);
const conflict = (current: TPairingOut) => new ConflictError("Someone else changed this pairing since you opened it", current);

/** The store and the warehouse SKU must belong to the caller's organization. */
async function checkRefs(tx: Tx, scope: Scope, fields: TPairingFields): Promise<void> {
  const [store, sku] = await Promise.all([
    tx.store.findFirst({ where: { id: fields.storeId, organizationId: scope.organizationId }, select: { id: true } }),
    tx.sku.findFirst({ where: { id: fields.skuId, organizationId: scope.organizationId }, select: { id: true } }),
  ]);
  if (!store) throw new FieldError("storeId", "Unknown store");
  if (!sku) throw new FieldError("skuId", "Unknown SKU");
}

export async function listPairings(db: Db, scope: Scope, input: TPairingListInput) {
  const where: Prisma.SkuPairingWhereInput = {
    organizationId: scope.organizationId,
    ...(input.storeId ? { storeId: input.storeId } : {}),
    ...(input.skuId ? { skuId: input.skuId } : {}),
    ...(input.search
      ? {
          OR: [
            { platformSku: { contains: input.search, mode: "insensitive" } },
            { sku: { code: { contains: input.search, mode: "insensitive" } } },
            { sku: { name: { contains: input.search, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.skuPairing.findMany({
      where,
      include: withRefs,
      orderBy: [{ store: { name: "asc" } }, { platformSku: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
    db.skuPairing.count({ where }),
  ]);
  return pageOf(rows.map(toOut), total, input);
}

export async function getPairing(db: Db, scope: Scope, id: string): Promise<TPairingOut> {
  const row = await db.skuPairing.findFirst({ where: { id, organizationId: scope.organizationId }, include: withRefs });
  if (!row) throw new NotFoundError("Pairing", id);
  return toOut(row);
}

export async function createPairing(db: Db, scope: Scope, fields: TPairingFields): Promise<TPairingOut> {
  try {
    return await db.$transaction(async (tx) => {
      await checkRefs(tx, scope, fields);
      const row = await tx.skuPairing.create({ data: { ...fields, organizationId: scope.organizationId }, include: withRefs });
      await writeAuditLog(tx, scope, { action: "pairing.create", entityType: "pairing", entityId: row.id, after: auditView(row) });
      return toOut(row);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicate(fields);
    throw e;
  }
}

/** Saves only if the pairing was not saved since `updatedAt` (pairings have no revision column). */
export async function updatePairing(db: Db, scope: Scope, id: string, updatedAt: Date, fields: TPairingFields): Promise<TPairingOut> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.skuPairing.findFirst({ where: { id, organizationId: scope.organizationId }, include: withRefs });
      if (!before) throw new NotFoundError("Pairing", id);
      if (before.updatedAt.getTime() !== updatedAt.getTime()) throw conflict(toOut(before));
      await checkRefs(tx, scope, fields);
      // The token must change on every save, even two saves within the same millisecond.
      const next = new Date(Math.max(Date.now(), updatedAt.getTime() + 1));
      const { count } = await tx.skuPairing.updateMany({ where: { id, organizationId: scope.organizationId, updatedAt }, data: { ...fields, updatedAt: next } });
      if (count === 0) throw conflict(toOut(before));
      const after = await tx.skuPairing.findUniqueOrThrow({ where: { id }, include: withRefs });
      await writeAuditLog(tx, scope, { action: "pairing.update", entityType: "pairing", entityId: id, before: auditView(before), after: auditView(after) });
      return toOut(after);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicate(fields);
    throw e;
  }
}

export async function deletePairing(db: Db, scope: Scope, id: string, updatedAt: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.skuPairing.findFirst({ where: { id, organizationId: scope.organizationId }, include: withRefs });
    if (!before) throw new NotFoundError("Pairing", id);
    const { count } = await tx.skuPairing.deleteMany({ where: { id, organizationId: scope.organizationId, updatedAt } });
    if (count === 0) throw conflict(toOut(before));
    await writeAuditLog(tx, scope, { action: "pairing.delete", entityType: "pairing", entityId: id, before: auditView(before) });
  });
}
