import { headers } from "next/headers";
import { InviteAcceptance, type InviteView } from "@/components/auth/invite-acceptance";
import { effectiveRole } from "@/server/auth/roles";
import { getAuth } from "@/server/auth/get-auth";
import { getDb } from "@/server/db/get-db";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation — Switchyard" };

/**
 * The link an admin shares (`/invite/<id>`): who invited whom to which organization, and the way in —
 * accept when signed in with the invited address, otherwise create an account or sign in first.
 */
export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  const row = await db.invitation.findUnique({
    where: { id },
    include: { organization: { select: { name: true } }, inviter: { select: { name: true } } },
  });
  let invitation: InviteView | null = null;
  let alreadyMember = false;
  if (row) {
    const expired = row.status === "pending" && row.expiresAt <= new Date();
    invitation = {
      id: row.id,
      email: row.email,
      role: effectiveRole(row.role ?? "viewer"),
      organizationName: row.organization.name,
      inviterName: row.inviter.name,
      expiresAt: row.expiresAt.toISOString(),
      state: expired ? "expired" : row.status === "pending" || row.status === "accepted" || row.status === "canceled" || row.status === "rejected" ? row.status : "canceled",
    };
    // Only the invited person can be "already a member" through this invitation.
    if (session && session.user.email.toLowerCase() === row.email.toLowerCase()) {
      alreadyMember = (await db.member.count({ where: { organizationId: row.organizationId, userId: session.user.id } })) > 0;
    }
  }
  return <InviteAcceptance invitation={invitation} viewer={session ? { name: session.user.name, email: session.user.email } : null} alreadyMember={alreadyMember} />;
}
