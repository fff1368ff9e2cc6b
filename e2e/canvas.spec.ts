import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { newRuleset, signedInState } from "./support";

const ANALYST = { email: "analyst@switchyard.dev", password: "switchyard-demo" };
const DESIGNER = { email: "ops@switchyard.dev", password: "switchyard-demo" };
const SCREENS = "test-results/e2e/screens";
/** The smallest on-screen size of node text we accept: 13 px at 75 %. */
const READABLE_PX = 9.5;

test.describe.configure({ mode: "serial", timeout: 120_000 });

type Storage = Awaited<ReturnType<BrowserContext["storageState"]>>;
/** Sign-in is rate-limited per address: each role signs in once for the file. */
let storage: Storage;
let designerStorage: Storage;
test.beforeAll(async ({ browser }) => {
  storage = await signedInState(browser, ANALYST);
  designerStorage = await signedInState(browser, DESIGNER);
});

/** The zoom React Flow paints at, read from the viewport's transform. */
async function zoomOf(canvas: Locator): Promise<number> {
  const transform = await canvas.locator(".react-flow__viewport").evaluate((el) => getComputedStyle(el).transform);
  // matrix(a, b, c, d, e, f): a is the scale.
  return Number(/matrix\(([^,]+),/.exec(transform)?.[1] ?? "1");
}

/** The Start node and a node title: on screen inside the canvas, and their text at least READABLE_PX tall. */
async function expectReadable(page: Page, canvas: Locator) {
  await expect(canvas).toHaveAttribute("data-first-view", "set", { timeout: 20_000 });
  const zoom = await zoomOf(canvas);
  expect(zoom).toBeGreaterThanOrEqual(0.75);
  const title = canvas.locator(".rule-node-title").first();
  const fontPx = Number((await title.evaluate((el) => getComputedStyle(el).fontSize)).replace("px", ""));
  expect(fontPx * zoom).toBeGreaterThanOrEqual(READABLE_PX);
  const box = (await canvas.boundingBox())!;
  const start = (await canvas.locator('.react-flow__node:has([data-kind="start"])').boundingBox())!;
  expect(start.x).toBeGreaterThanOrEqual(box.x);
  expect(start.x + start.width).toBeLessThanOrEqual(box.x + box.width);
  expect(start.y).toBeGreaterThanOrEqual(box.y);
  expect(start.y + start.height).toBeLessThanOrEqual(box.y + box.height);
  return zoom;
}

test("the demo's rulesets open at a readable zoom on a 1440×900 screen, in the designer and in the version view", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storage, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  for (const name of ["Warehouses", "Channels"]) {
    await page.goto("/rulesets");
    await page.getByRole("main").getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(/\/rulesets\/[^/]+$/);
    const canvas = page.getByTestId("canvas");
    await expect(canvas.locator(".react-flow__node").first()).toBeVisible({ timeout: 20_000 });
    const zoom = await expectReadable(page, canvas);
    await page.screenshot({ path: `${SCREENS}/canvas-first-view-${name.toLowerCase()}.png` });
    if (name === "Channels") {
      // 19 nodes do not fit at a readable zoom: Fit view still shows the whole graph when asked.
      await page.getByRole("button", { name: "Fit view", exact: true }).click();
      await expect.poll(() => zoomOf(canvas)).toBeLessThan(zoom);
      const rulesetUrl = page.url();
      // The read-only view of the live version opens readable too.
      await page.goto(`${rulesetUrl}/versions/1`);
      const view = page.getByTestId("graph-view");
      await expect(view.locator(".react-flow__node").first()).toBeVisible({ timeout: 20_000 });
      await expectReadable(page, view);
      // Its nodes name warehouses and channels as the designer does, never by id.
      await expect(view.locator(".react-flow__node", { hasText: "Ships from Germany" })).toContainText("Assigned warehouse equals Germany 3PL (Hamburg)");
      await expect(view).not.toContainText(/\bc[a-z0-9]{24}\b/);
      await page.screenshot({ path: `${SCREENS}/canvas-first-view-version.png` });
    }
  }
  await context.close();
});

test("a channel that does not collect from the order's warehouse is flagged on the canvas and counted in a simulation", async ({ browser }) => {
  const context = await browser.newContext({ storageState: designerStorage, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const name = `E2E one channel ${Date.now()}`;
  await newRuleset(page, name, { stage: "logisticsMatching" });

  // Every order by YunExpress Global Direct, which collects only in Shenzhen: Los Angeles and Hamburg orders cannot use it.
  const palette = page.getByRole("complementary", { name: "Add a node" });
  await palette.getByRole("button", { name: "Assign logistics channel", exact: true }).click();
  const inspector = page.getByLabel("Inspector: Assign logistics channel");
  const channel = inspector.getByLabel("Channel");
  const yun = (await channel.locator("option", { hasText: "YunExpress Global Direct" }).getAttribute("value"))!;
  await channel.selectOption(yun);
  const action = page.locator('.react-flow__node:has([data-kind="assignChannel"])');
  const actionId = (await action.getAttribute("data-id"))!;
  const from = page.locator('[data-id="start"] .react-flow__handle.source[data-handleid="next"]');
  const to = page.locator(`[data-id="${actionId}"] .react-flow__handle.target`);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);

  // Flagged on the node (a warning: Shenzhen orders can use it) with the warehouses named.
  await expect(page.locator('[data-kind="assignChannel"].has-warnings')).toBeVisible();
  await expect(page.locator('[data-kind="assignChannel"]')).toHaveAttribute("title", /Los Angeles 3PL .*collects only from Shenzhen Longhua warehouse/);
  await page.getByRole("tab", { name: /Problems/ }).click();
  await expect(page.getByRole("list", { name: "Problems" })).toContainText("collects only from Shenzhen Longhua warehouse");
  await page.screenshot({ path: `${SCREENS}/canvas-channel-origin.png` });
  await expect(page.getByTestId("save-status")).toHaveText(/^All changes saved/, { timeout: 15_000 });

  // Simulated: the orders from Los Angeles and Hamburg are counted, not priced.
  await page.getByTestId("designer-simulate").click();
  await expect(page.getByRole("heading", { name: "New simulation" })).toBeVisible();
  await page.getByTestId("start-simulation").click();
  await expect(page).toHaveURL(/\/simulations\/[^/?]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("simulation-status")).toHaveAttribute("data-status", "completed", { timeout: 180_000 });
  const refused = page.getByTestId("totals-card-channel-refused");
  await expect(refused).toBeVisible();
  expect(Number(((await refused.locator(".sim-card-value").textContent()) ?? "").replace(/[^\d]/g, ""))).toBeGreaterThan(0);
  await refused.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/simulation-channel-refused.png` });
  await context.close();
});
