import { expect, test } from "@playwright/test";

const DEMO = { email: "demo@switchyard.dev", password: "switchyard-demo" };

async function signIn(page: import("@playwright/test").Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("the demo owner signs in with the printed login, lands on the live pipeline, and sees the merchant's warehouses", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  // The demo arrives working: its rulesets, every stage published.
  await expect(page).toHaveURL(/\/rulesets$/);
  await expect(page.getByRole("heading", { name: "Rulesets" })).toBeVisible();
  for (const name of ["Address check", "SKU pairing", "Warehouses", "Channels", "Cancellations"]) {
    const row = page.locator("table.data tbody tr").filter({ has: page.locator("strong", { hasText: new RegExp(`^${name}$`) }) });
    // Live: published, or (Warehouses) a draft change waiting next to the live v1.
    await expect(row).toContainText(name === "Warehouses" ? "v1 live" : "published");
  }
  await page.screenshot({ path: "test-results/e2e/screens/rulesets-owner-landing.png", fullPage: true });
  await page.goto("/warehouses");
  await expect(page.getByRole("heading", { name: "Warehouses" })).toBeVisible();
  const table = page.locator("table.data");
  for (const code of ["SZ-01", "LA-3PL", "DE-3PL"]) await expect(table).toContainText(code);
  await expect(page.locator("#org-switcher")).toContainText("Lumen & Loop Trading");
  await expect(page.getByText("Organization · owner")).toBeVisible();
  await expect(page.getByRole("button", { name: "New warehouse" })).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/screens/warehouses-owner.png", fullPage: true });
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, DEMO.email, "not-the-password");
  await expect(page.locator(".banner.error")).toContainText("do not match");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a viewer reads warehouses but cannot add one", async ({ page }) => {
  await signIn(page, "viewer@switchyard.dev", DEMO.password);
  await expect(page).toHaveURL(/\/rulesets$/);
  await page.goto("/warehouses");
  await expect(page.locator("table.data")).toContainText("SZ-01");
  await expect(page.getByRole("button", { name: "New warehouse" })).toHaveCount(0);
});

test("pages of the app need a session", async ({ page }) => {
  await page.goto("/warehouses");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an owner edits a warehouse's calendar and sees field-level errors first", async ({ page }) => {
  await signIn(page, DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/rulesets$/);
  await page.goto("/warehouses");
  await page.locator("table.data tr", { hasText: "LA-3PL" }).click();
  await page.getByLabel("Daily cut-off").fill("14:30");
  await page.getByLabel("Country").fill("U");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".field .error")).toContainText("ISO-3166");
  await page.screenshot({ path: "test-results/e2e/screens/warehouse-field-error.png" });
  await page.getByLabel("Country").fill("US");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.locator("table.data tr", { hasText: "LA-3PL" })).toContainText("14:30");
});
