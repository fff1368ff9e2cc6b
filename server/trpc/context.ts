import type { Db } from "../db/create-db";
import { type TRole, effectiveRole } from "../auth/roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  organizationId: string;
  organizationName: string;
  role: TRole;
}

/** What every procedure sees. `membership` is resolved on the server from the session's active organization. */
export interface TrpcContext {
  db: Db;
  user: SessionUser | null;
  membership: Membership | null;
  /** All organizations the user belongs to, for the switcher. */
  memberships: Membership[];
}

/**
 * Resolves the caller's organization: the session's active one if the user is a member of it, else
 * the first organization they belong to. Never taken from request input.
 */
export async function resolveMembership(db: Db, userId: string, activeOrganizationId: string | null | undefined) {
  const rows = await db.member.findMany({ where: { userId }, include: { organization: { select: { name: true } } }, orderBy: { createdAt: "asc" } });
  const memberships: Membership[] = rows.map((m) => ({ organizationId: m.organizationId, organizationName: m.organization.name, role: effectiveRole(m.role) }));
  const membership = memberships.find((m) => m.organizationId === activeOrganizationId) ?? memberships[0] ?? null;
  return { membership, memberships };
}

/** A context for a known user (tests, server components); the HTTP handler builds one from the session. */
export async function createContextForUser(db: Db, user: SessionUser | null, activeOrganizationId?: string | null): Promise<TrpcContext> {
  if (!user) return { db, user: null, membership: null, memberships: [] };
  const { membership, memberships } = await resolveMembership(db, user.id, activeOrganizationId);
  return { db, user, membership, memberships };
}
