import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { compileGraph, parseCompiledRuleset } from "../rules-schema";
import type { TCompiledRuleset } from "../rules-schema/compile/compiled-schema";
import { describeFailure, toJUnitXml } from "../rules-schema/suites/junit";
import { runSuite } from "../rules-schema/suites/run-suite";
import { ZTestSuite } from "../rules-schema/suites/suite-schema";
import { type CliIo, CliError, EXIT } from "./cli-io";
import { formatIssue } from "./format-issue";
import { formatProblem } from "./format-problem";
import { expectPositionals, parseArgs } from "./parse-args";
import { readContextFile } from "./read-context-file";
import { readJsonFile } from "./read-json-file";

/**
 * `switchyard test <compiled.json|graph.json> <suite.json> [--context ctx.json] [--junit out.xml]`:
 * runs a test suite against a compiled ruleset (or a graph, compiled first). Exit 0 when every case
 * passes, 1 when one fails, 2 for bad input (a graph with errors included).
 */
export async function testCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["context", "junit"], booleans: [] });
  const [rulesPath, suitePath] = expectPositionals(args, ["compiled.json|graph.json", "suite.json"]) as [string, string];
  const context = await readContextFile(args.values.context);
  // Without --context, references to warehouses and channels are not checked (as `validate` does).
  const checkContext = args.values.context === undefined ? undefined : context;
  const input = await readJsonFile(rulesPath);

  let compiled: TCompiledRuleset;
  const looksCompiled = input !== null && typeof input === "object" && "format" in input && "rules" in input;
  if (looksCompiled) {
    const parsed = parseCompiledRuleset(input);
    if (!parsed.ok) throw new CliError(parsed.errors.map((e) => formatIssue(rulesPath, e.path, e.message)).join("\n"));
    compiled = parsed.compiled;
  } else {
    const result = compileGraph(input, { context: checkContext });
    if (!result.ok) throw new CliError(`${rulesPath}: the graph does not compile:\n${result.problems.filter((p) => p.severity === "error").map(formatProblem).join("\n")}`);
    compiled = result.compiled;
  }

  const suite = ZTestSuite.safeParse(await readJsonFile(suitePath));
  if (!suite.success) throw new CliError(suite.error.issues.slice(0, 20).map((i) => formatIssue(suitePath, i.path.map(String).join("."), i.message)).join("\n"));

  const t0 = performance.now();
  const run = runSuite(compiled, suite.data, context);
  const seconds = (performance.now() - t0) / 1000;
  for (const c of run.cases) {
    io.stdout.write(`${c.passed ? "✓" : "✗"} ${c.name} [${c.id}]\n`);
    if (!c.passed) io.stdout.write(`${describeFailure(c).replace(/^/gm, "    ")}\n`);
  }
  io.stdout.write(`${run.passed} passed, ${run.failed} failed of ${run.total}${run.notExercised.length ? `; rules no case fired: ${run.notExercised.join(", ")}` : ""}\n`);
  if (args.values.junit !== undefined) await writeFile(args.values.junit, toJUnitXml(run, suite.data.name ?? suitePath, seconds));
  return run.failed > 0 ? EXIT.FAILED : EXIT.OK;
}
