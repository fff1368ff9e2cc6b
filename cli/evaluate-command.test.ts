import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDir, context, heavyGraph, makeTempDir, ndjson, order, parseNdjson, run, usGraph } from "./test-fixtures";

let tmp: TempDir;
let compiledUs: string;
let compiledHeavy: string;
let ctx: string;
const ids = ["o1", "o2", "o3", "o4", "o5"];
const countries = ["US", "DE", "US", "CN", "US"];

beforeAll(async () => {
  tmp = await makeTempDir();
  compiledUs = await tmp.write("us.compiled.json", (await run("compile", await tmp.write("us.json", usGraph()))).stdout);
  compiledHeavy = await tmp.write("heavy.compiled.json", (await run("compile", await tmp.write("heavy.json", heavyGraph()))).stdout);
  ctx = await tmp.write("ctx.json", context());
  const heavyLines = [{ platformSku: "SKU-9", quantity: 3, unitPrice: 10, weightGrams: 800 }];
  const orders = ids.map((id, i) => order(id, countries[i], i === 3 || i === 4 ? { lines: heavyLines } : {}));
  await tmp.write("orders.ndjson", ndjson(orders).replace("\n", "\n\n   \n")); // blank lines are skipped
  await tmp.write("orders.json", orders);
  await tmp.write("one.json", orders[1]);
});
afterAll(() => tmp.remove());

