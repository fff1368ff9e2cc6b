import { mkdirSync } from "node:fs";
import { type APIRequestContext, type Browser, type BrowserContext, type Page, expect, test } from "@playwright/test";
import { signedInState } from "./support";

const OWNER = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const VIEWER = { email: "viewer@switchyard.dev", password: OWNER.password };
const SCREENS = process.env.E2E_SCREENS ?? "test-results/e2e/screens";
/** A 1366×768 laptop: the Live screens must read well there. */
const LAPTOP = { width: 1366, height: 768 };
/** Listed in the demo Shopify store and paired to a warehouse SKU (server/seed/demo-merchant.ts). */
const PAIRED_SKU = "LL-CASE-IP15-CLR";

test.describe.configure({ mode: "serial", timeout: 180_000 });

/** Sign-in is rate-limited per address: the file signs in once per role and shares the sessions. */
let owner: Awaited<ReturnType<BrowserContext["storageState"]>>;
let viewer: Awaited<ReturnType<BrowserContext["storageState"]>>;
const run = Date.now().toString(36).toUpperCase();
/** The three orders the test routes: one the demo rules route, one they hold for pairing, one for its address. */
const ORDERS = { routed: `#E2E-${run}-1`, unpaired: `#E2E-${run}-2`, noZip: `#E2E-${run}-3` };

test.beforeAll(async ({ browser }) => {
  mkdirSync(SCREENS, { recursive: true });
  owner = await signedInState(browser, OWNER);
  viewer = await signedInState(browser, VIEWER);
});

async function laptopPage(browser: Browser, storageState: typeof owner): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState, viewport: LAPTOP, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** A tRPC query with the page's session (superjson over GET), for ids the test needs and no screen shows. */
async function trpcQuery<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A Shopify Admin API order, as Shopify sends it. */
function shopifyOrder(name: string, sku: string, zip: string | null, n: number) {
  return {
    id: 9_100_000_000 + n,
    name,
    created_at: new Date(Date.now() - 10 * 60_000).toISOString(),
    processed_at: new Date(Date.now() - 9 * 60_000).toISOString(),
    currency: "USD",
    total_price: "24.00",
    financial_status: "paid",
    fulfillment_status: null,
    customer: { id: 7_100_000_000 + n },
    shipping_address: { country_code: "US", province_code: "CA", city: "Los Angeles", zip },
    line_items: [{ id: 8_100_000_000 + n, sku, quantity: 1, price: "24.00", grams: 180, requires_shipping: true, gift_card: false }],
  };
}

