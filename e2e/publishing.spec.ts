import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { rulesetFromTemplate, signedInState } from "./support";

/** The demo organization's owner: the only member who may publish. */
const OWNER = { email: "demo@switchyard.dev", password: "switchyard-demo" };
const SCREENS = "test-results/e2e/screens";

test.describe.configure({ mode: "serial", timeout: 180_000 });

/** Sign-in is rate-limited per address: the file signs in once and shares the session. */
let storage: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  storage = await signedInState(browser, OWNER);
});

async function ownerPage(browser: Browser) {
  const context = await browser.newContext({ storageState: storage, viewport: { width: 1500, height: 950 } });
  return { context, page: await context.newPage() };
}

async function saveVersion(page: Page, note: string, label: RegExp) {
  await page.getByRole("button", { name: "Save version…" }).click();
  const freeze = page.getByRole("dialog", { name: "Save as a version" });
  await freeze.getByLabel("What changed").fill(note);
  await freeze.getByRole("button", { name: label }).click();
  await expect(freeze).toBeHidden();
}

/** In the open publish dialog: no simulation yet, so the owner overrides with a reason and publishes. */
async function publishWithOverride(page: Page, version: string, reason: string) {
  const dialog = page.getByRole("dialog", { name: "Publish a version" });
  await expect(dialog.getByLabel("Version to publish")).toHaveValue(version.slice(1));
  await expect(dialog.getByTestId("publish-needs-simulation")).toContainText(`No completed simulation of ${version}`);
  await expect(dialog.getByRole("link", { name: "Run a simulation" })).toHaveAttribute("href", /\/simulations\/new\?rulesetId=/);
  await expect(dialog.getByTestId("publish-submit")).toBeDisabled();
  await dialog.getByLabel(/Publish without a simulation/).check();
  await dialog.getByLabel("Reason for the override").fill(reason);
  await dialog.getByTestId("publish-submit").click();
  await expect(dialog).toBeHidden();
}

test("the owner publishes with an audited override, publishes again from the history, and rolls back in one click", async ({ browser }) => {
  const { context, page } = await ownerPage(browser);
  const name = `Publish e2e ${Date.now()}`;
  const rulesetId = await rulesetFromTemplate(page, name);

  // The draft must be saved as a version first.
  await page.getByTestId("designer-publish").click();
  const dialog = page.getByRole("dialog", { name: "Publish a version" });
  await expect(dialog).toContainText("v1 is still a draft: only a saved version can be published.");
  await expect(dialog.getByTestId("publish-no-candidates")).toBeVisible();
  await dialog.getByRole("button", { name: "Save version…" }).click();
  const freeze = page.getByRole("dialog", { name: "Save as a version" });
  await freeze.getByLabel("What changed").fill("LA ships US orders");
  await freeze.getByRole("button", { name: "Save v1" }).click();
  await expect(freeze).toBeHidden();

  await page.getByTestId("designer-publish").click();
  await expect(page.getByTestId("publish-needs-simulation")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/publish-dialog.png` });
  await publishWithOverride(page, "v1", "First rules for the launch; history is empty");
  await expect(page.locator(".banner[role=status]")).toContainText("v1 is live now.");
  await expect(page.locator(".designer-meta")).toContainText("v1 live");

  // An edit after publishing starts v2; v1 stays as published.
  // The graph opens at a readable zoom, with its last node past the canvas edge: fit it all first, as a person would.
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-first-view", "set", { timeout: 20_000 });
  await page.getByRole("button", { name: "Fit view", exact: true }).click();
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-view-moving", "false");
  await page.locator('.react-flow__node:has([data-kind="assignWarehouse"])').click();
  await page.getByLabel("Inspector: Assign warehouse").getByLabel("Name on the canvas").fill("Ship from LA (v2)");
  await saveVersion(page, "Renamed the LA step", /Save v2/);

  await page.goto(`/rulesets/${rulesetId}/versions`);
  await expect(page.getByTestId("version-1")).toContainText("live");
  await expect(page.getByTestId("rollback-1")).toHaveCount(0);
  await page.getByTestId("publish-2").click();
  await publishWithOverride(page, "v2", "Label change only");
  await expect(page.locator(".banner[role=status]")).toContainText("v2 is live now.");
  await expect(page.getByTestId("version-2")).toContainText("live");
  await expect(page.getByTestId("version-1")).toContainText("archived");

  await page.getByTestId("rollback-1").click();
  const rollback = page.getByRole("dialog", { name: "Roll back to v1" });
  await expect(rollback).toContainText("v1 becomes live again, replacing v2");
  await expect(rollback.getByTestId("rollback-submit")).toBeDisabled();
  await rollback.getByLabel("Reason").fill("v2 confuses the warehouse team");
  await rollback.getByTestId("rollback-submit").click();
  await expect(rollback).toBeHidden();
  await expect(page.locator(".banner[role=status]")).toContainText("Rollback to v1 is live now.");
  await expect(page.getByTestId("version-1")).toContainText("live");
  await expect(page.getByTestId("rollback-2")).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/publish-history.png`, fullPage: true });
  // The designer opens on what is live after the rollback, and says so.
  await page.goto(`/rulesets/${rulesetId}`);
  await expect(page.locator(".designer-meta")).toContainText("v1 live");
  await expect(page.locator('[data-kind="assignWarehouse"]')).not.toContainText("Ship from LA (v2)");
  await page.screenshot({ path: `${SCREENS}/designer-after-rollback.png` });

  // The audit log names the ruleset and the versions, not their ids.
  await page.goto("/audit");
  const audit = page.getByRole("table", { name: "Audit log" });
  const entries = audit.locator("tbody tr").filter({ hasText: name });
  await expect(entries.first()).toBeVisible();
  await expect(audit.locator("tbody tr").first()).not.toContainText(rulesetId);
  await page.screenshot({ path: `${SCREENS}/audit-publish-names.png` });

  // The approvals page keeps the history: three changes, all approved at once.
  await page.goto("/publishing");
  await page.getByRole("tab", { name: "All requests" }).click();
  const rows = page.getByRole("table", { name: "Publish requests" }).locator("tbody tr");
  await expect(rows.filter({ hasText: "Roll back to v1" })).toContainText("v2 confuses the warehouse team");
  await expect(rows.filter({ hasText: "First rules for the launch" })).toContainText("override");
  await context.close();
});

