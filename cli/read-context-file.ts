import { type TEvaluationContext, EMPTY_CONTEXT, ZEvaluationContext } from "../rules-schema";
import { CliError } from "./cli-io";
import { formatIssue } from "./format-issue";
import { readJsonFile } from "./read-json-file";

/** Reads and checks an evaluation context file; without a path, the empty context. */
export async function readContextFile(path: string | undefined): Promise<TEvaluationContext> {
  if (path === undefined) return EMPTY_CONTEXT;
  const parsed = ZEvaluationContext.safeParse(await readJsonFile(path));
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 20).map((i) => formatIssue(path, i.path, i.message));
    throw new CliError(lines.join("\n"));
  }
  return parsed.data;
}
