/**
 * `npm run build:cli` (also run by `postinstall` and `npm run build`): bundles the `switchyard` CLI into
 * dist/cli with esbuild, so a command starts without compiling TypeScript (bin/switchyard.mjs).
 *
 * - One bundle per entry, split: `import` (the only command that needs the database layer) is a chunk
 *   of its own, loaded on demand; the database packages (PGlite, Prisma, pg) stay in node_modules, where
 *   they find their WebAssembly and data files.
 * - dist/cli/inputs.json lists every source file the bundle was built from with its size and mtime; the
 *   bin uses the bundle only while all of them are unchanged (bin/prebuilt.mjs), and otherwise runs the
 *   sources through tsx — a stale bundle never answers.
 * - Written to a temporary folder, then moved into place: a command running meanwhile sees the old
 *   bundle or the new one, never half of one.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Packages loaded from node_modules at run time rather than bundled (they locate files next to themselves). */
const EXTERNAL = ["@electric-sql/*", "@prisma/*", "pg", "pg-*", "pglite-prisma-adapter", "tsx"];

export interface BuiltCli {
  outdir: string;
  /** Source files (relative to the root) the bundle was built from. */
  inputs: number;
  bytes: number;
}

export async function buildCli(root: string, outdir = join(root, "dist", "cli")): Promise<BuiltCli> {
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: "cli/main.ts" },
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: staging,
    external: EXTERNAL,
    // Bundled CommonJS packages call require(): give the ES module one.
    banner: { js: "import { createRequire as __switchyardRequire } from 'node:module'; const require = __switchyardRequire(import.meta.url);" },
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes("node_modules/"))
    .sort()
    .map((p) => {
      const s = statSync(join(root, p));
      return [p, s.size, s.mtimeMs] as const;
    });
  writeFileSync(join(staging, "inputs.json"), JSON.stringify({ note: "Sources of this bundle: [path, size, mtimeMs]. bin/switchyard.mjs uses the bundle only while they are unchanged.", inputs }));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  mkdirSync(join(outdir, ".."), { recursive: true });
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return { outdir, inputs: inputs.length, bytes };
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  buildCli(root).then(
    (b) => console.log(`[build:cli] ${relative(root, b.outdir)}: ${(b.bytes / 1024).toFixed(0)} KB from ${b.inputs} source files`),
    (error: unknown) => {
      console.error("[build:cli] failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
