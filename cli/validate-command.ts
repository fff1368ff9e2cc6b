import { hasErrors, validateGraph } from "../rules-schema";
import { type CliIo, EXIT } from "./cli-io";
import { formatProblem, summarizeProblems } from "./format-problem";
import { expectPositionals, parseArgs } from "./parse-args";
import { readContextFile } from "./read-context-file";
import { readJsonFile } from "./read-json-file";

/** `switchyard validate <graph.json> [--context ctx.json] [--json]` */
export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["context"], booleans: ["json"] });
  const [graphPath] = expectPositionals(args, ["graph.json"]) as [string];
  const graph = await readJsonFile(graphPath);
  const context = args.values.context === undefined ? undefined : await readContextFile(args.values.context);
  const problems = validateGraph(graph, { context });
  if (args.booleans.has("json")) {
    io.stdout.write(`${JSON.stringify(problems, null, 2)}\n`);
  } else {
    if (problems.length) io.stdout.write(problems.map((p) => `${formatProblem(p)}\n`).join(""));
    io.stderr.write(`${graphPath}: ${summarizeProblems(problems)}\n`);
  }
  return hasErrors(problems) ? EXIT.FAILED : EXIT.OK;
}
