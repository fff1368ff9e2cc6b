import { VersionDiffScreen } from "@/components/designer/version-diff-screen";

export const metadata = { title: "Compare versions — Switchyard" };

const versionParam = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
};

export default async function RulesetDiffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string | string[]; to?: string | string[] }> }) {
  const [{ id }, { from, to }] = await Promise.all([params, searchParams]);
  return <VersionDiffScreen id={id} initialFrom={versionParam(from)} initialTo={versionParam(to)} />;
}
