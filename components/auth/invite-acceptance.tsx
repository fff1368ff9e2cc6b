"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ROLE_LABELS, type TRole } from "@/server/auth/roles";
import { authClient } from "@/lib/auth-client";

export interface InviteView {
  id: string;
  email: string;
  role: TRole;
  organizationName: string;
  inviterName: string;
  expiresAt: string;
  state: "pending" | "expired" | "accepted" | "canceled" | "rejected";
}

const AFTER_JOIN = "/rulesets";

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main>
      <div className="auth-card invite-card">
        <Link href="/" className="brand">
          Switch<span>yard</span>
        </Link>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Accepting an invitation with better-auth's organization client; the page has already read the invitation. */
export function InviteAcceptance({ invitation, viewer, alreadyMember }: { invitation: InviteView | null; viewer: { name: string; email: string } | null; alreadyMember: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"accept" | "decline" | "signout" | null>(null);
  const [declined, setDeclined] = useState(false);

  if (!invitation) {
    return (
      <Card title="This invitation link is not valid">
        <p className="muted">Check that you copied the whole link, or ask the person who invited you for a new one.</p>
        <Link className="btn" href="/sign-in">
          Go to sign in
        </Link>
      </Card>
    );
  }
  const next = `/invite/${invitation.id}`;
  const summary = (
    <p className="invite-summary">
      <strong>{invitation.inviterName}</strong> invited <strong>{invitation.email}</strong> to join <strong>{invitation.organizationName}</strong> as{" "}
      <span className="badge">{ROLE_LABELS[invitation.role]}</span>.
    </p>
  );

  if (declined || invitation.state === "rejected") {
    return (
      <Card title="Invitation declined">
        <p className="muted">You declined the invitation to {invitation.organizationName}. If that was a mistake, ask {invitation.inviterName} to invite you again.</p>
      </Card>
    );
  }
  if (invitation.state === "accepted" || alreadyMember) {
    return (
      <Card title={`You are a member of ${invitation.organizationName}`}>
        <p className="muted">This invitation has been accepted.</p>
        <Link className="btn primary" href={viewer ? AFTER_JOIN : `/sign-in?next=${encodeURIComponent(AFTER_JOIN)}`}>
          {viewer ? "Open Switchyard" : "Sign in"}
        </Link>
      </Card>
    );
  }
  if (invitation.state === "canceled") {
    return (
      <Card title="This invitation was canceled">
        <p className="muted">Ask {invitation.inviterName} at {invitation.organizationName} for a new invitation.</p>
      </Card>
    );
  }
  if (invitation.state === "expired") {
    return (
      <Card title="This invitation has expired">
        <p className="muted">
          It was valid until {new Date(invitation.expiresAt).toLocaleDateString()}. Ask {invitation.inviterName} at {invitation.organizationName} to invite you again.
        </p>
      </Card>
    );
  }

  async function accept() {
    setBusy("accept");
    setError(null);
    const { error } = await authClient.organization.acceptInvitation({ invitationId: invitation!.id });
    if (error) {
      setBusy(null);
      setError(error.message ?? "The invitation could not be accepted.");
      return;
    }
    router.push(AFTER_JOIN);
    router.refresh();
  }
  async function decline() {
    setBusy("decline");
    setError(null);
    const { error } = await authClient.organization.rejectInvitation({ invitationId: invitation!.id });
    setBusy(null);
    if (error) setError(error.message ?? "The invitation could not be declined.");
    else setDeclined(true);
  }
  async function signOut() {
    setBusy("signout");
    await authClient.signOut();
    router.refresh();
    setBusy(null);
  }

  if (viewer && viewer.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <Card title={`Join ${invitation.organizationName}`}>
        {summary}
        <div className="banner warn" role="alert">
          You are signed in as <strong>{viewer.email}</strong>. This invitation is for <strong>{invitation.email}</strong>: sign out, then sign in or create an account with that address.
        </div>
        <button className="btn primary" onClick={() => void signOut()} disabled={busy !== null}>
          {busy === "signout" ? "Signing out…" : `Sign out ${viewer.email}`}
        </button>
      </Card>
    );
  }

  if (viewer) {
    return (
      <Card title={`Join ${invitation.organizationName}`}>
        {summary}
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
        <button className="btn primary" onClick={() => void accept()} disabled={busy !== null}>
          {busy === "accept" ? "Joining…" : "Accept invitation"}
        </button>
        <button className="btn" onClick={() => void decline()} disabled={busy !== null}>
          {busy === "decline" ? "Declining…" : "Decline"}
        </button>
        <p className="muted small" style={{ margin: 0 }}>
          Signed in as {viewer.name} ({viewer.email}).
        </p>
      </Card>
    );
  }

  return <NewAccount invitation={invitation} next={next} summary={summary} />;
}

/** Not signed in: create the account for the invited address right here and join, or sign in and come back. */
function NewAccount({ invitation, next, summary }: { invitation: InviteView; next: string; summary: React.ReactNode }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const [error, setError] = useState<React.ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const signInHref = `/sign-in?next=${encodeURIComponent(next)}`;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fieldErrors: typeof errors = {};
    if (!name.trim()) fieldErrors.name = "Enter your name";
    if (password.length < 8) fieldErrors.password = "Use at least 8 characters";
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length) return;
    setBusy(true);
    setError(null);
    const signUp = await authClient.signUp.email({ name: name.trim(), email: invitation.email, password });
    if (signUp.error) {
      setBusy(false);
      setError(
        signUp.error.code === "USER_ALREADY_EXISTS" || signUp.error.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" ? (
          <>
            An account with {invitation.email} already exists: <Link href={signInHref}>sign in</Link> to accept.
          </>
        ) : (
          (signUp.error.message ?? "The account could not be created.")
        ),
      );
      return;
    }
    const accepted = await authClient.organization.acceptInvitation({ invitationId: invitation.id });
    if (accepted.error) {
      setBusy(false);
      setError(`Your account was created, but joining failed: ${accepted.error.message ?? "unknown error"}.`);
      router.refresh();
      return;
    }
    router.push(AFTER_JOIN);
    router.refresh();
  }

  return (
    <main>
      <form className="auth-card invite-card" onSubmit={submit} noValidate>
        <Link href="/" className="brand">
          Switch<span>yard</span>
        </Link>
        <h1>Join {invitation.organizationName}</h1>
        {summary}
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Email" htmlFor="email" hint="The invitation is for this address">
          <input id="email" className="input" type="email" value={invitation.email} readOnly aria-readonly="true" />
        </Field>
        <Field label="Your name" htmlFor="name" error={errors.name ? [errors.name] : undefined}>
          <input id="name" className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password ? [errors.password] : undefined} hint="At least 8 characters">
          <input id="password" className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.password} />
        </Field>
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? "Joining…" : "Create account and join"}
        </button>
        <p className="muted" style={{ margin: 0, fontSize: 14 }}>
          Already have an account with {invitation.email}? <Link href={signInHref}>Sign in to accept</Link>
        </p>
      </form>
    </main>
  );
}
