import type { CsvRow } from "./read-csv-records";

/** Most rows one order may have; ZOrder allows 1,000 lines, so a longer run is a broken file. */
export const MAX_ROWS_PER_ORDER = 1_000;

export interface CsvRowGroup {
  key: string;
  rows: CsvRow[];
  /** Rows of the same key beyond MAX_ROWS_PER_ORDER, counted but not held. */
  droppedRows: number;
}

/**
 * Groups consecutive rows sharing a key (an order's rows are contiguous in platform exports),
 * holding only the current group. A row with a blank key forms a group of its own.
 */
export async function* groupCsvRows(rows: AsyncIterable<CsvRow>, keyOf: (row: CsvRow) => string): AsyncGenerator<CsvRowGroup, void, undefined> {
  let current: CsvRowGroup | null = null;
  for await (const row of rows) {
    const key = keyOf(row);
    if (current && key !== "" && key === current.key) {
      if (current.rows.length < MAX_ROWS_PER_ORDER) current.rows.push(row);
      else current.droppedRows++;
      continue;
    }
    if (current) yield current;
    current = { key, rows: [row], droppedRows: 0 };
  }
  if (current) yield current;
}
