import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDir, context, errorGraph, makeTempDir, run, usGraph, warningGraph } from "./test-fixtures";

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
  await tmp.write("ok.json", usGraph());
  await tmp.write("warn.json", warningGraph());
  await tmp.write("bad.json", errorGraph());
  await tmp.write("not-a-graph.json", { stage: "nowhere" });
  await tmp.write("broken.json", "{ nodes: ");
  await tmp.write("ctx.json", context(["wh-la"]));
  await tmp.write("bad-ctx.json", { warehouses: [{ id: "wh-la", country: "usa" }] });
});
afterAll(() => tmp.remove());

describe("switchyard validate", () => {
  it.each([
    { name: "a valid graph", file: "ok.json", extra: [], code: 0 },
    { name: "a graph with warnings only", file: "warn.json", extra: [], code: 0 },
    { name: "a graph with errors", file: "bad.json", extra: [], code: 1 },
    { name: "JSON that is not a graph", file: "not-a-graph.json", extra: [], code: 1 },
    { name: "an unknown warehouse in the context", file: "ok.json", extra: ["--context", "ctx.json"], code: 1 },
    { name: "a missing file", file: "missing.json", extra: [], code: 2 },
    { name: "a file that is not JSON", file: "broken.json", extra: [], code: 2 },
    { name: "an invalid context", file: "ok.json", extra: ["--context", "bad-ctx.json"], code: 2 },
    { name: "a missing context file", file: "ok.json", extra: ["--context", "nope.json"], code: 2 },
  ])("exits $code for $name", async ({ file, extra, code }) => {
    const args = extra.map((a) => (a.endsWith(".json") ? tmp.path(a) : a));
    const r = await run("validate", tmp.path(file), ...args);
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stdout).toBe("");
  });

  it("prints one problem per line naming severity, code, node ids and field", async () => {
    const r = await run("validate", tmp.path("bad.json"));
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^error +unknownFact nodes=c1 field=data\.fact: Unknown fact "colour"$/));
    expect(lines).toContainEqual(expect.stringMatching(/^error +actionUnreachable nodes=a9: /));
    expect(r.stderr).toMatch(/bad\.json: \d+ errors?, \d+ warnings?/);
  });

  it("prints warnings and still exits 0", async () => {
    const r = await run("validate", tmp.path("warn.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning actionNotInStage nodes=a1: /m);
  });

  it("names the unknown warehouse's node with --context", async () => {
    const r = await run("validate", tmp.path("ok.json"), "--context", tmp.path("ctx.json"));
    expect(r.stdout).toMatch(/^error +unknownWarehouse nodes=a2 field=data\.warehouseId: Warehouse "wh-sz" does not exist$/m);
  });

  it("prints a JSON array of typed problems with --json", async () => {
    const r = await run("validate", "--json", tmp.path("bad.json"));
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout) as { code: string; severity: string; nodeIds: string[]; field?: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ code: "unknownFact", severity: "error", nodeIds: ["c1"], field: "data.fact" }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "actionUnreachable", nodeIds: ["a9"] }));
    expect(JSON.parse((await run("validate", tmp.path("ok.json"), "--json")).stdout)).toEqual([]);
  });

  it.each([
    { file: "missing.json", message: /missing\.json: cannot read: no such file/ },
    { file: "broken.json", message: /broken\.json: invalid JSON: / },
  ])("explains why $file cannot be read", async ({ file, message }) => {
    const r = await run("validate", tmp.path(file));
    expect(r.stderr).toMatch(message);
  });

  it("names the context file, field and message for an invalid context", async () => {
    const r = await run("validate", tmp.path("ok.json"), "--context", tmp.path("bad-ctx.json"));
    expect(r.stderr).toContain(`${tmp.path("bad-ctx.json")}: warehouses.0.country: must be an ISO-3166 alpha-2 country code`);
  });
});
