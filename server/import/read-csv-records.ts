import type { ImportSource } from "./import-types";
import { readTextChunks } from "./read-text-chunks";

/** One CSV record; `row` counts records from 1 (the header), blank lines included. */
export interface CsvRecord {
  row: number;
  values: string[];
}

/** A CSV the reader cannot resynchronise on (an unterminated quote swallowing the file). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

/** Longest field accepted; a longer one is almost always an unterminated quote. */
const MAX_FIELD_CHARS = 1 << 20;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Streaming RFC 4180 reader: comma separated, `"`-quoted fields with `""` escapes and embedded
 * commas/newlines, LF or CRLF record ends, UTF-8 BOM dropped. Holds only the current record in memory.
 * Blank lines are counted in `row` but not yielded. A stray quote inside an unquoted field is kept
 * literally, as spreadsheet programs do.
 */
export async function* readCsvRecords(source: ImportSource): AsyncGenerator<CsvRecord, void, undefined> {
  let row = 0;
  let record: string[] = [];
  let field = "";
  let fieldStart = true; // nothing of the current field seen yet
  let quoted = false; // inside a quoted field
  let quotePending = false; // saw `"` inside a quoted field at the end of a chunk
  let skipLf = false; // saw CR at the end of a chunk
  let recordStartRow = 1;

  const endRecord = (): CsvRecord | null => {
    record.push(field);
    field = "";
    fieldStart = true;
    row++;
    const done = record;
    record = [];
    recordStartRow = row + 1;
    if (done.length === 1 && done[0] === "") return null; // blank line
    return { row, values: done };
  };
  const guard = (): void => {
    if (field.length > MAX_FIELD_CHARS) {
      throw new CsvSyntaxError(recordStartRow, `a field of the record starting at row ${recordStartRow} exceeds ${MAX_FIELD_CHARS} characters — is a quote left unclosed?`);
    }
  };

  for await (const chunk of readTextChunks(source)) {
    const n = chunk.length;
    let i = 0;
    if (skipLf) {
      skipLf = false;
      if (chunk.charCodeAt(0) === LF) i = 1;
    }
    if (quotePending) {
      quotePending = false;
      if (chunk.charCodeAt(i) === QUOTE) {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    }
    while (i < n) {
      if (quoted) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          field += chunk.slice(i);
          guard();
          i = n;
          break;
        }
        field += chunk.slice(i, q);
        i = q + 1;
        if (i === n) {
          quotePending = true;
          break;
        }
        if (chunk.charCodeAt(i) === QUOTE) {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
        continue;
      }
      if (fieldStart && chunk.charCodeAt(i) === QUOTE) {
        quoted = true;
        fieldStart = false;
        i++;
        continue;
      }
      // Unquoted run: copy up to the next delimiter in one slice.
      let k = i;
      let c = 0;
      while (k < n) {
        c = chunk.charCodeAt(k);
        if (c === COMMA || c === LF || c === CR) break;
        k++;
      }
      if (k > i) {
        field += chunk.slice(i, k);
        fieldStart = false;
      }
      if (k === n) {
        guard();
        i = n;
        break;
      }
      if (c === COMMA) {
        record.push(field);
        field = "";
        fieldStart = true;
        i = k + 1;
        continue;
      }
      // LF or CR: end of record.
      const done = endRecord();
      if (done) yield done;
      i = k + 1;
      if (c === CR) {
        if (i === n) skipLf = true;
        else if (chunk.charCodeAt(i) === LF) i++;
      }
    }
  }
  if (quoted && !quotePending) {
    throw new CsvSyntaxError(recordStartRow, `the quoted field opened in the record starting at row ${recordStartRow} is never closed`);
  }
  if (!fieldStart || record.length > 0 || quotePending) {
    const done = endRecord();
    if (done) yield done;
  }
}

/** A CSV data row with its values addressable by header name. */
export class CsvRow {
  constructor(
    readonly row: number,
    private readonly values: string[],
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  /** The trimmed value of a column (case-insensitive header match), "" when absent. Exports pad some cells with tabs. */
  get(column: string): string {
    const index = this.columns.get(column.toLowerCase());
    if (index === undefined) return "";
    return (this.values[index] ?? "").trim();
  }

  has(column: string): boolean {
    return this.columns.has(column.toLowerCase());
  }
}

/** Streams CSV data rows keyed by the header row. Yields nothing for an empty file. */
export async function* readCsvRows(source: ImportSource): AsyncGenerator<CsvRow, void, undefined> {
  let columns: Map<string, number> | null = null;
  for await (const record of readCsvRecords(source)) {
    if (columns === null) {
      columns = new Map();
      record.values.forEach((name, index) => {
        const key = name.trim().toLowerCase();
        if (!columns!.has(key)) columns!.set(key, index);
      });
      continue;
    }
    yield new CsvRow(record.row, record.values, columns);
  }
}
