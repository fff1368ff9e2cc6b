import { SignInForm } from "@/components/auth/sign-in-form";
import { sameOriginPath } from "@/lib/same-origin-path";

export const metadata = { title: "Sign in — Switchyard" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <SignInForm next={sameOriginPath(next, "/rulesets")} />;
}
