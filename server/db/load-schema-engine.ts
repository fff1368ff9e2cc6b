import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Offline migrations run on Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm,
// pinned to the engine commit of the installed `prisma` CLI), so no schema-engine binary is downloaded.
//
// The package's main entry does `import * as wasm from "./schema_engine_bg.wasm"`, an ES-module wasm
// import that Node 20 only accepts with --experimental-wasm-modules and that bundlers handle each in
// their own way. Instead we import the plain-JS glue (`/schema_engine_bg`), instantiate the .wasm
// ourselves and hand it to the glue, exactly as the package's entry would. This works the same under
// tsx, vitest and the Next.js server runtime.
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type SchemaEngineClass = typeof glue.SchemaEngine;

const GLUE_SPECIFIER = "@prisma/schema-engine-wasm/schema_engine_bg";

let loading: Promise<SchemaEngineClass> | undefined;

/** Loads the schema engine's wasm once per process and returns its `SchemaEngine` class. */
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<SchemaEngineClass> {
  const bytes = await readFile(findWasmFile());
  // The wasm module imports its JS helpers from "./schema_engine_bg.js": the glue module itself.
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": { ...glue } });
  const exports = instance.exports as { __wbindgen_start: () => void };
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  return glue.SchemaEngine;
}

/**
 * The .wasm sits beside the glue module. Resolve it from this file first; a bundler may have moved
 * this file, so fall back to resolving from the working directory (the project root for Next.js).
 */
function findWasmFile(): string {
  const bases = [import.meta.url, pathToFileURL(path.join(process.cwd(), "package.json")).href];
  for (const base of bases) {
    try {
      return path.join(path.dirname(createRequire(base).resolve(GLUE_SPECIFIER)), "schema_engine_bg.wasm");
    } catch {
      // try the next base
    }
  }
  throw new Error(`Cannot find ${GLUE_SPECIFIER}: is @prisma/schema-engine-wasm installed?`);
}
