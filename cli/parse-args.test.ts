import { describe, expect, it } from "vitest";
import { parseArgs } from "./parse-args";

const spec = { values: ["context", "engine"], booleans: ["trace"] };

describe("parseArgs", () => {
  it.each([
    { argv: ["a", "b"], positionals: ["a", "b"], values: {}, booleans: [] },
    { argv: ["--context", "c.json", "a"], positionals: ["a"], values: { context: "c.json" }, booleans: [] },
    { argv: ["a", "--engine=reference", "--trace", "b"], positionals: ["a", "b"], values: { engine: "reference" }, booleans: ["trace"] },
    { argv: ["a", "--", "--trace"], positionals: ["a", "--trace"], values: {}, booleans: [] },
    { argv: ["-"], positionals: ["-"], values: {}, booleans: [] },
  ])("parses $argv", ({ argv, positionals, values, booleans }) => {
    const parsed = parseArgs(argv, spec);
    expect(parsed.positionals).toEqual(positionals);
    expect(parsed.values).toEqual(values);
    expect([...parsed.booleans]).toEqual(booleans);
  });
});
