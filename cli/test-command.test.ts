import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDir, context, heavyGraph, makeTempDir, order, run, usGraph } from "./test-fixtures";

let tmp: TempDir;
let graphUs: string;
let compiledUs: string;
let ctx: string;
const heavy = { lines: [{ platformSku: "SKU-9", quantity: 3, unitPrice: 10, weightGrams: 800 }] };

const suite = (cases: unknown[], name = "US warehouses") => ({ format: "switchyard.suite/v1", name, cases });
const passing = [
  { id: "us", name: "US orders ship from LA", order: order("o1", "US"), expect: { warehouseId: "wh-la", decided: true } },
  { id: "de", name: "German orders ship from Shenzhen", order: order("o2", "DE"), expect: { warehouseId: "wh-sz" } },
];

beforeAll(async () => {
  tmp = await makeTempDir();
  graphUs = await tmp.write("us.json", usGraph());
  compiledUs = await tmp.write("us.compiled.json", (await run("compile", graphUs)).stdout);
  ctx = await tmp.write("ctx.json", context());
  await tmp.write("pass.json", suite(passing));
  await tmp.write(
    "fail.json",
    suite([...passing, { id: "cn", name: "Chinese orders <ship> from LA & \"fast\"", order: order("o3", "CN"), expect: { warehouseId: "wh-la", holds: [] } }]),
  );
  await tmp.write("heavy-suite.json", suite([{ id: "h", name: "heavy US order flagged", order: order("o4", "US", heavy), expect: { flags: ["heavy"], warehouseId: "wh-la" } }], "heavy"));
  await tmp.write("bad-suite.json", { format: "switchyard.suite/v1", cases: [{ id: "x", name: "no expectations", order: order("o5"), expect: {} }] });
});
afterAll(() => tmp.remove());

describe("switchyard test", () => {
  it("exits 0 when every case passes, from a compiled ruleset or from a graph", async () => {
    for (const rules of [compiledUs, graphUs]) {
      const r = await run("test", rules, tmp.path("pass.json"), "--context", ctx);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("✓ US orders ship from LA [us]\n✓ German orders ship from Shenzhen [de]\n2 passed, 0 failed of 2\n");
    }
    const h = await run("test", await tmp.write("heavy.json", heavyGraph()), tmp.path("heavy-suite.json"));
    expect([h.code, h.stdout.split("\n")[0]]).toEqual([0, "✓ heavy US order flagged [h]"]);
  });

  it("exits 1 when a case fails, naming each field that differs, and writes JUnit XML with --junit", async () => {
    const out = tmp.path("report.xml");
    const r = await run("test", compiledUs, tmp.path("fail.json"), "--context", ctx, "--junit", out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ Chinese orders <ship> from LA & "fast" [cn]\n    warehouseId: expected "wh-la", got "wh-sz"\n');
    expect(r.stdout).toContain("2 passed, 1 failed of 3");
    const xml = await readFile(out, "utf8");
    expect(xml).toContain('<testsuites name="US warehouses" tests="3" failures="1" errors="0"');
    expect(xml).toContain('<testcase classname="US warehouses" name="US orders ship from LA [us]" time="0"/>');
    expect(xml).toContain(
      '<testcase classname="US warehouses" name="Chinese orders &lt;ship&gt; from LA &amp; &quot;fast&quot; [cn]" time="0">\n      <failure message="1 field differ: warehouseId">warehouseId: expected &quot;wh-la&quot;, got &quot;wh-sz&quot;</failure>',
    );
  });

  it("exits 2 on a suite that does not read, naming the field, and on a graph with errors", async () => {
    const r = await run("test", compiledUs, tmp.path("bad-suite.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cases.0.expect");
    expect(r.stderr).toContain("expect at least one field");
    const broken = await tmp.write("broken.json", { ...(usGraph() as object), nodes: [] });
    expect((await run("test", broken, tmp.path("pass.json"))).code).toBe(2);
    expect((await run("test", compiledUs)).code).toBe(2);
  });
});
