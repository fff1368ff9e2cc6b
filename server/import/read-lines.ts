import type { ImportSource } from "./import-types";
import { readTextChunks } from "./read-text-chunks";

export interface SourceLine {
  /** 1-based line number in the file. */
  row: number;
  text: string;
  /** The line was longer than the limit: `text` is empty and the rest of the line was skipped. */
  tooLong?: true;
}

/** Longest line kept (one order is a few KB): longer lines are skipped as they arrive, never held whole. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Streams the lines of a text file (LF or CRLF), holding at most one partial line — and never more
 * than `maxChars` of it — in memory. Each chunk is scanned once (no re-scanning of a growing line).
 */
export async function* readLines(source: ImportSource, maxChars = MAX_LINE_CHARS): AsyncGenerator<SourceLine, void, undefined> {
  let parts: string[] = [];
  let size = 0;
  let skipping = false;
  let row = 0;
  const take = (): SourceLine => {
    row++;
    if (skipping) {
      skipping = false;
      parts = [];
      size = 0;
      return { row, text: "", tooLong: true };
    }
    let text = parts.join("");
    parts = [];
    size = 0;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    return { row, text };
  };
  for await (const chunk of readTextChunks(source)) {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
      if (!skipping) {
        if (size + (nl - start) > maxChars) skipping = true;
        else parts.push(chunk.slice(start, nl));
      }
      yield take();
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      size += chunk.length - start;
      if (size > maxChars) {
        skipping = true;
        parts = [];
      } else parts.push(chunk.slice(start));
    }
  }
  if (skipping || size > 0 || parts.some((p) => p.length > 0)) yield take();
}
