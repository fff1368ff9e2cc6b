import type { ImportSource } from "./import-types";
import { readTextChunks } from "./read-text-chunks";

export interface SourceLine {
  /** 1-based line number in the file. */
  row: number;
  text: string;
}

/** Streams the lines of a text file (LF or CRLF), holding at most one partial line in memory. */
export async function* readLines(source: ImportSource): AsyncGenerator<SourceLine, void, undefined> {
  let carry = "";
  let row = 0;
  for await (const chunk of readTextChunks(source)) {
    const text = carry + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { row: ++row, text: text.slice(start, end) };
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) yield { row: ++row, text: carry.endsWith("\r") ? carry.slice(0, -1) : carry };
}
