import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in — Switchyard" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <SignInForm next={next && next.startsWith("/") && !next.startsWith("//") ? next : "/warehouses"} />;
}
