"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { authClient } from "@/lib/auth-client";

function slugify(name: string): string {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "my-company";
}

/** Creates the account, then the user's organization (they become its owner). */
export function SignUpForm() {
  const router = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "", company: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const fieldErrors: Record<string, string> = {};
    if (!form.name.trim()) fieldErrors.name = "Enter your name";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email)) fieldErrors.email = "Enter a valid email address";
    if (form.password.length < 8) fieldErrors.password = "Use at least 8 characters";
    if (!form.company.trim()) fieldErrors.company = "Name your company";
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length) return;
    setBusy(true);
    setError(null);
    const signUp = await authClient.signUp.email({ name: form.name.trim(), email: form.email.trim(), password: form.password });
    if (signUp.error) {
      setBusy(false);
      setError(signUp.error.code === "USER_ALREADY_EXISTS" ? "An account with this email exists: sign in instead." : (signUp.error.message ?? "Sign-up failed."));
      return;
    }
    const org = await authClient.organization.create({ name: form.company.trim(), slug: `${slugify(form.company)}-${Math.random().toString(36).slice(2, 6)}` });
    if (org.data) await authClient.organization.setActive({ organizationId: org.data.id });
    setBusy(false);
    router.push("/warehouses");
    router.refresh();
  }

  return (
    <main>
      <form className="auth-card" onSubmit={submit} noValidate>
        <Link href="/" className="brand">
          Switch<span>yard</span>
        </Link>
        <h1>Create your account</h1>
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Your name" htmlFor="name" error={errors.name ? [errors.name] : undefined}>
          <input id="name" className="input" value={form.name} onChange={set("name")} aria-invalid={!!errors.name} />
        </Field>
        <Field label="Work email" htmlFor="email" error={errors.email ? [errors.email] : undefined}>
          <input id="email" className="input" type="email" value={form.email} onChange={set("email")} aria-invalid={!!errors.email} />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password ? [errors.password] : undefined} hint="At least 8 characters">
          <input id="password" className="input" type="password" value={form.password} onChange={set("password")} aria-invalid={!!errors.password} />
        </Field>
        <Field label="Company" htmlFor="company" error={errors.company ? [errors.company] : undefined} hint="You will be the owner of its workspace">
          <input id="company" className="input" value={form.company} onChange={set("company")} aria-invalid={!!errors.company} />
        </Field>
        <button className="btn primary" type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
        <p className="muted" style={{ margin: 0, fontSize: 14 }}>
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </form>
    </main>
  );
}
