import "server-only";
import { getAuth } from "../auth/get-auth";
import { getDb } from "../db/get-db";
import { type TrpcContext, createContextForUser } from "./context";

/** The tRPC context of an HTTP request: the better-auth session decides the user and organization. */
export async function createRequestContext(headers: Headers): Promise<TrpcContext> {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  const session = await auth.api.getSession({ headers });
  if (!session) return createContextForUser(db, null);
  const activeOrganizationId = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  return createContextForUser(db, { id: session.user.id, email: session.user.email, name: session.user.name }, activeOrganizationId);
}
