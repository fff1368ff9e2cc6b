/**
 * better-auth's organization endpoints (`/api/auth/organization/*`) change members, roles and
 * invitations without going through our services: this after-hook writes the same audit entries our
 * own mutations write, with the signed-in user as the actor. Failed requests write nothing.
 */
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";

interface Audited {
  action: string;
  entityType: "member" | "invitation" | "organization";
}

/** Endpoint path → what our audit log calls it (the same action names as server/services/member-service.ts). */
export const AUDITED_ORGANIZATION_ENDPOINTS: Record<string, Audited> = {
  "/organization/invite-member": { action: "invitation.create", entityType: "invitation" },
  "/organization/cancel-invitation": { action: "invitation.cancel", entityType: "invitation" },
  "/organization/accept-invitation": { action: "invitation.accept", entityType: "invitation" },
  "/organization/reject-invitation": { action: "invitation.reject", entityType: "invitation" },
  "/organization/update-member-role": { action: "member.updateRole", entityType: "member" },
  "/organization/remove-member": { action: "member.remove", entityType: "member" },
  "/organization/add-member": { action: "member.add", entityType: "member" },
  "/organization/leave": { action: "member.leave", entityType: "member" },
  "/organization/create": { action: "organization.create", entityType: "organization" },
  "/organization/update": { action: "organization.update", entityType: "organization" },
  "/organization/delete": { action: "organization.delete", entityType: "organization" },
};

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => v !== null && typeof v === "object" && !Array.isArray(v);

/** The record the endpoint returned (some wrap it: `{ member }`, `{ invitation, member }`). */
function entityOf(returned: Row, entityType: Audited["entityType"]): Row | null {
  if (isRow(returned[entityType])) return returned[entityType];
  return returned;
}

/** What is worth keeping of the record: ids, email, role, status — never tokens or secrets. */
function view(row: Row): Row {
  const out: Row = {};
  for (const k of ["id", "userId", "email", "role", "status", "name", "slug", "expiresAt"]) if (row[k] !== undefined) out[k] = row[k];
  return out;
}

export function auditOrganizationEndpoints(db: Db) {
  return createAuthMiddleware(async (ctx) => {
    const audited = AUDITED_ORGANIZATION_ENDPOINTS[ctx.path];
    if (!audited) return;
    const returned = (ctx.context as { returned?: unknown }).returned;
    if (!isRow(returned) || returned instanceof Error || "error" in returned) return;
    const context = ctx.context as { session?: { user?: { id?: string } } | null };
    const session = context.session ?? (await getSessionFromCtx(ctx).catch(() => null));
    const actorId = session?.user?.id ?? null;
    const entity = entityOf(returned, audited.entityType);
    if (!entity) return;
    const organizationId =
      audited.entityType === "organization"
        ? (entity.id as string | undefined)
        : ((entity.organizationId as string | undefined) ?? ((ctx.body as Row | undefined)?.organizationId as string | undefined));
    const entityId = (entity.id as string | undefined) ?? ((ctx.body as Row | undefined)?.memberId as string | undefined) ?? "";
    if (!organizationId) return;
    const body = isRow(ctx.body) ? ctx.body : {};
    const diff: Row = { via: `better-auth ${ctx.path}`, after: view(entity) };
    if (audited.action === "member.updateRole" && typeof body.role !== "undefined") diff.role = body.role;
    try {
      await db.auditLog.create({
        data: {
          organizationId,
          actorType: actorId ? "user" : "system",
          actorId,
          action: audited.action,
          entityType: audited.entityType,
          entityId,
          diff: JSON.parse(JSON.stringify(diff)) as Prisma.InputJsonValue,
        },
      });
    } catch (error) {
      // A deleted organization takes its audit log with it; anything else is worth a log line, not a failed request.
      if (audited.action !== "organization.delete") console.error(`audit of ${ctx.path} failed:`, error);
    }
  });
}
