/** JSON readers: whole API documents (small pages) and a streaming splitter for large top-level arrays. */
import type { ImportSource } from "./import-types";
import { readTextChunks } from "./read-text-chunks";

export type JsonDocuments = { ok: true; documents: unknown[] } | { ok: false; row: number; message: string };

/**
 * Parses an API response saved to a file: one JSON document, or several (pages saved one per line,
 * or concatenated). Reading the whole text is fine here: API pages are small (≤ 250 orders).
 */
export function parseJsonDocuments(text: string): JsonDocuments {
  if (text.trim() === "") return { ok: false, row: 1, message: "the file is empty" };
  try {
    return { ok: true, documents: [JSON.parse(text)] };
  } catch (whole) {
    const documents: unknown[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === "") continue;
      try {
        documents.push(JSON.parse(line));
      } catch {
        // Not NDJSON either: report the whole-document error, which locates the fault best.
        return { ok: false, row: 1, message: `not valid JSON: ${(whole as Error).message}` };
      }
    }
    return { ok: true, documents };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Text chunks with the first non-blank character known, replaying what was read to find it. */
export async function peekText(source: ImportSource): Promise<{ first: string; chunks: AsyncIterable<string> }> {
  const iterator = readTextChunks(source)[Symbol.asyncIterator]();
  const seen: string[] = [];
  let first = "";
  while (first === "") {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    const m = /\S/.exec(next.value);
    if (m) first = m[0];
  }
  async function* replay(): AsyncGenerator<string, void, undefined> {
    yield* seen;
    seen.length = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first, chunks: replay() };
}

export interface JsonArrayElement {
  /** 1-based index of the element in the array. */
  index: number;
  text: string;
}

/** Largest array element accepted (one order is a few KB). */
const MAX_ELEMENT_CHARS = 1 << 20;

export class JsonArraySyntaxError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = "JsonArraySyntaxError";
  }
}

/**
 * Streams the raw text of each element of a top-level JSON array, holding one element at a time.
 * Boundaries are found by bracket depth outside strings, so a malformed element is still isolated
 * (its JSON.parse fails) and the next ones come through.
 */
export async function* streamJsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<JsonArrayElement, void, undefined> {
  let opened = false;
  let closed = false;
  let depth = 0; // depth inside the current element
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let size = 0;
  let index = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (!opened || closed) {
        if (c === 32 || c === 9 || c === 10 || c === 13) continue;
        if (!opened && c === 91 /* [ */) {
          opened = true;
          start = i + 1;
          continue;
        }
        throw new JsonArraySyntaxError(index + 1, closed ? "unexpected text after the closing ] of the array" : "the file does not start with a JSON array");
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (depth > 0) depth--;
        else if (c === 93) {
          // closing bracket of the top-level array
          parts.push(chunk.slice(start, i));
          const text = parts.join("").trim();
          parts = [];
          size = 0;
          if (text !== "" || index > 0) yield { index: ++index, text };
          closed = true;
          start = i + 1;
        }
      } else if (c === 44 /* , */ && depth === 0) {
        parts.push(chunk.slice(start, i));
        const text = parts.join("").trim();
        parts = [];
        size = 0;
        yield { index: ++index, text };
        start = i + 1;
      }
    }
    if (opened && !closed && start < chunk.length) {
      parts.push(chunk.slice(start));
      size += chunk.length - start;
      if (size > MAX_ELEMENT_CHARS) throw new JsonArraySyntaxError(index + 1, `element ${index + 1} exceeds ${MAX_ELEMENT_CHARS} characters`);
    }
  }
  if (!opened) return;
  if (!closed) throw new JsonArraySyntaxError(index + 1, "the JSON array is never closed with ]");
}
