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

  it("adds the rule analysis: an overlap with the order that shows it, ready to evaluate", async () => {
    const overlap = {
      stage: "warehouseMatching",
      hitPolicy: "all",
      nodes: [
        { id: "start", kind: "start", position: { x: 0, y: 0 }, data: {} },
        { id: "c1", kind: "condition", position: { x: 0, y: 100 }, data: { fact: "country", operator: "equal", operand: { type: "value", value: "US" } } },
        { id: "c2", kind: "condition", position: { x: 200, y: 100 }, data: { fact: "chargeableWeightGrams", operator: "greaterThan", operand: { type: "value", value: 2000 } } },
        { id: "a1", kind: "assignWarehouse", position: { x: 0, y: 200 }, data: { warehouseId: "wh-la" } },
        { id: "a2", kind: "assignWarehouse", position: { x: 200, y: 200 }, data: { warehouseId: "wh-sz" } },
        { id: "f", kind: "fallback", position: { x: 400, y: 0 }, data: {} },
        { id: "a3", kind: "assignWarehouse", position: { x: 400, y: 200 }, data: { warehouseId: "wh-sz", priority: 2 } },
      ],
      edges: [
        { id: "e1", sourceId: "start", targetId: "c1", sourceHandle: "next" },
        { id: "e2", sourceId: "start", targetId: "c2", sourceHandle: "next" },
        { id: "e3", sourceId: "c1", targetId: "a1", sourceHandle: "true" },
        { id: "e4", sourceId: "c2", targetId: "a2", sourceHandle: "true" },
        { id: "e5", sourceId: "f", targetId: "a3", sourceHandle: "next" },
      ],
    };
    await tmp.write("overlap.json", overlap);
    const r = await run("validate", tmp.path("overlap.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning ruleOverlap nodes=a1,c1,a2,c2: .*both fire on some orders at the same priority/m);
    expect(r.stdout).toMatch(/^ {2}shown by: the decision reports a conflict/m);
    const line = r.stdout.split("\n").find((l) => l.startsWith("  example order: "))!;
    const order = JSON.parse(line.slice("  example order: ".length)) as { shippingAddress: { country: string }; lines: { weightGrams: number; quantity: number }[] };
    expect(order.shippingAddress.country).toBe("US");
    expect(order.lines.reduce((s, l) => s + l.weightGrams * l.quantity, 0)).toBeGreaterThan(2000);
    // The example is an order `switchyard evaluate` accepts, and it shows the conflict there too.
    await tmp.write("example.json", order);
    await tmp.write("compiled.json", JSON.parse((await run("compile", tmp.path("overlap.json"))).stdout));
    const ev = await run("evaluate", tmp.path("compiled.json"), tmp.path("example.json"));
    expect(ev.stdout).toContain("wh-la");
    expect(ev.stdout).toMatch(/conflict|wanted/);
    const json = JSON.parse((await run("validate", "--json", tmp.path("overlap.json"))).stdout) as { code: string; example?: { evidence: string } }[];
    expect(json).toContainEqual(expect.objectContaining({ code: "ruleOverlap", example: expect.objectContaining({ evidence: expect.stringContaining("conflict") }) }));
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
