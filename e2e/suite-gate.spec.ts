import { type BrowserContext, expect, test } from "@playwright/test";
import { rulesetFromTemplate, signedInState } from "./support";

/** The demo organization's owner: the member who may publish. */
const OWNER = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const SCREENS = process.env.E2E_SCREENS ?? "test-results/e2e/screens";

test.describe.configure({ mode: "serial", timeout: 180_000 });

let storage: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  storage = await signedInState(browser, OWNER);
});

test("publishing is refused while a test case fails on the version; an admin publishes only with a reason, shown on the approvals page", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storage, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const name = `E2E gate ${Date.now()}`;
  await rulesetFromTemplate(page, name);
  const result = page.getByRole("region", { name: "Test result" });

  // Keep today's decision for the sample order as a case.
  await page.getByRole("tab", { name: "Test" }).click();
  await page.getByText("Sample JSON", { exact: true }).click();
  await expect(page.getByTestId("sample-order-editor")).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  await page.getByRole("button", { name: "Evaluate draft" }).click();
  await expect(result.getByRole("list", { name: "Rules evaluated" })).toContainText("Ship locally");
  await result.getByRole("button", { name: "This is right — save as test case" }).click();
  const form = page.getByRole("form", { name: "Save as test case" });
  await form.getByLabel("Case name").fill("US lamp order ships as today");
  await form.getByRole("button", { name: "Save case" }).click();
  await expect(page.getByTestId("case-saved")).toContainText("Saved as case-1");

  // An edit that changes that decision, saved as v1.
  await page.getByRole("button", { name: "Fit view", exact: true }).click();
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-view-moving", "false");
  await page.locator('.react-flow__node[data-id="in-stock-la"]').click();
  await page.getByLabel("Inspector: Condition").getByLabel("Value", { exact: true }).selectOption("false");
  await page.getByRole("button", { name: "Save version…" }).click();
  const freeze = page.getByRole("dialog", { name: "Save as a version" });
  await freeze.getByLabel("What changed").fill("Ship from LA only when out of stock (a mistake)");
  await freeze.getByRole("button", { name: /Save v1/ }).click();
  await expect(freeze).toBeHidden();

  // The publish dialog names the failing case; overriding the missing simulation is not enough.
  await page.getByTestId("designer-publish").click();
  const dialog = page.getByRole("dialog", { name: "Publish a version" });
  const suite = dialog.getByTestId("publish-suite");
  await expect(suite).toContainText("Test suite: 1 of 1 case fail on v1");
  await expect(suite).toContainText("case-1 US lamp order ships as today");
  await dialog.getByLabel(/Publish without a simulation/).check();
  await dialog.getByLabel("Reason for the override").fill("No order history for this ruleset yet");
  await expect(dialog.getByTestId("publish-submit")).toBeDisabled();
  await page.screenshot({ path: `${SCREENS}/publish-suite-failing.png` });

  // An admin may publish anyway, with a second, separate reason.
  await dialog.getByLabel(/Publish although test cases fail/).check();
  await expect(dialog.getByTestId("publish-submit")).toBeDisabled();
  await dialog.getByLabel("Reason for publishing with failing cases").fill("Stock feed is down; LA ships everything today");
  await expect(dialog.getByTestId("publish-submit")).toBeEnabled();
  await dialog.getByTestId("publish-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(".banner[role=status]")).toContainText("v1 is live now.");

  // The approvals page keeps the reason and the suite's result.
  await page.goto("/publishing");
  await page.getByRole("tab", { name: "All requests" }).click();
  const row = page.getByRole("table", { name: "Publish requests" }).locator("tbody tr").filter({ hasText: name });
  await expect(row).toContainText("suite override");
  await expect(row).toContainText("1 of 1 cases failed. Stock feed is down; LA ships everything today");
  await page.screenshot({ path: `${SCREENS}/approvals-suite-override.png` });
  await context.close();
});
