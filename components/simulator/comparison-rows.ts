/** One bar group of a baseline-vs-candidate chart and its row in the table beside it. */
export interface ComparisonRow {
  /** The id, reason or action type counted ("" = none). */
  key: string;
  name: string;
  baseline: number;
  candidate: number;
  /** candidate − baseline. */
  delta: number;
}

export const OTHER_KEY = "\u0000other";

/**
 * Baseline and candidate counts side by side, largest first (by the larger side, then by name),
 * named with `nameOf` ("" is `none`, by default "None"). Keys with zero on both sides are left out. Beyond `limit`
 * rows, the rest are added up into one "Other (n)" row so a chart stays readable; the totals of
 * both sides stay the same.
 */
export function comparisonRows(
  baseline: Readonly<Record<string, number>>,
  candidate: Readonly<Record<string, number>>,
  nameOf: (key: string) => string,
  limit = Infinity,
  none = "None",
): ComparisonRow[] {
  const keys = new Set([...Object.keys(baseline), ...Object.keys(candidate)]);
  const rows: ComparisonRow[] = [];
  for (const key of keys) {
    const b = baseline[key] ?? 0;
    const c = candidate[key] ?? 0;
    if (b === 0 && c === 0) continue;
    rows.push({ key, name: key === "" ? none : nameOf(key), baseline: b, candidate: c, delta: c - b });
  }
  rows.sort((x, y) => Math.max(y.baseline, y.candidate) - Math.max(x.baseline, x.candidate) || x.name.localeCompare(y.name));
  if (rows.length <= limit) return rows;
  const kept = rows.slice(0, Math.max(0, limit - 1));
  const rest = rows.slice(kept.length);
  const b = rest.reduce((s, r) => s + r.baseline, 0);
  const c = rest.reduce((s, r) => s + r.candidate, 0);
  return [...kept, { key: OTHER_KEY, name: `Other (${rest.length})`, baseline: b, candidate: c, delta: c - b }];
}

/** One rule's hits on both sides; null where the rule is not part of that side's ruleset (or that is not known). */
export interface RuleHitRow {
  rule: string;
  candidate: number | null;
  baseline: number | null;
}

/**
 * Hit counts per rule. Hit maps only hold rules that fired, so the rules that exist come from
 * elsewhere: the candidate's rules that never fired, and the baseline's rule names (null while
 * unknown: then a rule counts as the baseline's only when it fired there; no baseline at all: pass
 * `baselineHits` null). Candidate rules first, most hits first, then by name; rules only the
 * baseline has come last.
 */
export function ruleHitRows(
  candidateHits: Readonly<Record<string, number>>,
  candidateNeverFired: readonly string[],
  baselineHits: Readonly<Record<string, number>> | null,
  baselineRules: ReadonlySet<string> | null,
): RuleHitRow[] {
  const inBaseline = (rule: string) => baselineHits !== null && (baselineRules ? baselineRules.has(rule) : rule in baselineHits);
  const baselineOf = (rule: string) => (inBaseline(rule) ? (baselineHits?.[rule] ?? 0) : null);
  const candidateRules = new Set([...Object.keys(candidateHits), ...candidateNeverFired]);
  const rows: RuleHitRow[] = [...candidateRules].map((rule) => ({ rule, candidate: candidateHits[rule] ?? 0, baseline: baselineOf(rule) }));
  rows.sort((a, b) => (b.candidate ?? 0) - (a.candidate ?? 0) || a.rule.localeCompare(b.rule));
  const baselineOnly = new Set([...Object.keys(baselineHits ?? {}), ...(baselineHits ? (baselineRules ?? []) : [])].filter((r) => !candidateRules.has(r)));
  const removed = [...baselineOnly]
    .map((rule) => ({ rule, candidate: null, baseline: baselineHits?.[rule] ?? 0 }))
    .sort((a, b) => b.baseline - a.baseline || a.rule.localeCompare(b.rule));
  return [...rows, ...removed];
}
