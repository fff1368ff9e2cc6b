import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Is the production build in `.next` current? `npm run build` (scripts/build.ts) records a stamp of the
 * sources it built from next to Next's own `.next/BUILD_ID`; `npm start` (scripts/start.ts) compares the
 * stamp of the sources now with it and runs `next build` only when they differ.
 *
 * The stamp is a SHA-256 of the content (not the mtimes) of every file that can change the build — so a
 * fresh clone, a `git checkout` that touches files without changing them, or a copy without `.git` all give
 * the same answer — plus the NEXT_PUBLIC_* variables Next inlines at build time. It is computed by excluding
 * what cannot matter rather than by listing what does: a new folder of sources is always covered, and a
 * file wrongly covered only costs one extra build.
 */

/** Where the stamp of the last build made by `npm run build` / `npm start` is kept (inside `.next`, so it goes with it). */
export const RECORD_FILE = join(".next", "switchyard-build.json");

/** Folders that never reach the app's bundle, at any depth. Dot-folders (.git, .next, .data, …) are skipped too. */
const SKIPPED_DIRS = new Set(["node_modules"]);
/** Top-level folders outside the build: tests and tooling (tsconfig.next.json excludes the same), and run outputs. */
const SKIPPED_TOP_DIRS = new Set(["e2e", "scripts", "cli", "bin", "test-results", "playwright-report", "coverage", "bench-results", "out", "tmp"]);
/** Files outside the build at any depth: tests, docs, and what Next and tsc write themselves. */
const SKIPPED_FILE = /(\.test\.tsx?|\.md|\.tsbuildinfo)$|^next-env\.d\.ts$/;

/** Every file the stamp covers, relative to `root` with `/` separators, sorted. Symbolic links are not followed. */
export function listBuildInputs(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name) || (!rel && SKIPPED_TOP_DIRS.has(entry.name))) continue;
        walk(join(dir, entry.name), path);
      } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) {
        files.push(path);
      }
    }
  };
  walk(root, "");
  return files.sort();
}

/** The stamp of the sources under `root` and of the NEXT_PUBLIC_* variables in `env`. */
export function sourceStamp(root: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const hash = createHash("sha256");
  for (const path of listBuildInputs(root)) {
    const content = readFileSync(join(root, path));
    hash.update(`${path}\0${content.length}\0`).update(content).update("\0");
  }
  for (const key of Object.keys(env).filter((k) => k.startsWith("NEXT_PUBLIC_")).sort()) hash.update(`env:${key}=${env[key]}\0`);
  return hash.digest("hex");
}

/** The stamp recorded after a build, and the build it belongs to. */
export interface RecordedBuild {
  stamp: string;
  buildId: string;
}

/** What is in `.next` now: Next's BUILD_ID (null when there is no production build) and our record (null when absent or unreadable). */
export interface BuildState {
  buildId: string | null;
  recorded: RecordedBuild | null;
}

export interface BuildDecision {
  build: boolean;
  reason: string;
}

/** Whether `npm start` must run `next build` first: only when the build in `.next` is not known to be of the current sources. */
export function decideBuild(state: BuildState, currentStamp: string): BuildDecision {
  if (!state.buildId) return { build: true, reason: "there is no production build yet" };
  if (!state.recorded) return { build: true, reason: "the build in .next was not made by `npm run build` or `npm start`, so its sources are unknown" };
  if (state.recorded.buildId !== state.buildId) return { build: true, reason: "the build in .next was replaced after its sources were stamped" };
  if (state.recorded.stamp !== currentStamp) return { build: true, reason: "the sources changed since the last build" };
  return { build: false, reason: "the production build is current" };
}

export function readBuildState(root: string): BuildState {
  const read = (path: string) => {
    try {
      return readFileSync(join(root, path), "utf8");
    } catch {
      return null;
    }
  };
  const buildId = read(join(".next", "BUILD_ID"))?.trim() || null;
  let recorded: RecordedBuild | null = null;
  try {
    const parsed = JSON.parse(read(RECORD_FILE) ?? "null") as Partial<RecordedBuild> | null;
    if (parsed && typeof parsed.stamp === "string" && typeof parsed.buildId === "string") recorded = { stamp: parsed.stamp, buildId: parsed.buildId };
  } catch {
    recorded = null;
  }
  return { buildId, recorded };
}

/** Records that the build now in `.next` was made from sources with `stamp` (call after a successful `next build`). */
export function recordBuild(root: string, stamp: string): void {
  const buildId = readFileSync(join(root, ".next", "BUILD_ID"), "utf8").trim();
  mkdirSync(join(root, ".next"), { recursive: true });
  writeFileSync(join(root, RECORD_FILE), `${JSON.stringify({ stamp, buildId } satisfies RecordedBuild)}\n`);
}

/**
 * Runs `next build` in `root` and records the stamp of the sources as they were when it started (an edit
 * made during the build makes the next start build again). Resolves with the exit code.
 */
export function runStampedBuild(root: string): Promise<number> {
  const stamp = sourceStamp(root);
  const next = join(root, "node_modules", "next", "dist", "bin", "next");
  if (!existsSync(next)) return Promise.reject(new Error(`${next} is missing: run \`npm install\` first`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [next, "build"], { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) recordBuild(root, stamp);
      resolve(code ?? 1);
    });
  });
}
