import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir } from "./lock-data-dir";

describe("lockDataDir", () => {
  const root = mkdtempSync(path.join(tmpdir(), "switchyard-lock-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("lets one owner in at a time and releases the lock", () => {
    const dir = path.join(root, "a");
    const release = lockDataDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    expect(() => lockDataDir(dir)).toThrow(/already open in this process/);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it("refuses a directory held by another live process, and takes over from a dead one", async () => {
    const dir = path.join(root, "b");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      writeFileSync(`${dir}.lock`, `${other.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill();
      await new Promise((resolve) => other.once("exit", resolve));
    }
    const release = lockDataDir(dir); // the holder is gone: stale lock
    release();
  });
});
