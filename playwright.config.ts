import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE = `http://localhost:${PORT}`;
const DATA = ".data/e2e";

/**
 * End-to-end tests in Debian's Chromium against the production build on a fresh embedded database
 * seeded with the demo merchant. Run with `npm run test:e2e` (builds first).
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: BASE,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `node -e "require('fs').rmSync('${DATA}',{recursive:true,force:true})" && npx tsx scripts/db-setup.ts && npx tsx server/http/serve.ts -p ${PORT}`,
    url: `${BASE}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PGLITE_DIR: `${DATA}/pglite`,
      SWITCHYARD_DATA_DIR: DATA,
      BETTER_AUTH_URL: BASE,
      SWITCHYARD_DEMO_ANCHOR: "2026-11-20T00:00:00Z",
      // Small chunks: a replay of the demo's 50,000 orders takes long enough to watch its progress and cancel it.
      SIMULATION_CHUNK_SIZE: "100",
    },
  },
});
