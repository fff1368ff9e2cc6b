import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCompiledRuleset } from "../rules-schema";
import { type TempDir, context, errorGraph, makeTempDir, run, usGraph, warningGraph } from "./test-fixtures";

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
  await tmp.write("ok.json", usGraph());
  await tmp.write("warn.json", warningGraph());
  await tmp.write("bad.json", errorGraph());
  await tmp.write("ctx.json", context());
  await tmp.write("broken.json", "not json");
});
afterAll(() => tmp.remove());

describe("switchyard compile", () => {
  it("prints the same bytes on every run, accepted by parseCompiledRuleset", async () => {
    const first = await run("compile", tmp.path("ok.json"), "--context", tmp.path("ctx.json"));
    const second = await run("compile", tmp.path("ok.json"), "--context", tmp.path("ctx.json"));
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout.endsWith("}\n")).toBe(true);
    const parsed = parseCompiledRuleset(JSON.parse(first.stdout));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.compiled.manifest.rules.map((r) => r.nodeId)).toEqual(["a1", "a2"]);
    expect(first.stdout).toBe(`${JSON.stringify(JSON.parse(first.stdout), null, 2)}\n`);
  });

  it("compiles the same graph to the same bytes even with its keys in another order", async () => {
    const g = usGraph();
    const reordered = Object.fromEntries(Object.entries(g).reverse());
    await tmp.write("reordered.json", reordered);
    expect((await run("compile", tmp.path("reordered.json"))).stdout).toBe((await run("compile", tmp.path("ok.json"))).stdout);
  });

  it("prints warnings on stderr and the ruleset on stdout", async () => {
    const r = await run("compile", tmp.path("warn.json"));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning actionNotInStage nodes=a1: /m);
    expect(parseCompiledRuleset(JSON.parse(r.stdout)).ok).toBe(true);
  });

  it.each([
    { name: "a graph with errors", file: "bad.json", stderr: /unknownFact nodes=c1 field=data\.fact/ },
    { name: "an unknown warehouse in the context", file: "ok.json", ctx: true, warehouses: ["wh-la"], stderr: /unknownWarehouse nodes=a2/ },
    { name: "a missing file", file: "missing.json", stderr: /missing\.json: cannot read: no such file/ },
    { name: "a file that is not JSON", file: "broken.json", stderr: /broken\.json: invalid JSON/ },
  ])("exits 2 with nothing on stdout for $name", async ({ file, ctx, warehouses, stderr }) => {
    const extra = ctx ? ["--context", await tmp.write("ctx-partial.json", context(warehouses))] : [];
    const r = await run("compile", tmp.path(file), ...extra);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(stderr);
  });
});
