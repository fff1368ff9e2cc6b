import { type TPermission, type TRole, can } from "../auth/roles";

/**
 * Who is acting and for which organization. Built by the server from the session or API key, never
 * from request input; every service query filters by `organizationId`.
 */
export interface Scope {
  organizationId: string;
  role: TRole;
  actor: { type: "user" | "apiKey" | "system"; id: string };
}

/** Why a session may not act: not signed in (401), or no membership / a role without the permission (403). */
export class ScopeRefused extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = "ScopeRefused";
  }
}

/**
 * The caller's scope from the session's membership (never from the request), when its role has
 * `permission`; else throws ScopeRefused. The one check behind the tRPC procedures and the HTTP upload
 * and export routes.
 */
export function scopeFromSession(
  session: { user?: { id: string } | null | undefined; membership?: { organizationId: string; role: TRole } | null | undefined },
  permission: TPermission,
): Scope {
  if (!session.user) throw new ScopeRefused(401, "Sign in first");
  const m = session.membership;
  if (!m) throw new ScopeRefused(403, "You are not a member of any organization");
  if (!can(m.role, permission)) throw new ScopeRefused(403, `Your role (${m.role}) may not ${permission}`);
  return { organizationId: m.organizationId, role: m.role, actor: { type: "user", id: session.user.id } };
}
