import { describe, expect, it } from "vitest";
import { run } from "./test-fixtures";
import { USAGE } from "./usage";

describe("runCli", () => {
  it.each([[[]], [["--help"]], [["-h"]], [["help"]], [["compile", "--help"]]])("prints the usage on stdout and exits 0 for %j", async (argv) => {
    const r = await run(...argv);
    expect(r).toEqual({ code: 0, stdout: USAGE, stderr: "" });
  });

  it.each([
    { argv: ["frobnicate"], message: 'switchyard: unknown command "frobnicate"' },
    { argv: ["validate"], message: "missing argument <graph.json>" },
    { argv: ["compile"], message: "missing argument <graph.json>" },
    { argv: ["decompile"], message: "missing argument <rules.json>" },
    { argv: ["evaluate"], message: "missing argument <compiled.json>" },
    { argv: ["validate", "a.json", "b.json"], message: "unexpected argument b.json" },
    { argv: ["validate", "a.json", "--verbose"], message: "unknown option --verbose" },
    { argv: ["validate", "a.json", "-v"], message: "unknown option -v" },
    { argv: ["validate", "a.json", "--json=yes"], message: "option --json takes no value" },
    { argv: ["compile", "a.json", "--context"], message: "option --context needs a value" },
    { argv: ["evaluate", "c.json", "o.ndjson", "--engine="], message: "option --engine needs a value" },
  ])("exits 2 with the usage on stderr for $argv", async ({ argv, message }) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(`${message}\n`)).toBe(true);
    expect(r.stderr).toContain(USAGE);
  });
});
