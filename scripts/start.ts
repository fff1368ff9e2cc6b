/**
 * `npm start [-- -p PORT] [-H HOST]` — the quick start and the production start in one command:
 *
 *   1. (`prestart`) scripts/db-setup.ts applies the migrations and, on the first start, seeds the demo merchant;
 *   2. builds the app with `next build` only when the production build in `.next` is not of the current
 *      sources (scripts/lib/build-stamp.ts compares a content stamp of the sources with the one recorded by
 *      the last `npm run build` / `npm start`); a current build is never rebuilt;
 *   3. serves it with the production server, server/http/serve.ts (which reads -p / -H, else PORT / HOSTNAME).
 *
 * SWITCHYARD_BUILD=always forces the build, SWITCHYARD_BUILD=never serves whatever is in `.next`.
 */
import { decideBuild, readBuildState, runStampedBuild, sourceStamp } from "./lib/build-stamp";

async function main(): Promise<void> {
  const root = process.cwd();
  const say = (message: string) => console.log(`[start] ${message}`);
  const mode = process.env.SWITCHYARD_BUILD?.trim().toLowerCase() || "auto";
  if (!["auto", "always", "never"].includes(mode)) throw new Error(`SWITCHYARD_BUILD must be auto, always or never (got "${mode}")`);
  const state = readBuildState(root);
  const decision =
    mode === "always"
      ? { build: true, reason: "SWITCHYARD_BUILD=always" }
      : mode === "never"
        ? { build: false, reason: "SWITCHYARD_BUILD=never" }
        : decideBuild(state, sourceStamp(root));
  if (decision.build) {
    say(`Building the app (${decision.reason}): \`next build\` takes a few minutes, once; later starts skip it while the sources are unchanged.`);
    const started = performance.now();
    const code = await runStampedBuild(root);
    if (code !== 0) {
      console.error(`[start] \`next build\` failed (exit code ${code}); nothing is served.`);
      process.exit(code);
    }
    say(`Built in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  } else {
    say(`No build needed: ${decision.reason}${state.buildId ? ` (build ${state.buildId})` : ""}.`);
  }
  // The production server starts on import and reads -p / -H from this process's arguments.
  await import("../server/http/serve");
}

main().catch((error: unknown) => {
  console.error("[start] failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
