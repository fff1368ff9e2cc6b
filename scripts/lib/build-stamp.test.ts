import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decideBuild, listBuildInputs, readBuildState, recordBuild, sourceStamp } from "./build-stamp";

describe("decideBuild", () => {
  const current = "stamp-now";

  it.each([
    ["no production build", { buildId: null, recorded: null }, true, "no production build"],
    ["a BUILD_ID left by an old record's build", { buildId: null, recorded: { stamp: current, buildId: "b1" } }, true, "no production build"],
    ["a build of unknown sources (plain `next build`)", { buildId: "b1", recorded: null }, true, "sources are unknown"],
    ["a build replaced after it was stamped", { buildId: "b2", recorded: { stamp: current, buildId: "b1" } }, true, "replaced"],
    ["sources changed since the build", { buildId: "b1", recorded: { stamp: "stamp-then", buildId: "b1" } }, true, "sources changed"],
    ["the build of exactly these sources", { buildId: "b1", recorded: { stamp: current, buildId: "b1" } }, false, "current"],
  ])("%s", (_name, state, build, reason) => {
    const decision = decideBuild(state, current);
    expect(decision.build).toBe(build);
    expect(decision.reason).toContain(reason);
  });
});

describe("sourceStamp", () => {
  let root = "";
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const project = () => {
    root = mkdtempSync(join(tmpdir(), "build-stamp-"));
    write("package.json", '{"name":"x"}');
    write("next.config.mjs", "export default {};");
    write("app/page.tsx", "export default function Page() { return null; }");
    write("components/button.tsx", "export const Button = 1;");
    write("server/db/generated/prisma/client.ts", "export {};");
  };

  it("covers the app's sources and configuration, not tests, tooling, docs or outputs", () => {
    project();
    for (const path of [
      "README.md",
      "app/page.test.tsx",
      "components/button.test.ts",
      "e2e/sign-in.spec.ts",
      "scripts/start.ts",
      "cli/main.ts",
      "node_modules/next/index.js",
      "components/node_modules/x.js",
      ".next/BUILD_ID",
      ".data/pglite/PG_VERSION",
      ".git/HEAD",
      "test-results/e2e/a.png",
      "next-env.d.ts",
      "tsconfig.tsbuildinfo",
    ])
      write(path, "x");
    expect(listBuildInputs(root)).toEqual(["app/page.tsx", "components/button.tsx", "next.config.mjs", "package.json", "server/db/generated/prisma/client.ts"]);
  });

  it("is the same for the same content, whatever the files' times", () => {
    project();
    const before = sourceStamp(root, {});
    utimesSync(join(root, "app/page.tsx"), new Date("2030-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z"));
    write("components/button.tsx", "export const Button = 1;");
    expect(sourceStamp(root, {})).toBe(before);
  });

  it("changes when a source changes, appears or goes, and when a NEXT_PUBLIC_ variable changes", () => {
    project();
    const before = sourceStamp(root, {});
    write("components/button.tsx", "export const Button = 2;");
    const edited = sourceStamp(root, {});
    expect(edited).not.toBe(before);
    write("lib/new.ts", "export {};");
    const added = sourceStamp(root, {});
    expect(added).not.toBe(edited);
    rmSync(join(root, "lib/new.ts"));
    expect(sourceStamp(root, {})).toBe(edited);
    expect(sourceStamp(root, { NEXT_PUBLIC_API: "a" })).not.toBe(edited);
    expect(sourceStamp(root, { DATABASE_URL: "postgres://x" })).toBe(edited);
  });

  it("is not fooled by moving content from one file to another", () => {
    project();
    write("lib/a.ts", "ab");
    write("lib/b.ts", "");
    const before = sourceStamp(root, {});
    write("lib/a.ts", "a");
    write("lib/b.ts", "b");
    expect(sourceStamp(root, {})).not.toBe(before);
  });

  it("a second start after a recorded build skips the build; an edit or another build makes it build again", () => {
    project();
    expect(decideBuild(readBuildState(root), sourceStamp(root, {})).build).toBe(true);
    // What `npm run build` / the first `npm start` leaves: Next's BUILD_ID, then our record of the stamp.
    write(".next/BUILD_ID", "build-1\n");
    recordBuild(root, sourceStamp(root, {}));
    expect(decideBuild(readBuildState(root), sourceStamp(root, {}))).toEqual({ build: false, reason: "the production build is current" });
    write("app/page.tsx", "export default function Page() { return 'edited'; }");
    expect(decideBuild(readBuildState(root), sourceStamp(root, {})).build).toBe(true);
    recordBuild(root, sourceStamp(root, {}));
    expect(decideBuild(readBuildState(root), sourceStamp(root, {})).build).toBe(false);
    write(".next/BUILD_ID", "build-2\n"); // a plain `next build` since
    expect(decideBuild(readBuildState(root), sourceStamp(root, {})).build).toBe(true);
  });

  it("reads a damaged record as no record", () => {
    project();
    write(".next/BUILD_ID", "build-1\n");
    write(".next/switchyard-build.json", "{not json");
    expect(readBuildState(root)).toEqual({ buildId: "build-1", recorded: null });
  });
});
