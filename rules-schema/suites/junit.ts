import type { SuiteRun } from "./run-suite";

/** Text safe inside XML: the five entities escaped, characters XML 1.0 cannot hold (NUL, most C0 controls, lone surrogates) dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const show = (v: unknown) => (v === undefined ? "(nothing)" : JSON.stringify(v));

/** A failed case in words: one line per field ("channelId: expected "USPS", got "DHL""). */
export function describeFailure(c: SuiteRun["cases"][number]): string {
  if (c.error) return `evaluation failed: ${c.error}`;
  return c.diffs.map((d) => `${d.field}: expected ${show(d.expected)}, got ${show(d.actual)}`).join("\n");
}

/**
 * The run as JUnit XML (the format CI servers read): one <testsuite> named `name`, one <testcase> per
 * case (classname: the suite, name: the case), <failure> with expected vs actual, <error> when the
 * evaluation itself failed.
 */
export function toJUnitXml(run: SuiteRun, name: string, timeSeconds = 0): string {
  const errors = run.cases.filter((c) => c.error !== undefined).length;
  const failures = run.failed - errors;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(name)}" tests="${run.total}" failures="${failures}" errors="${errors}" time="${timeSeconds.toFixed(3)}">`,
    `  <testsuite name="${xmlText(name)}" tests="${run.total}" failures="${failures}" errors="${errors}" skipped="0" time="${timeSeconds.toFixed(3)}">`,
  ];
  for (const c of run.cases) {
    const head = `    <testcase classname="${xmlText(name)}" name="${xmlText(`${c.name} [${c.id}]`)}" time="0"`;
    if (c.passed) lines.push(`${head}/>`);
    else {
      const tag = c.error !== undefined ? "error" : "failure";
      const message = c.error !== undefined ? "evaluation failed" : `${c.diffs.length} field${c.diffs.length === 1 ? "" : "s"} differ: ${c.diffs.map((d) => d.field).join(", ")}`;
      lines.push(`${head}>`, `      <${tag} message="${xmlText(message)}">${xmlText(describeFailure(c))}</${tag}>`, "    </testcase>");
    }
  }
  if (run.notExercised.length) lines.push(`    <system-out>${xmlText(`Rules no case fired: ${run.notExercised.join(", ")}`)}</system-out>`);
  lines.push("  </testsuite>", "</testsuites>", "");
  return lines.join("\n");
}
