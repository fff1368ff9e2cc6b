import { hasErrors, validateGraph } from "../rules-schema";
import { analyzeGraphRules } from "../rules-schema/analysis/analysis-problems";
import { type CliIo, EXIT } from "./cli-io";
import { formatProblem, summarizeProblems } from "./format-problem";
import { expectPositionals, parseArgs } from "./parse-args";
import { readContextFile } from "./read-context-file";
import { readJsonFile } from "./read-json-file";

/**
 * `switchyard validate <graph.json> [--context ctx.json] [--json]`
 *
 * Validation, then — when the graph has no errors — the rule analysis: overlapping, shadowed and
 * dead rules, channels that refuse every order a rule admits, and gaps, each a warning with an
 * example order the evaluator agreed on (printed under it as one line of JSON, ready for
 * `switchyard evaluate`). Rules the analysis could not judge are listed on stderr.
 */
export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["context"], booleans: ["json"] });
  const [graphPath] = expectPositionals(args, ["graph.json"]) as [string];
  const graph = await readJsonFile(graphPath);
  const context = args.values.context === undefined ? undefined : await readContextFile(args.values.context);
  const problems = validateGraph(graph, { context });
  const analysed = hasErrors(problems) ? null : analyzeGraphRules(graph, context);
  const all = [...problems, ...(analysed?.problems ?? [])];
  if (args.booleans.has("json")) {
    io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  } else {
    for (const p of all) {
      io.stdout.write(`${formatProblem(p)}\n`);
      if (p.example) {
        io.stdout.write(`  shown by: ${p.example.evidence}\n`);
        io.stdout.write(`  example order: ${JSON.stringify(p.example.order)}${p.example.assignedWarehouseId ? ` (from warehouse ${p.example.assignedWarehouseId})` : ""}\n`);
      }
    }
    const a = analysed?.analysis;
    if (a) {
      for (const n of a.notAnalysed) io.stderr.write(`not analysed: ${n.ruleName} (nodes ${n.nodeIds.join(",")}): ${n.reasons.join("; ")}\n`);
      if (a.incomplete.length) io.stderr.write(`analysis stopped early; not answered: ${a.incomplete.slice(0, 10).join("; ")}${a.incomplete.length > 10 ? ` and ${a.incomplete.length - 10} more` : ""}\n`);
    }
    io.stderr.write(`${graphPath}: ${summarizeProblems(all)}\n`);
  }
  return hasErrors(all) ? EXIT.FAILED : EXIT.OK;
}
