import { type TRole, effectiveRole } from "../auth/roles";
import type { Db } from "../db/create-db";
import type { Prisma } from "../db/generated/prisma/client";
import { pageOf } from "../schemas/common-schemas";
import {
  INVITATION_TTL_DAYS,
  type TInvitationListInput,
  type TInvitationOut,
  type TInvite,
  type TMemberListInput,
  type TMemberOut,
  ZInvitationOut,
  ZMemberOut,
} from "../schemas/member-schemas";
import { type Tx, lockOrganization } from "./db-helpers";
import type { Scope } from "./scope";
import { FieldError, ForbiddenError, NotFoundError } from "./service-errors";
import { writeAuditLog } from "./write-audit-log";

const withUser = { user: { select: { name: true, email: true } } } as const;
type MemberRow = Prisma.MemberGetPayload<{ include: typeof withUser }>;
const memberOut = (row: MemberRow): TMemberOut => ZMemberOut.parse({ id: row.id, userId: row.userId, name: row.user.name, email: row.user.email, role: effectiveRole(row.role), createdAt: row.createdAt });
const memberAudit = (row: MemberRow) => ({ userId: row.userId, email: row.user.email, role: row.role });

const withInviter = { inviter: { select: { id: true, name: true, email: true } } } as const;
type InvitationRow = Prisma.InvitationGetPayload<{ include: typeof withInviter }>;
const invitationOut = (row: InvitationRow, now = new Date()): TInvitationOut =>
  ZInvitationOut.parse({ ...row, expired: row.status === "pending" && row.expiresAt <= now });
const invitationAudit = (row: Prisma.InvitationGetPayload<object>) => ({ email: row.email, role: row.role, status: row.status, expiresAt: row.expiresAt });

export async function listMembers(db: Db, scope: Scope, input: TMemberListInput) {
  const where: Prisma.MemberWhereInput = {
    organizationId: scope.organizationId,
    ...(input.search
      ? { user: { OR: [{ name: { contains: input.search, mode: "insensitive" } }, { email: { contains: input.search, mode: "insensitive" } }] } }
      : {}),
  };
  // Stored roles may be comma-separated lists, so the role filter applies to the effective role.
  const rows = (await db.member.findMany({ where, include: withUser, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).filter(
    (m) => !input.role || effectiveRole(m.role) === input.role,
  );
  const start = (input.page - 1) * input.pageSize;
  return pageOf(rows.slice(start, start + input.pageSize).map(memberOut), rows.length, input);
}

const isSelf = (scope: Scope, target: MemberRow) => scope.actor.type === "user" && target.userId === scope.actor.id;

/** Who may change `target` (to `newRole`, or remove it when undefined). */
function checkAuthority(scope: Scope, target: MemberRow, newRole: TRole | undefined): void {
  if (isSelf(scope, target)) {
    throw new ForbiddenError(newRole === undefined ? "You cannot remove yourself" : "You cannot change your own role");
  }
  if (effectiveRole(target.role) === "owner" && scope.role !== "owner") throw new ForbiddenError("Only an owner can change or remove an owner");
  if (newRole === "owner" && scope.role !== "owner") throw new ForbiddenError("Only an owner can make someone an owner");
}

/** Refuses to leave the organization without an owner (call with the organization locked). */
async function keepAnOwner(tx: Tx, scope: Scope, target: MemberRow, field: string, message: string): Promise<void> {
  if (effectiveRole(target.role) !== "owner") return;
  const roles = await tx.member.findMany({ where: { organizationId: scope.organizationId }, select: { role: true } });
  const owners = roles.filter((m) => effectiveRole(m.role) === "owner").length;
  if (owners <= 1) throw new FieldError(field, message);
}

async function findMember(tx: Tx, scope: Scope, memberId: string): Promise<MemberRow> {
  const row = await tx.member.findFirst({ where: { id: memberId, organizationId: scope.organizationId }, include: withUser });
  if (!row) throw new NotFoundError("Member", memberId);
  return row;
}

export async function updateMemberRole(db: Db, scope: Scope, memberId: string, role: TRole): Promise<TMemberOut> {
  return db.$transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const before = await findMember(tx, scope, memberId);
    // For the only owner changing their own role, the last-owner rule is the reason that matters.
    const lastOwner = "The organization's last owner cannot be demoted; make someone else an owner first";
    if (role !== "owner" && isSelf(scope, before)) await keepAnOwner(tx, scope, before, "role", lastOwner);
    checkAuthority(scope, before, role);
    if (role !== "owner") await keepAnOwner(tx, scope, before, "role", lastOwner);
    await tx.member.updateMany({ where: { id: memberId, organizationId: scope.organizationId }, data: { role } });
    const after = await tx.member.findUniqueOrThrow({ where: { id: memberId }, include: withUser });
    await writeAuditLog(tx, scope, { action: "member.updateRole", entityType: "member", entityId: memberId, before: memberAudit(before), after: memberAudit(after) });
    return memberOut(after);
  });
}

