import type { TProblem } from "../rules-schema";

/**
 * One problem on one line: `severity code nodes=… edges=… field=…: message`, e.g.
 * `error   unknownFact nodes=c1 field=data.fact: Unknown fact "colour"`.
 */
export function formatProblem(p: TProblem): string {
  const parts = [p.severity.padEnd(7), p.code];
  if (p.nodeIds.length) parts.push(`nodes=${p.nodeIds.join(",")}`);
  if (p.edgeIds.length) parts.push(`edges=${p.edgeIds.join(",")}`);
  if (p.field) parts.push(`field=${p.field}`);
  return `${parts.join(" ")}: ${p.message.replace(/\s*\n\s*/g, " ")}`;
}

/** `2 errors, 1 warning` */
export function summarizeProblems(problems: readonly TProblem[]): string {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}
