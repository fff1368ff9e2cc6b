import type { TRole } from "../auth/roles";

/**
 * Who is acting and for which organization. Built by the server from the session or API key, never
 * from request input; every service query filters by `organizationId`.
 */
export interface Scope {
  organizationId: string;
  role: TRole;
  actor: { type: "user" | "apiKey" | "system"; id: string };
}
