import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import { type TStoreFields, type TStoreListInput, type TStoreOut, ZStoreOut } from "../schemas/store-schemas";
import type { Scope } from "./scope";
import { ConflictError, FieldError, NotFoundError } from "./service-errors";
import { uniqueViolation } from "./db-helpers";
import { writeAuditLog } from "./write-audit-log";

const withCounts = { _count: { select: { orders: true, skuPairings: true } } } as const;
type Row = Prisma.StoreGetPayload<{ include: typeof withCounts }>;
type PlainRow = Prisma.StoreGetPayload<object>;
const toOut = (row: Row): TStoreOut => ZStoreOut.parse({ ...row, orderCount: row._count.orders, pairingCount: row._count.skuPairings });
const auditView = (row: PlainRow) => ({ platform: row.platform, name: row.name, site: row.site, externalId: row.externalId });
const duplicateName = (fields: TStoreFields) => new FieldError("name", `A store named "${fields.name}" already exists`);

export async function listStores(db: Db, scope: Scope, input: TStoreListInput) {
  const where: Prisma.StoreWhereInput = {
    organizationId: scope.organizationId,
    ...(input.platform ? { platform: input.platform } : {}),
    ...(input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" } },
            { site: { contains: input.search, mode: "insensitive" } },
            { externalId: { contains: input.search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.store.findMany({ where, include: withCounts, orderBy: [{ name: "asc" }, { id: "asc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.store.count({ where }),
  ]);
  return pageOf(rows.map(toOut), total, input);
}

export async function getStore(db: Db, scope: Scope, id: string): Promise<TStoreOut> {
  const row = await db.store.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
  if (!row) throw new NotFoundError("Store", id);
  return toOut(row);
}

export async function createStore(db: Db, scope: Scope, fields: TStoreFields): Promise<TStoreOut> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.store.create({ data: { ...fields, organizationId: scope.organizationId }, include: withCounts });
      await writeAuditLog(tx, scope, { action: "store.create", entityType: "store", entityId: row.id, after: auditView(row) });
      return toOut(row);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateName(fields);
    throw e;
  }
}

/** Saves only if nobody saved since `revision`; otherwise reports a conflict carrying the stored version. */
export async function updateStore(db: Db, scope: Scope, id: string, revision: number, fields: TStoreFields): Promise<TStoreOut> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.store.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
      if (!before) throw new NotFoundError("Store", id);
      const { count } = await tx.store.updateMany({ where: { id, organizationId: scope.organizationId, revision }, data: { ...fields, revision: { increment: 1 } } });
      if (count === 0) throw new ConflictError("Someone else changed this store since you opened it", toOut(before));
      const after = await tx.store.findUniqueOrThrow({ where: { id }, include: withCounts });
      await writeAuditLog(tx, scope, { action: "store.update", entityType: "store", entityId: id, before: auditView(before), after: auditView(after) });
      return toOut(after);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw duplicateName(fields);
    throw e;
  }
}

/** Refused while orders reference the store (they would be deleted with it); its SKU pairings go with it. */
export async function deleteStore(db: Db, scope: Scope, id: string, revision: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.store.findFirst({ where: { id, organizationId: scope.organizationId }, include: withCounts });
    if (!before) throw new NotFoundError("Store", id);
    if (before.revision !== revision) throw new ConflictError("Someone else changed this store since you opened it", toOut(before));
    const orders = await tx.order.count({ where: { storeId: id, organizationId: scope.organizationId } });
    if (orders > 0) throw new FieldError("id", `The store has ${orders} order(s); stores with orders cannot be deleted`);
    const { count: pairings } = await tx.skuPairing.deleteMany({ where: { storeId: id, organizationId: scope.organizationId } });
    const { count } = await tx.store.deleteMany({ where: { id, organizationId: scope.organizationId, revision } });
    if (count === 0) throw new ConflictError("Someone else changed this store since you opened it", toOut(before));
    await writeAuditLog(tx, scope, { action: "store.delete", entityType: "store", entityId: id, before: { ...auditView(before), pairings }, after: null });
  });
}
