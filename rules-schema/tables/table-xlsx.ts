import { readSheet } from "read-excel-file/universal";
import writeXlsxFile from "write-excel-file/universal";

/**
 * .xlsx files of decision tables (the sheet layout is table-sheet.ts's). Libraries: write-excel-file
 * and read-excel-file (maintained, no native parts, the same "universal" build in the browser and
 * Node). Every cell is written as text, so Excel does not turn "0.5–2", "1-3" or "00501" into dates
 * or numbers.
 */

export async function sheetToXlsx(sheet: readonly (readonly string[])[], name = "Decision table"): Promise<Blob> {
  const data = sheet.map((row) => row.map((value) => (value === "" ? null : { value, type: String })));
  // Sheet names: at most 31 characters, none of : \ / ? * [ ]
  const sheetName = name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31).trim() || "Decision table";
  return writeXlsxFile([{ data: data as never, sheet: sheetName }], { fontFamily: "Arial", fontSize: 11 }).toBlob();
}

/** The first sheet's cells (text, numbers, booleans or dates as Excel stored them; null when empty). */
export async function xlsxToSheet(input: Blob | ArrayBuffer): Promise<unknown[][]> {
  return (await readSheet(input)) as unknown[][];
}
