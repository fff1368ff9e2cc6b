/** Two organizations with one member per role each, for isolation and role tests. */
import type { Db } from "../db/create-db";
import { ROLES, type TRole } from "../auth/roles";
import { createCallerFactory } from "../trpc/init";
import { appRouter } from "../trpc/app-router";
import { createContextForUser } from "../trpc/context";

export interface Tenant {
  organizationId: string;
  users: Record<TRole, { id: string; email: string; name: string }>;
}

export async function createTenant(db: Db, slug: string): Promise<Tenant> {
  const org = await db.organization.create({ data: { name: `Org ${slug}`, slug } });
  const users = {} as Tenant["users"];
  for (const role of ROLES) {
    const email = `${role}@${slug}.test`;
    const user = await db.user.create({ data: { email, name: `${role} of ${slug}`, emailVerified: true } });
    await db.member.create({ data: { organizationId: org.id, userId: user.id, role } });
    users[role] = { id: user.id, email, name: user.name };
  }
  return { organizationId: org.id, users };
}

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller acting as a user, exactly as the HTTP handler would after reading the session. */
export async function callerFor(db: Db, user: { id: string; email: string; name: string } | null, activeOrganizationId?: string) {
  return createCaller(await createContextForUser(db, user, activeOrganizationId));
}
