import type { ImportSource } from "./import-types";

/**
 * Decodes a byte/text stream into UTF-8 text chunks, dropping a leading byte-order mark.
 * Multi-byte characters split across chunks are decoded correctly (streaming TextDecoder).
 */
export async function* readTextChunks(source: ImportSource): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
}

/** The whole stream as one string (used only for the API JSON formats, whose pages are small). */
export async function readAllText(source: ImportSource): Promise<string> {
  const parts: string[] = [];
  for await (const text of readTextChunks(source)) parts.push(text);
  return parts.join("");
}
