import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDir, makeTempDir, run, usGraph } from "./test-fixtures";

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
});
