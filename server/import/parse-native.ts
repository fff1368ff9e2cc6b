/**
 * Switchyard's own order model: NDJSON (one ZOrder per line; blank lines skipped) or one JSON array
 * of ZOrders. Both stream: one line or array element is held at a time. The caller's `storeId`
 * replaces the file's, and ids are rebuilt as `${storeId}:${externalId}` (externalId defaulting to
 * the file's id) so re-imports stay idempotent; `options.platform` overrides the file's platform.
 * Lines are taken as they are: the SKU catalog is not applied (the model already carries pairing).
 */
import { fileError, finishOrder, RowIssues } from "./build-order";
import type { ImportOptions, ImportResult, ImportSource } from "./import-types";
import { isRecord, JsonArraySyntaxError, peekText, streamJsonArrayElements } from "./read-json";
import { MAX_LINE_CHARS, readLines } from "./read-lines";

export async function* parseNative(source: ImportSource, options: ImportOptions): AsyncGenerator<ImportResult, void, undefined> {
  const { first, chunks } = await peekText(source);
  if (first === "[") {
    try {
      for await (const element of streamJsonArrayElements(chunks)) yield* readNativeOrder(element.text, element.index, options);
    } catch (error) {
      if (error instanceof JsonArraySyntaxError) yield fileError(error.index, error.message);
      else throw error;
    }
    return;
  }
  for await (const line of readLines(chunks)) {
    if (line.tooLong) {
      yield { ok: false, row: line.row, field: "line", message: `line ${line.row} is longer than ${MAX_LINE_CHARS.toLocaleString("en-US")} characters (one order is a few KB); skipped` };
      continue;
    }
    if (line.text.trim() === "") continue;
    yield* readNativeOrder(line.text, line.row, options);
  }
}

function readNativeOrder(text: string, row: number, options: ImportOptions): ImportResult[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [fileError(row, `not valid JSON: ${(error as Error).message}`)];
  }
  if (!isRecord(value)) return [fileError(row, "expected an order object")];
  const { id, externalId, storeId: _storeId, ...rest } = value;
  const external = typeof externalId === "string" && externalId.trim() !== "" ? externalId.trim() : typeof id === "string" ? id.trim() : "";
  const issues = new RowIssues();
  if (external === "") issues.add(row, "externalId", "the order has neither an externalId nor an id");
  return finishOrder({ row, externalId: external, issues, input: { ...rest, ...(options.platform ? { platform: options.platform } : {}) } }, options);
}
