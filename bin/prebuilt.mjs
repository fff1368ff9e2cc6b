// Whether the prebuilt CLI in dist/cli (scripts/build-cli.ts) was built from the sources as they are now:
// every source file it lists has the size and mtime it had then. Any change, a missing file or a missing
// or unreadable list answers false, and the bin runs the sources instead.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** @param {string} distDir the bundle's folder (holding inputs.json) @param {string} root the folder its paths are relative to */
export function prebuiltIsCurrent(distDir, root) {
  try {
    const { inputs } = JSON.parse(readFileSync(join(distDir, "inputs.json"), "utf8"));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    for (const [path, size, mtimeMs] of inputs) {
      const s = statSync(join(root, path));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}
