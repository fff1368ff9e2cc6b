import { readFile } from "node:fs/promises";
import { rulesetFromTemplate, signedInState } from "./support";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";

const DESIGNER = { email: "ops@switchyard.dev", password: "switchyard-demo" };
const SCREENS = "test-results/e2e/screens";
/** A 1366×768 laptop: the screens must read well there. */
const LAPTOP = { width: 1366, height: 768 };

test.describe.configure({ mode: "serial", timeout: 240_000 });

/** Sign-in is rate-limited per address: the file signs in once and shares the session. */
let storage: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  storage = await signedInState(browser, DESIGNER);
});

async function laptopPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storage, viewport: LAPTOP, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** The history's last 30 days hold orders while the demo anchor is recent; otherwise the whole history is replayed. */
async function useOrdersInHistory(page: Page) {
  const note = page.getByTestId("orders-in-range");
  await expect(note).toContainText("Order history runs from");
  const text = (await note.textContent()) ?? "";
  const count = Number(/([\d,]+) orders? placed/.exec(text)?.[1]?.replace(/,/g, "") ?? "0");
  if (count === 0) await page.getByRole("button", { name: "All history" }).click();
}

const statusOf = (page: Page) => page.getByTestId("simulation-status");

test("an analyst replays a draft against history, reads the totals, filters the changes, opens a trace and exports CSV", async ({ browser }) => {
  const { context, page } = await laptopPage(browser);
  const name = `Sim LA first ${Date.now()}`;
  const rulesetId = await rulesetFromTemplate(page, name);

  // An edit, then Simulate at once (before autosave): the draft is saved first, so the simulation runs the edit.
  // The graph opens at a readable zoom, with its last node past the canvas edge: fit it all first, as a person would.
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-first-view", "set", { timeout: 20_000 });
  await page.getByRole("button", { name: "Fit view", exact: true }).click();
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-view-moving", "false");
  await page.locator('.react-flow__node:has([data-kind="assignWarehouse"])').click();
  await page.getByLabel("Inspector: Assign warehouse").getByLabel("Name on the canvas").fill("Ship from LA (e2e)");
  // The designer's Simulate button opens the form with the draft against the published version (none yet).
  await page.getByTestId("designer-simulate").click();
  await expect(page).toHaveURL(new RegExp(`/simulations/new\\?rulesetId=${rulesetId}$`));
  await expect(page.getByRole("heading", { name: "New simulation" })).toBeVisible();
  await expect(page.getByLabel("Candidate")).toHaveValue("draft");
  await expect(page.getByLabel("Candidate").locator("option:checked")).toContainText("Current draft (v1)");
  await expect(page.getByLabel("Baseline")).toHaveValue("published");
  await expect(page.getByLabel("Baseline").locator("option:checked")).toContainText("nothing published yet");
  await expect(page.getByRole("button", { name: "Last 30 days" })).toHaveAttribute("aria-pressed", "true");
  await useOrdersInHistory(page);
  await page.screenshot({ path: `${SCREENS}/simulation-new.png`, fullPage: true });

  await page.getByTestId("start-simulation").click();
  await expect(page).toHaveURL(/\/simulations\/[^/?]+$/, { timeout: 30_000 });
  const simulationUrl = page.url();
  const simulationId = simulationUrl.split("/simulations/")[1]!;

  // Progress while it runs (or it is already done: small histories replay in a moment).
  await expect(page.getByTestId("simulation-progress").or(page.locator('[data-testid="simulation-status"][data-status="completed"]'))).toBeVisible();
  if (await page.getByTestId("simulation-progress").isVisible()) {
    await expect(page.getByTestId("simulation-progress").getByRole("progressbar")).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/simulation-progress.png` });
  }
  await expect(statusOf(page)).toHaveAttribute("data-status", "completed", { timeout: 180_000 });

  // Totals: orders replayed, and with nothing published every order the draft routes to Los Angeles is a change.
  const orders = page.getByTestId("totals-card-orders");
  await expect(orders).toBeVisible();
  const replayed = Number(((await orders.locator(".sim-card-value").textContent()) ?? "").replace(/[^\d]/g, ""));
  expect(replayed).toBeGreaterThan(0);
  for (const key of ["changed", "gaps", "disagreements", "late", "cost", "splits", "merges", "holds", "intercepts", "parcels"]) await expect(page.getByTestId(`totals-card-${key}`)).toBeVisible();
  await expect(page.getByTestId("totals-card-changed")).toContainText("%");
  await expect(page.getByTestId("totals-card-changed").locator(".sim-card-value")).not.toHaveText("0");
  // Charts: bars drawn for both sides, numbers beside them; Los Angeles appears in the candidate's column.
  const warehouses = page.getByTestId("chart-warehouse");
  await warehouses.scrollIntoViewIfNeeded();
  await expect(warehouses.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(warehouses.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(warehouses.getByRole("table")).toContainText("Los Angeles");
  await expect(page.getByTestId("chart-action")).toContainText("Assign warehouse");
  await page.screenshot({ path: `${SCREENS}/simulation-results.png`, fullPage: true });
  await expect(page.getByRole("table", { name: "Rule hits" })).toBeVisible();

  // Changed orders: filter by a kind of change; the filter is in the URL and survives a reload.
  const table = page.getByTestId("changes-table");
  await table.scrollIntoViewIfNeeded();
  await expect(table.getByRole("table", { name: "Changed orders" })).toBeVisible();
  await page.getByTestId("change-filter").selectOption("warehouse");
  await expect(page).toHaveURL(/[?&]change=warehouse/);
  const rows = table.getByRole("table", { name: "Changed orders" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().locator(".sim-change-list")).toContainText("Warehouse");
  // The filtered kind comes first in each row: no warehouse before, Los Angeles after.
  await expect(rows.first().locator(".val.after").first()).toContainText("Los Angeles");
  await page.screenshot({ path: `${SCREENS}/simulation-changes.png` });
  await page.reload();
  await expect(page.getByTestId("change-filter")).toHaveValue("warehouse");

  // CSV export with the same filter: the header and at least one changed order.
  await expect(page.getByTestId("export-csv")).toHaveAttribute("href", `/api/simulations/${simulationId}/changes.csv?change=warehouse`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).split(/\r?\n/).filter(Boolean);
  expect(csv[0]).toMatch(/^order_id,platform_order_id,placed_at,/);
  expect(csv.length).toBeGreaterThan(1);
  expect(csv[1]).toContain("warehouse");
  // Names, not ids: the warehouse after is Los Angeles, and the rule that fired is named as on the canvas.
  const header = csv[0]!.split(",");
  const cells = csv[1]!.split(",");
  expect(cells[header.indexOf("warehouse_after")]).toMatch(/Los Angeles/);
  expect(csv[1]).toContain("Ship from LA (e2e)");
  expect(csv.join("\n")).not.toMatch(/rule:[a-zA-Z]+-[a-z0-9]{6,}/);

  // One order's trace: the candidate's graph with the path it took, and both outcomes side by side.
  const firstOrder = (await rows.first().getAttribute("data-order"))!;
  await rows.first().getByRole("link", { name: /^Trace / }).click();
  await expect(page).toHaveURL(new RegExp(`/simulations/${simulationId}/orders/[^/]+$`));
  await expect(page.getByRole("heading", { name: new RegExp(`Order ${firstOrder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) })).toBeVisible();
  const graph = page.getByTestId("trace-graph");
  await expect(graph.locator(".react-flow__node")).toHaveCount(4, { timeout: 20_000 });
  await expect(graph.locator(".rule-node.trace-true").first()).toBeVisible();
  await expect(graph.locator('[data-kind="assignWarehouse"].trace-true')).toContainText("✓ fired");
  await expect(graph.locator('[data-kind="assignWarehouse"]')).toContainText("Ship from LA (e2e)");
  await expect(page.getByTestId("outcome-comparison").locator('tr[data-field="warehouse"]')).toHaveClass(/diff/);
  await expect(page.getByTestId("outcome-comparison").locator('tr[data-field="warehouse"] td').last()).toContainText("Los Angeles");
  await expect(page.getByRole("link", { name: "Open in designer" })).toHaveAttribute("href", `/rulesets/${rulesetId}`);
  await page.screenshot({ path: `${SCREENS}/simulation-trace.png` });

  // The list shows it with its labels and count.
  await page.goto(`/simulations?rulesetId=${rulesetId}`);
  const row = page.locator(`tr[data-simulation="${simulationId}"]`);
  await expect(row).toContainText(name);
  await expect(row).toContainText("Draft v1");
  await expect(row.locator(".sim-status")).toHaveText("Completed");
  await page.screenshot({ path: `${SCREENS}/simulation-list.png` });
  await context.close();
});

