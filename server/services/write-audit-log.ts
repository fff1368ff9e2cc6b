import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import type { Scope } from "./scope";

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Only the fields that changed, as { field: [before, after] }. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (k === "updatedAt" || k === "revision") continue;
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = [a ?? null, b ?? null];
  }
  return out;
}

/** Records a change in the organization's audit log, inside the caller's transaction. */
export async function writeAuditLog(
  tx: Tx,
  scope: Scope,
  entry: { action: string; entityType: string; entityId: string; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: scope.organizationId,
      actorType: scope.actor.type,
      actorId: scope.actor.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      diff: JSON.parse(JSON.stringify(diffRecords(entry.before ?? null, entry.after ?? null))) as Prisma.InputJsonValue,
    },
  });
}
