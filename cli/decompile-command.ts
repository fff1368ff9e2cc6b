import { HIT_POLICIES, STAGES, decompileRules, hasErrors } from "../rules-schema";
import { type CliIo, CliError, EXIT } from "./cli-io";
import { formatProblem, summarizeProblems } from "./format-problem";
import { expectChoice, expectPositionals, parseArgs } from "./parse-args";
import { readJsonFile } from "./read-json-file";

/**
 * `switchyard decompile <rules.json> [--stage S] [--hit-policy first|all]`: the rule graph on
 * stdout. Exit 1 when some rules could not be converted (the graph holds the others).
 */
export async function decompileCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["stage", "hit-policy"] });
  const [rulesPath] = expectPositionals(args, ["rules.json"]) as [string];
  const stage = expectChoice("stage", args.values.stage, STAGES);
  const hitPolicy = expectChoice("hit-policy", args.values["hit-policy"], HIT_POLICIES);
  const input = await readJsonFile(rulesPath);
  const result = decompileRules(input, { stage, hitPolicy });
  const lines = result.problems.map((p) => `${formatProblem(p)}\n`).join("");
  if (!result.ok) throw new CliError(`${lines}${rulesPath}: not decompiled: ${summarizeProblems(result.problems)}`);
  if (lines) io.stderr.write(lines);
  io.stdout.write(`${JSON.stringify(result.graph, null, 2)}\n`);
  return hasErrors(result.problems) ? EXIT.FAILED : EXIT.OK;
}
