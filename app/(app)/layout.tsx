import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppSidebar } from "@/components/app/app-sidebar";
import { getAuth } from "@/server/auth/get-auth";
import { getDb } from "@/server/db/get-db";
import { resolveMembership } from "@/server/trpc/context";
import { AppProviders } from "@/lib/trpc";

export const dynamic = "force-dynamic";

/** Every page of the app needs a signed-in member of an organization. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) redirect("/sign-in");
  const db = await getDb();
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId ?? null;
  const { membership, memberships } = await resolveMembership(db, session.user.id, active);
  return (
    <AppProviders>
      <div className="app">
        <AppSidebar user={{ name: session.user.name, email: session.user.email }} membership={membership} memberships={memberships} />
        <main className="main">
          {membership ? (
            children
          ) : (
            <div className="empty">
              <strong>You are not a member of any organization yet</strong>
              Ask an admin of your company to invite {session.user.email}, or create an account with a new company.
            </div>
          )}
        </main>
      </div>
    </AppProviders>
  );
}
