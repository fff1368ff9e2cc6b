"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { authClient } from "@/lib/auth-client";

interface Membership {
  organizationId: string;
  organizationName: string;
  role: string;
}

const NAV: { section: string; links: { href: string; label: string }[] }[] = [
  {
    section: "Rules",
    links: [
      { href: "/rulesets", label: "Rulesets" },
      { href: "/simulations", label: "Simulations" },
      { href: "/publishing", label: "Publish approvals" },
    ],
  },
  {
    section: "Live",
    links: [
      { href: "/live", label: "Decisions" },
      { href: "/live/holds", label: "Holds queue" },
      { href: "/live/rules", label: "Rule telemetry" },
      { href: "/live/drift", label: "Drift" },
    ],
  },
  {
    section: "Orders",
    links: [{ href: "/imports", label: "Order imports" }],
  },
  {
    section: "Master data",
    links: [
      { href: "/stores", label: "Stores" },
      { href: "/warehouses", label: "Warehouses" },
      { href: "/channels", label: "Logistics channels" },
      { href: "/skus", label: "SKUs & pairings" },
      { href: "/inventory", label: "Inventory" },
    ],
  },
  {
    section: "Organization",
    links: [
      { href: "/members", label: "Members" },
      { href: "/api-keys", label: "API keys" },
      { href: "/audit", label: "Audit log" },
      { href: "/settings", label: "Settings" },
    ],
  },
  {
    section: "Reference",
    links: [
      { href: "/reference", label: "Facts & operators" },
      { href: "/api-reference", label: "API reference" },
    ],
  },
];

/** The link of the page at `pathname`: the longest href it starts with ("/live/holds" over "/live"). */
export function currentHref(pathname: string): string | null {
  let best: string | null = null;
  for (const g of NAV) for (const l of g.links) if ((pathname === l.href || pathname.startsWith(`${l.href}/`)) && (best === null || l.href.length > best.length)) best = l.href;
  return best;
}

export function AppSidebar({ user, membership, memberships }: { user: { name: string; email: string }; membership: Membership | null; memberships: Membership[] }) {
  const pathname = usePathname();
  const router = useRouter();
  const current = currentHref(pathname);

  async function switchOrg(organizationId: string) {
    await authClient.organization.setActive({ organizationId });
    router.refresh();
  }
  async function signOut() {
    await authClient.signOut();
    router.push("/sign-in");
    router.refresh();
  }

  return (
    <aside className="sidebar">
      <Link href="/" className="brand">
        Switch<span>yard</span>
      </Link>
      <nav aria-label="App">
        {NAV.map((group) => (
          <div key={group.section}>
            <div className="section">{group.section}</div>
            {group.links.map((l) => (
              <Link key={l.href} href={l.href} aria-current={l.href === current ? "page" : undefined}>
                {l.label}
              </Link>
            ))}
          </div>
        ))}
      </nav>
      <div className="who">
        <div style={{ color: "#fff", fontWeight: 600 }}>{user.name}</div>
        <div>{user.email}</div>
        {membership ? (
          <>
            <label htmlFor="org-switcher" className="section" style={{ display: "block", padding: "10px 0 0" }}>
              Organization · {membership.role}
            </label>
            <select id="org-switcher" value={membership.organizationId} onChange={(e) => void switchOrg(e.target.value)}>
              {memberships.map((m) => (
                <option key={m.organizationId} value={m.organizationId}>
                  {m.organizationName}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button className="btn" style={{ marginTop: 10, width: "100%", justifyContent: "center" }} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </aside>
  );
}
