import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Switch<span>yard</span>
      </Link>
      <nav className="nav" aria-label="Main">
        <Link href="/reference">Facts &amp; operators</Link>
        <Link href="/sign-in">Sign in</Link>
        <Link href="/sign-up" className="btn primary small">
          Create an account
        </Link>
      </nav>
    </header>
  );
}