export async function removeMember(db: Db, scope: Scope, memberId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const before = await findMember(tx, scope, memberId);
    checkAuthority(scope, before, undefined);
    await keepAnOwner(tx, scope, before, "memberId", "The organization's last owner cannot be removed");
    await tx.member.deleteMany({ where: { id: memberId, organizationId: scope.organizationId } });
    await writeAuditLog(tx, scope, { action: "member.remove", entityType: "member", entityId: memberId, before: memberAudit(before) });
  });
}

/**
 * Records an invitation for better-auth's organization plugin to accept later (status "pending",
 * expiring in 7 days). Refused when the person is already a member or has a pending invitation.
 */
export async function inviteMember(db: Db, scope: Scope, input: TInvite): Promise<TInvitationOut> {
  if (scope.actor.type !== "user") throw new ForbiddenError("Only a signed-in member can invite");
  if (input.role === "owner" && scope.role !== "owner") throw new ForbiddenError("Only an owner can invite an owner");
  const inviterId = scope.actor.id;
  return db.$transaction(async (tx) => {
    await lockOrganization(tx, scope.organizationId);
    const now = new Date();
    const member = await tx.member.findFirst({
      where: { organizationId: scope.organizationId, user: { email: { equals: input.email, mode: "insensitive" } } },
      select: { id: true },
    });
    if (member) throw new FieldError("email", `${input.email} is already a member`);
    const pending = await tx.invitation.findFirst({
      where: { organizationId: scope.organizationId, email: { equals: input.email, mode: "insensitive" }, status: "pending", expiresAt: { gt: now } },
      select: { id: true },
    });
    if (pending) throw new FieldError("email", `${input.email} already has a pending invitation`);
    const row = await tx.invitation.create({
      data: {
        organizationId: scope.organizationId,
        email: input.email,
        role: input.role,
        status: "pending",
        expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600 * 1000),
        inviterId,
      },
      include: withInviter,
    });
    await writeAuditLog(tx, scope, { action: "invitation.create", entityType: "invitation", entityId: row.id, after: invitationAudit(row) });
    return invitationOut(row, now);
  });
}

export async function listInvitations(db: Db, scope: Scope, input: TInvitationListInput) {
  const where: Prisma.InvitationWhereInput = {
    organizationId: scope.organizationId,
    ...(input.status ? { status: input.status } : {}),
    ...(input.search ? { email: { contains: input.search, mode: "insensitive" } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.invitation.findMany({ where, include: withInviter, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
    db.invitation.count({ where }),
  ]);
  const now = new Date();
  return pageOf(
    rows.map((r) => invitationOut(r, now)),
    total,
    input,
  );
}

export async function cancelInvitation(db: Db, scope: Scope, id: string): Promise<TInvitationOut> {
  return db.$transaction(async (tx) => {
    const before = await tx.invitation.findFirst({ where: { id, organizationId: scope.organizationId }, include: withInviter });
    if (!before) throw new NotFoundError("Invitation", id);
    const { count } = await tx.invitation.updateMany({ where: { id, organizationId: scope.organizationId, status: "pending" }, data: { status: "canceled" } });
    if (count === 0) throw new FieldError("id", `The invitation is already ${before.status}`);
    const after = await tx.invitation.findUniqueOrThrow({ where: { id }, include: withInviter });
    await writeAuditLog(tx, scope, { action: "invitation.cancel", entityType: "invitation", entityId: id, before: invitationAudit(before), after: invitationAudit(after) });
    return invitationOut(after);
  });
}
