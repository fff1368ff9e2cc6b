import { compileGraph } from "../rules-schema";
import { type CliIo, CliError, EXIT } from "./cli-io";
import { formatProblem, summarizeProblems } from "./format-problem";
import { expectPositionals, parseArgs } from "./parse-args";
import { readContextFile } from "./read-context-file";
import { readJsonFile } from "./read-json-file";

/** `switchyard compile <graph.json> [--context ctx.json]`: the compiled ruleset on stdout, byte-stable. */
export async function compileCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["context"] });
  const [graphPath] = expectPositionals(args, ["graph.json"]) as [string];
  const graph = await readJsonFile(graphPath);
  const context = args.values.context === undefined ? undefined : await readContextFile(args.values.context);
  const result = compileGraph(graph, { context });
  const lines = result.problems.map((p) => `${formatProblem(p)}\n`).join("");
  if (!result.ok) {
    throw new CliError(`${lines}${graphPath}: not compiled: ${summarizeProblems(result.problems)}`);
  }
  if (lines) io.stderr.write(lines);
  io.stdout.write(`${JSON.stringify(result.compiled, null, 2)}\n`);
  return EXIT.OK;
}
