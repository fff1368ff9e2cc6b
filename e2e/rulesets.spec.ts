import { expect, type Page, test } from "@playwright/test";

const DEMO = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const SCREENS = "test-results/e2e/screens";

/** Sign-in is rate-limited per address: the test signs in once. */
async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/warehouses$/);
}

/** Drags from a node's source handle to another node's target handle. */
async function connect(page: Page, fromNode: string, handle: string, toNode: string) {
  const from = page.locator(`[data-id="${fromNode}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = page.locator(`[data-id="${toNode}"] .react-flow__handle.target`);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

const nodeIdOf = async (page: Page, kind: string) => (await page.locator(`.react-flow__node:has([data-kind="${kind}"])`).first().getAttribute("data-id"))!;

test("a designer builds, validates and saves a ruleset graph", async ({ page }) => {
  await page.setViewportSize({ width: 1500, height: 950 });
  await signIn(page);

  await page.getByRole("link", { name: "Rulesets" }).click();
  await expect(page.getByRole("heading", { name: "Rulesets", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Order review" })).toBeVisible();

  const name = `E2E review ${Date.now()}`;
  await page.getByRole("button", { name: "New ruleset" }).click();
  const dialog = page.getByRole("dialog", { name: "New ruleset" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Stage").selectOption("orderReview");
  await dialog.getByLabel("Hit policy").selectOption("first");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/rulesets\/[^/]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(1);

  // A lone Start node is not a ruleset yet.
  await expect(page.getByRole("list", { name: "Problems" }).locator("li").first()).toBeVisible();

  const palette = page.getByRole("complementary", { name: "Add a node" });
  await palette.getByRole("button", { name: "Condition", exact: true }).click();
  await palette.getByRole("button", { name: "Hold", exact: true }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.locator('[data-kind="condition"]')).toContainText("Destination country equals US");
  // The unconnected nodes show their problems on the node.
  await expect(page.locator('[data-kind="hold"].has-errors')).toBeVisible();

  // Move the hold node to the right so the handles do not overlap.
  const hold = page.locator('.react-flow__node:has([data-kind="hold"])');
  const hb = (await hold.boundingBox())!;
  await page.mouse.move(hb.x + 60, hb.y + 12);
  await page.mouse.down();
  await page.mouse.move(hb.x + 200, hb.y + 120, { steps: 8 });
  await page.mouse.up();

  const cond = await nodeIdOf(page, "condition");
  const holdId = await nodeIdOf(page, "hold");
  await connect(page, "start", "next", cond);
  await connect(page, cond, "true", holdId);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expect(page.getByTestId("no-problems")).toBeVisible();
  await expect(page.locator(".rule-node.has-errors")).toHaveCount(0);

  await page.getByRole("tab", { name: "Compiled rules" }).click();
  await expect(page.getByLabel("Compiled rules")).toContainText('"fact": "country"');
  await expect(page.getByLabel("Compiled rules")).toContainText('"type": "hold"');
  await page.screenshot({ path: `${SCREENS}/designer-built.png` });

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Saved draft v1");

  await page.reload();
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expect(page.getByTestId("no-problems")).toBeVisible();
  await expect(page.locator('[data-kind="condition"]')).toContainText("Destination country equals US");
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled(); // nothing unsaved
  await page.screenshot({ path: `${SCREENS}/designer-reloaded.png` });

  // Someone else saves in another tab: our save is refused and nothing is overwritten.
  const other = await page.context().newPage();
  await other.setViewportSize({ width: 1500, height: 950 });
  await other.goto(page.url());
  await other.getByRole("complementary", { name: "Add a node" }).getByRole("button", { name: "Flag", exact: true }).click();
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByRole("status")).toContainText("Saved draft v1");
  await other.close();

  await page.getByRole("complementary", { name: "Add a node" }).getByRole("button", { name: "Add tag", exact: true }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".banner.warn[role=alert]")).toContainText("Someone else saved this ruleset");
  await page.screenshot({ path: `${SCREENS}/designer-conflict.png` });
  await page.getByRole("button", { name: "Load their version" }).click();
  await expect(page.locator('[data-kind="flag"]')).toBeVisible();
  await expect(page.locator('[data-kind="addTag"]')).toHaveCount(0);

  await page.goto("/rulesets");
  const row = page.getByRole("region", { name: "Order review" }).locator("tr", { hasText: name });
  await expect(row).toContainText("draft");
  await expect(row).toContainText("v1");
  await page.screenshot({ path: `${SCREENS}/rulesets-list.png`, fullPage: true });
});
