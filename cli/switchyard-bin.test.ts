import { execFile } from "node:child_process";
import { mkdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prebuiltIsCurrent } from "../bin/prebuilt.mjs";
import { buildCli } from "../scripts/build-cli";
import { type TempDir, errorGraph, makeTempDir, run, usGraph } from "./test-fixtures";

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(() => tmp.remove());

describe("bin/switchyard.mjs", () => {
  it("compiles a graph end to end as a child process, byte-identical to the in-process CLI", async () => {
    const graphPath = await tmp.write("graph.json", usGraph());
    // Run from the temp dir so the bin does not depend on the working directory.
    const child = await execFileAsync(process.execPath, [`${root}bin/switchyard.mjs`, "compile", graphPath], { cwd: tmp.dir });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe((await run("compile", graphPath)).stdout);
    expect(JSON.parse(child.stdout)).toMatchObject({ format: "switchyard.compiled/v1", stage: "warehouseMatching" });
  });

  it("the prebuilt bundle answers byte for byte as the sources do, exit codes included", async () => {
    const out = join(tmp.dir, "dist-cli");
    const built = await buildCli(root, out);
    expect(built.inputs).toBeGreaterThan(20);
    expect(prebuiltIsCurrent(out, root)).toBe(true);
    const graphPath = await tmp.write("graph.json", usGraph());
    const badPath = await tmp.write("bad.json", errorGraph());
    for (const args of [["compile", graphPath], ["validate", graphPath, "--json"], ["validate", badPath], ["help"]]) {
      const inProcess = await run(...args);
      const bundled = await execFileAsync(process.execPath, [join(out, "main.js"), ...args], { cwd: tmp.dir }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
      expect(bundled).toEqual({ code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr });
    }
  });

  it("a bundle is current only while every source it lists is unchanged", async () => {
    const dist = join(tmp.dir, "fake-dist");
    const src = await tmp.write("src.ts", "export const a = 1;\n");
    const s = statSync(src);
    mkdirSync(dist);
    writeFileSync(join(dist, "inputs.json"), JSON.stringify({ inputs: [["src.ts", s.size, s.mtimeMs]] }));
    expect(prebuiltIsCurrent(dist, tmp.dir)).toBe(true);
    // Touched (same content, new mtime): the sources run instead.
    utimesSync(src, new Date(), new Date(s.mtimeMs + 5_000));
    expect(prebuiltIsCurrent(dist, tmp.dir)).toBe(false);
    writeFileSync(join(dist, "inputs.json"), "{not json");
    expect(prebuiltIsCurrent(dist, tmp.dir)).toBe(false);
    expect(prebuiltIsCurrent(join(tmp.dir, "missing"), tmp.dir)).toBe(false);
  });
});
