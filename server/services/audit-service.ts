import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import type { TAuditEntryOut, TAuditListInput } from "../schemas/audit-schemas";
import { ZAuditEntryOut } from "../schemas/audit-schemas";
import { pageOf } from "../schemas/common-schemas";
import type { Scope } from "./scope";

/** The organization's audit log, newest first. */
export async function listAuditLog(db: Db, scope: Scope, input: TAuditListInput) {
  const where: Prisma.AuditLogWhereInput = {
    organizationId: scope.organizationId,
    ...(input.entityType ? { entityType: input.entityType } : {}),
    ...(input.entityId ? { entityId: input.entityId } : {}),
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.from || input.to ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
    ...(input.search
      ? {
          OR: [
            { action: { contains: input.search, mode: "insensitive" } },
            { entityType: { contains: input.search, mode: "insensitive" } },
            { entityId: { equals: input.search } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.auditLog.count({ where }),
  ]);
  const ids = (type: string) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId!))];
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: ids("apiKey") }, organizationId: scope.organizationId }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...users, ...keys].map((x) => [x.id, x.name]));
  const items: TAuditEntryOut[] = rows.map((r) =>
    ZAuditEntryOut.parse({ ...r, actorName: r.actorId ? (names.get(r.actorId) ?? null) : null, diff: r.diff && typeof r.diff === "object" && !Array.isArray(r.diff) ? r.diff : {} }),
  );
  return pageOf(items, total, input);
}
