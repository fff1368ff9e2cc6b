import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { type TOrganizationSettings, type TOrganizationSettingsUpdate, ZOrganizationSettings } from "../schemas/publish-schemas";
import type { Tx } from "./db-helpers";
import type { Scope } from "./scope";
import { writeAuditLog } from "./write-audit-log";

/** Switchyard's settings of the organization, with defaults for what was never set. */
export async function getOrganizationSettings(db: Db | Tx, scope: Scope): Promise<TOrganizationSettings> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: scope.organizationId }, select: { settings: true } });
  const stored = org.settings && typeof org.settings === "object" && !Array.isArray(org.settings) ? (org.settings as Record<string, unknown>) : {};
  return settingsOf(stored);
}

/** The settings from the stored JSON: a value that is not valid (written by hand, or by older code) reads as its default. */
export function settingsOf(stored: Record<string, unknown>): TOrganizationSettings {
  const retention = ZOrganizationSettings.shape.decisionRetentionDays.safeParse(stored.decisionRetentionDays);
  return ZOrganizationSettings.parse({ requirePublishApproval: stored.requirePublishApproval === true, decisionRetentionDays: retention.success ? retention.data : undefined });
}

/** Changes the given settings (other keys in the JSON column, e.g. the demo anchor, are kept); audited. */
export async function updateOrganizationSettings(db: Db, scope: Scope, input: TOrganizationSettingsUpdate): Promise<TOrganizationSettings> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${scope.organizationId} FOR NO KEY UPDATE`;
    const org = await tx.organization.findUniqueOrThrow({ where: { id: scope.organizationId }, select: { settings: true } });
    const stored = org.settings && typeof org.settings === "object" && !Array.isArray(org.settings) ? (org.settings as Record<string, unknown>) : {};
    const before = await getOrganizationSettings(tx, scope);
    const after = { ...before, ...input };
    await tx.organization.update({ where: { id: scope.organizationId }, data: { settings: { ...stored, ...after } as Prisma.InputJsonValue } });
    await writeAuditLog(tx, scope, { action: "organization.settings", entityType: "organization", entityId: scope.organizationId, before, after });
    return after;
  });
}
