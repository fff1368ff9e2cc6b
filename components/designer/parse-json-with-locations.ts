/**
 * JSON.parse that says where: a syntax error comes with its line and column (browsers' own messages
 * differ and often give neither), and a parsed document can tell the line of any value by its
 * dotted path ("rules.0.conditions.all.1"), so problems found later can point into the text.
 */

export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as editors count). */
  column: number;
}

export type JsonParseResult =
  | {
      ok: true;
      value: unknown;
      /** Position of the value at `path`, or of its deepest existing ancestor; `matched` is the path found. */
      locate(path: string): (JsonPosition & { matched: string }) | null;
    }
  | { ok: false; error: JsonPosition & { message: string; offset: number } };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /^[0-9A-Fa-f]{4}$/;

function describe(ch: string | undefined): string {
  if (ch === undefined) return "Unexpected end of the JSON text";
  if (ch === "'") return "Strings and property names must use double quotes";
  if (/[A-Za-z_$]/.test(ch)) return `Unexpected word starting with '${ch}' (strings need double quotes; only true, false and null are bare words)`;
  return `Unexpected character '${ch}'`;
}

/** Scans `text` as strict JSON, recording where each value starts. Throws JsonSyntaxError. */
function scan(text: string, offsets: Map<string, number>): void {
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  function fail(message: string, at = i): never {
    throw new JsonSyntaxError(message, at);
  }

  const string = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined) fail("Unterminated string (missing closing \")", start);
      if (ch === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (ch === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!HEX4.test(text.slice(i + 2, i + 6))) fail("Invalid \\u escape: needs four hex digits");
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else fail(`Invalid escape '\\${e ?? ""}' in string`);
      } else if (ch.charCodeAt(0) < 0x20) fail(ch === "\n" ? "Line break inside a string (missing closing \"?)" : "Control character inside a string (escape it)");
      else i++;
    }
  };

  const value = (path: string): void => {
    ws();
    offsets.set(path, i);
    const ch = text[i];
    const child = (key: string) => (path === "" ? key : `${path}.${key}`);
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === "}" ? "Trailing comma before '}'" : text[i] === undefined ? describe(undefined) : "Expected a property name in double quotes");
        const key = string();
        ws();
        if (text[i] !== ":") fail("Expected ':' after the property name");
        i++;
        value(child(key));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(text[i] === undefined ? describe(undefined) : "Expected ',' or '}' after the property value");
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === "]") fail("Trailing comma before ']'");
        value(child(String(n)));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(text[i] === undefined ? describe(undefined) : "Expected ',' or ']' after the array element");
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail("Invalid number");
      i += m[0].length;
      return;
    }
    fail(describe(ch));
  };

  value("");
  ws();
  if (i < text.length) fail("Unexpected text after the JSON value");
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionOf(starts: readonly number[], offset: number): JsonPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

export function parseJsonWithLocations(text: string): JsonParseResult {
  const offsets = new Map<string, number>();
  try {
    scan(text, offsets);
  } catch (e) {
    const starts = lineStarts(text);
    if (e instanceof JsonSyntaxError) return { ok: false, error: { message: e.message, offset: e.offset, ...positionOf(starts, e.offset) } };
    if (e instanceof RangeError) return { ok: false, error: { message: "The JSON is nested too deeply", offset: 0, line: 1, column: 1 } };
    throw e;
  }
  const value: unknown = JSON.parse(text);
  let starts: number[] | null = null;
  return {
    ok: true,
    value,
    locate(path: string) {
      const segments = path === "" || path === "$" ? [] : path.split(".");
      for (let n = segments.length; n >= 0; n--) {
        const key = segments.slice(0, n).join(".");
        const offset = offsets.get(key);
        if (offset !== undefined) {
          starts ??= lineStarts(text);
          return { ...positionOf(starts, offset), matched: key };
        }
      }
      return null;
    },
  };
}
