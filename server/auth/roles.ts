/**
 * Roles and what each may do, enforced on the server in every procedure.
 * viewer reads; analyst reads and simulates; designer edits drafts; admin publishes and manages master
 * data, members and API keys; owner is an admin who cannot be removed.
 */
export const ROLES = ["owner", "admin", "designer", "analyst", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

export const PERMISSIONS = ["read", "simulate", "editRules", "publish", "manageMasterData", "manageMembers", "manageApiKeys", "importOrders"] as const;
export type TPermission = (typeof PERMISSIONS)[number];

const GRANTS: Record<TRole, readonly TPermission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  designer: ["read", "simulate", "editRules"],
  analyst: ["read", "simulate"],
  viewer: ["read"],
};

export function isRole(value: string): value is TRole {
  return (ROLES as readonly string[]).includes(value);
}

/** A member's role as stored (better-auth may store several, comma-separated): the strongest one wins. */
export function effectiveRole(stored: string): TRole {
  const roles = stored.split(",").map((r) => r.trim()).filter(isRole);
  return roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))[0] ?? "viewer";
}

export function can(role: TRole, permission: TPermission): boolean {
  return GRANTS[role].includes(permission);
}

export const ROLE_LABELS: Record<TRole, string> = {
  owner: "Owner",
  admin: "Admin",
  designer: "Designer",
  analyst: "Analyst",
  viewer: "Viewer",
};
