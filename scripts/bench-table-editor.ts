/**
 * npm run bench:table [-- --rows N] [--port N]
 *
 * How the decision table editor copes with a large table, in Debian's Chromium against the production
 * build (run `npm run build` first):
 *   1. wipes and fills its own embedded database in `.data/bench-table`: migrations, the demo merchant
 *      (500 orders) and a logistics ruleset whose draft is one decision table of N rows (`--rows`,
 *      default 5,000: country groups × weight bands × battery → the demo's channels);
 *   2. starts the production server, signs in as the designer, opens the ruleset and then the table;
 *   3. measures: opening the table editor (click → first rows painted); scrolling the grid for ~3 s with
 *      the mouse wheel (frames per second, 95th percentile frame); typing into a cell (Enter → the new
 *      text painted) and the main thread's long tasks in the 3 s after (the table is re-validated);
 *      pasting 100 rows from the clipboard (paste → status painted).
 * Prints the figures and, as the LAST line, one JSON object.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "@playwright/test";
import { createDb } from "../server/db/create-db";
import { ZRulesetCreate } from "../server/schemas/ruleset-schemas";
import { createRuleset } from "../server/services/ruleset-service";
import type { Scope } from "../server/services/scope";
import { DEMO_ORG } from "../server/seed/demo-merchant";
import { seedDemoMerchant } from "../server/seed/seed-demo-merchant";
import { startNextServer, stopNextServer } from "./bench-editor/start-next-server";
import { percentile } from "./bench-editor/stats";
import { channelTableGraph } from "./lib/random-workload";

const DATA_DIR = resolve(".data/bench-table");
const say = (m: string) => console.log(`[bench:table] ${m}`);
const opt = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const ROWS = Number(opt("rows") ?? 5000);
const PORT = Number(opt("port") ?? process.env.BENCH_PORT ?? 3290);

async function prepare(): Promise<string> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const db = await createDb({ kind: "pglite", dataDir: join(DATA_DIR, "pglite") });
  try {
    await seedDemoMerchant(db, { orderCount: 500 });
    const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
    const channels = await db.logisticsChannel.findMany({ where: { organizationId: org.id }, orderBy: { code: "asc" }, select: { id: true } });
    const graph = channelTableGraph(ROWS, 11) as { nodes: { kind: string; data: { rows?: { actions: { channel: { channelId: string } } }[] } }[] };
    const table = graph.nodes.find((n) => n.kind === "decisionTable")!;
    for (const [i, r] of table.data.rows!.entries()) r.actions.channel.channelId = channels[i % channels.length]!.id;
    const scope: Scope = { organizationId: org.id, role: "owner", actor: { type: "system", id: "bench-table" } };
    const out = await createRuleset(db, scope, ZRulesetCreate.parse({ name: `Table benchmark (${ROWS} rows)`, stage: "logisticsMatching", hitPolicy: "first", graph }));
    const errors = out.problems.filter((p) => p.severity === "error");
    if (errors.length) throw new Error(`the table is not valid: ${errors.slice(0, 3).map((p) => p.message).join("; ")}`);
    return out.id;
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  if (!existsSync(join(".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  say(`Preparing a ${ROWS.toLocaleString("en-US")}-row table…`);
  const rulesetId = await prepare();
  const server = await startNextServer(PORT, DATA_DIR);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("ops@switchyard.dev");
    await page.getByLabel("Password").fill("switchyard-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/rulesets$/, { timeout: 60_000 });
    await page.goto(`/rulesets/${rulesetId}`);
    await page.locator('[data-kind="decisionTable"]').click({ timeout: 60_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __long: { at: number; ms: number }[] };
      w.__long = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push({ at: e.startTime, ms: e.duration }))).observe({ type: "longtask", buffered: false });
    });
    const longTasksSince = (t: number) => page.evaluate((since) => (window as unknown as { __long: { at: number; ms: number }[] }).__long.filter((x) => x.at >= since), t);
    const now = () => page.evaluate(() => performance.now());

    // Open.
    const t0 = await now();
    await page.getByTestId("open-table-editor").click();
    await page.getByTestId("cell-0-country").waitFor();
    const openMs = (await page.evaluate(() => new Promise<number>((ok) => requestAnimationFrame(() => ok(performance.now()))))) - t0;
    const domRows = await page.locator(".table-grid-row").count();

    // Scroll ~3 s with the wheel.
    const grid = page.getByTestId("table-grid");
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // A string, not a function: tsx would wrap the named callback in a helper the page does not have.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__stop = false;
      const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const scrollStart = Date.now();
    while (Date.now() - scrollStart < 3000) await page.mouse.wheel(0, 240);
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames;
    });
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    const fps = (frames.length - 1) / ((frames[frames.length - 1]! - frames[0]!) / 1000);
    const scrolledTo = await grid.evaluate((el) => Math.round(el.scrollTop / 30));

    // Type into a cell.
    await grid.evaluate((el) => (el.scrollTop = 0));
    await page.getByTestId("cell-0-weight").click();
    await page.keyboard.press("0");
    await page.getByTestId("cell-input").waitFor();
    await page.keyboard.type(".1–3");
    const e0 = await now();
    await page.keyboard.press("Enter");
    await page.getByTestId("cell-0-weight").filter({ hasText: "0.1–3" }).waitFor();
    const editMs = (await now()) - e0;
    await page.waitForTimeout(3000);
    const editLong = await longTasksSince(e0);

    // Paste 100 rows.
    const tsv = Array.from({ length: 100 }, (_, i) => `DE, FR\t${i / 10}–${i / 10 + 0.1}\tno`).join("\n");
    await page.evaluate((t) => navigator.clipboard.writeText(t), tsv);
    await page.getByTestId("cell-0-country").click();
    const p0 = await now();
    await page.keyboard.press("Control+V");
    await page.getByTestId("table-status").filter({ hasText: "Pasted 100 rows" }).waitFor();
    const pasteMs = (await now()) - p0;
    await page.waitForTimeout(3000);
    const pasteLong = await longTasksSince(p0);

    const load = loadavg()[0]!.toFixed(2);
    const maxLong = (xs: { ms: number }[]) => Math.round(Math.max(0, ...xs.map((x) => x.ms)));
    console.log(`${ROWS.toLocaleString("en-US")}-row decision table in the editor (load ${load}):`);
    console.log(`  open: ${Math.round(openMs)} ms to the first rows painted; ${domRows} rows in the DOM`);
    console.log(`  scroll: ${fps.toFixed(1)} fps over 3 s of wheel scrolling (p95 frame ${percentile(gaps, 95).toFixed(1)} ms), reached row ${scrolledTo.toLocaleString("en-US")}`);
    console.log(`  type into a cell: ${Math.round(editMs)} ms from Enter to the new text; long tasks in the next 3 s: ${editLong.length}, longest ${maxLong(editLong)} ms (re-validation)`);
    console.log(`  paste 100 rows: ${Math.round(pasteMs)} ms to the status; long tasks in the next 3 s: ${pasteLong.length}, longest ${maxLong(pasteLong)} ms`);
    console.log(
      JSON.stringify({
        bench: "table-editor",
        rows: ROWS,
        load: Number(load),
        openMs: Math.round(openMs),
        domRows,
        scrollFps: Math.round(fps * 10) / 10,
        scrollP95FrameMs: Math.round(percentile(gaps, 95) * 10) / 10,
        editMs: Math.round(editMs),
        editLongestTaskMs: maxLong(editLong),
        pasteMs: Math.round(pasteMs),
        pasteLongestTaskMs: maxLong(pasteLong),
      }),
    );
  } finally {
    await browser.close();
    await stopNextServer(server);
  }
}

main().catch((e: unknown) => {
  console.error(`[bench:table] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
