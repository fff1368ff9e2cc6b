import { describe, expect, it } from "vitest";
import { parseJsonWithLocations } from "./parse-json-with-locations";

describe("parseJsonWithLocations", () => {
  const bad: [string, string, number, number, RegExp][] = [
    ["a missing comma", '{\n  "a": 1\n  "b": 2\n}', 3, 3, /Expected ',' or '}'/],
    ["a trailing comma in an object", '{\n  "a": 1,\n}', 3, 1, /Trailing comma/],
    ["a trailing comma in an array", "[1,\n 2,\n]", 3, 1, /Trailing comma/],
    ["a single-quoted string", "{\"a\": 'x'}", 1, 7, /double quotes/],
    ["an unquoted property name", "{\n  fact: 1\n}", 2, 3, /property name in double quotes/],
    ["an unterminated string", '[\n  "abc', 2, 3, /Unterminated string/],
    ["a line break inside a string", '["ab\ncd"]', 1, 5, /Line break inside a string/],
    ["a bad escape", '["a\\x"]', 1, 4, /Invalid escape/],
    ["a bare word", "[undefined]", 1, 2, /Unexpected word/],
    ["a missing colon", '{"a" 1}', 1, 6, /Expected ':'/],
    ["text after the value", "{}\n{}", 2, 1, /after the JSON value/],
    ["an empty text", "", 1, 1, /end of the JSON text/],
    ["a cut-off document", '{"rules": [', 1, 12, /end of the JSON text/],
    ["a leading zero", "[01]", 1, 3, /Expected ',' or ']'/],
    ["CRLF line ends", '{\r\n  "a": 1\r\n  "b": 2\r\n}', 3, 3, /Expected ',' or '}'/],
  ];

  it.each(bad)("reports %s with its line and column", (_name, text, line, column, message) => {
    const r = parseJsonWithLocations(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line, column });
    expect(r.error.message).toMatch(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  const good = ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', "  [ ]  ", "{}", '"just a string"', "0", '{"__proto__": {"x": 1}}'];
  it.each(good)("parses %j exactly as JSON.parse does", (text) => {
    const r = parseJsonWithLocations(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(JSON.parse(text));
  });

  it("locates values by dotted path, falling back to the deepest existing ancestor", () => {
    const text = ['{', '  "rules": [', '    {', '      "conditions": { "all": [', '        { "fact": "a", "operator": "equal", "value": 1 }', "      ] },", '      "event": { "type": "flag" }', "    }", "  ]", "}"].join("\n");
    const r = parseJsonWithLocations(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.locate("rules.0.conditions.all.0.operator")).toEqual({ line: 5, column: 36, matched: "rules.0.conditions.all.0.operator" });
    expect(r.locate("rules.0.event.type")).toEqual({ line: 7, column: 26, matched: "rules.0.event.type" });
    expect(r.locate("rules.0.conditions.3.path")).toEqual({ line: 4, column: 21, matched: "rules.0.conditions" });
    expect(r.locate("$")).toEqual({ line: 1, column: 1, matched: "" });
    expect(r.locate("nothing.here")).toEqual({ line: 1, column: 1, matched: "" });
  });

  it("reports nesting too deep for the scanner instead of throwing", () => {
    const text = "[".repeat(200_000) + "]".repeat(200_000);
    const r = parseJsonWithLocations(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nested too deeply/);
  });
});
