import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZRuleGraph } from "../rules-schema";
import { type TempDir, heavyGraph, makeTempDir, run, usGraph } from "./test-fixtures";

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

/** The rules without names (decompiling renumbers the node ids the names come from). */
const rulesOf = (compiledJson: string) =>
  (JSON.parse(compiledJson) as { rules: { name: string }[] }).rules.map(({ name: _name, ...rest }) => rest);

const jreRule = {
  name: "big-us",
  priority: 10,
  conditions: { all: [{ fact: "country", operator: "equal", value: "US" }, { fact: "totalValue", operator: "greaterThan", value: 100 }] },
  event: { type: "flag", params: { code: "big-us" } },
};

describe("switchyard decompile", () => {
  it.each([
    { name: "usGraph (hit policy first)", make: usGraph },
    { name: "heavyGraph (hit policy all)", make: heavyGraph },
  ])("round-trips $name: compile → decompile → compile gives the same rules", async ({ make }) => {
    const g = make();
    const compiled = await run("compile", await tmp.write("g.json", g));
    expect(compiled.code).toBe(0);
    const decompiled = await run("decompile", await tmp.write("c.json", compiled.stdout));
    expect(decompiled.code).toBe(0);
    expect(decompiled.stderr).toBe("");
    const graph = JSON.parse(decompiled.stdout) as { stage: string; hitPolicy: string };
    expect(ZRuleGraph.safeParse(graph).success).toBe(true);
    expect(graph).toMatchObject({ stage: g.stage, hitPolicy: g.hitPolicy });
    const recompiled = await run("compile", await tmp.write("g2.json", decompiled.stdout));
    expect(recompiled.code).toBe(0);
    expect(rulesOf(recompiled.stdout)).toEqual(rulesOf(compiled.stdout));
  });

  it.each([
    { shape: "a single rule", input: jreRule },
    { shape: "an array of rules", input: [jreRule] },
    { shape: "{ rules: [...] }", input: { rules: [jreRule] } },
  ])("reads json-rules-engine rules given as $shape", async ({ input }) => {
    const r = await run("decompile", await tmp.write("rules.json", input), "--stage", "orderReview", "--hit-policy", "first");
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as { stage: string; hitPolicy: string; nodes: { kind: string }[] };
    expect(graph).toMatchObject({ stage: "orderReview", hitPolicy: "first" });
    expect(graph.nodes.map((n) => n.kind).sort()).toEqual(["condition", "condition", "flag", "start"]);
    expect((await run("validate", await tmp.write("from-rules.json", r.stdout))).code).toBe(0);
  });

  it("exits 2 with problems on stderr and nothing on stdout for input that is not rules", async () => {
    const r = await run("decompile", await tmp.write("junk.json", { rules: "nope" }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/invalidGraph/);
  });

  it("exits 1 and names the rule it dropped when an event is not a Switchyard action", async () => {
    const r = await run("decompile", await tmp.write("mixed.json", [jreRule, { ...jreRule, name: "x", event: { type: "sendEmail" } }]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/field=1\.event\.type: rules\[1\]\.event\.type: event type "sendEmail" is not a Switchyard action/);
    expect((JSON.parse(r.stdout) as { nodes: unknown[] }).nodes).toHaveLength(4);
  });

  it.each([
    { args: ["--stage", "shipping"], stderr: /--stage must be one of orderReview, / },
    { args: ["--hit-policy", "some"], stderr: /--hit-policy must be one of first, all/ },
    { args: ["--stage"], stderr: /option --stage needs a value/ },
  ])("rejects $args with exit 2 and the usage", async ({ args, stderr }) => {
    const r = await run("decompile", await tmp.write("rules.json", jreRule), ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).toContain("Usage: switchyard");
  });

  it("exits 2 for a missing file", async () => {
    const r = await run("decompile", tmp.path("missing.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.json: cannot read: no such file/);
  });
});