describe("switchyard evaluate", () => {
  it("prints one NDJSON line per order, in input order, with the order ids", async () => {
    const r = await run("evaluate", compiledUs, tmp.path("orders.ndjson"), "--context", ctx);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = parseNdjson(r.stdout);
    expect(lines.map((l) => l.orderId)).toEqual(ids);
    expect(lines.map((l) => l.decision.warehouseId)).toEqual(["wh-la", "wh-sz", "wh-la", "wh-sz", "wh-la"]);
    expect(lines.every((l) => Object.keys(l).join() === "orderId,decision")).toBe(true);
  });

  it("reads a .json array and a single .json order like NDJSON", async () => {
    const fromNdjson = await run("evaluate", compiledUs, tmp.path("orders.ndjson"));
    const fromArray = await run("evaluate", compiledUs, tmp.path("orders.json"));
    expect(fromArray.code).toBe(0);
    expect(fromArray.stdout).toBe(fromNdjson.stdout);
    const single = parseNdjson((await run("evaluate", compiledUs, tmp.path("one.json"))).stdout);
    expect(single).toEqual([parseNdjson(fromNdjson.stdout)[1]]);
  });

  it.each([
    { graph: "usGraph (hit policy first)", compiled: () => compiledUs },
    { graph: "heavyGraph (hit policy all)", compiled: () => compiledHeavy },
  ])("gives the same decisions with --engine reference as with fast for $graph", async ({ compiled }) => {
    const fast = await run("evaluate", compiled(), tmp.path("orders.ndjson"), "--context", ctx);
    const reference = await run("evaluate", compiled(), tmp.path("orders.ndjson"), "--context", ctx, "--engine", "reference");
    expect(reference.code).toBe(0);
    expect(parseNdjson(reference.stdout)).toEqual(parseNdjson(fast.stdout));
    expect(parseNdjson(fast.stdout).some((l) => (l.decision.flags as string[]).includes("heavy"))).toBe(compiled() === compiledHeavy);
  });

  it.each(["fast", "reference"])("includes the trace with --trace (engine %s)", async (engine) => {
    const r = await run("evaluate", compiledUs, tmp.path("orders.ndjson"), "--trace", "--engine", engine);
    expect(r.code).toBe(0);
    const lines = parseNdjson(r.stdout);
    expect(lines).toHaveLength(ids.length);
    const trace = lines[0]!.trace as { engine: string; rules: { name: string; matched: boolean; conditions: { nodeId: string | null }[] }[] };
    expect(trace.engine).toBe(engine);
    expect(trace.rules.map((t) => [t.name, t.matched])).toEqual([
      ["rule:a1", true],
      ["rule:a2", false],
    ]);
    expect(trace.rules[0]!.conditions[0]!.nodeId).toBe("c1");
  });

  it("reports a bad order on line 3 with file, line and field path, and prints nothing", async () => {
    const bad = order("o3", "US", { lines: [{ platformSku: "SKU-1", quantity: 0, unitPrice: 1, weightGrams: 1 }] });
    const file = await tmp.write("bad-line.ndjson", ndjson([order("o1"), order("o2"), bad, order("o4")]));
    const r = await run("evaluate", compiledUs, file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("bad-line.ndjson:3:");
    expect(r.stderr.trimEnd()).toBe(`${file}:3: lines.0.quantity: Must be at least 1`);
  });

  it("reports a bad order in a .json array by its index", async () => {
    const file = await tmp.write("bad-array.json", [order("o1"), order("o2", "usa")]);
    const r = await run("evaluate", compiledUs, file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/bad-array\.json:\[1\]: shippingAddress\.country: must be an ISO-3166/);
  });

  it.each([
    { name: "a malformed JSON line", content: ndjson([order("o1"), '{"id": "o2",', order("o3")]), message: /malformed\.ndjson:2: invalid JSON: / },
    { name: "a line that is not an object", content: ndjson([order("o1"), "42"]), message: /malformed\.ndjson:2: Expected a JSON object/ },
    { name: "an order without lines", content: ndjson([order("o1", "US", { lines: [] })]), message: /malformed\.ndjson:1: lines: an order needs at least one line/ },
  ])("exits 2 for $name", async ({ content, message }) => {
    const r = await run("evaluate", compiledUs, await tmp.write("malformed.ndjson", content));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("reports the first 20 bad lines, then how many more", async () => {
    const orders = Array.from({ length: 30 }, (_, i) => (i < 25 ? order(`o${i}`, "us") : order(`o${i}`)));
    const r = await run("evaluate", compiledUs, await tmp.write("many-bad.ndjson", ndjson(orders)));
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[19]).toMatch(/many-bad\.ndjson:20: shippingAddress\.country: /);
    expect(lines[20]).toBe("…and 5 more bad lines");
  });

  it.each([
    { name: "a missing orders file", args: () => [compiledUs, tmp.path("missing.ndjson")], message: /missing\.ndjson: cannot read: no such file/ },
    { name: "a missing compiled file", args: () => [tmp.path("missing.json"), tmp.path("orders.ndjson")], message: /missing\.json: cannot read: no such file/ },
    { name: "a graph instead of a compiled ruleset", args: () => [tmp.path("us.json"), tmp.path("orders.ndjson")], message: /us\.json: format: / },
    { name: "an orders file of another type", args: () => [compiledUs, tmp.path("us.compiled.json").replace(/json$/, "csv")], message: /orders must be a \.ndjson, \.jsonl or \.json file/ },
    { name: "an invalid context", args: () => [compiledUs, tmp.path("orders.ndjson"), "--context", tmp.path("orders.json")], message: /orders\.json: Expected a JSON object/ },
    { name: "an unknown engine", args: () => [compiledUs, tmp.path("orders.ndjson"), "--engine", "turbo"], message: /--engine must be one of fast, reference/ },
    { name: "a missing orders argument", args: () => [compiledUs], message: /missing argument <orders\.ndjson\|orders\.json>/ },
  ])("exits 2 with nothing on stdout for $name", async ({ args, message }) => {
    const r = await run("evaluate", ...args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("streams a large NDJSON file in order", async () => {
    const count = 5_000;
    const big = Array.from({ length: count }, (_, i) => JSON.stringify(order(`big-${i}`, i % 2 ? "US" : "FR"))).join("\n");
    const r = await run("evaluate", compiledUs, await tmp.write("big.ndjson", big));
    expect(r.code).toBe(0);
    const lines = parseNdjson(r.stdout);
    expect(lines).toHaveLength(count);
    expect(lines.every((l, i) => l.orderId === `big-${i}` && l.decision.warehouseId === (i % 2 ? "wh-la" : "wh-sz"))).toBe(true);
  });
});