test("a file upload with unreadable rows is refused with the rows listed; a good file is simulated", async ({ browser }) => {
  const { context, page } = await laptopPage(browser);
  const rulesetId = await rulesetFromTemplate(page, `Sim upload ${Date.now()}`);
  await page.goto(`/simulations/new?rulesetId=${rulesetId}`);
  await page.getByText("Upload a file", { exact: true }).click();

  // Nothing chosen: the form says what is missing before sending anything.
  await page.getByTestId("start-simulation").click();
  await expect(page.getByText("Choose the store the orders belong to")).toBeVisible();
  await expect(page.getByText("Choose or drop an order file")).toBeVisible();

  const store = page.getByLabel("Store");
  await store.selectOption({ index: 1 });
  await page.getByLabel("Format").selectOption("native");
  // The server reads the file like an order import and refuses it whole when rows are bad.
  const good = (n: number) => ({
    id: `upload-${n}`,
    externalId: `UP-${n}`,
    platform: "shopify",
    storeId: "any",
    status: "awaiting_fulfillment",
    createdAt: "2026-11-19T08:00:00Z",
    paidAt: "2026-11-19T08:05:00Z",
    shipByDeadline: "2026-11-22T08:00:00Z",
    currency: "USD",
    totalValue: 40,
    buyerId: `buyer-${n}`,
    shippingAddress: { country: "US", region: "CA", city: "Los Angeles", postalCode: "90012" },
    lines: [{ platformSku: "SKU-1", quantity: 1, unitPrice: 40, weightGrams: 500 }],
  });
  const bad = [JSON.stringify(good(1)), JSON.stringify({ ...good(2), shippingAddress: { country: "Narnia" } })].join("\n");
  await page.locator("#sim-file").setInputFiles({ name: "orders.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await expect(page.getByTestId("simulation-drop-zone")).toContainText("orders.ndjson");
  await page.getByTestId("start-simulation").click();
  await expect(page.getByText(/row of the file could not be read/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Rows that could not be read" })).toContainText("shippingAddress.country");
  await page.screenshot({ path: `${SCREENS}/simulation-upload-refused.png`, fullPage: true });

  const fine = [good(1), good(2), good(3)].map((o) => JSON.stringify(o)).join("\n");
  await page.locator("#sim-file").setInputFiles({ name: "three-orders.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(fine) });
  await page.getByTestId("start-simulation").click();
  await expect(page).toHaveURL(/\/simulations\/[^/?]+$/, { timeout: 30_000 });
  await expect(statusOf(page)).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page.getByTestId("totals-card-orders").locator(".sim-card-value")).toHaveText("3");
  await expect(page.locator(".sim-head-meta")).toContainText("Upload · three-orders.ndjson · 3 orders");
  await context.close();
});

test("a long replay shows its progress from the first orders and can be cancelled", async ({ browser }) => {
  const { context, page } = await laptopPage(browser);
  await page.goto("/rulesets");
  await page.getByRole("main").getByRole("link", { name: "Warehouses", exact: true }).click();
  await expect(page).toHaveURL(/\/rulesets\/[^/]+$/);
  await page.getByTestId("designer-simulate").click();
  await expect(page.getByRole("heading", { name: "New simulation" })).toBeVisible();
  // Every order the demo has (50,000, and what other tests imported): long enough to watch.
  await page.getByRole("button", { name: "All history" }).click();
  // The other stages are listed with what runs in them.
  await expect(page.getByTestId("sim-pipeline")).toContainText("Logistics matching");
  await expect(page.getByTestId("sim-pipeline")).toContainText("(live)");
  await page.getByTestId("start-simulation").click();
  // The run page comes at once (not after the run), with the progress bar and Cancel.
  await expect(page).toHaveURL(/\/simulations\/[^/?]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("simulation-progress").getByRole("progressbar")).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  // Progress moves from the first orders: some orders done, of the whole history, with a rate.
  await expect(page.getByTestId("simulation-progress")).toContainText(/[1-9][\d,]* of [1-9][\d,]+ orders · [\d.,]+ orders\/s/, { timeout: 60_000 });
  await expect(page.getByTestId("simulation-pipeline")).toContainText("Channels");
  await page.screenshot({ path: `${SCREENS}/simulation-progress-running.png` });
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(statusOf(page)).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
  await expect(page.getByText("This simulation was cancelled.")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/simulation-cancelled.png` });
  await context.close();
});
