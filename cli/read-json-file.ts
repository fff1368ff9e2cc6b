import { readFile } from "node:fs/promises";
import { CliError } from "./cli-io";

/** A short reason for a file-system error, e.g. "no such file". */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return (err as Error | null)?.message ?? String(err);
}

/** Reads a whole UTF-8 text file; a missing or unreadable file is bad input (exit 2). */
export async function readTextFile(path: string): Promise<string> {
  try {
    const text = await readFile(path, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    throw new CliError(`${path}: cannot read: ${describeFsError(err)}`);
  }
}

/** Reads and parses a JSON file; a missing file or invalid JSON is bad input (exit 2). */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${path}: invalid JSON: ${(err as Error).message}`);
  }
}