test("with approval required, the owner's own request waits: approve is disabled for them and they can cancel it", async ({ browser }) => {
  const { context, page } = await ownerPage(browser);
  await page.goto("/settings");
  const toggle = page.getByTestId("require-approval");
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(page.locator(".banner[role=status]")).toContainText("a second admin approves every publish and rollback");

  const rulesetId = await rulesetFromTemplate(page, `Approval e2e ${Date.now()}`);
  await saveVersion(page, "Needs approval", /Save v1/);
  await page.getByTestId("designer-publish").click();
  const dialog = page.getByRole("dialog", { name: "Publish a version" });
  await expect(dialog).toContainText("requires a second admin to approve");
  await dialog.getByLabel(/Publish without a simulation/).check();
  await dialog.getByLabel("Reason for the override").fill("Try the approval flow");
  await expect(dialog.getByTestId("publish-submit")).toHaveText("Ask to publish v1");
  await dialog.getByTestId("publish-submit").click();
  await expect(page.locator(".banner[role=status]")).toContainText("v1 is waiting for a second admin's approval.");
  await expect(page.locator(".designer-meta")).toContainText("not published");

  await page.goto("/publishing");
  const row = page.getByRole("table", { name: "Publish requests" }).locator("tbody tr").filter({ hasText: "Try the approval flow" });
  await expect(row.getByRole("button", { name: "Approve" })).toBeDisabled();
  await expect(row.getByRole("button", { name: "Approve" })).toHaveAttribute("title", "A second admin must approve your own request");
  await expect(row).toContainText("Your request: another admin must decide.");
  await page.screenshot({ path: `${SCREENS}/publish-approvals.png`, fullPage: true });

  // The requester withdraws it from the publish dialog.
  await page.goto(`/rulesets/${rulesetId}`);
  await page.getByTestId("designer-publish").click();
  const pending = page.getByRole("dialog", { name: "Publish a version" }).getByTestId("pending-requests");
  await expect(pending).toContainText("Publish v1, asked by Mei Chen");
  await pending.getByRole("button", { name: "Cancel request" }).click();
  await expect(pending).toBeHidden();
  await page.goto("/publishing");
  await expect(page.getByText("Nothing waits for approval")).toBeVisible();

  await page.goto("/settings");
  await page.getByTestId("require-approval").uncheck();
  await expect(page.locator(".banner[role=status]")).toContainText("Publishes take effect at once again.");
  await context.close();
});
