import { evaluate, evaluateReference, parseCompiledRuleset } from "../rules-schema";
import { type CliIo, CliError, EXIT } from "./cli-io";
import { createLineWriter } from "./create-line-writer";
import { formatIssue } from "./format-issue";
import { openOrderSource } from "./open-order-source";
import { expectChoice, expectPositionals, parseArgs } from "./parse-args";
import { readContextFile } from "./read-context-file";
import { readJsonFile } from "./read-json-file";

const ENGINES = ["fast", "reference"] as const;

/**
 * `switchyard evaluate <compiled.json> <orders> [--context ctx.json] [--engine fast|reference] [--trace]`:
 * one NDJSON line per order. Every input is checked before anything is printed.
 */
export async function evaluateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ["context", "engine"], booleans: ["trace"] });
  const [compiledPath, ordersPath] = expectPositionals(args, ["compiled.json", "orders.ndjson|orders.json"]) as [string, string];
  const engine = expectChoice("engine", args.values.engine, ENGINES) ?? "fast";
  const trace = args.booleans.has("trace");

  const parsed = parseCompiledRuleset(await readJsonFile(compiledPath));
  if (!parsed.ok) throw new CliError(parsed.errors.map((e) => formatIssue(compiledPath, e.path, e.message)).join("\n"));
  const { compiled } = parsed;
  const context = await readContextFile(args.values.context);
  const source = await openOrderSource(ordersPath);
  const { errors } = await source.check();
  if (errors.length) throw new CliError(errors.join("\n"));

  const out = createLineWriter(io.stdout);
  for await (const { location, order } of source.orders()) {
    let result;
    try {
      result = engine === "fast" ? evaluate(compiled, order, context, { trace }) : await evaluateReference(compiled, order, context, { trace });
    } catch (err) {
      await out.flush();
      throw new CliError(formatIssue(ordersPath, "", `evaluation failed for order "${order.id}": ${(err as Error).message}`, location || undefined), EXIT.INTERNAL);
    }
    const line = trace ? { orderId: order.id, decision: result.decision, trace: result.trace } : { orderId: order.id, decision: result.decision };
    await out.write(`${JSON.stringify(line)}\n`);
  }
  await out.flush();
  return EXIT.OK;
}
