"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({ email, password });
    setBusy(false);
    if (error) {
      setError(error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD" ? "That email and password do not match." : (error.message ?? "Sign-in failed."));
      return;
    }
    router.push(next);
    router.refresh();
  }

  return (
    <main>
      <form className="auth-card" onSubmit={submit} noValidate>
        <Link href="/" className="brand">
          Switch<span>yard</span>
        </Link>
        <h1>Sign in</h1>
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Email" htmlFor="email">
          <input id="email" className="input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label="Password" htmlFor="password">
          <input id="password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <button className="btn primary" type="submit" disabled={busy || !email || !password}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted" style={{ margin: 0, fontSize: 14 }}>
          New to Switchyard? <Link href="/sign-up">Create an account</Link>
        </p>
      </form>
    </main>
  );
}