test("orders routed through the API show up in Live: explorer, one decision's trace, holds queue, rule telemetry", async ({ browser }) => {
  const { context, page } = await laptopPage(browser, owner);

  // An API key with the route scope, made the way an admin makes one.
  await page.goto("/api-keys");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(`E2E live ${run}`);
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toContainText("This is the only time the key is shown");
  const key = await dialog.getByLabel("API key", { exact: true }).inputValue();
  await dialog.getByRole("button", { name: "I have copied the key" }).click();

  // Three orders of the demo's Shopify store through route:batch.
  const stores = await trpcQuery<{ items: { id: string; platform: string }[] }>(page.request, "stores.list", { page: 1, pageSize: 100 });
  const shopify = stores.items.find((s) => s.platform === "shopify");
  expect(shopify, "the demo has a Shopify store").toBeTruthy();
  const body = { orders: [shopifyOrder(ORDERS.routed, PAIRED_SKU, "90012", 1), shopifyOrder(ORDERS.unpaired, `E2E-NO-SUCH-SKU-${run}`, "90012", 2), shopifyOrder(ORDERS.noZip, PAIRED_SKU, null, 3)] };
  const route = () =>
    page.request.post(`/api/v1/orders/route:batch?format=shopify&storeId=${encodeURIComponent(shopify!.id)}`, {
      headers: { authorization: `Bearer ${key}`, "idempotency-key": `e2e-live-${run}` },
      data: body,
    });
  const res = await route();
  expect(res.status(), await res.text()).toBe(200);
  type Batch = { results: { decisionId: string; externalId: string; decision: { holds: { reason: string }[]; warehouseId: string | null } }[] };
  const batch = (await res.json()) as Batch;
  // The same request again (a client retrying): answered with the stored decisions, counted as a replay.
  const again = await route();
  expect(again.status()).toBe(200);
  expect(((await again.json()) as Batch).results.map((r) => r.decisionId)).toEqual(batch.results.map((r) => r.decisionId));
  const byNumber = new Map(batch.results.map((r) => [r.externalId, r.decision]));
  expect(byNumber.get(ORDERS.routed)?.holds).toEqual([]);
  expect(byNumber.get(ORDERS.unpaired)?.holds.map((h) => h.reason)).toContain("Waiting for SKU pairing");
  expect(byNumber.get(ORDERS.noZip)?.holds.map((h) => h.reason)).toContain("Invalid shipping address");

  // The explorer finds each by its order number (exact), newest first.
  await page.goto("/live");
  await expect(page.getByRole("heading", { name: "Decisions", exact: true })).toBeVisible();
  const table = page.getByRole("table", { name: "Decisions" });
  await page.getByLabel("Order", { exact: true }).fill(ORDERS.routed);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-status", "routed");
  // The replay is counted just after it is answered: refresh until the marker shows.
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(table.locator("tbody tr").first()).toContainText("replayed ×1", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Order", { exact: true }).fill(ORDERS.unpaired);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  const heldRow = table.locator("tbody tr").first();
  await expect(heldRow).toContainText(ORDERS.unpaired);
  await expect(heldRow).toHaveAttribute("data-status", "held");
  await expect(heldRow).toContainText("Waiting for SKU pairing");
  await expect(heldRow).toContainText("SKU pairing v1");
  // Status chips narrow the list; a shared link keeps them.
  await page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Routed" }).click();
  await expect(page).toHaveURL(/status=routed/);
  await expect(page.getByText("No decisions match these filters")).toBeVisible();
  await page.getByRole("group", { name: "Status" }).getByRole("button", { name: "Routed" }).click();
  await expect(heldRow).toContainText(ORDERS.unpaired);
  await page.screenshot({ path: `${SCREENS}/live-explorer.png` });

  // One decision: re-evaluated to the same decision, the holding stage's trace on its graph.
  await heldRow.getByRole("link", { name: ORDERS.unpaired }).click();
  await expect(page).toHaveURL(/\/live\/decisions\/[^/]+$/);
  const decisionUrl = page.url();
  await expect(page.getByRole("heading", { name: `Order ${ORDERS.unpaired}` })).toBeVisible({ timeout: 20_000 });
  const banner = page.getByTestId("replay-banner");
  await expect(banner).toHaveAttribute("data-status", "reproduced");
  await expect(banner).toContainText("same decision");
  await expect(page.getByTestId("merged-decision")).toContainText("Waiting for SKU pairing");
  await expect(page.getByRole("tab", { name: /SKU pairing v1/ })).toHaveAttribute("aria-selected", "true");
  const graph = page.getByTestId("trace-graph");
  await expect(graph.locator('.rule-node.trace-true[data-kind="hold"]')).toHaveCount(1);
  await expect(graph.locator(".react-flow__edge.gv-edge-path").first()).toBeAttached();
  await expect(page.getByRole("list", { name: "Rules evaluated" })).toContainText("✓ fired");
  await expect(page.getByText(`E2E-NO-SUCH-SKU-${run}`).first()).toBeAttached();
  // Another stage's tab shows that version's graph and decision.
  await page.getByRole("tab", { name: /Warehouses v1/ }).click();
  await expect(page.getByTestId("stage-view")).toHaveAttribute("data-stage", "warehouseMatching");
  await expect(graph.locator('.rule-node.trace-true:not([data-kind="start"])').first()).toBeAttached();
  await page.getByRole("tab", { name: /SKU pairing v1/ }).click();
  await page.screenshot({ path: `${SCREENS}/live-decision.png`, fullPage: true });

  // The owner keeps it as a test case of the SKU pairing ruleset.
  await page.getByTestId("add-to-suite").click();
  const form = page.getByRole("form", { name: "Save as test case" });
  await expect(form.getByLabel("Case name")).toHaveValue(ORDERS.unpaired);
  await expect(form.locator("input[type=checkbox]:checked")).not.toHaveCount(0);
  await form.getByRole("button", { name: "Save case" }).click();
  await expect(page.getByTestId("case-saved")).toContainText("Saved as");
  await expect(page.getByTestId("case-saved").getByRole("link", { name: /Suite tab/ })).toHaveAttribute("href", /^\/rulesets\/[^/]+$/);

  // The holds queue lists both held orders; a reason narrows the list.
  await page.goto("/live/holds");
  const groups = page.getByRole("table", { name: "Held orders by reason" });
  await expect(groups.locator('tr[data-reason="Waiting for SKU pairing"]')).toBeVisible();
  await expect(groups.locator('tr[data-reason="Invalid shipping address"]')).toBeVisible();
  const held = page.getByRole("table", { name: "Held orders", exact: true });
  await expect(held).toContainText(ORDERS.unpaired);
  await expect(held).toContainText(ORDERS.noZip);
  await expect(held).not.toContainText(ORDERS.routed);
  await groups.locator('tr[data-reason="Waiting for SKU pairing"]').getByRole("button").click();
  await expect(page).toHaveURL(/reason=Waiting/);
  await expect(page.getByTestId("reason-chip")).toContainText("Waiting for SKU pairing");
  await expect(held).toContainText(ORDERS.unpaired);
  await expect(held).not.toContainText(ORDERS.noZip);
  await expect(page.getByTestId("holds-csv")).toHaveAttribute("href", /^\/api\/live\/holds\.csv\?.*reason=Waiting/);
  await page.screenshot({ path: `${SCREENS}/live-holds.png`, fullPage: true });
  // The CSV holds the same orders.
  const csv = await page.request.get((await page.getByTestId("holds-csv").getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(ORDERS.unpaired);
  await held.getByRole("link", { name: ORDERS.unpaired }).click();
  await expect(page).toHaveURL(decisionUrl);

  // Rule telemetry: the pairing hold fired in the last 24 hours, on the hold-reason chart too.
  await page.goto("/live/rules");
  const pairing = page.locator('[data-testid="telemetry-version"][data-version="SKU pairing v1"]');
  await expect(pairing).toContainText("live");
  const rule = pairing.locator("tbody tr").first();
  await expect(rule.locator("td.num").first()).not.toHaveText("0");
  await expect(page.getByTestId("chart-hold")).not.toContainText("No order was held");
  await expect(page.getByTestId("chart-hold").locator(".recharts-bar-rectangle").first()).toBeAttached();
  await expect(page.getByTestId("telemetry-orders")).not.toHaveText("0");
  await page.screenshot({ path: `${SCREENS}/live-telemetry.png`, fullPage: true });

  // A rule opens the explorer filtered by it, with the filter as a removable chip.
  await rule.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/live\?ruleKey=/);
  await expect(page.getByTestId("chip-ruleKey")).toContainText("SKU pairing v1");
  await expect(page.getByRole("table", { name: "Decisions" })).toContainText(ORDERS.unpaired);
  await expect(page.getByRole("table", { name: "Decisions" })).not.toContainText(ORDERS.routed);
  await page.getByTestId("chip-ruleKey").getByRole("button").click();
  await expect(page).toHaveURL(/\/live$/);
  await context.close();
});

test("a viewer reads Live but cannot add test cases", async ({ browser }) => {
  const { context, page } = await laptopPage(browser, viewer);
  await page.goto(`/live?q=${encodeURIComponent(ORDERS.noZip)}`);
  const table = page.getByRole("table", { name: "Decisions" });
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await table.getByRole("link", { name: ORDERS.noZip }).click();
  await expect(page.getByTestId("replay-banner")).toContainText("same decision");
  await expect(page.getByTestId("merged-decision")).toContainText("Invalid shipping address");
  await expect(page.getByRole("tab", { name: /Address check v1/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("trace-graph").locator('.rule-node.trace-true[data-kind="hold"]')).toHaveCount(1);
  await expect(page.getByTestId("add-to-suite")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/live-decision-viewer.png` });
  // Back in the explorer, the sidebar's link opens it without the filters.
  await page.goBack();
  await expect(page.getByLabel("Order", { exact: true })).toHaveValue(ORDERS.noZip);
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Decisions" }).click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(page.getByLabel("Order", { exact: true })).toHaveValue("");
  await expect(table.locator("tbody tr").nth(1)).toBeVisible();
  await context.close();
});
