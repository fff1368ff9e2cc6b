import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { type TOrder, ZOrder } from "../rules-schema";
import { CliError } from "./cli-io";
import { formatIssue } from "./format-issue";
import { describeFsError, readJsonFile } from "./read-json-file";

/** Bad orders reported before "…and N more". */
export const MAX_REPORTED_BAD_ORDERS = 20;
/** Issues reported per bad order. */
const MAX_ISSUES_PER_ORDER = 5;

export interface OrderCheck {
  /** Number of orders (valid or not). */
  count: number;
  /** One message per issue, for the first bad orders; empty when every order is valid. */
  errors: string[];
}

export interface OrderSource {
  /** First pass: checks every order with `ZOrder` without keeping them. */
  check(): Promise<OrderCheck>;
  /** Second pass: the parsed orders, in input order, with where each came from (line or index). */
  orders(): AsyncIterable<{ location: string; order: TOrder }>;
}

type RawRecord = { location: string; value: unknown } | { location: string; jsonError: string };

/** Streams the records of an NDJSON file with their 1-based line numbers; blank lines skipped. */
async function* ndjsonRecords(path: string): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (line.trim() === "") continue;
      try {
        yield { location: String(lineNo), value: JSON.parse(line) as unknown };
      } catch (err) {
        yield { location: String(lineNo), jsonError: (err as Error).message };
      }
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: cannot read: ${describeFsError(err)}`);
  } finally {
    lines.close();
  }
}

/** The records of a .json file: one order, or an array of orders (location `[index]`). */
async function* jsonRecords(path: string, data: unknown): AsyncGenerator<RawRecord> {
  if (!Array.isArray(data)) {
    yield { location: "", value: data };
    return;
  }
  for (let i = 0; i < data.length; i++) yield { location: `[${i}]`, value: data[i] as unknown };
}

function issuesOf(file: string, record: RawRecord): string[] {
  const at = record.location || undefined;
  if ("jsonError" in record) return [formatIssue(file, "", `invalid JSON: ${record.jsonError}`, at)];
  const parsed = ZOrder.safeParse(record.value);
  if (parsed.success) return [];
  const issues = parsed.error.issues;
  const lines = issues.slice(0, MAX_ISSUES_PER_ORDER).map((i) => formatIssue(file, i.path, i.message, at));
  if (issues.length > MAX_ISSUES_PER_ORDER) lines.push(formatIssue(file, "", `…and ${issues.length - MAX_ISSUES_PER_ORDER} more problems in this order`, at));
  return lines;
}

/**
 * Opens an orders file: `.ndjson` / `.jsonl` (one order per line, streamed twice, never held in
 * memory) or `.json` (one order or an array of orders). `label` names the file in messages.
 */
export async function openOrderSource(path: string, label = path): Promise<OrderSource> {
  const ndjson = /\.(ndjson|jsonl)$/i.test(path);
  if (!ndjson && !/\.json$/i.test(path)) throw new CliError(`${label}: orders must be a .ndjson, .jsonl or .json file`);
  let data: unknown;
  if (ndjson) {
    try {
      if (!(await stat(path)).isFile()) throw new CliError(`${label}: cannot read: not a file`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${label}: cannot read: ${describeFsError(err)}`);
    }
  } else {
    data = await readJsonFile(path);
  }
  const records = () => (ndjson ? ndjsonRecords(path) : jsonRecords(path, data));

  return {
    async check() {
      const errors: string[] = [];
      let count = 0;
      let bad = 0;
      for await (const record of records()) {
        count++;
        const issues = issuesOf(label, record);
        if (!issues.length) continue;
        bad++;
        if (bad <= MAX_REPORTED_BAD_ORDERS) errors.push(...issues);
      }
      if (bad > MAX_REPORTED_BAD_ORDERS) errors.push(`…and ${bad - MAX_REPORTED_BAD_ORDERS} more bad ${ndjson ? "lines" : "orders"}`);
      return { count, errors };
    },
    async *orders() {
      for await (const record of records()) {
        const parsed = "jsonError" in record ? null : ZOrder.safeParse(record.value);
        if (!parsed?.success) {
          // The file changed since check().
          throw new CliError(issuesOf(label, record)[0] ?? `${label}:${record.location}: invalid order`);
        }
        yield { location: record.location, order: parsed.data };
      }
    },
  };
}
