/**
 * `npm run build` — `next build`, then records a stamp of the sources it built from in
 * .next/switchyard-build.json (scripts/lib/build-stamp.ts), so that `npm start` knows the build is current
 * and does not build again.
 */
import { runStampedBuild } from "./lib/build-stamp";

runStampedBuild(process.cwd()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("[build] failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
